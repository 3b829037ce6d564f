using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridGov.Testing;
using Npgsql;

namespace GridGov.Api.Tests;

public class VillagesEndpointTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    private async Task<string> SeedAsync()
    {
        var cs = await pg.CreateDatabaseAsync("api");
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO areas (code, level, name, parent_code, boundary_source, is_deep_poverty) VALUES
              ('520625000000', 'county', '印江土家族苗族自治县', NULL, 'real', false),
              ('520625101000', 'township', '板溪镇', '520625000000', 'synthetic', false),
              ('520625102000', 'township', '沙子坡镇', '520625000000', 'synthetic', false),
              ('520625101001', 'village', '板溪村', '520625101000', 'synthetic', false),
              ('520625102002', 'village', '沙子坡村', '520625102000', 'synthetic', false),
              ('520625101003', 'village', '凯望村', '520625101000', 'synthetic', false);
            """, conn);
        await cmd.ExecuteNonQueryAsync();
        await ApiClient.AddUserAsync(cs, "county", GridGov.Domain.Access.Role.CountyLeader, "520625000000");
        return cs;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body, string? ContentType)> Post(HttpClient client, object body)
    {
        var res = await client.PostAsJsonAsync("/graphql", body);
        var json = await res.Content.ReadFromJsonAsync<JsonElement>();
        return (res.StatusCode, json, res.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Villages_come_with_their_township()
    {
        using var factory = new ApiFactory(await SeedAsync());
        var (status, body, type) = await Post(await factory.LoginAsync("county"), new { query = "{ villages { code name township { code name } } }" });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/graphql-response+json", type);
        var villages = body.GetProperty("data").GetProperty("villages").EnumerateArray().ToList();
        Assert.Equal(["520625101001", "520625101003", "520625102002"], villages.Select(v => v.GetProperty("code").GetString()));
        Assert.Equal("沙子坡镇", villages[2].GetProperty("township").GetProperty("name").GetString());
        Assert.Equal("520625101000", villages[0].GetProperty("township").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Villages_filter_by_township()
    {
        using var factory = new ApiFactory(await SeedAsync());
        var (_, body, _) = await Post(await factory.LoginAsync("county"), new
        {
            query = "query($t: String) { villages(townshipCode: $t) { code } }",
            variables = new { t = "520625101000" },
        });
        Assert.Equal(2, body.GetProperty("data").GetProperty("villages").GetArrayLength());
    }

    [Theory]
    [InlineData("{ villages { code ")]
    [InlineData("{ nosuchfield }")]
    public async Task Malformed_queries_get_a_400_with_errors_and_no_stack_trace(string query)
    {
        using var factory = new ApiFactory(await SeedAsync());
        var (status, body, _) = await Post(await factory.LoginAsync("county"), new { query });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var error = body.GetProperty("errors")[0];
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.DoesNotContain("   at ", body.GetRawText());
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_validation_error()
    {
        using var factory = new ApiFactory(await SeedAsync());
        var res = await factory.CreateClient().PostAsync("/graphql", new StringContent("not json", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        var body = await res.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("VALIDATION", body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Health_answers_when_the_database_does()
    {
        using var factory = new ApiFactory(await SeedAsync());
        var res = await factory.CreateClient().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
    }
}
