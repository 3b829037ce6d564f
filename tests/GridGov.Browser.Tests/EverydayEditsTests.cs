using Microsoft.Playwright;
using static GridGov.Browser.Tests.ForgivingDrawingTests;

namespace GridGov.Browser.Tests;

/// <summary>Issue #15, everyday edits on the village page: rename a cell, relink a household by hand, delete with the impact stated.</summary>
[Collection(ViewerCollection.Name)]
public sealed class EverydayEditsTests(ViewerServer server) : IAsyncLifetime
{
    private readonly ViewerPage _view = new(server);
    private IPage Page => _view.Page;

    public Task InitializeAsync() => _view.OpenAsync();

    public Task DisposeAsync() => _view.CloseAsync();

    [Fact]
    public async Task Secretary_renames_a_cell_a_taken_name_is_refused_and_delete_first_says_how_many_households_lose_their_cell()
    {
        var v = await VillageAsync(server, 2);
        var cells = await RowsAsync(server, $"""
            SELECT c.id, c.name, (SELECT count(*) FROM households h WHERE h.cell_id = c.id AND h.ended_at IS NULL)
            FROM grid_cells c WHERE c.village_code = '{v.Code}' ORDER BY c.id LIMIT 2
            """);
        var (id, original, other) = (cells[0][0].ToString()!, (string)cells[0][1], (string)cells[1][1]);
        var households = (long)cells[0][2];
        var total = (int)await server.ScalarAsync<long>($"SELECT count(*) FROM grid_cells WHERE village_code = '{v.Code}'");

        await _view.LoginAsync("sec-" + v.Code, "village");
        await _view.WaitForLayerAsync("cells", total);
        await Page.ClickAsync($"#cell-table tbody tr[data-id='{id}']");
        await Page.FillAsync("#cell-rename", "东片网格改名");
        await Page.ClickAsync("#rename-cell");
        await _view.WaitForAsync($"#cell-table tbody tr[data-id='{id}'] >> text=东片网格改名");
        Assert.Equal("东片网格改名", await server.ScalarAsync<string>($"SELECT name FROM grid_cells WHERE id = {id}"));

        // Undo and redo survive a reload: they are kept on the server.
        await Page.ReloadAsync();
        await _view.WaitForLayerAsync("cells", total);
        await Page.WaitForFunctionAsync("() => !document.querySelector('#tool-undo').disabled");
        Assert.Equal("撤销：修改网格「东片网格改名」", await Page.GetAttributeAsync("#tool-undo", "title"));
        await Page.ClickAsync("#tool-undo");
        await _view.WaitForAsync($"#cell-table tbody tr[data-id='{id}'] >> text={original}");
        Assert.Equal(original, await server.ScalarAsync<string>($"SELECT name FROM grid_cells WHERE id = {id}"));
        await Page.WaitForFunctionAsync("() => !document.querySelector('#tool-redo').disabled");
        await Page.ClickAsync("#tool-redo");
        await _view.WaitForAsync($"#cell-table tbody tr[data-id='{id}'] >> text=东片网格改名");
        Assert.Equal("东片网格改名", await server.ScalarAsync<string>($"SELECT name FROM grid_cells WHERE id = {id}"));

        await Page.FillAsync("#cell-rename", other);
        await Page.ClickAsync("#rename-cell");
        var error = await _view.WaitForAsync("#map-error");
        Assert.Contains($"已有名为「{other}」", await error!.InnerTextAsync());
        Assert.Equal("东片网格改名", await server.ScalarAsync<string>($"SELECT name FROM grid_cells WHERE id = {id}"));

        // Delete asks first, with the households that will lie in no cell; 取消 changes nothing.
        await Page.ClickAsync("#tool-delete");
        Assert.Equal($"将删除网格「东片网格改名」，{households} 户将无网格。", await Page.InnerTextAsync("#confirm-text"));
        await Page.ClickAsync("#confirm-no");
        await Page.Locator("#confirm").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        Assert.Equal(1L, await server.ScalarAsync<long>($"SELECT count(*) FROM grid_cells WHERE id = {id}"));
        await Page.ClickAsync("#tool-delete");
        await Page.ClickAsync("#confirm-yes");
        await _view.WaitForLayerAsync("cells", total - 1);
        Assert.Equal(0L, await server.ScalarAsync<long>($"SELECT count(*) FROM grid_cells WHERE id = {id}"));
    }

