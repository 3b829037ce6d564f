using System.Net;
using System.Net.Http.Headers;

namespace GridGov.Api.Tests.Integrators;

/// <summary>
/// The introspection meta-fields are exempt from the depth and cost limits; data fields are exactly as strict,
/// alone or next to introspection. The introspection text is graphql-js's own getIntrospectionQuery().
/// </summary>
public sealed class IntrospectionLimitsTests(TestCountyFixture county) : IClassFixture<TestCountyFixture>
{
    private const string DeepData =
        "villages { township { county { townships { villages { township { county { townships { villages { township { county { code } } } } } } } } } } }";

    private static readonly Lazy<string> StandardIntrospection = new(() =>
    {
        var (code, output) = LiveServerFixture.Run("node",
            ["--input-type=module", "-e", "import { getIntrospectionQuery } from 'graphql'; process.stdout.write(getIntrospectionQuery())"],
            LiveServerFixture.TypeScriptDir);
        Assert.True(code == 0, output);
        return output;
    });

    [Fact]
    public async Task The_standard_introspection_query_answers_a_leader_and_an_api_key()
    {
        Assert.Contains("ofType {", StandardIntrospection.Value);
        var key = await ApiClient.AddApiKeyAsync(county.ConnectionString, "codegen", ["read"], TestCounty.County);
        foreach (var client in new[] { await county.Factory.LoginAsync("county"), county.Factory.WithKey(key) })
        {
            var r = await client.GraphQLAsync(StandardIntrospection.Value);
            Assert.True(r.Status == 200 && !r.HasErrors, r.ToString());
            var types = r.Data.GetProperty("__schema").GetProperty("types").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();
            Assert.Contains("Query", types);
            Assert.Contains("Household", types);
        }
    }

    [Fact]
    public async Task A_deep_data_query_is_refused_alone_and_next_to_introspection()
    {
        var client = await county.Factory.LoginAsync("county");
        Assert.Equal("TOO_COMPLEX", (await client.GraphQLAsync("{ " + DeepData + " }")).FirstCode);
        Assert.Equal("TOO_COMPLEX", (await client.GraphQLAsync("{ __schema { types { name } } " + DeepData + " }")).FirstCode);
        Assert.Equal("TOO_COMPLEX", (await client.GraphQLAsync("{ ... on Query { __type(name: \"Query\") { name } " + DeepData + " } }")).FirstCode);
        // Too costly (not too deep) is refused next to introspection too.
        var wide = "households(first: 500) { nodes { links { member { households { links { member { households { id } } } } } } } }";
        Assert.Equal("TOO_COMPLEX", (await client.GraphQLAsync("{ __schema { queryType { name } } " + wide + " }")).FirstCode);
    }

    [Fact]
    public async Task Deep_introspection_with_a_shallow_data_field_is_answered()
    {
        var client = await county.Factory.LoginAsync("county");
        var r = await client.GraphQLAsync("""
            { villages { code }
              __type(name: "Query") { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } } } }
            """);
        Assert.True(!r.HasErrors, r.ToString());
        Assert.Equal(3, r.Data.GetProperty("villages").GetArrayLength());
    }

    [Fact]
    public async Task Anonymous_introspection_is_401()
    {
        var r = await county.Factory.CreateClient().GraphQLAsync(StandardIntrospection.Value);
        Assert.Equal(401, r.Status);
        Assert.Equal("UNAUTHENTICATED", r.FirstCode);
        Assert.False(r.Body.TryGetProperty("data", out _));
        var get = await county.Factory.CreateClient().GetAsync("/graphql?query=" + Uri.EscapeDataString("{ __schema { queryType { name } } }"));
        Assert.Equal(HttpStatusCode.Unauthorized, get.StatusCode);
        Assert.Contains("Bearer", get.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task The_sdl_is_served_to_signed_in_callers_only()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await county.Factory.CreateClient().GetAsync("/graphql/schema.graphql")).StatusCode);
        var client = await county.Factory.LoginAsync("member-2");
        var res = await client.GetAsync("/graphql/schema.graphql");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Equal("text/plain", res.Content.Headers.ContentType?.MediaType);
        var file = File.ReadAllText(Path.Combine(GridGov.Testing.RepoRoot.Path, "server", "schema.graphql")).ReplaceLineEndings("\n");
        Assert.Equal(file, await res.Content.ReadAsStringAsync());
    }
}
