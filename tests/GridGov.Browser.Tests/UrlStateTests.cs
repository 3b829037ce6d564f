using System.Text.Json;
using Microsoft.Playwright;

namespace GridGov.Browser.Tests;

/// <summary>
/// Issue 15 item 7: what a page shows lives in its address — drill level, selection, month, measure, member —
/// so a reload, Back/Forward and a shared link show the same view, and Back after a drill never shows the login form.
/// </summary>
[Collection(ViewerCollection.Name)]
public sealed class UrlStateTests(ViewerServer server) : IAsyncLifetime
{
    private readonly ViewerPage _view = new(server);
    private IPage Page => _view.Page;

    public Task InitializeAsync() => _view.OpenAsync();

    public Task DisposeAsync() => _view.CloseAsync();

    private static string ChinaMonth(int monthsBack) =>
        DateTime.UtcNow.AddHours(8).AddMonths(-monthsBack).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The coverage view on screen: focus level and code, crumbs, measure and month.</summary>
    private async Task<string> CoverageStateAsync()
    {
        await _view.SettleAsync();
        return await Page.EvaluateAsync<string>("""
            () => {
              const p = document.querySelector('#focus-panel');
              const t = id => document.getElementById(id)?.textContent.trim() ?? '';
              return [p?.dataset.level, p?.dataset.code, t('crumb-township'), t('crumb-village'),
                      document.getElementById('legend')?.dataset.measure, document.getElementById('month')?.value].join('|');
            }
            """);
    }

    private Task WaitForFocusAsync(string level, string code) =>
        _view.WaitForAsync($"#focus-panel[data-level={level}][data-code='{code}']:not(.loading)");

    [Fact]
    public async Task Coverage_drill_month_and_measure_survive_reload_back_forward_and_a_shared_link()
    {
        var village = server.WorkspaceVillage.Code;
        var township = (await server.GraphQLAsync("county", "query($v: String!) { village(code: $v) { township { code } } }", new { v = village }))
            .GetProperty("village").GetProperty("township").GetProperty("code").GetString()!;
        var month = ChinaMonth(1);

        await _view.LoginAsync("county", "coverage");
        await _view.WaitForAsync("#focus-panel[data-level=COUNTY]:not(.loading)");
        var root = await CoverageStateAsync();

        // Drill: the township's row, then the village found by the search; then last month and 当月走访率.
        await Page.ClickAsync($"#township-table tbody tr:has-text('{await TownshipNameAsync(township)}')");
        await WaitForFocusAsync("TOWNSHIP", township);
        Assert.Contains("township=" + township, Page.Url);
        var atTownship = await CoverageStateAsync();
        await Page.FillAsync("#search", server.WorkspaceVillage.Name);
        await Page.ClickAsync($".result-village[data-code='{village}'] button");
        await WaitForFocusAsync("VILLAGE", village);
        await Page.SelectOptionAsync("#month", month);
        await Page.WaitForURLAsync($"**month={month}*");
        await Page.SelectOptionAsync("#colour-by", "contacted");
        await Page.WaitForURLAsync("**measure=contacted*");
        await WaitForFocusAsync("VILLAGE", village);
        var deep = await CoverageStateAsync();
        Assert.Equal($"VILLAGE|{village}", string.Join("|", deep.Split('|')[..2]));
        Assert.EndsWith($"|contacted|{month}", deep);
        var deepUrl = Page.Url;

        // Reload: the same view.
        await Page.ReloadAsync();
        await WaitForFocusAsync("VILLAGE", village);
        Assert.Equal(deep, await CoverageStateAsync());
        await _view.ScreenshotAsync("url-coverage-reloaded");

        // Back three times: measure, month, village undone — the township view; then the county, never the login form.
        for (var i = 0; i < 3; i++) await Page.GoBackAsync();
        await WaitForFocusAsync("TOWNSHIP", township);
        Assert.Equal(atTownship, await CoverageStateAsync());
        await Page.GoBackAsync();
        await _view.WaitForAsync("#focus-panel[data-level=COUNTY]:not(.loading)");
        Assert.Equal(root, await CoverageStateAsync());
        Assert.Equal(0, await Page.Locator("#username").CountAsync());

        // Forward: the township again.
        await Page.GoForwardAsync();
        await WaitForFocusAsync("TOWNSHIP", township);
        Assert.Equal(atTownship, await CoverageStateAsync());

        // A shared link opened in another tab shows the deep view.
        var other = await Page.Context.NewPageAsync();
        await other.GotoAsync(deepUrl);
        await other.WaitForSelectorAsync($"#focus-panel[data-level=VILLAGE][data-code='{village}']:not(.loading)");
        Assert.Equal(village, await other.GetAttributeAsync("#focus-panel", "data-code"));
        Assert.Equal("contacted", await other.GetAttributeAsync("#legend", "data-measure"));
        Assert.Equal(month, await other.InputValueAsync("#month"));
        await other.CloseAsync();
    }

