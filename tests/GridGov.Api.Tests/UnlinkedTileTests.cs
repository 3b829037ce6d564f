using System.Net;

namespace GridGov.Api.Tests;

/// <summary>The `unlinked` tile layer (the coverage map's gap layer): households with no current link, county-wide.</summary>
public class UnlinkedTileTests(MonthlyCountyFixture county) : IClassFixture<MonthlyCountyFixture>
{
    private static string Url(string layer, int z, double lon, double lat)
    {
        var (x, y) = Mvt.TileOf(lon, lat, z);
        return $"/tiles/{layer}/{z}/{x}/{y}.pbf";
    }

    private async Task<long[]> TileIdsAsync(string user, string url)
    {
        var res = await (await county.Factory.LoginAsync(user)).GetAsync(url);
        if (res.StatusCode == HttpStatusCode.NoContent) return [];
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var layer = Assert.Single(Mvt.Decode(await res.Content.ReadAsByteArrayAsync()));
        Assert.Equal("unlinked", layer.Name);
        Assert.All(layer.Features, f => Assert.Equal(false, f.Attributes["linked"]));
        Assert.DoesNotContain(layer.Features.SelectMany(f => f.Attributes.Keys), k => k is "head_name" or "id_number" or "phone");
        return [.. layer.Features.Select(f => Convert.ToInt64(f.Attributes["id"])).Order()];
    }

    private async Task<long[]> ApiUnlinkedAsync(string user)
    {
        var r = await (await county.Factory.LoginAsync(user)).GraphQLAsync("{ households(unlinked: true, first: 500) { nodes { id } } }");
        Assert.False(r.HasErrors, r.ToString());
        return [.. r.Data.GetProperty("households").GetProperty("nodes").EnumerateArray().Select(n => long.Parse(n.GetProperty("id").GetString()!)).Order()];
    }

    [Theory]
    [InlineData("county")]
    [InlineData("town-a")]
    [InlineData("sec-b1")]
    public async Task The_layer_holds_exactly_the_unlinked_households_of_the_callers_area(string user)
    {
        // One zoom-8 tile holds the whole test county.
        var tile = await TileIdsAsync(user, Url("unlinked", 8, 108.40, 28.00));
        var expected = await ApiUnlinkedAsync(user);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, tile);
    }

    [Fact]
    public async Task Below_zoom_8_the_layer_is_empty()
    {
        var client = await county.Factory.LoginAsync("county");
        Assert.Equal(HttpStatusCode.NoContent, (await client.GetAsync(Url("unlinked", 7, 108.40, 28.00))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Url("unlinked", 8, 108.40, 28.00))).StatusCode);
    }
}
