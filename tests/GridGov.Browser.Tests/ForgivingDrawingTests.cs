using System.Text.Json;
using Microsoft.Playwright;
using Npgsql;

namespace GridGov.Browser.Tests;

/// <summary>
/// Issue #15, drawing that forgives: 填补空白 by one click, a cell drawn against a neighbour whose vertex is invisible at
/// that zoom is saved (the sliver trimmed), a refused drawing stays on the map zoomed to the conflict with the name kept.
/// Each test uses a village of its own, past the five the shared fixture reserves.
/// </summary>
[Collection(ViewerCollection.Name)]
public sealed class ForgivingDrawingTests(ViewerServer server) : IAsyncLifetime
{
    private readonly ViewerPage _view = new(server);
    private IPage Page => _view.Page;

    public Task InitializeAsync() => _view.OpenAsync();

    public Task DisposeAsync() => _view.CloseAsync();

    /// <summary>A village with room to draw (largest inscribed circle), linked households and cells: the n-th after the fixture's five.</summary>
    internal static async Task<TestVillage> VillageAsync(ViewerServer server, int n)
    {
        var rows = await RowsAsync(server, $"""
            SELECT a.code, a.name, ST_X(c.center), ST_Y(c.center), c.radius
            FROM areas a CROSS JOIN LATERAL ST_MaximumInscribedCircle(a.boundary) c
            WHERE a.level = 'village'
              AND EXISTS (SELECT 1 FROM links l JOIN party_members m ON m.id = l.member_id WHERE m.village_code = a.code AND l.valid_to IS NULL)
            ORDER BY c.radius DESC OFFSET {5 + n} LIMIT 1
            """);
        var r = rows[0];
        return new TestVillage((string)r[0], (string)r[1], (double)r[2], (double)r[3], (double)r[4]);
    }

    /// <summary>Every village <see cref="VillageAsync"/> hands out (n &lt; 12) and the fixture's five: tests that read a village's cells as they are keep clear of them.</summary>
    internal static async Task<string[]> EditedVillagesAsync(ViewerServer server) =>
        (await RowsAsync(server, """
            SELECT a.code FROM areas a CROSS JOIN LATERAL ST_MaximumInscribedCircle(a.boundary) c
            WHERE a.level = 'village'
              AND EXISTS (SELECT 1 FROM links l JOIN party_members m ON m.id = l.member_id WHERE m.village_code = a.code AND l.valid_to IS NULL)
            ORDER BY c.radius DESC LIMIT 17
            """)).Select(r => (string)r[0])
        .Concat([server.DrawVillage.Code, server.OverlapVillage.Code, server.ReportVillage.Code, server.EditVillage.Code, server.WorkspaceVillage.Code]).ToArray();

