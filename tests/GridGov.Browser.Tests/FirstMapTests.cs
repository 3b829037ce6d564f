using System.Net.Http.Json;
using Microsoft.Playwright;

namespace GridGov.Browser.Tests;

/// <summary>
/// The coverage page's first map is drawn before .NET has started (GET viewer/first-map, js/gridmap.js boot()),
/// and the page adopts it: one map, the same layers, clickable as the page's own.
/// </summary>
[Collection(ViewerCollectionB.Name)]
public sealed class FirstMapTests(ViewerServer server) : IAsyncLifetime
{
    private IBrowserContext _context = default!;

    public async Task InitializeAsync()
    {
        _context = await server.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1366, Height = 768 }, Locale = "zh-CN", BaseURL = server.BaseUrl,
        });
        _context.SetDefaultTimeout(ViewerServer.WaitTimeout);
        await PageSettle.InstallAsync(_context);
        // A county leader's stored session, as after a login: a full load of /coverage.
        var res = await server.Http.PostAsJsonAsync(server.BaseUrl + "/auth/token", new { username = "county", password = ViewerServer.Password });
        res.EnsureSuccessStatusCode();
        var session = await res.Content.ReadAsStringAsync();
        await _context.AddInitScriptAsync($"window.localStorage.setItem('gridgov.session', {System.Text.Json.JsonSerializer.Serialize(session)})");
    }

    public async Task DisposeAsync() => await _context.CloseAsync();

    private async Task<int> VillageCountAsync() =>
        (await server.GraphQLAsync("county", "{ villages(first: 1000) { code } }")).GetProperty("villages").GetArrayLength();

    [Fact]
    public async Task The_first_map_is_drawn_without_NET()
    {
        var villages = await VillageCountAsync();
        var page = await _context.NewPageAsync();
        // .NET never starts: what shows is the first map alone.
        await page.RouteAsync("**/_framework/blazor.webassembly*.js", r => r.AbortAsync());
        await page.GotoAsync("/coverage");
        await page.WaitForFunctionAsync("(n) => { const m = document.querySelector('.gg-first-map'); return m && Number(m.dataset.layerVillages) === n && Number(m.dataset.renders || 0) > 0; }", villages);
        Assert.Equal(0, await page.Locator(".topbar").CountAsync());
        // Coloured by this month's figures before .NET has started: no village waits for its share.
        Assert.Equal("0", await page.EvalOnSelectorAsync<string>(".gg-first-map", "m => m.dataset.nodataVillages"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ViewerServer.ScreenshotDir, "first-map-before-dotnet.png") });
        var share = await ViewerPage.InkShareAsync(page, (await page.QuerySelectorAsync(".gg-first-map"))!);
        Assert.True(share > 0.02, $"the first map is blank ({share:P2} non-background pixels)");
    }

    [Fact]
    public async Task The_page_adopts_the_first_map_and_its_villages_stay_clickable()
    {
        var villages = await VillageCountAsync();
        var page = await _context.NewPageAsync();
        var firstMaps = 0;
        page.Response += (_, r) => { if (r.Url.Contains("/viewer/first-map") && r.Status == 200) firstMaps++; };
        await page.GotoAsync("/coverage");
        await page.WaitForSelectorAsync(".topbar");
        await page.WaitForFunctionAsync("(n) => { const m = document.getElementById('map'); return m && Number(m.dataset.layerVillages) === n && Number(m.dataset.renders || 0) > 0; }", villages);
        Assert.Equal(1, firstMaps);
        // One map on the page, in the page's own element; the first map's overlay is gone.
        Assert.Equal(0, await page.Locator(".gg-first-map").CountAsync());
        Assert.Equal(1, await page.Locator(".ol-viewport").CountAsync());
        Assert.Equal(1, await page.Locator("#map .ol-viewport").CountAsync());
        // A click on a village (the adopted layer) reaches the page: that village's panel opens.
        await PageSettle.SettleAsync(page);
        var v = server.ReportVillage;
        var box = (await page.Locator("#map").BoundingBoxAsync())!;
        var pixel = await page.EvaluateAsync<double[]>("async ([x, y]) => (await import('./lib/gridmap.js')).pixelOf('map', x, y)", new[] { v.X, v.Y });
        await page.Mouse.ClickAsync(box.X + (float)pixel[0], box.Y + (float)pixel[1]);
        await page.WaitForSelectorAsync($"#focus-panel[data-level=VILLAGE][data-code='{v.Code}']");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ViewerServer.ScreenshotDir, "first-map-adopted.png") });
    }

    /// <summary>
    /// Figures arrive township by township and each repaints the county: the page recolours the adopted villages in place
    /// instead of sending and parsing every boundary again (0.7 MB a paint on the sample county).
    /// </summary>
    [Fact]
    public async Task Figures_recolour_the_adopted_villages_without_sending_their_boundaries_again()
    {
        var villages = await VillageCountAsync();
        var page = await _context.NewPageAsync();
        await page.GotoAsync("/coverage");
        // Every village coloured by its share: no fill is Palette.NoData's (#cfd8dc at the area alpha) any more.
        const string noData = "rgba(207,216,220,0.75)";
        await page.WaitForFunctionAsync("async ([n, grey]) => { let c; try { c = (await import('./lib/gridmap.js')).countBy('map', 'villages', 'fill'); } catch { return false; }" +
            " return Object.values(c).reduce((a, b) => a + b, 0) === n && !(grey in c) && Object.keys(c).length >= 2; }", new object[] { villages, noData });
        // The page's own figures all in (each township's answer is painted before the table shows it).
        await page.WaitForFunctionAsync("() => { const tds = [...document.querySelectorAll('#township-table tbody td:last-child')];" +
            " return tds.length > 0 && tds.every(td => !td.textContent.includes('…')); }");
        await PageSettle.SettleAsync(page);
        var data = await page.EvalOnSelectorAsync<Dictionary<string, string>>("#map", "m => ({ ...m.dataset })");
        Assert.Equal(villages.ToString(System.Globalization.CultureInfo.InvariantCulture), data["layerVillages"]);
        Assert.Equal("0", data["nodataVillages"]);
        // The first map's layer was adopted and then only restyled: the page's map never had its villages replaced. On a
        // loaded machine the app can render the page before the first map's answer comes (a full run failed so, once):
        // then nothing is adopted, the page sets each layer once, and its figures' paints must still only restyle it.
        var once = data.ContainsKey("adoptedFirstMap") ? 0 : 1;
        Assert.True(int.Parse(data.GetValueOrDefault("setsVillages", "0")) == once,
            $"the villages layer was replaced {data.GetValueOrDefault("setsVillages")} time(s), adopted: {once == 0}");
        Assert.True(int.Parse(data.GetValueOrDefault("setsTownships", "0")) == once,
            $"the townships layer was replaced {data.GetValueOrDefault("setsTownships")} time(s), adopted: {once == 0}");
    }
}
