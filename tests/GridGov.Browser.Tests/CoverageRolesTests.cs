using System.Text.Json;
using Microsoft.Playwright;

namespace GridGov.Browser.Tests;

/// <summary>
/// Issue 15 item 1: the coverage map has its figures for every caller who opens it, on login and on reload —
/// a township leader (whose panel stayed 「加载中…」 and whose 当月走访率 map stayed grey), a branch secretary
/// (their village), and a party member (refused by the API: the page says so instead of waiting).
/// </summary>
[Collection(ViewerCollectionB.Name)]
public sealed class CoverageRolesTests(ViewerServer server) : IAsyncLifetime
{
    private readonly ViewerPage _view = new(server);
    private IPage Page => _view.Page;

    /// <summary>The no-data fill's colour (Palette.NoData #cfd8dc) as the map module's features carry it.</summary>
    private const string NoDataFill = "rgba(207,216,220,";

    public Task InitializeAsync() => _view.OpenAsync();

    public Task DisposeAsync() => _view.CloseAsync();

    /// <summary>Waits until every village on the map has a colour from figures (none in the no-data grey); returns the villages drawn.</summary>
    private async Task<int> WaitForColouredVillagesAsync()
    {
        await Page.WaitForFunctionAsync("""
            async (noData) => {
              const c = (await import('/lib/gridmap.js')).countBy('map', 'villages', 'fill');
              const keys = Object.keys(c);
              return keys.length > 0 && keys.every(k => k !== 'undefined' && !k.startsWith(noData));
            }
            """, NoDataFill, new PageWaitForFunctionOptions { PollingInterval = 250 });
        var counts = await Page.EvaluateAsync<Dictionary<string, int>>("async () => (await import('/lib/gridmap.js')).countBy('map', 'villages', 'fill')");
        return counts.Values.Sum();
    }

    /// <summary>The focus panel's figures (data-value) by element id.</summary>
    private async Task<Dictionary<string, int>> PanelFiguresAsync() => new()
    {
        ["households"] = int.Parse((await Page.GetAttributeAsync("#fig-households", "data-value"))!),
        ["linked"] = int.Parse((await Page.GetAttributeAsync("#fig-linked", "data-value"))!),
        ["contacted"] = int.Parse((await Page.GetAttributeAsync("#fig-contacted", "data-value"))!),
    };

    private async Task<Dictionary<string, int>> ApiFiguresAsync(string user, string area, string month)
    {
        var c = (await server.GraphQLAsync(user, "query($a: String!, $m: String) { coverage(areaCode: $a, month: $m) { households linkedHouseholds contactedHouseholds children { areaCode } } }",
            new { a = area, m = month })).GetProperty("coverage");
        return new()
        {
            ["households"] = c.GetProperty("households").GetInt32(),
            ["linked"] = c.GetProperty("linkedHouseholds").GetInt32(),
            ["contacted"] = c.GetProperty("contactedHouseholds").GetInt32(),
            ["children"] = c.GetProperty("children").GetArrayLength(),
        };
    }

    private static string ChinaMonth(int monthsBack) =>
        DateTime.UtcNow.AddHours(8).AddMonths(-monthsBack).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_township_leader_gets_figures_and_a_coloured_contacted_map_on_login_and_on_reload()
    {
        // The township with the most villages in the small sample.
        var township = await server.ScalarAsync<string>("""
            SELECT t.code FROM areas t WHERE t.level = 'township'
            ORDER BY (SELECT count(*) FROM areas v WHERE v.level = 'village' AND v.parent_code = t.code) DESC, t.code LIMIT 1
            """);
        var user = "town-" + township;
        var api = await ApiFiguresAsync(user, township, ChinaMonth(0));
        Assert.True(api["households"] > 0);

        await _view.LoginAsync(user, "coverage");
        for (var pass = 0; pass < 2; pass++)
        {
            await _view.WaitForAsync($"#focus-panel[data-level=TOWNSHIP][data-code='{township}']:not(.loading)");
            var panel = await PanelFiguresAsync();
            Assert.Equal(api["households"], panel["households"]);
            Assert.Equal(api["linked"], panel["linked"]);
            Assert.Equal(api["contacted"], panel["contacted"]);
            Assert.Equal(0, await Page.Locator("#focus-loading").CountAsync());
            Assert.Equal(api["children"], await WaitForColouredVillagesAsync());

            // 当月走访率: the map is coloured by the contacted share, not left grey.
            await Page.SelectOptionAsync("#colour-by", "contacted");
            await _view.WaitForAsync("#legend[data-measure=contacted]");
            Assert.Equal(api["children"], await WaitForColouredVillagesAsync());
            Assert.DoesNotContain("…", await Page.InnerTextAsync("#township-table tbody"));
            await _view.SettleAsync();
            await _view.ScreenshotAsync(pass == 0 ? "coverage-township-leader" : "coverage-township-leader-reloaded");

            // Reload: the same figures again (the measure is in the address: switch back first so the switch is exercised again).
            await Page.SelectOptionAsync("#colour-by", "linked");
            await _view.WaitForAsync("#legend[data-measure=linked]");
            if (pass == 0) await Page.ReloadAsync();
        }
    }

    [Fact]
    public async Task A_secretary_opening_the_coverage_map_gets_their_village_figures()
    {
        var village = server.WorkspaceVillage.Code;
        var user = "sec-" + village;
        var api = await ApiFiguresAsync(user, village, ChinaMonth(0));
        await _view.LoginAtAsync(user, "/coverage");
        await _view.WaitForAsync($"#focus-panel[data-level=VILLAGE][data-code='{village}']:not(.loading)");
        var panel = await PanelFiguresAsync();
        Assert.Equal(api["households"], panel["households"]);
        Assert.Equal(api["linked"], panel["linked"]);
        Assert.Equal(1, await WaitForColouredVillagesAsync());
        // Their cells are drawn, as many as the API has.
        await _view.WaitForLayerAsync("cells", api["children"]);
        Assert.Equal(0, await Page.Locator("#focus-loading").CountAsync());
        await _view.ScreenshotAsync("coverage-secretary");
    }

    [Fact]
    public async Task A_member_opening_the_coverage_map_is_told_it_is_not_for_them_instead_of_waiting()
    {
        var user = await server.ScalarAsync<string>("SELECT username FROM users WHERE role = 'party_member' ORDER BY username LIMIT 1");
        await _view.LoginAtAsync(user, "/coverage");
        await _view.WaitForAsync("#coverage-not-for-role");
        await _view.WaitForLayerAsync("villages");
        await _view.SettleAsync();
        Assert.Equal(0, await Page.Locator("#focus-loading").CountAsync());
        Assert.Equal(0, await Page.Locator("[role=alert]").CountAsync());
    }
}