    private async Task<string> TownshipNameAsync(string code) =>
        (await server.GraphQLAsync("county", "query($c: String!) { township(code: $c) { name } }", new { c = code }))
            .GetProperty("township").GetProperty("name").GetString()!;

    [Fact]
    public async Task Village_cell_and_household_selection_survive_reload_and_back()
    {
        var village = server.WorkspaceVillage.Code;
        await _view.LoginAsync("sec-" + village, "village");
        await _view.WaitForAsync("#cell-table tbody tr");
        var cell = (await Page.GetAttributeAsync("#cell-table tbody tr:nth-child(2)", "data-id"))!;
        await Page.ClickAsync("#cell-table tbody tr:nth-child(2)");
        await Page.WaitForURLAsync($"**cell={cell}*");

        var household = (await server.GraphQLAsync("sec-" + village, "query($v: String!) { households(villageCode: $v, first: 1) { nodes { id headName } } }", new { v = village }))
            .GetProperty("households").GetProperty("nodes")[0];
        var householdId = household.GetProperty("id").GetString()!;
        await Page.FillAsync("#search", household.GetProperty("headName").GetString()!);
        await Page.ClickAsync($".results li button:has-text('{household.GetProperty("headName").GetString()}')");
        await Page.WaitForURLAsync($"**household={householdId}*");
        await _view.WaitForAsync($"#household-card[data-id='{householdId}']");

        await Page.ReloadAsync();
        await _view.WaitForAsync($"#household-card[data-id='{householdId}']");
        await _view.WaitForAsync($"#cell-table tr.selected[data-id='{cell}']");
        await _view.ScreenshotAsync("url-village-reloaded");

        // Back: the card closes, the cell stays; Back again: nothing selected; never the login form.
        await Page.GoBackAsync();
        await _view.WaitForAsync("#household-card", new PageWaitForSelectorOptions { State = WaitForSelectorState.Detached });
        Assert.Equal(1, await Page.Locator($"#cell-table tr.selected[data-id='{cell}']").CountAsync());
        await Page.GoBackAsync();
        await _view.WaitForAsync("#cell-table tr.selected", new PageWaitForSelectorOptions { State = WaitForSelectorState.Detached });
        Assert.Equal(0, await Page.Locator("#username").CountAsync());
    }

    [Fact]
    public async Task A_link_opened_without_a_session_comes_back_after_login_and_only_to_the_viewer()
    {
        var village = server.WorkspaceVillage.Code;
        var link = $"/village/print?code={village}&size=A3";
        await Page.GotoAsync(link);
        await Page.WaitForURLAsync("**/login?return=*");
        await _view.SubmitLoginAsync("sec-" + village);
        await _view.WaitForAsync("#village-print[data-size=A3][data-ready=true]");
        Assert.Equal(link, new Uri(Page.Url).PathAndQuery);

        // A crafted return address to another site is not followed: the secretary lands in the own village.
        await Page.EvaluateAsync("() => localStorage.clear()");
        await Page.GotoAsync("/login?return=" + Uri.EscapeDataString("//example.com/village"));
        await _view.SubmitLoginAsync("sec-" + village);
        await Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/village");
        Assert.StartsWith(server.BaseUrl, Page.Url);
    }

    [Fact]
    public async Task Report_member_and_month_survive_reload_and_back()
    {
        var village = server.ReportVillage.Code;
        await _view.LoginAtAsync("sec-" + village, "/report");
        await Page.WaitForURLAsync("**/report?member=*");
        await Page.WaitForFunctionAsync("() => document.getElementById('report')?.dataset.member");
        var first = (await Page.GetAttributeAsync("#report", "data-member"))!;
        Assert.Contains($"member={first}", Page.Url);
        var members = await Page.EvalOnSelectorAllAsync<string[]>("#member-select option", "os => os.map(o => o.value)");
        var second = members.First(m => m != first);
        var month = ChinaMonth(1);

        await Page.SelectOptionAsync("#member-select", second);
        await Page.WaitForFunctionAsync("m => document.getElementById('report')?.dataset.member === m", second);
        await Page.SelectOptionAsync("#month", month);
        await Page.WaitForFunctionAsync("m => document.getElementById('report')?.dataset.month === m", month);
        Assert.Contains($"member={second}", Page.Url);
        Assert.Contains($"month={month}", Page.Url);

        await Page.ReloadAsync();
        await Page.WaitForFunctionAsync("([m, mo]) => document.getElementById('report')?.dataset.member === m && document.getElementById('report')?.dataset.month === mo",
            new[] { second, month });

        await Page.GoBackAsync();
        await Page.WaitForFunctionAsync("([m, mo]) => document.getElementById('report')?.dataset.member === m && document.getElementById('report')?.dataset.month === mo",
            new[] { second, ChinaMonth(0) });
        await Page.GoBackAsync();
        await Page.WaitForFunctionAsync("m => document.getElementById('report')?.dataset.member === m", first);
        Assert.Equal(0, await Page.Locator("#username").CountAsync());
    }
}
