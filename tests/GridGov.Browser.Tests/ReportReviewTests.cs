using System.Text.Json;
using Microsoft.Playwright;
using Npgsql;

namespace GridGov.Browser.Tests;

/// <summary>
/// Issue 6, pages 4 and 5: the member's monthly report (map, summary, A4 print view) and the
/// activity-day review (queue with map previews, approve / return, the branch board). The sample's
/// running month has no declarations, so each test declares through the API what it needs.
/// </summary>
[Collection(ViewerCollectionB.Name)]
public sealed class ReportReviewTests(ViewerServer server) : IAsyncLifetime
{
    private readonly ViewerPage _view = new(server);
    private IPage _page = default!;

    public async Task InitializeAsync()
    {
        await _view.OpenAsync();
        _page = _view.Page;
    }

    public Task DisposeAsync() => _view.CloseAsync();

    // ------------------------------------------------------------------ data through the API

    /// <summary>Today and the running month in China time, as the API counts them.</summary>
    private static DateOnly Today => DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime);
    private static string Month(DateOnly d) => d.ToString("yyyy-MM");
    private static string CurrentMonth => Month(Today);
    private static string PreviousMonth => Month(Today.AddMonths(-1));

    /// <summary>The account of a member: the existing one (a secretary's or the sample's), else a new member account.</summary>
    private async Task<string> AccountOfAsync(string memberId)
    {
        await using var conn = new NpgsqlConnection(server.ConnectionString);
        await conn.OpenAsync();
        await using (var find = new NpgsqlCommand("SELECT username FROM users WHERE member_id = @m ORDER BY role = 'branch_secretary' DESC, id LIMIT 1", conn))
        {
            find.Parameters.AddWithValue("m", long.Parse(memberId));
            if (await find.ExecuteScalarAsync() is string existing) return existing;
        }
        // Same demo password as every sample account (copied hash).
        await using var insert = new NpgsqlCommand("""
            INSERT INTO users (username, display_name, password_hash, role, area_code, member_id, disabled, is_sample, created_at)
            SELECT 'member-' || m.id, p.name, (SELECT password_hash FROM users WHERE username = 'county'), 'party_member', m.village_code, m.id, false, true, now()
            FROM party_members m JOIN people p ON p.id = m.person_id WHERE m.id = @m
            RETURNING username
            """, conn);
        insert.Parameters.AddWithValue("m", long.Parse(memberId));
        return (string)(await insert.ExecuteScalarAsync())!;
    }

    /// <summary>Declares work for a household today; a position a few metres off the house, or none.</summary>
    private async Task<string> DeclareAsync(string account, JsonElement household, string category, string text, bool withLocation = true)
    {
        var c = household.GetProperty("geometry").GetProperty("coordinates");
        object? location = withLocation ? new { type = "Point", coordinates = new[] { c[0].GetDouble() + 0.0004, c[1].GetDouble() + 0.0002 } } : null;
        var data = await server.GraphQLAsync(account, "mutation($i: DeclarationInput!) { submitDeclaration(input: $i) { id status } }", new
        {
            i = new { householdId = household.GetProperty("id").GetString(), workDate = Today.ToString("yyyy-MM-dd"), category, text, location, accuracy = 8.0 },
        });
        Assert.Equal("SUBMITTED", data.GetProperty("submitDeclaration").GetProperty("status").GetString());
        return data.GetProperty("submitDeclaration").GetProperty("id").GetString()!;
    }

    private async Task<JsonElement> ReportAsync(string account, string memberId, string month) =>
        (await server.GraphQLAsync(account, """
            query($id: ID!, $m: String) { memberReport(memberId: $id, month: $m) {
              households { householdId contacted } declarations { id category status reviews { outcome reason } }
              byCategory { category total } } }
            """, new { id = memberId, m = month })).GetProperty("memberReport");

    /// <summary>Members of a village with their current households (id and house), most households first.</summary>
    private async Task<List<JsonElement>> MembersAsync(string villageCode) =>
        (await server.GraphQLAsync("sec-" + villageCode, "query($v: String!) { partyMembers(villageCode: $v, first: 500) { nodes { id name households { id headName geometry } } } }", new { v = villageCode }))
        .GetProperty("partyMembers").GetProperty("nodes").EnumerateArray()
        .OrderByDescending(m => m.GetProperty("households").GetArrayLength()).ThenBy(m => m.GetProperty("id").GetString()).ToList();

    /// <summary>Villages for the review tests: none of the fixture's, with a member (not the secretary) linked to two or more households.</summary>
    private async Task<List<(string Village, string MemberId, string? SecretaryMemberId)>> ReviewVillagesAsync()
    {
        await using var conn = new NpgsqlConnection(server.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            SELECT m.village_code, m.id, b.secretary_member_id
            FROM party_members m JOIN party_branches b ON b.village_code = m.village_code
            WHERE m.id IS DISTINCT FROM b.secretary_member_id AND NOT m.village_code = ANY(@fixture)
              AND (SELECT count(*) FROM links l WHERE l.member_id = m.id AND l.valid_to IS NULL) >= 2
            ORDER BY m.village_code, m.id
            """, conn);
        cmd.Parameters.AddWithValue("fixture", new[] { server.DrawVillage.Code, server.OverlapVillage.Code, server.ReportVillage.Code, server.EditVillage.Code });
        var list = new List<(string, string, string?)>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
            list.Add((r.GetString(0), r.GetInt64(1).ToString(), r.IsDBNull(2) ? null : r.GetInt64(2).ToString()));
        return list.DistinctBy(x => x.Item1).ToList();
    }

    // ------------------------------------------------------------------ the page

    private Task LoginAsync(string username, string landing) => _view.LoginAsync(username, landing);

    private Task WaitForLayerAsync(string layer, int? count = null, string mapId = "map") => _view.WaitForLayerAsync(layer, count, mapId);

    /// <summary>Features of a layer per value of a property, read from the map itself.</summary>
    private async Task<Dictionary<string, int>> CountByAsync(string layer, string property, string mapId = "map") =>
        await _page.EvaluateAsync<Dictionary<string, int>>("async ([id, l, p]) => (await import('/lib/gridmap.js')).countBy(id, l, p)", new[] { mapId, layer, property });

    private Task<double> InkShareAsync(IElementHandle element) => _view.InkShareAsync(element);

    private Task ScreenshotAsync(string name, bool fullPage = false, double minWidth = 600, double minHeight = 400) =>
        _view.ScreenshotAsync(name, fullPage, minWidth, minHeight);

    // ------------------------------------------------------------------ page 4: the member report

    [Fact]
    public async Task Member_report_for_a_month_shows_the_API_households_contacts_and_declarations_by_category()
    {
        var v = server.ReportVillage;
        var sec = "sec-" + v.Code;
        var member = (await MembersAsync(v.Code)).First();
        var memberId = member.GetProperty("id").GetString()!;
        var houses = member.GetProperty("households").EnumerateArray().ToList();
        Assert.True(houses.Count >= 2, "the report member needs two households");
        var account = await AccountOfAsync(memberId);
        // This month: two categories at the first house (one without a position), two at the second; one returned.
        await DeclareAsync(account, houses[0], "EDUCATION", "宣讲党的二十届四中全会精神");
        await DeclareAsync(account, houses[0], "MEDIATION", "调解宅基地纠纷", withLocation: false);
        await DeclareAsync(account, houses[1], "POLICY", "讲解医保缴费政策");
        var industry = await DeclareAsync(account, houses[1], "INDUSTRY", "联系茶叶收购");
        if (account != sec)
            await server.GraphQLAsync(sec, "mutation($id: ID!) { reviewDeclaration(id: $id, decision: RETURN, reason: \"请补充收购数量\") { status } }", new { id = industry });

        await LoginAsync(sec, "village");
        foreach (var month in new[] { CurrentMonth, PreviousMonth })
        {
            var api = await ReportAsync(sec, memberId, month);
            var households = api.GetProperty("households").GetArrayLength();
            var contacted = api.GetProperty("households").EnumerateArray().Count(h => h.GetProperty("contacted").GetBoolean());
            var byCategory = api.GetProperty("byCategory").EnumerateArray()
                .Where(c => c.GetProperty("total").GetInt32() > 0)
                .ToDictionary(c => c.GetProperty("category").GetString()!, c => c.GetProperty("total").GetInt32());
            var declarations = api.GetProperty("declarations").GetArrayLength();
            if (month == CurrentMonth)
            {
                // What the test declared: both houses contacted, four declarations in four categories.
                Assert.Equal(2, contacted);
                Assert.Equal(new Dictionary<string, int> { ["EDUCATION"] = 1, ["MEDIATION"] = 1, ["POLICY"] = 1, ["INDUSTRY"] = 1 }, byCategory);
                await _page.GotoAsync($"/report?member={memberId}&month={month}");
            }
            else
            {
                // Another month through the page's own month picker.
                await _page.SelectOptionAsync("#month", month);
            }
            await _page.WaitForFunctionAsync("m => document.getElementById('report')?.dataset.month === m", month);
            await WaitForLayerAsync("households", households);
            await WaitForLayerAsync("declarations", declarations);

            // The map: one marker per household of the month, contacted ones as the API says; one marker per declaration, by category.
            var contactedOnMap = await CountByAsync("households", "contacted");
            Assert.Equal(contacted, contactedOnMap.GetValueOrDefault("true"));
            Assert.Equal(households - contacted, contactedOnMap.GetValueOrDefault("false"));
            Assert.Equal(byCategory, await CountByAsync("declarations", "category"));
            // The card, the chart, the legend and the tables say the same.
            Assert.Equal(households.ToString(), await _page.GetAttributeAsync("#household-count", "data-value"));
            Assert.Equal(contacted.ToString(), await _page.GetAttributeAsync("#contacted-count", "data-value"));
            Assert.Equal(households, await _page.Locator("#household-table tbody tr").CountAsync());
            Assert.Equal(contacted, await _page.Locator("#household-table tbody tr[data-contacted=true]").CountAsync());
            foreach (var (category, n) in byCategory)
            {
                Assert.Equal(n.ToString(), await _page.GetAttributeAsync($"#category-chart g[data-category={category}]", "data-total"));
                Assert.Contains($"({n})", await _page.InnerTextAsync($"#report-legend [data-category={category}]"));
                Assert.Equal(n, await _page.Locator($"#declaration-table tbody tr[data-category={category}]").CountAsync());
            }
            await ScreenshotAsync(month == CurrentMonth ? "member-report-current-month" : "member-report-previous-month");
        }
    }

    [Fact]
    public async Task Print_view_on_A4_hides_the_navigation_and_keeps_the_map_and_tables()
    {
        // A member's own account (not a secretary's): the report opens on themself, with no member picker.
        var (village, memberId, _) = (await ReviewVillagesAsync())[2];
        var member = (await MembersAsync(village)).Single(m => m.GetProperty("id").GetString() == memberId);
        var account = await AccountOfAsync(memberId);
        await DeclareAsync(account, member.GetProperty("households")[0], "POLICY", "宣传防汛知识");
        var api = await ReportAsync(account, memberId, CurrentMonth);
        var households = api.GetProperty("households").GetArrayLength();

        // A member lands on the phone page (我的网格); the monthly report is one click away.
        await _view.LoginAtAsync(account, "/report");
        await WaitForLayerAsync("households", households);
        Assert.Equal(0, await _page.Locator("#member-select").CountAsync());
        Assert.Equal(memberId, await _page.GetAttributeAsync("#report", "data-member"));

        // Plain page printed (Ctrl+P): no navigation, no tools, the map sized to the page.
        await _page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        Assert.False(await _page.IsVisibleAsync(".topbar"));
        Assert.False(await _page.IsVisibleAsync(".toolbar"));
        Assert.True(await _page.IsVisibleAsync("#map"));
        await _page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Screen });

        // The print view: the A4 sheet on screen, then printed.
        await _page.ClickAsync("#print-view");
        await _page.WaitForURLAsync("**/report/print?*");
        await WaitForLayerAsync("households", households);
        await _view.WaitForAsync("#sheet-title");
        Assert.False(await _page.IsVisibleAsync(".topbar"));
        // The sheet already has the printed size, so the map drawn on screen is the one printed.
        var onScreen = (await (await _page.QuerySelectorAsync("#map"))!.BoundingBoxAsync())!;
        await _page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        await _view.SettleAsync();
        foreach (var hidden in new[] { ".topbar", ".toolbar", "#print", ".ol-zoom" })
            Assert.False(await _page.IsVisibleAsync(hidden), $"{hidden} shows in print");
        foreach (var shown in new[] { "#map", "#sheet-title", "#summary-card", "#category-chart", "#household-table", "#report-legend" })
            Assert.True(await _page.IsVisibleAsync(shown), $"{shown} is missing in print");
        Assert.Contains(member.GetProperty("name").GetString()!, await _page.InnerTextAsync("#sheet-title"));
        // 186 mm × 130 mm at 96 dpi: the width of A4 inside 12 mm margins.
        var map = (await (await _page.QuerySelectorAsync("#map"))!.BoundingBoxAsync())!;
        Assert.InRange(map.Width, 186 / 25.4 * 96 - 4, 186 / 25.4 * 96 + 4);
        Assert.InRange(map.Height, 130 / 25.4 * 96 - 4, 130 / 25.4 * 96 + 4);
        Assert.Equal(onScreen.Width, map.Width, 1.0);
        Assert.Equal(onScreen.Height, map.Height, 1.0);
        var table = (await (await _page.QuerySelectorAsync("#household-table"))!.BoundingBoxAsync())!;
        Assert.True(table.Y >= map.Y + map.Height, "the household table is not below the map");
        await ScreenshotAsync("member-report-print", fullPage: true);

        var pdf = await _page.PdfAsync(new PagePdfOptions { Format = "A4", PrintBackground = true, PreferCSSPageSize = true });
        await File.WriteAllBytesAsync(Path.Combine(ViewerServer.ScreenshotDir, "member-report-print.pdf"), pdf);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
        var pages = System.Text.RegularExpressions.Regex.Count(System.Text.Encoding.Latin1.GetString(pdf), @"/Type\s*/Page[^s]");
        Assert.InRange(pages, 1, 3);
        await _page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Screen });
    }

    // ------------------------------------------------------------------ page 5: the activity day

    [Fact]
    public async Task Secretary_approves_one_declaration_and_returns_another_with_a_reason()
    {
        var (village, memberId, secretaryMemberId) = (await ReviewVillagesAsync())[0];
        var sec = "sec-" + village;
        var members = await MembersAsync(village);
        var member = members.Single(m => m.GetProperty("id").GetString() == memberId);
        var account = await AccountOfAsync(memberId);
        var houses = member.GetProperty("households").EnumerateArray().ToList();
        var approve = await DeclareAsync(account, houses[0], "EDUCATION", "组织学习村规民约");
        var giveBack = await DeclareAsync(account, houses[1], "INDUSTRY", "指导种植食用菌", withLocation: false);
        // The secretary's own declaration sits in the same queue: nobody reviews their own.
        string? own = null;
        if (members.FirstOrDefault(m => m.GetProperty("id").GetString() == secretaryMemberId) is { ValueKind: JsonValueKind.Object } s
            && s.GetProperty("households").GetArrayLength() > 0)
            own = await DeclareAsync(sec, s.GetProperty("households")[0], "VISIT", "走访慰问");
        var queue = (await server.GraphQLAsync(sec, "query($v: String!) { reviewQueue(villageCode: $v) { id } }", new { v = village }))
            .GetProperty("reviewQueue").GetArrayLength();

        await _view.LoginAtAsync(sec, "/review");
        await _page.WaitForFunctionAsync("m => document.getElementById('review')?.dataset.month === m", CurrentMonth);
        Assert.Equal(queue, await _page.Locator("article.decl-card").CountAsync());
        await WaitForLayerAsync("declarations", queue);
        // Each card has its own map preview: the marker where the work was done and the house.
        await WaitForLayerAsync("decl", 1, "preview-" + approve);
        await WaitForLayerAsync("household", 1, "preview-" + approve);
        await WaitForLayerAsync("decl", 0, "preview-" + giveBack);
        await WaitForLayerAsync("household", 1, "preview-" + giveBack);
        Assert.True(await InkShareAsync((await _page.QuerySelectorAsync("#preview-" + approve))!) > 0.01, "the preview map is blank");
        if (own is not null)
        {
            Assert.Equal(0, await _page.Locator($"#decl-{own} button.approve").CountAsync());
            Assert.Equal(1, await _page.Locator($"#decl-{own} .own-declaration").CountAsync());
        }

        await _page.ClickAsync($"#decl-{approve} button.approve");
        await _page.ClickAsync($"#decl-{approve} .confirm-yes"); // each decision states what it does first (below)
        await _view.WaitForAsync($"#decl-{approve}[data-status=APPROVED]");
        await _page.FillAsync($"#decl-{giveBack} input.reason", "请补充种植面积和户主签字");
        await _page.ClickAsync($"#decl-{giveBack} button.return");
        await _page.ClickAsync($"#decl-{giveBack} .confirm-yes");
        await _view.WaitForAsync($"#decl-{giveBack}[data-status=RETURNED]");
        Assert.Contains("请补充种植面积和户主签字", await _page.InnerTextAsync($"#decl-{giveBack} .decl-status"));
        // The board follows: the member's row counts one approved and one returned declaration of the month.
        await _view.WaitForAsync($"#board-table tr[data-member=\"{memberId}\"][data-approved=\"1\"][data-returned=\"1\"]");
        // And the secretary rates the member for the month on the board.
        await _page.SelectOptionAsync($"#board-table tr[data-member=\"{memberId}\"] select.rating-select", "QUALIFIED");
        await ScreenshotAsync("activity-day-review");
        await _page.Locator("#board-table").ScrollIntoViewIfNeededAsync();
        await ScreenshotAsync("activity-day-board");

        var report = await ReportAsync(sec, memberId, CurrentMonth);
        var statuses = report.GetProperty("declarations").EnumerateArray().ToDictionary(d => d.GetProperty("id").GetString()!);
        Assert.Equal("APPROVED", statuses[approve].GetProperty("status").GetString());
        Assert.Equal("RETURNED", statuses[giveBack].GetProperty("status").GetString());
        Assert.Equal("请补充种植面积和户主签字", statuses[giveBack].GetProperty("reviews")[0].GetProperty("reason").GetString());
        var after = (await server.GraphQLAsync(sec, "query($v: String!) { reviewQueue(villageCode: $v) { id } branchBoard(villageCode: $v) { members { member { id } rating } } }", new { v = village }));
        var left = after.GetProperty("reviewQueue").EnumerateArray().Select(d => d.GetProperty("id").GetString()).ToList();
        Assert.DoesNotContain(approve, left);
        Assert.DoesNotContain(giveBack, left);
        if (own is not null) Assert.Contains(own, left);
        var rating = "";
        for (var i = 0; i < 40 && rating != "QUALIFIED"; i++)
        {
            if (i > 0) await Task.Delay(250);
            rating = (await server.GraphQLAsync(sec, "query($v: String!) { branchBoard(villageCode: $v) { members { member { id } rating } } }", new { v = village }))
                .GetProperty("branchBoard").GetProperty("members").EnumerateArray()
                .Single(m => m.GetProperty("member").GetProperty("id").GetString() == memberId).GetProperty("rating").ToString();
        }
        Assert.Equal("QUALIFIED", rating);
    }

    [Fact]
    public async Task Approving_and_returning_say_what_they_do_first_and_a_refused_return_keeps_its_reason()
    {
        var (village, memberId, _) = (await ReviewVillagesAsync())[2];
        var sec = "sec-" + village;
        var member = (await MembersAsync(village)).Single(m => m.GetProperty("id").GetString() == memberId);
        var account = await AccountOfAsync(memberId);
        var houses = member.GetProperty("households").EnumerateArray().ToList();
        var first = await DeclareAsync(account, houses[0], "POLICY", "宣讲医保缴费政策");
        var second = await DeclareAsync(account, houses[1], "INDUSTRY", "帮助联系茶叶收购");
        var name = member.GetProperty("name").GetString()!;

        await _view.LoginAtAsync(sec, "/review");
        await _view.WaitForAsync($"#decl-{first} button.approve");
        await WaitForLayerAsync("declarations");

        // 通过: the card says what approving does; 取消 leaves everything as it was.
        await _page.ClickAsync($"#decl-{first} button.approve");
        var text = await _page.InnerTextAsync($"#decl-{first} .confirm-text");
        foreach (var part in new[] { name, houses[0].GetProperty("headName").GetString()!, "政策宣传", "计入本月业绩", "不能再退回" })
            Assert.Contains(part, text);
        await ScreenshotAsync("review-confirm-approve");
        await _page.ClickAsync($"#decl-{first} .confirm-no");
        Assert.Equal(0, await _page.Locator($"#decl-{first} .confirm-text").CountAsync());
        Assert.Equal("SUBMITTED", await _page.GetAttributeAsync($"#decl-{first}", "data-status"));
        Assert.Equal("submitted", await server.ScalarAsync<string>("SELECT status FROM declarations WHERE id = @v::bigint", first));

        // 退回 with a reason: the confirmation repeats the reason. Meanwhile someone approves it elsewhere: the server
        // refuses the return, the card says so, and the typed reason is still there to use.
        await _page.FillAsync($"#decl-{second} input.reason", "请写明收购数量");
        await _page.ClickAsync($"#decl-{second} button.return");
        var returnText = await _page.InnerTextAsync($"#decl-{second} .confirm-text");
        Assert.Contains("请写明收购数量", returnText);
        Assert.Contains("重新提交", returnText);
        await server.GraphQLAsync(sec, "mutation($id: ID!) { reviewDeclaration(id: $id, decision: APPROVE) { status } }", new { id = second });
        await _page.ClickAsync($"#decl-{second} .confirm-yes");
        await _view.WaitForAsync($"#decl-{second} .card-error");
        Assert.Equal("请写明收购数量", await _page.InputValueAsync($"#decl-{second} input.reason"));
        Assert.Equal("approved", await server.ScalarAsync<string>("SELECT status FROM declarations WHERE id = @v::bigint", second));
        await ScreenshotAsync("review-return-refused");
    }

    [Fact]
    public async Task Returning_without_a_reason_shows_the_server_error_and_changes_nothing()
    {
        var (village, memberId, _) = (await ReviewVillagesAsync())[1];
        var sec = "sec-" + village;
        var member = (await MembersAsync(village)).Single(m => m.GetProperty("id").GetString() == memberId);
        var account = await AccountOfAsync(memberId);
        var id = await DeclareAsync(account, member.GetProperty("households")[0], "MEDIATION", "调解山林权属纠纷");

        await _view.LoginAtAsync(sec, "/review");
        await _view.WaitForAsync($"#decl-{id} button.return");
        await WaitForLayerAsync("declarations");
        await _page.ClickAsync($"#decl-{id} button.return");
        var error = await _view.WaitForAsync($"#decl-{id} .card-error");
        // The server's own validation message, in Chinese.
        Assert.Contains("退回申报时请说明原因", await error!.InnerTextAsync());
        Assert.Equal("SUBMITTED", await _page.GetAttributeAsync($"#decl-{id}", "data-status"));
        Assert.True(await _page.IsVisibleAsync($"#decl-{id} button.approve"), "the card lost its actions");
        await ScreenshotAsync("review-return-without-reason");

        var report = await ReportAsync(sec, memberId, CurrentMonth);
        var d = report.GetProperty("declarations").EnumerateArray().Single(x => x.GetProperty("id").GetString() == id);
        Assert.Equal("SUBMITTED", d.GetProperty("status").GetString());
        Assert.Equal(0, d.GetProperty("reviews").GetArrayLength());
        var queue = await server.GraphQLAsync(sec, "query($v: String!) { reviewQueue(villageCode: $v) { id } }", new { v = village });
        Assert.Contains(id, queue.GetProperty("reviewQueue").EnumerateArray().Select(x => x.GetProperty("id").GetString()));
    }
}