    [Fact]
    public async Task Secretary_relinks_a_household_by_hand_and_a_full_member_needs_an_explicit_over_capacity()
    {
        var v = await VillageAsync(server, 3);
        // A linked household and another active member of the village who does not live in it.
        var pick = (await RowsAsync(server, $"""
            SELECT h.id, l.member_id, m.id, p.name,
                   (SELECT count(*) FROM links x WHERE x.member_id = m.id AND x.valid_to IS NULL)
            FROM households h JOIN links l ON l.household_id = h.id AND l.valid_to IS NULL
            JOIN party_members m ON m.village_code = h.village_code AND m.id <> l.member_id AND m.status = 'active'
            JOIN people p ON p.id = m.person_id AND p.household_id IS DISTINCT FROM h.id
            WHERE h.village_code = '{v.Code}' AND h.ended_at IS NULL
            ORDER BY h.id, m.id LIMIT 1
            """)).Single();
        var (household, member, memberName, load) = (pick[0].ToString()!, pick[2].ToString()!, (string)pick[3], (long)pick[4]);
        // The member is full: as many households as the capacity allows.
        await server.ExecAsync($"UPDATE party_members SET capacity = {load} WHERE id = {member}");

        await _view.LoginAtAsync("sec-" + v.Code, $"/village?household={household}");
        await _view.WaitForAsync($"#household-card[data-id='{household}']");
        await Page.SelectOptionAsync("#relink-member", member);
        var warning = await _view.WaitForAsync("#relink-capacity");
        Assert.Contains($"已联系 {load} 户，达到上限 {load} 户", await warning!.InnerTextAsync());
        Assert.True(await Page.IsDisabledAsync("#relink-button"));
        await Page.CheckAsync("#relink-over");
        Assert.True(await Page.IsEnabledAsync("#relink-button"));
        await Page.ClickAsync("#relink-button");
        await Page.Locator("#household-card p", new() { HasText = memberName }).First.WaitForAsync();
        await _view.SettleAsync();

        Assert.Null(await Page.QuerySelectorAsync("#map-error"));
        Assert.Equal(long.Parse(member), await server.ScalarAsync<long>($"SELECT member_id FROM links WHERE household_id = {household} AND valid_to IS NULL"));
        Assert.Equal(1L, await server.ScalarAsync<long>($"SELECT count(*) FROM links WHERE household_id = {household} AND member_id = {pick[1]} AND end_reason = '支部书记手动改派'"));
    }

    [Fact]
    public async Task Accepting_a_proposal_that_unlinks_households_first_states_how_many_and_the_coverage_change()
    {
        var v = await VillageAsync(server, 4);
        // Every member may look after one household: the engine has to unlink most of the village.
        await server.ExecAsync($"UPDATE party_members SET capacity = 1 WHERE village_code = '{v.Code}'");
        const string linked = "SELECT count(*) FROM links l JOIN households h ON h.id = l.household_id WHERE h.village_code = '{0}' AND l.valid_to IS NULL";
        var before = await server.ScalarAsync<long>(string.Format(linked, v.Code));

        await _view.LoginAsync("sec-" + v.Code, "village");
        await _view.WaitForLayerAsync("village", 1);
        await Page.ClickAsync("#propose");
        await _view.WaitForAsync("#proposal-accept");
        await Page.ClickAsync("#proposal-accept");
        var text = await (await _view.WaitForAsync("#proposal-confirm-text"))!.InnerTextAsync();
        var m = System.Text.RegularExpressions.Regex.Match(text, @"^将解除 (\d+) 户联系，新增 \d+ 户、调整 \d+ 户，覆盖率 (\d+)% → (\d+)%");
        Assert.True(m.Success, text);
        Assert.True(int.Parse(m.Groups[1].Value) > 0, text);
        Assert.True(int.Parse(m.Groups[3].Value) < int.Parse(m.Groups[2].Value), text);

        // 取消 applies nothing; 确定 applies it.
        await Page.ClickAsync("#proposal-confirm-no");
        await Page.Locator("#proposal-confirm").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        Assert.Equal(before, await server.ScalarAsync<long>(string.Format(linked, v.Code)));
        await Page.ClickAsync("#proposal-accept");
        await Page.ClickAsync("#proposal-confirm-yes");
        await _view.WaitForAsync("#proposal-status.status-applied");
        Assert.True(await server.ScalarAsync<long>(string.Format(linked, v.Code)) < before);
    }
}
