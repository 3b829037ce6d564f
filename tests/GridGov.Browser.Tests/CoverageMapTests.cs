using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Npgsql;

namespace GridGov.Browser.Tests;

/// <summary>
/// The county leader's coverage map: the linked/contacted switch and its legend, gap layers from the
/// API and the vector tiles, household-head search, and the village panel with its drill-down.
/// </summary>
[Collection(ViewerCollectionB.Name)]
public sealed class CoverageMapTests(ViewerServer server) : IAsyncLifetime
{
    private readonly ViewerPage _view = new(server);
    private IPage _page = default!;

    /// <summary>The sample's villages the other tests draw in or report on: these tests read elsewhere.</summary>
    private string[] TestVillages => [server.DrawVillage.Code, server.OverlapVillage.Code, server.ReportVillage.Code, server.EditVillage.Code];

    public async Task InitializeAsync()
    {
        // The basemap test replaces appsettings.json and the basemap tiles by routes (see ViewerPage.OpenAsync).
        await _view.OpenAsync(blockServiceWorkers: true);
        _page = _view.Page;
    }

    public Task DisposeAsync() => _view.CloseAsync();

    // ------------------------------------------------------------------ helpers

    private async Task OpenCoverageMapAsync()
    {
        await _page.GotoAsync("/login");
        await _page.FillAsync("#username", "county");
        await _page.FillAsync("#password", ViewerServer.Password);
        await _page.ClickAsync("button[type=submit]");
        await _page.WaitForURLAsync("**/coverage*");
        await _page.WaitForFunctionAsync("() => Number(document.getElementById('map')?.dataset.layerVillages || 0) > 0");
        await WaitForFiguresAsync();
        await _view.WaitForAsync("#focus-panel[data-level=COUNTY]");
        await WaitForRenderAsync();
    }

    /// <summary>Every township's share is known: the village figures are in and painted.</summary>
    private async Task WaitForFiguresAsync() =>
        await _page.WaitForFunctionAsync("() => document.querySelectorAll('#township-table tbody tr').length > 0 && [...document.querySelectorAll('#township-table tbody td:last-child')].every(td => !td.textContent.includes('…'))");

    /// <summary>Waits until the page and its map have finished reacting to whatever was just done (tiles included).</summary>
    private Task WaitForRenderAsync() => _view.SettleAsync();

    private Task<int> RenderedAsync(string layer) =>
        _page.EvaluateAsync<int>("async (l) => (await import('/lib/gridmap.js')).renderedCount('map', l)", layer);

    /// <summary>Polls until a layer draws at least one feature (tiles load asynchronously).</summary>
    private async Task<int> WaitForRenderedAsync(string layer)
    {
        await _page.WaitForFunctionAsync("async (l) => (await import('/lib/gridmap.js')).renderedCount('map', l) > 0", layer,
            new PageWaitForFunctionOptions { PollingInterval = 250 });
        return await RenderedAsync(layer);
    }

    private async Task<JsonElement> ViewStateAsync() =>
        await _page.EvaluateAsync<JsonElement>("async () => (await import('/lib/gridmap.js')).viewState('map')");

    private async Task<(float X, float Y)> MapPixelAsync(double lon, double lat)
    {
        var p = await _page.EvaluateAsync<double[]>("async ([x, y]) => (await import('/lib/gridmap.js')).pixelOf('map', x, y)", new[] { lon, lat });
        return ((float)p[0], (float)p[1]);
    }

    /// <summary>The colours the screen shows at these map pixels (a screenshot, decoded by the browser).</summary>
    private async Task<int[][]> ColoursAtAsync(IReadOnlyList<(float X, float Y)> pixels)
    {
        var png = await (await _page.QuerySelectorAsync("#map"))!.ScreenshotAsync();
        return await _page.EvaluateAsync<int[][]>("""
            async ([b64, points]) => {
              const img = new Image(); img.src = 'data:image/png;base64,' + b64; await img.decode();
              const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
              const g = c.getContext('2d'); g.drawImage(img, 0, 0);
              return points.map(([x, y]) => [...g.getImageData(Math.round(x), Math.round(y), 1, 1).data.slice(0, 3)]);
            }
            """, new object[] { Convert.ToBase64String(png), pixels.Select(p => new[] { (int)Math.Round(p.X), (int)Math.Round(p.Y) }).ToArray() });
    }

