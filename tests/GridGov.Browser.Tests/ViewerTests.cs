using System.Text.Json;
using Microsoft.Playwright;

namespace GridGov.Browser.Tests;

[Collection(ViewerCollection.Name)]
public sealed class ViewerTests(ViewerServer server) : IAsyncLifetime
{
    private readonly ViewerPage _view = new(server);
    private IPage _page = default!;

    public async Task InitializeAsync()
    {
        await _view.OpenAsync();
        _page = _view.Page;
    }

    public Task DisposeAsync() => _view.CloseAsync();

    private Task LoginAsync(string username, string landing) => _view.LoginAsync(username, landing);

    private Task WaitForLayerAsync(string layer, int? count = null) => _view.WaitForLayerAsync(layer, count);

    private Task ScreenshotAsync(string name) => _view.ScreenshotAsync(name);

    private async Task<(float X, float Y)> PixelAsync(double lon, double lat)
    {
        var p = await _page.EvaluateAsync<double[]>("async ([x, y]) => (await import('/lib/gridmap.js')).pixelOf('map', x, y)", new[] { lon, lat });
        var box = (await (await _page.QuerySelectorAsync("#map"))!.BoundingBoxAsync())!;
        return ((float)(box.X + p[0]), (float)(box.Y + p[1]));
    }

    /// <summary>Draws a polygon with real mouse events: a click per vertex, then a click on the first to close it.</summary>
    private async Task DrawPolygonAsync(IReadOnlyList<(double Lon, double Lat)> ring)
    {
        var pixels = new List<(float X, float Y)>();
        foreach (var (lon, lat) in ring) pixels.Add(await PixelAsync(lon, lat));
        foreach (var (x, y) in pixels.Append(pixels[0]))
        {
            await _page.Mouse.MoveAsync(x, y, new MouseMoveOptions { Steps = 4 });
            await _page.Mouse.ClickAsync(x, y);
            await PageSettle.SettleAsync(_page);
        }
    }

    private static (double, double)[] Square(double cx, double cy, double half) =>
        [(cx - half, cy - half), (cx + half, cy - half), (cx + half, cy + half), (cx - half, cy + half)];

    [Fact]
    public async Task Secretary_draws_a_cell_with_the_mouse_and_the_API_has_it()
    {
        var v = server.DrawVillage;
        await LoginAsync("sec-" + v.Code, "village");
        await WaitForLayerAsync("village", 1);
        await WaitForLayerAsync("cells", 0);
        await _page.FillAsync("#cell-name", "测试网格");
        await _page.ClickAsync("#tool-draw");
        await DrawPolygonAsync(Square(v.X, v.Y, v.R * 0.45));
        await _view.WaitForAsync("#cell-table tbody tr >> text=测试网格");
        await WaitForLayerAsync("cells", 1);
        await ScreenshotAsync("secretary-draws-cell");

        var data = await server.GraphQLAsync("sec-" + v.Code, "query($v: String!) { gridCells(villageCode: $v) { name areaSquareMeters geometry } }", new { v = v.Code });
        var cells = data.GetProperty("gridCells").EnumerateArray().ToList();
        var cell = Assert.Single(cells);
        Assert.Equal("测试网格", cell.GetProperty("name").GetString());
        Assert.True(cell.GetProperty("areaSquareMeters").GetDouble() > 1000);
    }

    [Fact]
    public async Task Overlapping_cell_shows_the_overlap_error_on_the_map()
    {
        var v = server.OverlapVillage;
        var user = "sec-" + v.Code;
        var existing = JsonSerializer.SerializeToElement(new
        {
            type = "Polygon",
            coordinates = new[] { Square(v.X, v.Y, v.R * 0.35).Append(Square(v.X, v.Y, v.R * 0.35)[0]).Select(p => new[] { p.Item1, p.Item2 }).ToArray() },
        });
        await server.GraphQLAsync(user, "mutation($i: CreateGridCellInput!) { createGridCell(input: $i) { cell { id } } }",
            new { i = new { villageCode = v.Code, name = "已有网格", geometry = existing } });

        await LoginAsync(user, "village");
        await WaitForLayerAsync("cells", 1);
        await _page.ClickAsync("#tool-draw");
        await DrawPolygonAsync(Square(v.X + v.R * 0.3, v.Y, v.R * 0.35));
        var error = await _view.WaitForAsync("#map-error");
        var text = await error!.InnerTextAsync();
        Assert.Contains("重叠", text);
        await WaitForLayerAsync("highlight");
        Assert.True(int.Parse((await _page.GetAttributeAsync("#map", "data-layer-highlight"))!) >= 1, "the overlapping cell is not highlighted");
        await ScreenshotAsync("overlap-error");

        var data = await server.GraphQLAsync(user, "query($v: String!) { gridCells(villageCode: $v) { id } }", new { v = v.Code });
        Assert.Single(data.GetProperty("gridCells").EnumerateArray());
    }