    internal static async Task<List<object[]>> RowsAsync(ViewerServer server, string sql)
    {
        await using var conn = new NpgsqlConnection(server.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await using var r = await cmd.ExecuteReaderAsync();
        var rows = new List<object[]>();
        while (await r.ReadAsync())
        {
            var row = new object[r.FieldCount];
            r.GetValues(row);
            rows.Add(row);
        }
        return rows;
    }

    private async Task<(float X, float Y)> PixelAsync(double lon, double lat)
    {
        var p = await Page.EvaluateAsync<double[]>("async ([x, y]) => (await import('/lib/gridmap.js')).pixelOf('map', x, y)", new[] { lon, lat });
        var box = (await (await Page.QuerySelectorAsync("#map"))!.BoundingBoxAsync())!;
        return ((float)(box.X + p[0]), (float)(box.Y + p[1]));
    }

    private async Task ClickMapAsync(double lon, double lat)
    {
        var (x, y) = await PixelAsync(lon, lat);
        await Page.Mouse.MoveAsync(x, y, new MouseMoveOptions { Steps = 4 });
        await Page.Mouse.ClickAsync(x, y);
        await _view.SettleAsync();
    }

    /// <summary>A click per vertex, then a click on the first to close the ring.</summary>
    private async Task DrawPolygonAsync(IReadOnlyList<(double Lon, double Lat)> ring)
    {
        foreach (var (lon, lat) in ring.Append(ring[0])) await ClickMapAsync(lon, lat);
    }

    private async Task<double[]> ExtentAsync() =>
        (await Page.EvaluateAsync<JsonElement>("async () => (await import('/lib/gridmap.js')).viewState('map')"))
            .GetProperty("extent").EnumerateArray().Select(x => x.GetDouble()).ToArray();

    private static object Polygon(IEnumerable<(double Lon, double Lat)> ring)
    {
        var pts = ring.ToList();
        return new { type = "Polygon", coordinates = new[] { pts.Append(pts[0]).Select(p => new[] { p.Lon, p.Lat }).ToArray() } };
    }

    [Fact]
    public async Task A_click_in_an_uncovered_gap_makes_it_a_cell_with_the_typed_name_and_its_households()
    {
        var v = await VillageAsync(server, 0);
        var user = "sec-" + v.Code;
        // The village's largest cell goes (through the API): its area is the gap to fill.
        var gone = (await RowsAsync(server, $"""
            SELECT id, version, ST_X(p), ST_Y(p), ST_Area(ST_Transform(geometry, 4545)),
                   (SELECT count(*) FROM households h WHERE h.cell_id = c.id)
            FROM (SELECT *, ST_PointOnSurface(geometry) p FROM grid_cells WHERE village_code = '{v.Code}') c
            ORDER BY ST_Area(geometry) DESC LIMIT 1
            """))[0];
        await server.GraphQLAsync(user, "mutation($id: ID!, $v: Int!) { deleteGridCell(id: $id, version: $v) }", new { id = gone[0].ToString(), v = (int)gone[1] });
        var cellsLeft = (int)await server.ScalarAsync<long>($"SELECT count(*) FROM grid_cells WHERE village_code = '{v.Code}'");

        await _view.LoginAsync(user, "village");
        await _view.WaitForLayerAsync("cells", cellsLeft);
        await Page.FillAsync("#cell-name", "补上的网格");
        await Page.ClickAsync("#tool-fill");
        await _view.WaitForLayerAsync("gaps");
        Assert.True(int.Parse((await Page.GetAttributeAsync("#map", "data-layer-gaps"))!) >= 1, "the uncovered area is not shown while filling");
        await ClickMapAsync((double)gone[2], (double)gone[3]);
        await _view.WaitForAsync("#cell-table tbody tr >> text=补上的网格");
        await _view.WaitForLayerAsync("cells", cellsLeft + 1);
        await _view.ScreenshotAsync("fill-gap");

        var filled = (await RowsAsync(server, $"""
            SELECT ST_Area(ST_Transform(geometry, 4545)), (SELECT count(*) FROM households h WHERE h.cell_id = c.id)
            FROM grid_cells c WHERE village_code = '{v.Code}' AND name = '补上的网格'
            """)).Single();
        Assert.True((double)filled[0] >= (double)gone[4] * 0.999, $"the new cell ({filled[0]} m²) is smaller than the gap ({gone[4]} m²)");
        Assert.True((long)filled[1] >= (long)gone[5], "the gap's households did not join the new cell");
        Assert.Equal("", await Page.InputValueAsync("#cell-name"));
    }

    [Fact]
    public async Task A_cell_drawn_against_a_neighbour_with_a_vertex_4_m_off_its_corners_is_saved_and_a_real_overlap_stays_on_the_map()
    {
        var v = await VillageAsync(server, 1);
        var user = "sec-" + v.Code;
        await server.ExecAsync($"UPDATE households SET cell_id = NULL WHERE village_code = '{v.Code}'; DELETE FROM grid_cells WHERE village_code = '{v.Code}';");
        // West neighbour: a square whose east edge has one more vertex in its middle, 4 m further east.
        var h = v.R * 0.3;
        var fourMetres = 4 / (111_320 * Math.Cos(v.Y * Math.PI / 180));
        var west = new (double, double)[] { (v.X - 2 * h, v.Y - h), (v.X, v.Y - h), (v.X + fourMetres, v.Y), (v.X, v.Y + h), (v.X - 2 * h, v.Y + h) };
        await server.GraphQLAsync(user, "mutation($i: CreateGridCellInput!) { createGridCell(input: $i) { cell { id } } }",
            new { i = new { villageCode = v.Code, name = "西片网格", geometry = Polygon(west) } });

        await _view.LoginAsync(user, "village");
        await _view.WaitForLayerAsync("cells", 1);

        // First a drawing well into the neighbour: refused, kept on the map, the view zoomed to the overlap, the name kept.
        var before = await ExtentAsync();
        await Page.FillAsync("#cell-name", "东片网格");
        await Page.ClickAsync("#tool-draw");
        await DrawPolygonAsync([(v.X - h, v.Y - h / 2), (v.X + h, v.Y - h / 2), (v.X + h, v.Y + h / 2), (v.X - h, v.Y + h / 2)]);
        var error = await _view.WaitForAsync("#map-error");
        Assert.Contains("重叠", await error!.InnerTextAsync());
        await _view.WaitForLayerAsync("highlight");
        // The drawing is still on the map (the Draw interaction put it in the sketch layer; the page did not clear it).
        Assert.Equal(1, await Page.EvaluateAsync<int>("async () => (await import('/lib/gridmap.js')).featureCount('map', 'sketch')"));
        Assert.Equal("东片网格", await Page.InputValueAsync("#cell-name"));
        var zoomed = await ExtentAsync();
        Assert.True(zoomed[2] - zoomed[0] < (before[2] - before[0]) * 0.8, "the map did not zoom to the conflict");
        // The overlap is x ∈ [X−h, X], y ∈ [Y−h/2, Y+h/2]: its centre is in view.
        Assert.True(zoomed[0] < v.X - h / 2 && v.X - h / 2 < zoomed[2] && zoomed[1] < v.Y && v.Y < zoomed[3], "the conflict is not in view");
        await _view.ScreenshotAsync("refused-drawing-kept");
        Assert.Equal(1L, await server.ScalarAsync<long>($"SELECT count(*) FROM grid_cells WHERE village_code = '{v.Code}'"));

        // Then the east cell by its corners, snapped to the neighbour's corners: the 4 m vertex between them is
        // less than a pixel away at this zoom, and the sliver it makes is trimmed, not refused.
        await Page.ClickAsync("#tool-cancel");
        await Page.ClickAsync("#zoom-home");
        await _view.SettleAsync();
        await Page.ClickAsync("#tool-draw");
        await DrawPolygonAsync([(v.X, v.Y - h), (v.X + 2 * h, v.Y - h), (v.X + 2 * h, v.Y + h), (v.X, v.Y + h)]);
        await _view.WaitForAsync("#cell-table tbody tr >> text=东片网格");
        await _view.WaitForLayerAsync("cells", 2);
        var note = Page.Locator(".notes p", new() { HasText = "西片网格" });
        await note.WaitForAsync();
        Assert.Contains("重叠", await note.InnerTextAsync());
        Assert.Null(await Page.QuerySelectorAsync("#map-error"));
        await _view.ScreenshotAsync("drawn-against-neighbour");

        Assert.True(await server.ScalarAsync<double>($"""
            SELECT ST_Area(ST_Transform(ST_Intersection(a.geometry, b.geometry), 4545))
            FROM grid_cells a, grid_cells b WHERE a.village_code = '{v.Code}' AND a.name = '西片网格' AND b.village_code = a.village_code AND b.name = '东片网格'
            """) < 0.01, "the saved cell overlaps its neighbour");
    }
}