    /// <summary>#rrggbb at this alpha over the map background (#eef2f3): what a village fill looks like on screen.</summary>
    private static int[] OnBackground(string hex, double alpha)
    {
        int[] bg = [0xee, 0xf2, 0xf3];
        return [.. Enumerable.Range(0, 3).Select(i => (int)Math.Round(Convert.ToInt32(hex.Substring(1 + 2 * i, 2), 16) * alpha + bg[i] * (1 - alpha)))];
    }

    private static bool Near(int[] a, int[] b, int tolerance = 12) => a.Zip(b).All(p => Math.Abs(p.First - p.Second) <= tolerance);

    private Task ScreenshotAsync(string name) => _view.ScreenshotAsync(name);

    private sealed record Circle(string Code, string Name, double X, double Y, double R);

    /// <summary>Villages (not the other tests') by the size of their largest inscribed circle, biggest first.</summary>
    private async Task<List<Circle>> VillageCirclesAsync()
    {
        await using var conn = new NpgsqlConnection(server.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            SELECT a.code, a.name, ST_X(c.center), ST_Y(c.center), c.radius
            FROM areas a CROSS JOIN LATERAL ST_MaximumInscribedCircle(a.boundary) c
            WHERE a.level = 'village' AND a.code <> ALL(@v)
            ORDER BY c.radius DESC
            """, conn);
        cmd.Parameters.AddWithValue("v", TestVillages);
        var list = new List<Circle>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) list.Add(new Circle(r.GetString(0), r.GetString(1), r.GetDouble(2), r.GetDouble(3), r.GetDouble(4)));
        return list;
    }

    private sealed record LegendClass(double From, double Upto, string Color);

    private async Task<List<LegendClass>> LegendAsync() =>
        (await _page.EvaluateAsync<JsonElement>("() => [...document.querySelectorAll('#legend .legend-class')].map(e => [e.dataset.from, e.dataset.upto, e.dataset.color])"))
        .EnumerateArray().Select(e => new LegendClass(double.Parse(e[0].GetString()!, CultureInfo.InvariantCulture),
            double.Parse(e[1].GetString()!, CultureInfo.InvariantCulture), e[2].GetString()!)).ToList();

    private static string ColourOf(List<LegendClass> legend, double share) =>
        legend.First(c => share >= c.From && share < c.Upto).Color;

    private static string ChinaMonth(int monthsBack) =>
        DateTime.UtcNow.AddHours(8).AddMonths(-monthsBack).ToString("yyyy-MM", CultureInfo.InvariantCulture);

    // ------------------------------------------------------------------ tests

    [Fact]
    public async Task Contacted_share_switch_changes_the_legend_and_the_village_colours()
    {
        // Last month has the sample's declarations: contacted shares differ from village to village.
        var month = ChinaMonth(1);
        var data = await server.GraphQLAsync("county", "{ townships { code } }");
        var shares = new Dictionary<string, (double Linked, double Contacted)>();
        foreach (var t in data.GetProperty("townships").EnumerateArray())
        {
            var cov = await server.GraphQLAsync("county", "query($a: String!, $m: String) { coverage(areaCode: $a, month: $m) { children { areaCode linkedShare contactedShare } } }",
                new { a = t.GetProperty("code").GetString(), m = month });
            foreach (var c in cov.GetProperty("coverage").GetProperty("children").EnumerateArray())
                shares[c.GetProperty("areaCode").GetString()!] = (c.GetProperty("linkedShare").GetDouble(), c.GetProperty("contactedShare").GetDouble());
        }
        Assert.Contains(shares.Values, s => s.Contacted > 0);

        await OpenCoverageMapAsync();
        await _page.SelectOptionAsync("#month", month);
        await WaitForFiguresAsync();
        await WaitForRenderAsync();
        Assert.Equal("linked", await _page.GetAttributeAsync("#legend", "data-measure"));
        Assert.Contains("联系户覆盖率", await _page.InnerTextAsync("#legend strong"));
        var linkedLegend = await LegendAsync();

        await _page.SelectOptionAsync("#colour-by", "contacted");
        await _view.WaitForAsync("#legend[data-measure=contacted]");
        await WaitForRenderAsync();
        Assert.Contains("当月走访率", await _page.InnerTextAsync("#legend strong"));
        var contactedLegend = await LegendAsync();
        Assert.Equal(linkedLegend.Count, contactedLegend.Count);
        Assert.NotEqual(linkedLegend.Select(c => c.Color), contactedLegend.Select(c => c.Color));

        // A big village whose two shares fall in classes of different colours; five points well inside it.
        var village = (await VillageCirclesAsync()).First(v => shares.ContainsKey(v.Code)
            && ColourOf(linkedLegend, shares[v.Code].Linked) != ColourOf(contactedLegend, shares[v.Code].Contacted));
        var points = new List<(float, float)>();
        foreach (var (dx, dy) in new[] { (0.0, 0.0), (0.5, 0.0), (-0.5, 0.0), (0.0, 0.5), (0.0, -0.5) })
            points.Add(await MapPixelAsync(village.X + dx * village.R, village.Y + dy * village.R));

        var expectedContacted = OnBackground(ColourOf(contactedLegend, shares[village.Code].Contacted), 0.75);
        var seen = await ColoursAtAsync(points);
        Assert.True(seen.Count(c => Near(c, expectedContacted)) >= 3,
            $"{village.Name} should show its contacted-share colour {string.Join(",", expectedContacted)}; saw {string.Join(" ", seen.Select(c => string.Join(",", c)))}");
        await ScreenshotAsync("coverage-contacted-share");

        await _page.SelectOptionAsync("#colour-by", "linked");
        await _view.WaitForAsync("#legend[data-measure=linked]");
        await WaitForRenderAsync();
        var expectedLinked = OnBackground(ColourOf(linkedLegend, shares[village.Code].Linked), 0.75);
        Assert.False(Near(expectedLinked, expectedContacted));
        seen = await ColoursAtAsync(points);
        Assert.True(seen.Count(c => Near(c, expectedLinked)) >= 3,
            $"{village.Name} should show its linked-share colour {string.Join(",", expectedLinked)}; saw {string.Join(" ", seen.Select(c => string.Join(",", c)))}");
    }

    [Fact]
    public async Task Gap_layers_render_their_features_when_toggled()
    {
        // Make sure every gap exists in a village no other test uses: one member's home 5 km away
        // from their households (far links), one member over capacity, one household unlinked.
        var village = (await VillageCirclesAsync())[0].Code;
        await server.ExecAsync("""
            UPDATE party_members SET home = ST_Translate(home, 0.05, 0)
            WHERE id = (SELECT l.member_id FROM links l JOIN party_members m ON m.id = l.member_id
                        WHERE m.village_code = @v AND l.valid_to IS NULL ORDER BY l.member_id LIMIT 1);
            UPDATE party_members SET capacity = 1
            WHERE id = (SELECT l.member_id FROM links l JOIN party_members m ON m.id = l.member_id
                        WHERE m.village_code = @v AND l.valid_to IS NULL GROUP BY l.member_id HAVING count(*) >= 2 ORDER BY l.member_id DESC LIMIT 1);
            UPDATE links SET valid_to = now(), ended_by = 'test', end_reason = '测试'
            WHERE id = (SELECT l.id FROM links l JOIN households h ON h.id = l.household_id
                        WHERE h.village_code = @v AND l.valid_to IS NULL ORDER BY l.id DESC LIMIT 1);
            """, village);
        var county = await server.ScalarAsync<string>("SELECT code FROM areas WHERE level = 'county' LIMIT 1");
        var api = (await server.GraphQLAsync("county", """
            query($c: String!) { coverage(areaCode: $c) { households linkedHouseholds uncoveredAreaM2 farLinks { count } overloadedMembers { count } } }
            """, new { c = county })).GetProperty("coverage");
        var farLinks = api.GetProperty("farLinks").GetProperty("count").GetInt32();
        var overloaded = api.GetProperty("overloadedMembers").GetProperty("count").GetInt32();
        Assert.True(farLinks > 0 && overloaded > 0 && api.GetProperty("uncoveredAreaM2").GetDouble() > 0);
        Assert.True(api.GetProperty("households").GetInt32() > api.GetProperty("linkedHouseholds").GetInt32());

        await OpenCoverageMapAsync();
        foreach (var layer in new[] { "gaps", "unlinked", "farLinks", "overloaded" })
            Assert.Equal(0, await RenderedAsync(layer));

        // Uncovered area: county-wide vector tiles.
        await _page.CheckAsync("#gap-uncovered");
        await WaitForRenderAsync();
        Assert.True(await WaitForRenderedAsync("gaps") > 0);
        // Unlinked households at county zoom: one circle per village, labelled with its count, the counts adding
        // up to the county's; no carpet of houses. Closer in, the houses from the `unlinked` tiles.
        var unlinked = api.GetProperty("households").GetInt32() - api.GetProperty("linkedHouseholds").GetInt32();
        await _page.CheckAsync("#gap-unlinked");
        await WaitForRenderAsync();
        Assert.True(await WaitForRenderedAsync("unlinkedVillages") > 0);
        Assert.Equal(0, await RenderedAsync("unlinked"));
        var perVillage = await _page.EvaluateAsync<int>("""
            async () => Object.entries((await import('/lib/gridmap.js')).countBy('map', 'unlinkedVillages', 'label'))
              .reduce((sum, [label, n]) => sum + Number(label.replace(/[^0-9]/g, '')) * n, 0)
            """);
        Assert.Equal(unlinked, perVillage);
        Assert.Contains("各村未联系农户数", await _page.InnerTextAsync("#legend"));
        var house = (await server.GraphQLAsync("county", "{ households(unlinked: true, first: 1) { nodes { geometry } } }"))
            .GetProperty("households").GetProperty("nodes")[0].GetProperty("geometry").GetProperty("coordinates");
        var (hx, hy) = (house[0].GetDouble(), house[1].GetDouble());
        await _page.EvaluateAsync("async ([x, y]) => (await import('/lib/gridmap.js')).fit('map', [x - 0.003, y - 0.003, x + 0.003, y + 0.003], null, 15)", new[] { hx, hy });
        try
        {
            await _page.WaitForFunctionAsync("async () => (await import('/lib/gridmap.js')).renderedCount('map', 'unlinked') >= 1", null,
                new PageWaitForFunctionOptions { PollingInterval = 250, Timeout = ViewerServer.WaitTimeout });
        }
        catch (TimeoutException)
        {
            Assert.Fail("zoomed in at an unlinked household, the `unlinked` tiles drew none");
        }
        Assert.Equal(0, await RenderedAsync("unlinkedVillages"));
        await _page.ClickAsync("#zoom-home");
        await WaitForRenderAsync();
        // Far links and overloaded members of the area in focus (the county): as many as the API lists.
        await _page.CheckAsync("#gap-far-links");
        await _page.WaitForFunctionAsync("n => Number(document.getElementById('map').dataset.layerFarLinks) === n", Math.Min(farLinks, 1000));
        await _page.CheckAsync("#gap-overloaded");
        await _page.WaitForFunctionAsync("n => Number(document.getElementById('map').dataset.layerOverloaded) === n", Math.Min(overloaded, 1000));
        await WaitForRenderAsync();
        Assert.Equal(Math.Min(farLinks, 1000), await RenderedAsync("farLinks"));
        Assert.Equal(Math.Min(overloaded, 1000), await RenderedAsync("overloaded"));
        Assert.Contains("距离过远的联系", await _page.InnerTextAsync("#legend"));
        await ScreenshotAsync("coverage-gap-layers");

        // Off again: nothing of those layers is drawn.
        await _page.UncheckAsync("#gap-uncovered");
        await _page.UncheckAsync("#gap-far-links");
        await WaitForRenderAsync();
        Assert.Equal(0, await RenderedAsync("gaps"));
        Assert.Equal(0, await RenderedAsync("farLinks"));

        // Another month: the tiles are asked for again, as of that month (houses linked then, not now); closer
        // in, where the houses are drawn from tiles.
        await _page.EvaluateAsync("async ([x, y]) => (await import('/lib/gridmap.js')).fit('map', [x - 0.003, y - 0.003, x + 0.003, y + 0.003], null, 15)", new[] { hx, hy });
        await WaitForRenderAsync();
        var lastMonth = ChinaMonth(1);
        var asked = _page.WaitForRequestAsync(r => r.Url.Contains("/tiles/unlinked/") && r.Url.Contains("month=" + lastMonth));
        await _page.SelectOptionAsync("#month", lastMonth);
        Assert.Contains("month=" + lastMonth, (await asked).Url);
        await WaitForRenderAsync();
    }

    [Fact]
    public async Task Household_head_search_finds_a_known_household_and_zooms_there()
    {
        // A head whose name no other household has, outside the other tests' villages.
        await using var conn = new NpgsqlConnection(server.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            SELECT h.id, h.head_name, h.village_code, ST_X(h.location), ST_Y(h.location) FROM households h
            WHERE h.village_code <> ALL(@v) AND (SELECT count(*) FROM households o WHERE o.head_name LIKE '%' || h.head_name || '%') = 1
            ORDER BY h.id LIMIT 1
            """, conn);
        cmd.Parameters.AddWithValue("v", TestVillages);
        long id; string name, villageCode; double x, y;
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            Assert.True(await r.ReadAsync(), "no household with a unique head name");
            (id, name, villageCode, x, y) = (r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetDouble(3), r.GetDouble(4));
        }
        var villageName = await server.ScalarAsync<string>("SELECT name FROM areas WHERE code = @v", villageCode);

