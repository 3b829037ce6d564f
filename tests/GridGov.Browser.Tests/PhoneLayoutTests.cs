using System.Text.Json;
using Microsoft.Playwright;

namespace GridGov.Browser.Tests;

/// <summary>
/// Issue 15 item 4: every workspace page is usable from a 390×844 phone to a 1366×768 desktop — the map keeps
/// most of the width, the header fits (退出 reachable), nothing scrolls sideways, controls are big enough to
/// tap, and on a phone the side panel is a sheet under the map that folds away.
/// </summary>
[Collection(ViewerCollectionB.Name)]
public sealed class PhoneLayoutTests(ViewerServer server) : IAsyncLifetime
{
    private readonly ViewerPage _view = new(server);
    private IPage Page => _view.Page;

    public Task InitializeAsync() => _view.OpenAsync();

    public Task DisposeAsync() => _view.CloseAsync();

    private sealed record Box(string Name, double Left, double Right, double Top, double Bottom, double Height);

    private sealed record Layout(double Width, double Height, double ScrollWidth, Box Map, Box Header, Box[] HeaderControls, Box[] ToolbarControls);

    private async Task<Layout> LayoutAsync()
    {
        var json = await Page.EvaluateAsync<JsonElement>("""
            () => {
              const box = (e, name) => { const r = e.getBoundingClientRect(); return { name: name ?? (e.id || e.textContent.trim()), left: r.left, right: r.right, top: r.top, bottom: r.bottom, height: r.height }; };
              const shown = e => e.offsetParent !== null && getComputedStyle(e).visibility !== 'hidden';
              return {
                width: innerWidth, height: innerHeight, scrollWidth: document.documentElement.scrollWidth,
                map: box(document.getElementById('map'), 'map'), header: box(document.querySelector('.topbar'), 'header'),
                headerControls: [...document.querySelectorAll('.topbar a, .topbar button')].filter(shown).map(e => box(e)),
                toolbarControls: [...document.querySelectorAll('.toolbar button, .toolbar select, .toolbar input')].filter(shown).map(e => box(e)),
              };
            }
            """);
        return json.Deserialize<Layout>(new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    /// <summary>The checks at one size; on a phone also folds the sheet away and back.</summary>
    private async Task CheckAsync(string page, int width)
    {
        await _view.SettleAsync();
        var phone = width < 600;
        var l = await LayoutAsync();
        Assert.True(l.ScrollWidth <= l.Width, $"{page} @{width}: the page scrolls sideways ({l.ScrollWidth} > {l.Width})");
        Assert.True(l.Map.Right - l.Map.Left >= (phone ? 0.9 * width : 600), $"{page} @{width}: the map is {l.Map.Right - l.Map.Left} px wide");
        Assert.True(l.Map.Height >= (phone ? 240 : 400), $"{page} @{width}: the map is {l.Map.Height} px tall");
        Assert.True(l.Header.Height <= (phone ? 0.2 : 0.1) * l.Height, $"{page} @{width}: the header is {l.Header.Height} px tall");
        Assert.Contains(l.HeaderControls, c => c.Name == "logout");
        foreach (var c in l.HeaderControls.Concat(l.ToolbarControls))
        {
            Assert.True(c.Left >= 0 && c.Right <= width + 0.5 && c.Top >= 0 && c.Bottom <= l.Height, $"{page} @{width}: {c.Name} is outside the screen ({c.Left}–{c.Right}, {c.Top}–{c.Bottom})");
            if (phone) Assert.True(c.Height >= 32, $"{page} @{width}: {c.Name} is {c.Height} px tall, too small to tap");
        }
        await _view.ScreenshotAsync($"layout-{page}-{width}", minWidth: phone ? 0.9 * width - 1 : 600, minHeight: phone ? 200 : 400);

        var toggle = Page.Locator("#sheet-toggle");
        if (!phone)
        {
            Assert.False(await toggle.IsVisibleAsync(), $"{page} @{width}: the sheet toggle shows on a wide screen");
            return;
        }
        await toggle.ClickAsync();
        await _view.WaitForAsync(".workspace.sheet-closed");
        await _view.SettleAsync();
        var folded = await LayoutAsync();
        Assert.True(folded.Map.Height > l.Map.Height + 150, $"{page}: folding the sheet gave the map {folded.Map.Height - l.Map.Height} px");
        await _view.ScreenshotAsync($"layout-{page}-{width}-folded", minWidth: 0.9 * width - 1, minHeight: 400);
        await toggle.ClickAsync();
        await _view.WaitForAsync(".workspace:not(.sheet-closed)");
    }

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1366, 768)]
    public async Task A_leaders_coverage_map_fits_the_screen(int width, int height)
    {
        await Page.SetViewportSizeAsync(width, height);
        await _view.LoginAsync("county", "coverage");
        await _view.WaitForAsync("#focus-panel[data-level=COUNTY]:not(.loading)");
        await CheckAsync("coverage", width);
    }

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1366, 768)]
    public async Task A_secretarys_village_report_and_review_pages_fit_the_screen(int width, int height)
    {
        await Page.SetViewportSizeAsync(width, height);
        var village = server.WorkspaceVillage.Code;
        await _view.LoginAsync("sec-" + village, "village");
        await _view.WaitForLayerAsync("households");
        await CheckAsync("village", width);

        await Page.ClickAsync("a[href=report]");
        await Page.WaitForFunctionAsync("() => document.getElementById('report')?.dataset.member");
        await _view.WaitForLayerAsync("households");
        await CheckAsync("report", width);

        await Page.ClickAsync("a[href=review]");
        await _view.WaitForLayerAsync("context");
        await CheckAsync("review", width);
    }
}
