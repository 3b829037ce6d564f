using System.Net;
using System.Text.Json;
using GridGov.Client.Services;
using Npgsql;

namespace GridGov.Api.Tests;

/// <summary>GET /viewer/first-map: the coverage page's first map, composed by the viewer's C# for the caller's area.</summary>
public class FirstMapTests(TestCountyFixture county) : IClassFixture<TestCountyFixture>
{
    private static async Task<JsonElement> FirstMapAsync(HttpClient client, string path = "/coverage")
    {
        var res = await client.GetAsync("/viewer/first-map?path=" + Uri.EscapeDataString(path));
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Equal("application/json", res.Content.Headers.ContentType!.MediaType);
        Assert.Contains("no-store", res.Headers.CacheControl!.ToString());
        return JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement;
    }

    private static JsonElement Layer(JsonElement map, string name) =>
        map.GetProperty("layers").EnumerateArray().Single(l => l.GetProperty("name").GetString() == name);

    private static IEnumerable<string?> Ids(JsonElement layer) =>
        layer.GetProperty("features").GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetString());

    [Fact]
    public async Task The_county_leader_gets_every_village_and_township_styled_as_the_page_paints_them()
    {
        // The colours are what is checked here, not the budget (its own test below): a cold test host may take longer.
        await using var factory = new ApiFactory(county.ConnectionString, new Dictionary<string, string> { ["Viewer:FirstMapFiguresBudgetMs"] = "120000" });
        var client = await factory.LoginAsync("county");
        var map = await FirstMapAsync(client);
        Assert.Equal("map", map.GetProperty("elementId").GetString());
        var villages = Layer(map, "villages");
        Assert.Equal(10, villages.GetProperty("zIndex").GetInt32());
        Assert.True(villages.GetProperty("clickable").GetBoolean());
        Assert.Equal([TestCounty.A1, TestCounty.A2, TestCounty.B1], Ids(villages).Order());
        var features = villages.GetProperty("features").GetProperty("features").EnumerateArray().ToList();
        var a1 = features.First(f => f.GetProperty("id").GetString() == TestCounty.A1);
        Assert.Equal("MultiPolygon", a1.GetProperty("geometry").GetProperty("type").GetString());
        Assert.Equal("甲一村", a1.GetProperty("properties").GetProperty("label").GetString());
        // Each village coloured by this month's linked share, as the coverage query gives it to the page.
        var shares = (await client.GraphQLAsync("query($a: String!) { coverage(areaCode: $a) { children { children { areaCode linkedShare } } } }",
            new { a = TestCounty.County })).Data.GetProperty("coverage").GetProperty("children").EnumerateArray()
            .SelectMany(t => t.GetProperty("children").EnumerateArray()).ToDictionary(v => v.GetProperty("areaCode").GetString()!, v => v.GetProperty("linkedShare").GetDouble());
        Assert.Equal(3, shares.Count);
        Assert.Contains(shares.Values, s => s > 0);
        foreach (var f in features)
        {
            Assert.Equal(Palette.Fill(Palette.ForShare(shares[f.GetProperty("id").GetString()!]), 0.75), f.GetProperty("properties").GetProperty("fill").GetString());
            Assert.False(f.GetProperty("properties").TryGetProperty("noData", out _));
        }

        var townships = Layer(map, "townships");
        Assert.False(townships.GetProperty("clickable").GetBoolean());
        Assert.Equal([TestCounty.TownA, TestCounty.TownB], Ids(townships).Order());
        Assert.Equal(Palette.Boundary, townships.GetProperty("features").GetProperty("features")[0].GetProperty("properties").GetProperty("stroke").GetString());
        // Fitted to the townships (the page's "zoom to my area").
        Assert.Equal([108.30, 27.90, 108.50, 28.10], map.GetProperty("fit").EnumerateArray().Select(x => Math.Round(x.GetDouble(), 6)));
    }

    [Fact]
    public async Task A_member_reads_no_figures_and_gets_the_villages_grey()
    {
        var map = await FirstMapAsync(await county.Factory.LoginAsync("member-2"));
        var features = Layer(map, "villages").GetProperty("features").GetProperty("features").EnumerateArray().ToList();
        Assert.NotEmpty(features);
        Assert.All(features, f =>
        {
            Assert.Equal(Palette.Fill(Palette.NoData, 0.75), f.GetProperty("properties").GetProperty("fill").GetString());
            Assert.True(f.GetProperty("properties").GetProperty("noData").GetBoolean());
        });
    }

    [Fact]
    public async Task Figures_past_the_budget_leave_the_map_grey_and_are_still_computed_for_the_page()
    {
        await using var factory = new ApiFactory(county.ConnectionString, new Dictionary<string, string> { ["Viewer:FirstMapFiguresBudgetMs"] = "0" });
        await using var conn = new NpgsqlConnection(county.ConnectionString);
        await conn.OpenAsync();
        await using (var clear = new NpgsqlCommand("DELETE FROM coverage_cache", conn)) await clear.ExecuteNonQueryAsync();

        var map = await FirstMapAsync(await factory.LoginAsync("county"));
        var features = Layer(map, "villages").GetProperty("features").GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(3, features.Count);
        Assert.All(features, f => Assert.True(f.GetProperty("properties").GetProperty("noData").GetBoolean()));
        // The figures' query ran on after the answer: the county's three villages are in the coverage cache.
        await using var count = new NpgsqlCommand("SELECT count(DISTINCT village_code) FROM coverage_cache", conn);
        var cached = 0L;
        for (var i = 0; i < 300 && cached < 3; i++)
        {
            await Task.Delay(100);
            cached = (long)(await count.ExecuteScalarAsync())!;
        }
        Assert.Equal(3, cached);
    }

    [Fact]
    public async Task A_township_leader_gets_their_township_only_without_its_label()
    {
        var map = await FirstMapAsync(await county.Factory.LoginAsync("town-a"));
        Assert.Equal([TestCounty.A1, TestCounty.A2], Ids(Layer(map, "villages")).Order());
        var township = Assert.Single(Layer(map, "townships").GetProperty("features").GetProperty("features").EnumerateArray());
        Assert.False(township.GetProperty("properties").TryGetProperty("label", out _));
    }

    [Fact]
    public async Task Pages_without_a_first_map_are_204_and_callers_without_a_token_401()
    {
        var client = await county.Factory.LoginAsync("county");
        Assert.Equal(HttpStatusCode.NoContent, (await client.GetAsync("/viewer/first-map?path=%2Flogin")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.GetAsync("/viewer/first-map")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await county.Factory.CreateClient().GetAsync("/viewer/first-map?path=%2Fcoverage")).StatusCode);
    }

    [Fact]
    public async Task The_composed_map_is_kept_per_caller_scope()
    {
        var client = await county.Factory.LoginAsync("county");
        await FirstMapAsync(client);
        var again = await client.GetAsync("/viewer/first-map?path=%2Fcoverage");
        Assert.Contains("cached", string.Join(",", again.Headers.GetValues("Server-Timing")));
        // Another scope is composed for itself, not served the county's map.
        var town = await FirstMapAsync(await county.Factory.LoginAsync("town-a"));
        Assert.Equal(2, Ids(Layer(town, "villages")).Count());
    }
}