    [Fact]
    public async Task County_leader_sees_the_coloured_coverage_map()
    {
        var data = await server.GraphQLAsync("county", "{ villages(first: 1000) { code } townships { code } }");
        var villages = data.GetProperty("villages").GetArrayLength();
        await LoginAsync("county", "coverage");
        await WaitForLayerAsync("villages", villages);
        // Every township's share is known once the counts are in: the villages are coloured.
        await _page.WaitForFunctionAsync("() => [...document.querySelectorAll('#township-table tbody td:last-child')].every(td => !td.textContent.includes('…')) && document.querySelectorAll('#township-table tbody tr').length > 0");
        Assert.Equal(data.GetProperty("townships").GetArrayLength(), await _page.Locator("#township-table tbody tr").CountAsync());
        // The quarterly ranking: one row per township, the bottom five marked.
        await _view.WaitForAsync("#ranking-table tbody tr");
        Assert.Equal(data.GetProperty("townships").GetArrayLength(), await _page.Locator("#ranking-table tbody tr").CountAsync());
        Assert.Equal(5, await _page.Locator("#ranking-table tbody tr.bottom-five").CountAsync());
        await WaitForLayerAsync("villages", villages);
        await ScreenshotAsync("county-coverage");
    }

    [Fact]
    public async Task Township_leader_lands_on_the_own_township()
    {
        var town = "town-" + (await server.ScalarAsync<string>("SELECT parent_code FROM areas WHERE code = @v", server.ReportVillage.Code));
        var villages = (await server.GraphQLAsync(town, "{ villages(first: 1000) { code } }")).GetProperty("villages").GetArrayLength();
        await LoginAsync(town, "coverage");
        await WaitForLayerAsync("villages", villages);
        Assert.Equal(1, await _page.Locator("#township-table tbody tr").CountAsync());
        await ScreenshotAsync("township-coverage");
    }

    [Fact]
    public async Task Secretary_splits_merges_undoes_and_moves_a_shared_vertex_with_the_mouse()
    {
        var v = server.EditVillage;
        var user = "sec-" + v.Code;
        var ring = Square(v.X, v.Y, v.R * 0.45);
        var polygon = JsonSerializer.SerializeToElement(new { type = "Polygon", coordinates = new[] { ring.Append(ring[0]).Select(p => new[] { p.Item1, p.Item2 }).ToArray() } });
        await server.GraphQLAsync(user, "mutation($i: CreateGridCellInput!) { createGridCell(input: $i) { cell { id } } }",
            new { i = new { villageCode = v.Code, name = "整块网格", geometry = polygon } });
        await LoginAsync(user, "village");
        await WaitForLayerAsync("cells", 1);

        // Split: select the cell, draw a line across it (double-click ends the line).
        await _page.ClickAsync("#cell-table tbody tr");
        await _page.ClickAsync("#tool-split");
        var (x0, y0) = await PixelAsync(v.X - v.R * 0.6, v.Y);
        var (x1, y1) = await PixelAsync(v.X + v.R * 0.6, v.Y);
        await _page.Mouse.MoveAsync(x0, y0, new MouseMoveOptions { Steps = 4 });
        await _page.Mouse.ClickAsync(x0, y0);
        await _page.Mouse.MoveAsync(x1, y1, new MouseMoveOptions { Steps = 8 });
        await _page.Mouse.DblClickAsync(x1, y1);
        await WaitForLayerAsync("cells", 2);

        // Merge: pick both halves on the map, confirm.
        await _page.ClickAsync("#tool-merge");
        var picked = 0;
        foreach (var dy in new[] { 0.2, -0.2 })
        {
            var (x, y) = await PixelAsync(v.X, v.Y + v.R * dy);
            await _page.Mouse.ClickAsync(x, y);
            // The pick shows in the button's count; waiting for it also keeps two clicks from making a double-click.
            await _view.WaitForAsync($"#merge-confirm:has-text('({++picked})')");
        }
        await _page.ClickAsync("#merge-confirm");
        await WaitForLayerAsync("cells", 1);

        // Undo brings the two halves back.
        await _page.ClickAsync("#tool-undo");
        await WaitForLayerAsync("cells", 2);
        const string areas = "query($v: String!) { gridCells(villageCode: $v) { id areaSquareMeters } }";
        var before = (await server.GraphQLAsync(user, areas, new { v = v.Code })).GetProperty("gridCells").EnumerateArray()
            .ToDictionary(c => c.GetProperty("id").GetString()!, c => c.GetProperty("areaSquareMeters").GetDouble());
        Assert.Equal(2, before.Count);

        // Move the vertex both halves share on the west edge: both cells change, the total stays.
        await _page.ClickAsync("#tool-modify");
        var (vx, vy) = await PixelAsync(v.X - v.R * 0.45, v.Y);
        var (tx, ty) = await PixelAsync(v.X - v.R * 0.45, v.Y + v.R * 0.15);
        await _page.Mouse.MoveAsync(vx, vy, new MouseMoveOptions { Steps = 4 });
        await PageSettle.SettleAsync(_page);
        await _page.Mouse.DownAsync();
        await _page.Mouse.MoveAsync(tx, ty, new MouseMoveOptions { Steps = 10 });
        await _page.Mouse.UpAsync();
        Dictionary<string, double> after = [];
        for (var i = 0; i < 60; i++)
        {
            after = (await server.GraphQLAsync(user, areas, new { v = v.Code })).GetProperty("gridCells").EnumerateArray()
                .ToDictionary(c => c.GetProperty("id").GetString()!, c => c.GetProperty("areaSquareMeters").GetDouble());
            if (after.All(a => Math.Abs(a.Value - before[a.Key]) > 1)) break;
            await Task.Delay(250);
        }
        Assert.Equal(0, await _page.Locator("#map-error").CountAsync());
        Assert.All(after, a => Assert.True(Math.Abs(a.Value - before[a.Key]) > 1, $"cell {a.Key} did not change"));
        Assert.InRange(after.Values.Sum(), before.Values.Sum() * 0.99, before.Values.Sum() * 1.01);
        await _page.ClickAsync("#tool-cancel");
        await WaitForLayerAsync("cells", 2);
        await ScreenshotAsync("split-merge-undo-modify");
    }

