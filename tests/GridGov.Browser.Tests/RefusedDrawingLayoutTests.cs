using Microsoft.Playwright;
using static GridGov.Browser.Tests.ForgivingDrawingTests;

namespace GridGov.Browser.Tests;

/// <summary>
/// Issue 15: the refused drawing's error box sat over the yellow hint line under the toolbar (「图形未保存，仍在地图上…」
/// half hidden at 1366 px). Now it floats over the map's top only: toolbar, hint and error are all readable, at desktop
/// and phone sizes.
/// </summary>
[Collection(ViewerCollection.Name)]
public sealed class RefusedDrawingLayoutTests(ViewerServer server) : IAsyncLifetime
{
    private readonly ViewerPage _view = new(server);
    private IPage Page => _view.Page;

    public Task InitializeAsync() => _view.OpenAsync();

    public Task DisposeAsync() => _view.CloseAsync();

    [Theory]
    [InlineData(1366, 768)]
    [InlineData(390, 844)]
    public async Task The_error_box_leaves_the_toolbar_and_the_hint_line_readable(int width, int height)
    {
        var v = await VillageAsync(server, 5);
        var user = "sec-" + v.Code;
        await server.ExecAsync($"UPDATE households SET cell_id = NULL WHERE village_code = '{v.Code}'; DELETE FROM grid_cells WHERE village_code = '{v.Code}';");
        var h = v.R * 0.3;
        var west = new[] { (v.X - 2 * h, v.Y - h), (v.X, v.Y - h), (v.X, v.Y + h), (v.X - 2 * h, v.Y + h), (v.X - 2 * h, v.Y - h) };
        await server.GraphQLAsync(user, "mutation($i: CreateGridCellInput!) { createGridCell(input: $i) { cell { id } } }",
            new { i = new { villageCode = v.Code, name = "西片网格", geometry = new { type = "Polygon", coordinates = new[] { west.Select(p => new[] { p.Item1, p.Item2 }).ToArray() } } } });

        await Page.SetViewportSizeAsync(width, height);
        await _view.LoginAsync(user, "village");
        await _view.WaitForLayerAsync("cells", 1);
        await Page.ClickAsync("#tool-draw");
        foreach (var (lon, lat) in new[] { (v.X - h, v.Y - h / 2), (v.X + h, v.Y - h / 2), (v.X + h, v.Y + h / 2), (v.X - h, v.Y + h / 2), (v.X - h, v.Y - h / 2) })
        {
            var p = await Page.EvaluateAsync<double[]>("async ([x, y]) => (await import('/lib/gridmap.js')).pixelOf('map', x, y)", new[] { lon, lat });
            var map = (await (await Page.QuerySelectorAsync("#map"))!.BoundingBoxAsync())!;
            await Page.Mouse.ClickAsync((float)(map.X + p[0]), (float)(map.Y + p[1]));
            await _view.SettleAsync();
        }
        var e = (await (await _view.WaitForAsync("#map-error"))!.BoundingBoxAsync())!;
        var error = new Rect(e.X, e.Y, e.Width, e.Height);
        var hint = Page.Locator(".map-pane > .hint");
        Assert.Contains("图形未保存，仍在地图上", await hint.InnerTextAsync());
        var hintBox = Rect.Of((await hint.BoundingBoxAsync())!);
        var toolbar = Rect.Of((await Page.Locator(".map-pane > .toolbar").BoundingBoxAsync())!);
        var mapBox = Rect.Of((await Page.Locator("#map").BoundingBoxAsync())!);
        await _view.SettleAsync();
        var dir = Path.Combine(ViewerServer.ScreenshotDir, "refused-drawing-layout");
        Directory.CreateDirectory(dir);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, $"refused-{width}x{height}.png") });

        Assert.False(Overlaps(error, hintBox), $"the error box {Box(error)} covers the hint line {Box(hintBox)}");
        Assert.False(Overlaps(error, toolbar), $"the error box {Box(error)} covers the toolbar {Box(toolbar)}");
        // It is on the map, and the whole of it is on screen.
        Assert.True(error.Y >= mapBox.Y - 0.5 && error.Y + error.Height <= mapBox.Y + mapBox.Height, $"the error box {Box(error)} is not over the map {Box(mapBox)}");
        Assert.True(error.X >= 0 && error.X + error.Width <= width, $"the error box {Box(error)} leaves the screen");
        // The hint line is not covered by anything else either: the element at its centre is the hint itself.
        Assert.True(await Page.EvaluateAsync<bool>("([x, y]) => document.elementFromPoint(x, y)?.closest('.hint') != null",
            new double[] { hintBox.X + hintBox.Width / 2.0, hintBox.Y + hintBox.Height / 2.0 }), "something lies over the hint line");
    }

    private sealed record Rect(float X, float Y, float Width, float Height)
    {
        public static Rect Of(LocatorBoundingBoxResult b) => new(b.X, b.Y, b.Width, b.Height);
    }

    private static bool Overlaps(Rect a, Rect b) =>
        a.X < b.X + b.Width - 0.5 && b.X < a.X + a.Width - 0.5 && a.Y < b.Y + b.Height - 0.5 && b.Y < a.Y + a.Height - 0.5;

    private static string Box(Rect b) => $"({b.X:F0},{b.Y:F0} {b.Width:F0}×{b.Height:F0})";
}
