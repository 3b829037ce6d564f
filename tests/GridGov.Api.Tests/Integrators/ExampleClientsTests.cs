using System.Globalization;
using System.Text.RegularExpressions;
using GridGov.Testing;
using Npgsql;

namespace GridGov.Api.Tests.Integrators;

/// <summary>
/// The three first clients of docs/api.md (C#, Python, TypeScript with codegen types from the live endpoint),
/// run as an integrator runs them against a live server with an API key. Each pages through the county's
/// households two at a time, prints one house in EPSG:4545 and one error; PostGIS checks the figures.
/// </summary>
public sealed partial class ExampleClientsTests(LiveServerFixture server) : IClassFixture<LiveServerFixture>
{
    private static readonly string Examples = Path.Combine(RepoRoot.Path, "docs", "examples");

    private Dictionary<string, string> Env() => new()
    {
        ["GRIDGOV_URL"] = server.BaseUrl, ["GRIDGOV_API_KEY"] = server.ApiKey, ["GRIDGOV_AREA"] = TestCounty.County,
    };

    [Fact]
    public async Task The_csharp_example_builds_and_runs()
    {
        var dir = Path.Combine(Examples, "csharp");
        var (code, output) = LiveServerFixture.Run("dotnet", ["run", "--no-launch-profile"], dir, Env(), timeoutSeconds: 900);
        Assert.True(code == 0, output);
        await AssertOutputAsync(output);
    }

    [Fact]
    public async Task The_python_example_runs_on_the_standard_library()
    {
        var (code, output) = LiveServerFixture.Run("python3", ["-I", "client.py"], Path.Combine(Examples, "python"), Env());
        Assert.True(code == 0, output);
        await AssertOutputAsync(output);
    }

    [Fact]
    public async Task The_typescript_example_generates_its_types_from_the_live_endpoint_compiles_and_runs()
    {
        var dir = LiveServerFixture.TypeScriptDir;
        var generated = Path.Combine(dir, "src", "generated", "graphql.ts");
        if (File.Exists(generated)) File.Delete(generated);
        var codegen = LiveServerFixture.Run("npm", ["run", "--silent", "codegen"], dir, Env());
        Assert.True(codegen.Code == 0, codegen.Output);
        Assert.Contains("export type HouseholdsPageQuery", File.ReadAllText(generated));
        var build = LiveServerFixture.Run("npm", ["run", "--silent", "build"], dir, Env());
        Assert.True(build.Code == 0, build.Output);
        var (code, output) = LiveServerFixture.Run("node", ["dist/client.js"], dir, Env());
        Assert.True(code == 0, output);
        await AssertOutputAsync(output);
    }

    private async Task AssertOutputAsync(string output)
    {
        await using var conn = new NpgsqlConnection(server.ConnectionString);
        await conn.OpenAsync();
        await using (var count = new NpgsqlCommand("SELECT count(*) FROM households WHERE ended_at IS NULL", conn))
        {
            var n = (long)(await count.ExecuteScalarAsync())!;
            Assert.Contains($"households {n} in {(n + 1) / 2} pages", output);
        }
        var house = HouseLine().Match(output);
        Assert.True(house.Success, output);
        await using (var xy = new NpgsqlCommand("SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_Transform(location, 4545) p FROM households WHERE id = @id) t", conn))
        {
            xy.Parameters.AddWithValue("id", long.Parse(house.Groups[1].Value, CultureInfo.InvariantCulture));
            await using var r = await xy.ExecuteReaderAsync();
            Assert.True(await r.ReadAsync());
            Assert.Equal(r.GetDouble(0), double.Parse(house.Groups[2].Value, CultureInfo.InvariantCulture), 0.01);
            Assert.Equal(r.GetDouble(1), double.Parse(house.Groups[3].Value, CultureInfo.InvariantCulture), 0.01);
        }
        Assert.Matches(@"error VALIDATION \S*[\u4e00-\u9fff]", output);
    }

    [GeneratedRegex(@"household (\d+) EPSG:4545 ([\d.]+) ([\d.]+)")]
    private static partial Regex HouseLine();
}