        await OpenCoverageMapAsync();
        await _page.FillAsync("#search", name);
        var hit = await _view.WaitForAsync($".result-household[data-id='{id}']");
        Assert.Equal(1, await _page.Locator(".result-household").CountAsync());
        Assert.Contains(villageName, await hit!.InnerTextAsync());
        await _page.ClickAsync($".result-household[data-id='{id}'] button");

        await _view.WaitForAsync($"#household-panel[data-id='{id}']");
        Assert.Contains(name, await _page.InnerTextAsync("#household-panel h3"));
        await _view.WaitForAsync("#focus-panel[data-level=VILLAGE]");
        Assert.Equal(villageName, (await _page.InnerTextAsync("#crumb-village")).Trim());
        await WaitForRenderAsync();
        var view = await ViewStateAsync();
        Assert.True(view.GetProperty("zoom").GetDouble() >= 16, $"zoom {view.GetProperty("zoom")}");
        var center = view.GetProperty("center");
        // The house is in the middle of the map: within a few metres (1e-4° ≈ 10 m).
        Assert.InRange(center[0].GetDouble(), x - 1e-4, x + 1e-4);
        Assert.InRange(center[1].GetDouble(), y - 1e-4, y + 1e-4);
        Assert.Equal(1, await RenderedAsync("search"));
        // The county-wide household tiles draw the houses around it at this zoom.
        Assert.True(await WaitForRenderedAsync("households") >= 1);
        await ScreenshotAsync("coverage-household-search");

