using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace GridGov.Browser.Tests;

/// <summary>Issue 15 §9, the smaller items: each as a user meets it.</summary>
[Collection(ViewerCollectionB.Name)]
public sealed class ViewerSmallItemsTests(ViewerServer server) : IAsyncLifetime
{
    private readonly ViewerPage _view = new(server);
    private IPage Page => _view.Page;

    public Task InitializeAsync() => _view.OpenAsync();

    public Task DisposeAsync() => _view.CloseAsync();

    [Fact]
    public async Task The_viewer_has_a_favicon()
    {
        await Page.GotoAsync("/login");
        var href = await Page.GetAttributeAsync("link[rel=icon]", "href");
        Assert.False(string.IsNullOrEmpty(href));
        var res = await server.Http.GetAsync(server.BaseUrl + "/" + href);
        Assert.True(res.IsSuccessStatusCode);
        Assert.Equal("image/png", res.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Coverage_month_is_a_list_of_chinese_months_and_ranking_tooltips_are_chinese()
    {
        await _view.LoginAsync("county", "coverage");
        await _view.WaitForAsync("#focus-panel[data-level=COUNTY]:not(.loading)");
        // A list, not a browser month input: it cannot be cleared (「January 0001」) and speaks the UI's language.
        Assert.Equal("SELECT", await Page.EvalOnSelectorAsync<string>("#month", "e => e.tagName"));
        var labels = await Page.EvalOnSelectorAllAsync<string[]>("#month option", "os => os.map(o => o.textContent.trim())");
        Assert.True(labels.Length >= 12);
        Assert.All(labels, l => Assert.Matches(new Regex(@"^\d{4}年\d{1,2}月$"), l));

        await _view.WaitForAsync("#ranking-table tbody tr");
        var titles = await Page.EvalOnSelectorAllAsync<string[]>("#ranking-table tbody tr", "rs => rs.map(r => r.title)");
        Assert.All(titles, t =>
        {
            Assert.Contains("覆盖率", t);
            Assert.DoesNotMatch(new Regex("COVERAGE|CONTACT|REVIEW|CHECK_IN"), t);
        });
    }

    [Fact]
    public async Task A_leader_in_a_village_workspace_gets_no_drawing_tools()
    {
        var village = server.WorkspaceVillage.Code;
        await _view.LoginAtAsync("county", "/village?code=" + village);
        await _view.WaitForLayerAsync("cells");
        Assert.Equal(0, await Page.Locator("#tool-draw, #tool-modify, #tool-delete").CountAsync());
        Assert.Contains("只读", await Page.InnerTextAsync("#read-only"));
    }

    [Fact]
    public async Task Another_villages_report_says_it_is_outside_the_secretarys_area()
    {
        await _view.LoginAtAsync("sec-" + server.ReportVillage.Code, "/report?village=" + server.WorkspaceVillage.Code);
        await _view.WaitForAsync("#report-error");
        Assert.Contains("不在您的管辖范围内", await Page.InnerTextAsync("#report-error"));
        Assert.DoesNotContain("没有可选的党员", await Page.InnerTextAsync("aside"));
    }

    [Fact]
    public async Task A_click_on_a_house_while_drawing_adds_a_vertex_and_opens_no_card()
    {
        var village = server.WorkspaceVillage.Code;
        var user = "sec-" + village;
        var house = (await server.GraphQLAsync(user, "query($v: String!) { households(villageCode: $v, first: 1) { nodes { id geometry } } }", new { v = village }))
            .GetProperty("households").GetProperty("nodes")[0];
        var xy = house.GetProperty("geometry").GetProperty("coordinates");
        await _view.LoginAsync(user, "village");
        await _view.WaitForLayerAsync("households");
        var p = await Page.EvaluateAsync<double[]>("async ([x, y]) => (await import('/lib/gridmap.js')).pixelOf('map', x, y)", new[] { xy[0].GetDouble(), xy[1].GetDouble() });
        var at = new Position { X = (float)p[0], Y = (float)p[1] };

        // Not drawing: the click opens the card (the control case).
        await Page.Locator("#map").ClickAsync(new LocatorClickOptions { Position = at });
        await _view.WaitForAsync("#household-card");
        await Page.ClickAsync("#household-close");
        await _view.WaitForAsync("#household-card", new PageWaitForSelectorOptions { State = WaitForSelectorState.Detached });

        await Page.ClickAsync("#tool-draw");
        await Page.Locator("#map").ClickAsync(new LocatorClickOptions { Position = at });
        await _view.SettleAsync();
        Assert.Equal(0, await Page.Locator("#household-card").CountAsync());
        await Page.ClickAsync("#tool-cancel");
    }
}
