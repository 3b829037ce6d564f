using GraphQL;
using GridGov.Api.Infrastructure;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace GridGov.Api.Tests;

/// <summary>Other systems depend on the schema: the printed file must change with it.</summary>
public class SchemaFileTests
{
    [Fact]
    public void Checked_in_schema_matches_the_server()
    {
        using var factory = new ApiFactory("Host=127.0.0.1;Database=unused");
        var schema = factory.Services.GetRequiredService<ISchema>();
        var printed = SchemaPrinting.Print(schema);
        var path = Path.Combine(Testing.RepoRoot.Path, "server", "schema.graphql");
        if (Environment.GetEnvironmentVariable("GRIDGOV_UPDATE_SCHEMA") == "1") File.WriteAllText(path, printed);
        Assert.True(File.Exists(path), "server/schema.graphql is missing; run the tests with GRIDGOV_UPDATE_SCHEMA=1");
        var checkedIn = File.ReadAllText(path).ReplaceLineEndings("\n");
        Assert.True(checkedIn == printed,
            "server/schema.graphql differs from the schema the server serves. If the change is intended, " +
            "regenerate it with GRIDGOV_UPDATE_SCHEMA=1 dotnet test tests/GridGov.Api.Tests and commit it.");
    }
}