        // Closed, then clicked on the map: the house of the vector tiles opens the same card.
        await _page.ClickAsync("#household-close");
        await _view.WaitForAsync("#household-panel", new PageWaitForSelectorOptions { State = WaitForSelectorState.Detached });
        Assert.Equal(0, await RenderedAsync("search"));
        var (hx, hy) = await MapPixelAsync(x, y);
        var hits = await _page.EvaluateAsync<JsonElement>("async ([x, y]) => (await import('/lib/gridmap.js')).hitsAtPixel('map', x, y)", new[] { (double)hx, (double)hy });
        Assert.Equal("households", hits[0].GetProperty("layer").GetString());
        Assert.Equal(id.ToString(CultureInfo.InvariantCulture), hits[0].GetProperty("id").GetString());
        await _page.Locator("#map").ClickAsync(new LocatorClickOptions { Position = new Position { X = hx, Y = hy } });
        await _view.WaitForAsync($"#household-panel[data-id='{id}']");
    }

    [Fact]
    public async Task Clicking_a_village_opens_the_panel_with_the_API_figures_and_drills_to_a_cell()
    {
        var village = (await VillageCirclesAsync()).Skip(1).First();
        await OpenCoverageMapAsync();
        var (px, py) = await MapPixelAsync(village.X, village.Y);
        await _page.Locator("#map").ClickAsync(new LocatorClickOptions { Position = new Position { X = px, Y = py } });
        var panel = $"#focus-panel[data-level=VILLAGE][data-code='{village.Code}']";
        await _view.WaitForAsync(panel);
        Assert.Equal(village.Name, (await _page.InnerTextAsync("#crumb-village")).Trim());

        var api = await server.GraphQLAsync("county", """
            query($v: String!) {
              coverage(areaCode: $v) { households linkedHouseholds contactedHouseholds householdsOutsideCells { count } cellsWithoutLeader { count }
                farLinks { count } overloadedMembers { count } staleVulnerableHouseholds { count } membersWithoutDeclaration { count }
                children { cellId households } }
              village(code: $v) { partyMembers(first: 0) { totalCount } } }
            """, new { v = village.Code });
        var c = api.GetProperty("coverage");
        var expected = new Dictionary<string, int>
        {
            ["fig-households"] = c.GetProperty("households").GetInt32(),
            ["fig-linked"] = c.GetProperty("linkedHouseholds").GetInt32(),
            ["fig-contacted"] = c.GetProperty("contactedHouseholds").GetInt32(),
            ["fig-members"] = api.GetProperty("village").GetProperty("partyMembers").GetProperty("totalCount").GetInt32(),
            ["fig-overloaded"] = c.GetProperty("overloadedMembers").GetProperty("count").GetInt32(),
            ["fig-far-links"] = c.GetProperty("farLinks").GetProperty("count").GetInt32(),
            ["fig-outside"] = c.GetProperty("householdsOutsideCells").GetProperty("count").GetInt32(),
            ["fig-no-leader"] = c.GetProperty("cellsWithoutLeader").GetProperty("count").GetInt32(),
            ["fig-stale"] = c.GetProperty("staleVulnerableHouseholds").GetProperty("count").GetInt32(),
            ["fig-no-declaration"] = c.GetProperty("membersWithoutDeclaration").GetProperty("count").GetInt32(),
        };
        Assert.True(expected["fig-households"] > 0 && expected["fig-members"] > 0);
        foreach (var (id, value) in expected)
        {
            var shown = await _page.GetAttributeAsync($"{panel} #{id}", "data-value");
            Assert.True(shown == value.ToString(CultureInfo.InvariantCulture), $"{id}: the panel shows {shown}, the API says {value}");
        }
        Assert.Contains(expected["fig-households"].ToString("N0", CultureInfo.InvariantCulture), await _page.InnerTextAsync("#fig-households"));

        // The chart has one bar per cell of the village; a bar drills to the cell, the crumbs lead back.
        var cells = c.GetProperty("children").EnumerateArray().ToList();
        Assert.NotEmpty(cells);
        Assert.Equal(cells.Count, await _page.Locator("#children-chart .chart-bar").CountAsync());
        await _page.WaitForFunctionAsync("() => Number(document.getElementById('map').dataset.layerCells || 0) > 0");
        Assert.Equal(cells.Count, int.Parse((await _page.GetAttributeAsync("#map", "data-layer-cells"))!, CultureInfo.InvariantCulture));
        await WaitForRenderAsync();
        await ScreenshotAsync("coverage-village-panel");

        var bar = _page.Locator("#children-chart .chart-bar").First;
        var cellId = (await bar.GetAttributeAsync("data-id"))!;
        await bar.ClickAsync();
        await _view.WaitForAsync($"#focus-panel[data-level=CELL][data-cell='{cellId}']");
        var cell = cells.Single(x => x.GetProperty("cellId").GetString() == cellId);
        Assert.Equal(cell.GetProperty("households").GetInt32().ToString(CultureInfo.InvariantCulture),
            await _page.GetAttributeAsync("#fig-households", "data-value"));
        await _view.WaitForAsync("#crumb-cell");
        await WaitForRenderAsync();
        await ScreenshotAsync("coverage-cell-panel");

        await _page.ClickAsync("#crumb-village");
        await _view.WaitForAsync(panel);
        await _page.ClickAsync("#crumb-root");
        await _view.WaitForAsync("#focus-panel[data-level=COUNTY]");
        Assert.Equal(0, await _page.Locator("#crumb-village").CountAsync());
    }

    [Fact]
    public async Task The_map_has_a_scale_bar_pointer_coordinates_zoom_home_and_an_optional_basemap()
    {
        // The basemap setting (wwwroot/appsettings.json, Map:XyzUrl) pointed at tiles this test serves.
        var basemapRequests = 0;
        await _page.RouteAsync("**/appsettings.json", r => r.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "application/json", Body = """{"Map": {"XyzUrl": "/basemap-test/{z}/{x}/{y}.png"}}""",
        }));
        // A 1×1 light-green PNG: every basemap tile.
        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGM48ewkAATxAngoviWEAAAAAElFTkSuQmCC");
        await _page.RouteAsync("**/basemap-test/**", r => { Interlocked.Increment(ref basemapRequests); return r.FulfillAsync(new RouteFulfillOptions { ContentType = "image/png", BodyBytes = png }); });

        await OpenCoverageMapAsync();
        Assert.True(basemapRequests > 0, "no basemap tile was requested");

        // Scale bar in metric units.
        var scale = await _page.InnerTextAsync("#map .ol-scale-line-inner");
        Assert.Matches(@"^\d+ (km|m)$", scale.Trim());

        // Pointer coordinates in WGS84 where the mouse is.
        var village = (await VillageCirclesAsync())[2];
        var (px, py) = await MapPixelAsync(village.X, village.Y);
        var box = (await (await _page.QuerySelectorAsync("#map"))!.BoundingBoxAsync())!;
        await _page.Mouse.MoveAsync((float)box.X + px, (float)box.Y + py, new MouseMoveOptions { Steps = 3 });
        await _page.WaitForFunctionAsync("() => document.querySelector('.gg-mouse-position')?.textContent.includes(',')");
        var shown = (await _page.InnerTextAsync(".gg-mouse-position")).Split(',').Select(t => double.Parse(t.Trim(), CultureInfo.InvariantCulture)).ToArray();
        var tolerance = (await ViewStateAsync()).GetProperty("extent") is var e ? (e[2].GetDouble() - e[0].GetDouble()) / box.Width * 2 : 0;
        Assert.InRange(shown[0], village.X - tolerance, village.X + tolerance);
        Assert.InRange(shown[1], village.Y - tolerance, village.Y + tolerance);

        // Zoom to my area: from a village back to the whole county.
        var county = (await server.GraphQLAsync("county", "{ county { bbox } }")).GetProperty("county").GetProperty("bbox").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        await _page.FillAsync("#search", village.Name);
        await _page.ClickAsync($".result-village[data-code='{village.Code}'] button");
        await _view.WaitForAsync($"#focus-panel[data-level=VILLAGE][data-code='{village.Code}']");
        var zoomedIn = (await ViewStateAsync()).GetProperty("extent");
        Assert.True(zoomedIn[2].GetDouble() - zoomedIn[0].GetDouble() < (county[2] - county[0]) / 3, "the search did not zoom to the village");
        await _page.ClickAsync("#zoom-home");
        await WaitForRenderAsync();
        var home = (await ViewStateAsync()).GetProperty("extent");
        Assert.True(home[0].GetDouble() <= county[0] && home[1].GetDouble() <= county[1] && home[2].GetDouble() >= county[2] && home[3].GetDouble() >= county[3],
            $"zoom to my area shows {home}, not the county {string.Join(",", county)}");
        await ScreenshotAsync("coverage-basemap-and-controls");
    }
}
