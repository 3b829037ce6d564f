using Microsoft.Playwright;

namespace GridGov.Browser.Tests;

/// <summary>The village workspace holds every household of a village, past the API's 500 a page.</summary>
[Collection(ViewerCollection.Name)]
public sealed class VillageWorkspaceTests(ViewerServer server) : IAsyncLifetime
{
    private readonly ViewerPage _view = new(server);

    public Task InitializeAsync() => _view.OpenAsync();

    public Task DisposeAsync() => _view.CloseAsync();

    [Fact]
    public async Task A_village_of_more_than_500_households_is_drawn_counted_and_searchable_in_full()
    {
        // The smallest village (no other test draws or reports there) gets 600 more houses inside its boundary.
        string[] others = [server.DrawVillage.Code, server.OverlapVillage.Code, server.ReportVillage.Code, server.EditVillage.Code, server.WorkspaceVillage.Code];
        var code = await server.ScalarAsync<string>("""
            SELECT code FROM areas WHERE level = 'village' AND code <> ALL(@v) ORDER BY ST_Area(boundary), code LIMIT 1
            """, others);
        await server.ExecAsync($"""
            INSERT INTO households (village_code, location, head_name, size, poverty_status, source)
            SELECT a.code, p.geom, '翻页户' || lpad(p.path[1]::text, 4, '0'), 3, 'none', 'synthetic'
            FROM areas a CROSS JOIN LATERAL ST_Dump(ST_GeneratePoints(a.boundary, 600, 14)) p
            WHERE a.code = '{code}'
            """);
        var total = (int)await server.ScalarAsync<long>("SELECT count(*) FROM households WHERE village_code = @v", code);
        Assert.True(total > 600);

        await _view.LoginAsync("sec-" + code, "village");
        var summary = _view.Page.Locator("aside p.muted", new() { HasTextRegex = new System.Text.RegularExpressions.Regex("已加载") });
        await summary.WaitForAsync();
        Assert.Contains($"已加载 {total}/{total} 户", await summary.InnerTextAsync());
        await _view.WaitForLayerAsync("households", total);

        // The last house added is on the second page: the search finds it all the same.
        await _view.Page.FillAsync("#search", "翻页户0600");
        var hit = _view.Page.Locator(".results li");
        await hit.First.WaitForAsync();
        Assert.Equal(1, await hit.CountAsync());
        Assert.Contains("翻页户0600", await hit.First.InnerTextAsync());
    }
}
