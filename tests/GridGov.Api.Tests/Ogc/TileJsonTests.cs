using System.Net;
using System.Text.Json;

namespace GridGov.Api.Tests.Ogc;

/// <summary>TileJSON per vector tile layer and the style that names them, as QGIS and MapLibre read them.</summary>
public class TileJsonTests(OgcServerFixture server) : IClassFixture<OgcServerFixture>
{
    private HttpClient Client(string? key = null)
    {
        var http = server.Live.Client();
        if (key is not null) http.DefaultRequestHeaders.Add("X-Api-Key", key);
        return http;
    }

    [Fact]
    public async Task The_tilejson_of_households_points_at_tiles_that_serve_its_layer()
    {
        using var http = Client(server.Live.ApiKey);
        var doc = JsonDocument.Parse(await http.GetStringAsync("/tiles/households.json")).RootElement;
        Assert.Equal("3.0.0", doc.GetProperty("tilejson").GetString());
        Assert.Equal(12, doc.GetProperty("minzoom").GetInt32());
        Assert.Equal("households", doc.GetProperty("vector_layers")[0].GetProperty("id").GetString());
        Assert.True(doc.GetProperty("vector_layers")[0].GetProperty("fields").TryGetProperty("linked", out _));
        var template = doc.GetProperty("tiles")[0].GetString()!;
        Assert.StartsWith(server.Live.BaseUrl + "/tiles/households/", template);
        // The tile of zoom 14 holding household 1 (108.31, 28.01) comes back with features.
        var (x, y) = Mvt.TileOf(108.31, 28.01, 14);
        var tile = await http.GetAsync(template.Replace("{z}", "14").Replace("{x}", x.ToString()).Replace("{y}", y.ToString()).Replace(server.Live.BaseUrl, ""));
        Assert.Equal(HttpStatusCode.OK, tile.StatusCode);
        var layer = Assert.Single(Mvt.Decode(await tile.Content.ReadAsByteArrayAsync()));
        Assert.Equal("households", layer.Name);
        // Every attribute a feature carries is one the TileJSON announces.
        var fields = doc.GetProperty("vector_layers")[0].GetProperty("fields").EnumerateObject().Select(f => f.Name).ToHashSet();
        Assert.All(layer.Features.SelectMany(f => f.Attributes.Keys), k => Assert.Contains(k, fields));
    }

    [Fact]
    public async Task The_style_names_only_the_layers_the_caller_may_see()
    {
        using var key = Client(server.Live.ApiKey);
        var style = JsonDocument.Parse(await key.GetStringAsync("/tiles/style.json")).RootElement;
        Assert.Equal(8, style.GetProperty("version").GetInt32());
        var sources = style.GetProperty("sources").EnumerateObject().Select(s => s.Name).ToList();
        Assert.Contains("gridgov-villages", sources);
        Assert.All(style.GetProperty("layers").EnumerateArray(), l => Assert.Contains(l.GetProperty("source").GetString(), sources));

        using var member = server.Live.Client();
        member.DefaultRequestHeaders.Authorization = new("Bearer", await server.Live.TokenAsync("member-2"));
        var own = JsonDocument.Parse(await member.GetStringAsync("/tiles/style.json")).RootElement;
        var ownSources = own.GetProperty("sources").EnumerateObject().Select(s => s.Name).ToList();
        Assert.DoesNotContain("gridgov-villages", ownSources); // coverage figures are not a member's
        Assert.Contains("gridgov-households", ownSources);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/tiles/gaps.json")).StatusCode);
    }

    [Fact]
    public async Task Tilejson_needs_credentials_and_a_known_layer()
    {
        using var anonymous = Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/tiles/households.json")).StatusCode);
        using var key = Client(server.Live.ApiKey);
        var unknown = await key.GetAsync("/tiles/roads.json");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("VALIDATION", JsonDocument.Parse(await unknown.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
    }
}
