using System.Text.Json;
using GridGov.Api.Tests.Integrators;

namespace GridGov.Api.Tests.Ogc;

/// <summary>
/// QGIS itself (Debian's python3-qgis, its own OAPIF provider — not GDAL's) adds the server's collections as a county GIS
/// officer would: URL and the key as a Basic password. QGIS refuses a server whose landing page has no API definition,
/// which GDAL does not mind: these tests failed against the server until it had one.
/// </summary>
public class OgcQgisTests(OgcServerFixture server) : IClassFixture<OgcServerFixture>
{
    private static JsonElement Qgis(params string[] args) => Run("qgis_read_layer.py", args);

    private static JsonElement Run(string scriptName, params string[] args)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Ogc", scriptName);
        var home = Directory.CreateTempSubdirectory("gridgov-qgis-").FullName;
        var (code, output) = LiveServerFixture.Run("/usr/bin/python3", [script, .. args], home,
            new Dictionary<string, string> { ["HOME"] = home, ["QT_QPA_PLATFORM"] = "offscreen" }, timeoutSeconds: 300);
        var json = output.Split('\n').LastOrDefault(l => l.StartsWith('{'));
        Assert.True(code == 0 && json is not null, $"QGIS exited {code}:\n{output}");
        return JsonDocument.Parse(json).RootElement;
    }

    [Fact]
    public async Task Qgis_reads_a_township_key_s_households_cells_and_villages_as_the_database_has_them()
    {
        var households = Qgis(server.OgcUrl, "households", "qgis", server.TownKey);
        Assert.True(households.GetProperty("valid").GetBoolean(), "QGIS could not open households");
        Assert.Equal("EPSG:4326", households.GetProperty("crs").GetString());
        Assert.Equal("Point", households.GetProperty("geometryType").GetString());
        var expected = await server.IdsAsync(
            $"SELECT id FROM households WHERE village_code LIKE '{TestCounty.TownA[..9]}%' AND ended_at IS NULL ORDER BY id");
        Assert.True(expected.Count > 40);
        Assert.Equal(expected, households.GetProperty("ids").EnumerateArray().Select(i => i.GetInt64()));

        var cells = Qgis(server.OgcUrl, "cells", "qgis", server.TownKey);
        Assert.True(cells.GetProperty("valid").GetBoolean(), "QGIS could not open cells");
        Assert.Equal("Polygon", cells.GetProperty("geometryType").GetString());
        Assert.Equal(await server.IdsAsync($"SELECT id FROM grid_cells WHERE village_code LIKE '{TestCounty.TownA[..9]}%' ORDER BY id"),
            cells.GetProperty("ids").EnumerateArray().Select(i => i.GetInt64()));

        // Areas are named by their code, not an id.
        var villages = Qgis(server.OgcUrl, "villages", "qgis", server.TownKey);
        Assert.True(villages.GetProperty("valid").GetBoolean(), "QGIS could not open villages");
        Assert.Equal(await server.IdsAsync($"SELECT code::bigint FROM areas WHERE level = 'village' AND code LIKE '{TestCounty.TownA[..9]}%' ORDER BY code"),
            villages.GetProperty("ids").EnumerateArray().Select(i => i.GetInt64()));
    }

    [Fact]
    public void Qgis_gets_nothing_without_the_key_or_with_a_wrong_one()
    {
        Assert.False(Qgis(server.OgcUrl, "households").GetProperty("valid").GetBoolean());
        Assert.False(Qgis(server.OgcUrl, "households", "qgis", server.TownKey[..^2] + "xx").GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task Qgis_draws_the_households_tiles_with_the_key_and_nothing_without()
    {
        // A Vector Tile connection with a Basic authentication configuration (QGIS 3.22 has no header table there).
        var box = await server.IdsAsync("""
            SELECT unnest(ARRAY[floor(ST_XMin(e) * 1e6), floor(ST_YMin(e) * 1e6), ceil(ST_XMax(e) * 1e6), ceil(ST_YMax(e) * 1e6)])::bigint
            FROM (SELECT ST_Extent(location)::geometry e FROM households WHERE village_code = '520625101001') x
            """);
        string[] extent = [.. box.Select(v => (v / 1e6).ToString(System.Globalization.CultureInfo.InvariantCulture))];
        var withKey = Run("qgis_render_tiles.py", [server.Live.BaseUrl, "households", "12", .. extent, "qgis", server.TownKey]);
        Assert.True(withKey.GetProperty("drawn").GetInt32() > 20, withKey.ToString());
        var without = Run("qgis_render_tiles.py", [server.Live.BaseUrl, "households", "12", .. extent]);
        Assert.Equal(0, without.GetProperty("drawn").GetInt32());
    }
}
