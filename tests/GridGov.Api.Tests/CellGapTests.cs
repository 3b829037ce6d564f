using GridGov.Testing;
using Npgsql;

namespace GridGov.Api.Tests;

/// <summary>填补空白 through the API: the uncovered quarter of 甲一村 under a click becomes a cell; a click elsewhere changes nothing.</summary>
public class CellGapTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    private const string Fill = "mutation($p: GeoJSON!, $n: String!) { fillGridGap(villageCode: \"520625101001\", point: $p, name: $n) { cell { id name areaSquareMeters households { id } } } }";

    private static object Point(double lon, double lat) => new { type = "Point", coordinates = new[] { lon, lat } };

    private static async Task<double> Scalar(string cs, string sql)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToDouble(await cmd.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_click_in_the_uncovered_quarter_makes_it_a_cell_that_PostGIS_agrees_is_the_whole_gap()
    {
        var cs = await TestCounty.CreateAsync(pg);
        using var factory = new ApiFactory(cs);
        var client = await factory.LoginAsync("sec-a1");
        // PostGIS's own answer, before: the village minus its cells.
        var gapM2 = await Scalar(cs, """
            SELECT ST_Area(ST_Transform(ST_Difference(a.boundary, (SELECT ST_Union(geometry) FROM grid_cells WHERE village_code = a.code)), 4545))
            FROM areas a WHERE a.code = '520625101001'
            """);

        var r = await client.GraphQLAsync(Fill, new { p = Point(108.38, 28.01), n = "三组网格" });

        Assert.False(r.HasErrors, r.ToString());
        var cell = r.Data.GetProperty("fillGridGap").GetProperty("cell");
        Assert.Equal("三组网格", cell.GetProperty("name").GetString());
        Assert.Equal(gapM2, cell.GetProperty("areaSquareMeters").GetDouble(), gapM2 * 1e-6);
        Assert.Equal(["4"], cell.GetProperty("households").EnumerateArray().Select(h => h.GetProperty("id").GetString()));
        Assert.Equal(1, await Scalar(cs, "SELECT count(*) FROM audit_events WHERE action = 'fillGridGap' AND actor = 'sec-a1'"));
        // Nothing uncovered and nothing overlapping afterwards.
        Assert.True(await Scalar(cs, """
            SELECT ST_Area(ST_Transform(ST_Difference(a.boundary, (SELECT ST_Union(geometry) FROM grid_cells WHERE village_code = a.code)), 4545))
            FROM areas a WHERE a.code = '520625101001'
            """) < 0.01);
        Assert.Equal(0, await Scalar(cs, """
            SELECT count(*) FROM grid_cells a JOIN grid_cells b ON a.id < b.id AND a.village_code = b.village_code
            WHERE ST_Area(ST_Intersection(a.geometry, b.geometry)::geography) > 0.01
            """));
    }

    [Fact]
    public async Task A_click_inside_a_cell_outside_the_village_or_by_another_user_is_refused_and_saves_nothing()
    {
        var cs = await TestCounty.CreateAsync(pg);
        using var factory = new ApiFactory(cs);
        var secretary = await factory.LoginAsync("sec-a1");

        var inCell = await secretary.GraphQLAsync(Fill, new { p = Point(108.32, 28.05), n = "x" });
        Assert.Equal("GEOMETRY_INVALID", inCell.FirstCode);
        Assert.Contains("一组网格", inCell.Body.GetProperty("errors")[0].GetProperty("message").GetString());
        Assert.Equal("1", inCell.Body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("cellId").GetString());

        var outside = await secretary.GraphQLAsync(Fill, new { p = Point(108.45, 28.05), n = "x" });
        Assert.Equal("GEOMETRY_OUTSIDE_VILLAGE", outside.FirstCode);

        var taken = await secretary.GraphQLAsync(Fill, new { p = Point(108.38, 28.01), n = "一组网格" });
        Assert.Equal("VALIDATION", taken.FirstCode);
        Assert.Contains("一组网格", taken.Body.GetProperty("errors")[0].GetProperty("message").GetString());

        var line = await secretary.GraphQLAsync(Fill, new { p = new { type = "LineString", coordinates = new[] { new[] { 108.38, 28.01 }, new[] { 108.39, 28.02 } } }, n = "x" });
        Assert.Equal("GEOMETRY_INVALID", line.FirstCode);

        var member = await factory.LoginAsync("member-2");
        Assert.Equal("FORBIDDEN", (await member.GraphQLAsync(Fill, new { p = Point(108.38, 28.01), n = "x" })).FirstCode);

        Assert.Equal(2, await Scalar(cs, "SELECT count(*) FROM grid_cells"));
        Assert.Equal(0, await Scalar(cs, "SELECT count(*) FROM audit_events"));
    }
}
