using System.Text.Json;
using GridGov.Domain.Geo;
using Npgsql;

namespace GridGov.Api.Tests;

public class SpatialTests(TestCountyFixture county) : IClassFixture<TestCountyFixture>
{
    private async Task<List<(double X, double Y)>> PostgisRing(string sql)
    {
        await using var conn = new NpgsqlConnection(county.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"SELECT ST_X(p.geom), ST_Y(p.geom) FROM ST_DumpPoints(({sql})) p ORDER BY p.path", conn);
        var list = new List<(double, double)>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) list.Add((r.GetDouble(0), r.GetDouble(1)));
        return list;
    }

    private static List<(double X, double Y)> Coordinates(JsonElement geometry)
    {
        var list = new List<(double, double)>();
        void Walk(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.Array && e.GetArrayLength() >= 2 && e[0].ValueKind == JsonValueKind.Number)
                list.Add((e[0].GetDouble(), e[1].GetDouble()));
            else if (e.ValueKind == JsonValueKind.Array) foreach (var c in e.EnumerateArray()) Walk(c);
        }
        Walk(geometry.GetProperty("coordinates"));
        return list;
    }

    [Theory]
    [InlineData("EPSG_4545", 4545, 0.002)]
    [InlineData("EPSG_3857", 3857, 0.002)]
    [InlineData("EPSG_4326", 4326, 1e-7)]
    [InlineData("EPSG_4490", 4490, 1e-7)]
    public async Task Geometry_in_each_crs_matches_postgis_st_transform(string crs, int srid, double tolerance)
    {
        var client = await county.Factory.LoginAsync("county");
        var r = await client.GraphQLAsync($"{{ village(code: \"520625101001\") {{ geometry(crs: {crs}) }} }}");
        var ours = Coordinates(r.Data.GetProperty("village").GetProperty("geometry"));
        var theirs = await PostgisRing($"SELECT ST_Transform(boundary, {srid}) FROM areas WHERE code = '520625101001'");
        Assert.Equal(theirs.Count, ours.Count);
        for (var i = 0; i < ours.Count; i++)
        {
            Assert.Equal(theirs[i].X, ours[i].X, tolerance);
            Assert.Equal(theirs[i].Y, ours[i].Y, tolerance);
        }
    }

    [Fact]
    public async Task Gcj02_output_is_the_offset_of_storage()
    {
        var client = await county.Factory.LoginAsync("county");
        var r = await client.GraphQLAsync("{ household(id: 1) { wgs: geometry gcj: geometry(crs: GCJ02) } }");
        var h = r.Data.GetProperty("household");
        var wgs = Coordinates(h.GetProperty("wgs"))[0];
        var gcj = Coordinates(h.GetProperty("gcj"))[0];
        var expected = Gcj02.FromWgs84(wgs.X, wgs.Y);
        Assert.Equal(expected.Lon, gcj.X, 1e-7);
        Assert.Equal(expected.Lat, gcj.Y, 1e-7);
        Assert.InRange(gcj.X - wgs.X, 0.003, 0.006);
    }

    [Fact]
    public async Task Dwithin_is_in_metres_and_agrees_with_postgis_geography()
    {
        var client = await county.Factory.LoginAsync("county");
        foreach (var meters in new[] { 500.0, 1500.0, 4000.0, 12000.0 })
        {
            var r = await client.GraphQLAsync(
                "query($m: Float!) { households(dwithin: {geometry: {type: \"Point\", coordinates: [108.31, 28.01]}, meters: $m}) { totalCount } }",
                new { m = meters });
            await using var conn = new NpgsqlConnection(county.ConnectionString);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand(
                "SELECT count(*) FROM households WHERE ST_DWithin(location::geography, ST_SetSRID(ST_MakePoint(108.31, 28.01), 4326)::geography, @m)", conn);
            cmd.Parameters.AddWithValue("m", meters);
            var expected = (long)(await cmd.ExecuteScalarAsync())!;
            Assert.Equal(expected, r.Data.GetProperty("households").GetProperty("totalCount").GetInt32());
        }
    }

    [Fact]
    public async Task Dwithin_given_in_gauss_kruger_metres_finds_the_same_houses()
    {
        var (x, y) = GaussKruger.Project(108.31, 28.01);
        var client = await county.Factory.LoginAsync("county");
        var r = await client.GraphQLAsync(
            "query($p: GeoJSON!) { households(inputCrs: EPSG_4545, dwithin: {geometry: $p, meters: 1500}) { nodes { id } } }",
            new { p = new { type = "Point", coordinates = new[] { x, y } } });
        Assert.False(r.HasErrors, r.ToString());
        Assert.Equal(["1", "2"], r.Data.GetProperty("households").GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Nearest_orders_by_metric_distance()
    {
        var client = await county.Factory.LoginAsync("county");
        var r = await client.GraphQLAsync(
            "{ households(nearest: {point: {type: \"Point\", coordinates: [108.36, 28.03]}, limit: 3}) { nodes { id } } }");
        // h4 (108.37, 28.02) ≈ 1.4 km, h3 (108.36, 28.06) ≈ 3.3 km, h2 (108.32, 28.02) ≈ 4.1 km.
        Assert.Equal(["4", "3", "2"], r.Data.GetProperty("households").GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Intersects_and_within_filter_by_geometry()
    {
        var client = await county.Factory.LoginAsync("county");
        const string box = "{type: \"Polygon\", coordinates: [[[108.30, 28.00], [108.34, 28.00], [108.34, 28.05], [108.30, 28.05], [108.30, 28.00]]]}";
        var r = await client.GraphQLAsync("{ a: households(within: " + box + ") { totalCount } b: gridCells(intersects: " + box + ") { id } }");
        Assert.Equal(2, r.Data.GetProperty("a").GetProperty("totalCount").GetInt32());
        Assert.Equal(["1"], r.Data.GetProperty("b").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Swapped_longitude_and_latitude_are_named_as_such()
    {
        var client = await county.Factory.LoginAsync("county");
        var r = await client.GraphQLAsync("{ households(intersects: {type: \"Point\", coordinates: [28.01, 108.31]}) { totalCount } }");
        Assert.Equal("COORDINATES_SWAPPED", r.FirstCode);
        var far = await client.GraphQLAsync("{ households(intersects: {type: \"Point\", coordinates: [116.4, 39.9]}) { totalCount } }");
        Assert.Equal("VALIDATION", far.FirstCode);
    }

    [Fact]
    public async Task A_named_crs_member_in_the_geojson_is_honoured()
    {
        var (x, y) = GaussKruger.Project(108.31, 28.01);
        var client = await county.Factory.LoginAsync("county");
        var r = await client.GraphQLAsync(
            "query($g: GeoJSON!) { households(dwithin: {geometry: $g, meters: 10}) { nodes { id } } }",
            new { g = new { type = "Point", coordinates = new[] { x, y }, crs = new { type = "name", properties = new { name = "EPSG:4545" } } } });
        Assert.Equal(["1"], r.Data.GetProperty("households").GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Cell_area_is_in_square_metres()
    {
        var client = await county.Factory.LoginAsync("county");
        var r = await client.GraphQLAsync("{ gridCell(id: 2) { areaSquareMeters bbox(crs: EPSG_4545) } }");
        await using var conn = new NpgsqlConnection(county.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT ST_Area(ST_Transform(geometry, 4545)) FROM grid_cells WHERE id = 2", conn);
        var expected = (double)(await cmd.ExecuteScalarAsync())!;
        Assert.Equal(expected, r.Data.GetProperty("gridCell").GetProperty("areaSquareMeters").GetDouble(), 1.0);
    }
}
