using GridGov.Testing;

namespace GridGov.Api.Tests.Integrators;

/// <summary>
/// The published contract is the live one: graphql-js (tools/contract.mjs of the TypeScript example) introspects
/// the running server with the standard query and compares it, sorted, with server/schema.graphql, and finds no
/// breaking change against server/schema.released.graphql. The check is shown to fail on drift.
/// </summary>
public sealed class ContractTests(LiveServerFixture server) : IClassFixture<LiveServerFixture>
{
    private static readonly string Schema = Path.Combine(RepoRoot.Path, "server", "schema.graphql");
    private static readonly string Released = Path.Combine(RepoRoot.Path, "server", "schema.released.graphql");

    private (int Code, string Output) Contract(string schema, string released, Dictionary<string, string> credentials) =>
        LiveServerFixture.Run("node", ["tools/contract.mjs", "--url", server.GraphQLUrl, "--schema", schema, "--released", released],
            LiveServerFixture.TypeScriptDir, credentials);

    [Fact]
    public void The_live_schema_read_by_graphql_js_is_the_checked_in_one_for_an_api_key()
    {
        var (code, output) = Contract(Schema, Released, new() { ["GRIDGOV_API_KEY"] = server.ApiKey });
        Assert.True(code == 0, output);
        Assert.Contains("contract holds", output);
    }

    [Fact]
    public async Task The_live_schema_read_by_graphql_js_is_the_checked_in_one_for_a_county_leader()
    {
        var (code, output) = Contract(Schema, Released, new() { ["GRIDGOV_TOKEN"] = await server.TokenAsync("county") });
        Assert.True(code == 0, output);
    }

    [Fact]
    public void A_schema_file_that_drifted_from_the_server_fails_the_check()
    {
        var drifted = Path.GetTempFileName();
        try
        {
            var lines = File.ReadAllLines(Schema).Where(l => l.Trim() != "townships: [Township!]!").ToArray();
            Assert.True(lines.Length < File.ReadAllLines(Schema).Length, "the test's field is no longer in the schema");
            File.WriteAllLines(drifted, lines);
            var (code, output) = Contract(drifted, Released, new() { ["GRIDGOV_API_KEY"] = server.ApiKey });
            Assert.Equal(1, code);
            Assert.Contains("townships: [Township!]!", output);
        }
        finally { File.Delete(drifted); }
    }

    [Fact]
    public void Removing_a_released_field_without_deprecation_is_a_breaking_change()
    {
        // As if the last release had a field the server no longer serves.
        var released = Path.GetTempFileName();
        try
        {
            File.WriteAllText(released, File.ReadAllText(Released).Replace("type Query {\n", "type Query {\n  retiredCount: Int\n"));
            var (code, output) = Contract(Schema, released, new() { ["GRIDGOV_API_KEY"] = server.ApiKey });
            Assert.Equal(1, code);
            Assert.Contains("FIELD_REMOVED: Query.retiredCount was removed", output);
        }
        finally { File.Delete(released); }
    }

    [Fact]
    public void Anonymous_callers_cannot_introspect()
    {
        var (code, output) = Contract(Schema, Released, new());
        Assert.Equal(1, code);
        Assert.Contains("HTTP 401", output);
        Assert.Contains("UNAUTHENTICATED", output);
    }
}