    [Fact]
    public async Task Secretary_runs_a_linking_proposal_and_accepts_it()
    {
        var v = server.DrawVillage;
        var user = "sec-" + v.Code;
        await LoginAsync(user, "village");
        await WaitForLayerAsync("village", 1);
        await _page.ClickAsync("#propose");
        await _view.WaitForAsync("#proposal-accept");
        await WaitForLayerAsync("proposal");
        Assert.True(int.Parse((await _page.GetAttributeAsync("#map", "data-layer-proposal"))!) > 0, "no proposal lines on the map");
        await ScreenshotAsync("linking-proposal");
        await _page.ClickAsync("#proposal-accept");
        // A proposal that unlinks anyone asks first (EverydayEditsTests covers the wording).
        await PageSettle.SettleAsync(_page);
        if (await _page.QuerySelectorAsync("#proposal-confirm-yes") is { } yes) await yes.ClickAsync();
        await _view.WaitForAsync("#proposal-status.status-applied");

        var data = await server.GraphQLAsync(user, "query($v: String!) { linkProposals(villageCode: $v, status: APPLIED) { id linkedAfter } households(villageCode: $v, unlinked: false, first: 1) { totalCount } }", new { v = v.Code });
        var applied = Assert.Single(data.GetProperty("linkProposals").EnumerateArray());
        Assert.Equal(applied.GetProperty("linkedAfter").GetInt32(), data.GetProperty("households").GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task Secretary_sets_a_leader_locks_a_link_edits_ties_and_deletes_and_restores_a_cell()
    {
        var v = server.WorkspaceVillage;
        var user = "sec-" + v.Code;
        const string cellsQuery = "query($v: String!) { gridCells(villageCode: $v) { id name leader { id } } }";
        var before = (await server.GraphQLAsync(user, cellsQuery, new { v = v.Code })).GetProperty("gridCells").EnumerateArray().ToList();
        Assert.True(before.Count >= 2, "the workspace village needs cells");
        await LoginAsync(user, "village");
        await WaitForLayerAsync("cells", before.Count);

        // A leader for the first cell of the table, chosen in the list of the village's members.
        await _page.ClickAsync("#cell-table tbody tr >> nth=0");
        await _view.WaitForAsync("#leader-select");
        var options = await _page.EvalOnSelectorAllAsync<string[]>("#leader-select option", "os => os.map(o => o.value).filter(v => v)");
        var leader = options.Last();
        await _page.SelectOptionAsync("#leader-select", leader);
        await _page.ClickAsync("#set-leader");
        await _page.WaitForFunctionAsync("() => !document.querySelector('#map-error')?.textContent");
        await Eventually(async () =>
        {
            var cells = (await server.GraphQLAsync(user, cellsQuery, new { v = v.Code })).GetProperty("gridCells").EnumerateArray();
            return cells.Any(c => c.GetProperty("leader").ValueKind == JsonValueKind.Object && c.GetProperty("leader").GetProperty("id").GetString() == leader);
        }, "the chosen leader never reached the API");

        // A linked household, found by its head's name: lock its link, add a tie and remove it again.
        var linked = (await server.GraphQLAsync(user, "query($v: String!) { households(villageCode: $v, unlinked: false, first: 50) { nodes { id headName } } }", new { v = v.Code }))
            .GetProperty("households").GetProperty("nodes").EnumerateArray().First();
        var householdId = linked.GetProperty("id").GetString()!;
        await _page.FillAsync("#search", linked.GetProperty("headName").GetString()!);
        await _page.ClickAsync($"button.link:has-text('{linked.GetProperty("headName").GetString()}')");
        await _view.WaitForAsync("#household-card #lock-link");
        await _page.ClickAsync("#lock-link");
        await _page.WaitForFunctionAsync("() => document.querySelector('#household-card #unlock-link') || document.querySelector('#map-error')?.textContent");
        Assert.Equal("", (await _page.EvaluateAsync<string>("() => document.querySelector('#map-error')?.textContent ?? ''")).Trim());
        const string householdQuery = "query($h: ID!) { household(id: $h) { currentLink { locked } ties { id relation } } }";
        var h = (await server.GraphQLAsync(user, householdQuery, new { h = householdId })).GetProperty("household");
        Assert.True(h.GetProperty("currentLink").GetProperty("locked").GetBoolean());

        var tiesBefore = h.GetProperty("ties").GetArrayLength();
        await _page.FillAsync("#household-card input.short", "表叔");
        await _page.ClickAsync("#household-card button:has-text('添加')");
        await _view.WaitForAsync("#household-card li:has-text('表叔')");
        h = (await server.GraphQLAsync(user, householdQuery, new { h = householdId })).GetProperty("household");
        Assert.Equal(tiesBefore + 1, h.GetProperty("ties").GetArrayLength());
        Assert.Contains(h.GetProperty("ties").EnumerateArray(), t => t.GetProperty("relation").GetString() == "表叔");
        await ScreenshotAsync("workspace-household-ties");
        await _page.ClickAsync("#household-card li:has-text('表叔') button.link");
        await _view.WaitForAsync("#household-card li:has-text('表叔')", new PageWaitForSelectorOptions { State = WaitForSelectorState.Detached });
        h = (await server.GraphQLAsync(user, householdQuery, new { h = householdId })).GetProperty("household");
        Assert.Equal(tiesBefore, h.GetProperty("ties").GetArrayLength());

        // Delete a cell, then undo: the cell comes back with its name.
        await _page.ClickAsync("#cell-table tbody tr >> nth=1");
        await _page.ClickAsync("#tool-delete");
        await _page.ClickAsync("#confirm-yes"); // delete states its impact first (EverydayEditsTests)
        await WaitForLayerAsync("cells", before.Count - 1);
        var afterDelete = (await server.GraphQLAsync(user, cellsQuery, new { v = v.Code })).GetProperty("gridCells").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Equal(before.Count - 1, afterDelete.Count);
        await _page.ClickAsync("#tool-undo");
        await WaitForLayerAsync("cells", before.Count);
        var restored = (await server.GraphQLAsync(user, cellsQuery, new { v = v.Code })).GetProperty("gridCells").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Equal(before.Select(c => c.GetProperty("name").GetString()).OrderBy(n => n), restored.OrderBy(n => n));
    }

    private static async Task Eventually(Func<Task<bool>> condition, string message)
    {
        for (var i = 0; i < 50; i++)
        {
            if (await condition()) return;
            await Task.Delay(200);
        }
        Assert.Fail(message);
    }

    [Fact]
    public async Task Chinese_by_default_and_English_on_request()
    {
        await _page.GotoAsync("/login");
        Assert.Equal("登录", (await _page.InnerTextAsync("button[type=submit]")).Trim());
        await _page.ClickAsync("#lang-toggle");
        await _page.WaitForFunctionAsync("() => document.querySelector('button[type=submit]')?.textContent.trim() === 'Log in'");
        await _page.ClickAsync("#lang-toggle");
        await _page.WaitForFunctionAsync("() => document.querySelector('button[type=submit]')?.textContent.trim() === '登录'");
    }

    [Fact]
    public async Task GraphiQL_is_served_on_GET_graphql()
    {
        // The viewer leaves its token for GraphiQL's headers editor; a pasted one works the same way.
        var token = await server.TokenAsync("county");
        await _page.AddInitScriptAsync($"window.localStorage.setItem('gridgov.token', '{token}')");
        await _page.GotoAsync("/graphql");
        await _view.WaitForAsync(".graphiql-container");
        await _page.ClickAsync(".graphiql-execute-button");
        await _view.WaitForAsync(".graphiql-response >> text=COUNTY_LEADER");
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ViewerServer.ScreenshotDir, "graphiql.png") });
    }
}
