using Microsoft.Playwright;
using static GridGov.Browser.Tests.ForgivingDrawingTests;

namespace GridGov.Browser.Tests;

/// <summary>
/// Issue 15, drawing that forgives: tracing a shared boundary. The neighbour's edge zigzags (bulges of about a hundred
/// metres, far past what snapping or sliver trimming forgives): a cell drawn with 「沿边绘制」 by clicking the edge's two
/// ends and moving along it follows every vertex, so it is saved sharing the whole edge. Without tracing the same
/// clicks make a straight edge through the bulges, which the server refuses as an overlap.
/// </summary>
[Collection(ViewerCollection.Name)]
public sealed class TracingTests(ViewerServer server) : IAsyncLifetime
{
    private readonly ViewerPage _view = new(server);
    private IPage Page => _view.Page;

    public Task InitializeAsync() => _view.OpenAsync();

    public Task DisposeAsync() => _view.CloseAsync();

    private async Task<(float X, float Y)> PixelAsync(double lon, double lat)
    {
        var p = await Page.EvaluateAsync<double[]>("async ([x, y]) => (await import('/lib/gridmap.js')).pixelOf('map', x, y)", new[] { lon, lat });
        var box = (await (await Page.QuerySelectorAsync("#map"))!.BoundingBoxAsync())!;
        return ((float)(box.X + p[0]), (float)(box.Y + p[1]));
    }

    private async Task MoveAsync(double lon, double lat, int steps = 12)
    {
        var (x, y) = await PixelAsync(lon, lat);
        await Page.Mouse.MoveAsync(x, y, new MouseMoveOptions { Steps = steps });
    }

    private async Task ClickAsync(double lon, double lat)
    {
        await MoveAsync(lon, lat);
        var (x, y) = await PixelAsync(lon, lat);
        await Page.Mouse.ClickAsync(x, y);
        await _view.SettleAsync();
    }

    [Fact]
    public async Task A_cell_traced_along_a_zigzag_neighbour_shares_its_whole_edge()
    {
        var v = await VillageAsync(server, 6);
        var user = "sec-" + v.Code;
        await server.ExecAsync($"UPDATE households SET cell_id = NULL WHERE village_code = '{v.Code}'; DELETE FROM grid_cells WHERE village_code = '{v.Code}';");
        var h = v.R * 0.3;
        var z = h * 0.3;
        // The neighbour's east edge, south to north: out, in, out, in.
        var edge = new[] { (v.X, v.Y - h), (v.X + z, v.Y - h / 2), (v.X, v.Y), (v.X + z, v.Y + h / 2), (v.X, v.Y + h) };
        var west = new[] { (v.X - 2 * h, v.Y - h) }.Concat(edge).Append((v.X - 2 * h, v.Y + h)).Append((v.X - 2 * h, v.Y - h)).ToArray();
        await server.GraphQLAsync(user, "mutation($i: CreateGridCellInput!) { createGridCell(input: $i) { cell { id } } }",
            new { i = new { villageCode = v.Code, name = "西片网格", geometry = new { type = "Polygon", coordinates = new[] { west.Select(p => new[] { p.Item1, p.Item2 }).ToArray() } } } });

        await _view.LoginAsync(user, "village");
        await _view.WaitForLayerAsync("cells", 1);
        await Page.FillAsync("#cell-name", "东片网格");
        await Page.ClickAsync("#tool-trace");
        Assert.Contains("描边", await Page.InnerTextAsync(".map-pane > .hint"));
        await ClickAsync(edge[0].Item1, edge[0].Item2); // on the neighbour's corner: tracing starts
        foreach (var (lon, lat) in edge.Skip(1)) await MoveAsync(lon, lat);
        await ClickAsync(edge[^1].Item1, edge[^1].Item2); // where the drawing leaves the edge
        await ClickAsync(v.X + 2 * h, v.Y + h);
        await ClickAsync(v.X + 2 * h, v.Y - h);
        await ClickAsync(edge[0].Item1, edge[0].Item2); // back at the start: done
        await _view.WaitForAsync("#cell-table tbody tr >> text=东片网格");
        await _view.WaitForLayerAsync("cells", 2);
        Assert.Null(await Page.QuerySelectorAsync("#map-error"));
        var dir = Path.Combine(ViewerServer.ScreenshotDir, "tracing");
        Directory.CreateDirectory(dir);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, "traced-cell.png") });

        // The two cells share the whole zigzag (its length in metres, within a metre) and do not overlap.
        var shared = await server.ScalarAsync<double>($"""
            SELECT ST_Length(ST_Transform(ST_Intersection(ST_Boundary(a.geometry), ST_Boundary(b.geometry)), 4545)) FROM grid_cells a, grid_cells b
            WHERE a.village_code = '{v.Code}' AND a.name = '西片网格' AND b.village_code = a.village_code AND b.name = '东片网格'
            """);
        var zigzag = await server.ScalarAsync<double>(
            $"SELECT ST_Length(ST_Transform(ST_GeomFromText('LINESTRING({string.Join(", ", edge.Select(p => FormattableString.Invariant($"{p.Item1} {p.Item2}")))})', 4326), 4545))");
        Assert.InRange(shared, zigzag - 1, zigzag + 1);
        Assert.True(await server.ScalarAsync<double>($"""
            SELECT ST_Area(ST_Transform(ST_Intersection(a.geometry, b.geometry), 4545)) FROM grid_cells a, grid_cells b
            WHERE a.village_code = '{v.Code}' AND a.name = '西片网格' AND b.village_code = a.village_code AND b.name = '东片网格'
            """) < 0.01, "the traced cell overlaps its neighbour");
    }
}
