using GridGov.Domain.Access;
using Microsoft.Playwright;

namespace GridGov.Browser.Tests;

/// <summary>
/// Issue 13, on a phone (390 px): the organisation department edits the cadre ranking's weights (a refused sum keeps what was
/// typed and stores nothing), and the county leader closes a quarter after a confirmation that states its impact.
/// </summary>
[Collection(ViewerCollectionB.Name)]
public sealed class AssessmentAdminPagesTests(ViewerServer server)
{
    private const string Admin = "zzb-weights";

    private async Task<IPage> PhoneAsync(string username)
    {
        var context = await PhoneContext.OpenAsync(server);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.FillAsync("#username", username);
        await page.FillAsync("#password", ViewerServer.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/login"));
        return page;
    }

    [Fact]
    public async Task The_organisation_department_edits_the_weights_and_a_refused_sum_keeps_what_was_typed()
    {
        await server.ExecAsync("""
            INSERT INTO users (username, display_name, password_hash, role, area_code, disabled, is_sample, created_at)
            VALUES ('zzb-weights', '组织部', @v, 'county_admin', '520625000000', false, false, now()) ON CONFLICT DO NOTHING
            """, PasswordHasher.Hash(ViewerServer.Password, iterations: 1000));
        await server.ExecAsync("DELETE FROM cadre_ranking_weights");
        try
        {
            var page = await PhoneAsync(Admin);
            await page.ClickAsync("#nav-weights");
            await page.WaitForSelectorAsync("#weights[data-ready=true]");
            string[] parts = ["checkIn", "workLog", "coverage", "contact", "pairingVisits", "manual"];
            async Task<string[]> Typed() => await Task.WhenAll(parts.Select(p => page.InputValueAsync("#w-" + p)));
            Assert.Equal(["25", "15", "15", "15", "10", "20"], await Typed());
            Assert.Equal("100 / 100", await page.InnerTextAsync("#weights-sum"));

            // 30 + the rest = 105: the sum shows it, the server refuses it in Chinese, the fields keep what was typed.
            await page.FillAsync("#w-checkIn", "30");
            Assert.Equal("105 / 100", await page.InnerTextAsync("#weights-sum"));
            await page.ClickAsync("#weights-save");
            var error = await page.WaitForSelectorAsync("#weights-error");
            Assert.Contains("合计为 105", await error!.InnerTextAsync());
            Assert.Equal(["30", "15", "15", "15", "10", "20"], await Typed());
            Assert.Equal(0L, await server.ScalarAsync<long>("SELECT count(*) FROM cadre_ranking_weights"));
            Assert.True(await page.EvaluateAsync<double>("() => document.documentElement.scrollWidth") <= 391);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ViewerServer.ScreenshotDir, "assessment-weights-refused-390.png"), FullPage = true });

            // Take 5 from the work log: 100, saved, and read back after a reload.
            await page.FillAsync("#w-workLog", "10");
            await page.ClickAsync("#weights-save");
            await page.WaitForSelectorAsync("#weights-saved");
            Assert.False(await page.IsVisibleAsync("#weights-error"));
            Assert.Equal("30 10 15 15 10 20", await server.ScalarAsync<string>(
                "SELECT concat_ws(' ', check_in, work_log, coverage, contact, pairing_visits, manual) FROM cadre_ranking_weights WHERE county_code = '520625000000'"));
            await page.ReloadAsync();
            await page.WaitForSelectorAsync("#weights[data-ready=true]");
            Assert.Equal(["30", "10", "15", "15", "10", "20"], await Typed());
            await page.Context.CloseAsync();

            // A county leader reads them, with nothing to edit.
            var leader = await PhoneAsync("county");
            await leader.GotoAsync("/assessment/weights");
            await leader.WaitForSelectorAsync("#weights[data-ready=true]");
            Assert.Equal("30", await leader.InnerTextAsync("#w-checkIn"));
            Assert.Equal(0, await leader.Locator("#weights-save, input.weight").CountAsync());
            await leader.Context.CloseAsync();
        }
        finally { await server.ExecAsync("DELETE FROM cadre_ranking_weights"); }
    }

    [Fact]
    public async Task The_county_leader_closes_a_quarter_after_a_confirmation_stating_its_impact()
    {
        // An ended quarter no other test closes: three before the running one (the page lists eight).
        var now = DateTime.UtcNow.AddHours(8);
        var running = new DateOnly(now.Year, (now.Month - 1) / 3 * 3 + 1, 1);
        var first = running.AddMonths(-9);
        var quarter = $"{first.Year}Q{(first.Month - 1) / 3 + 1}";
        var closedCount = $"SELECT count(*) FROM closed_quarters WHERE quarter = '{first:yyyy-MM-dd}'";
        Assert.Equal(0L, await server.ScalarAsync<long>(closedCount));
        var ranking = await server.GraphQLAsync("county", AssessmentQueriesForTests.Ranking, new { q = quarter });
        var poor = ranking.GetProperty("ranking").EnumerateArray()
            .Where(t => t.GetProperty("bottom").GetBoolean()).Select(t => t.GetProperty("name").GetString()!).ToList();
        Assert.NotEmpty(poor);

        var page = await PhoneAsync("county");
        await page.GotoAsync("/assessment");
        await page.WaitForSelectorAsync("#assessment[data-ready=true]");
        await page.SelectOptionAsync("#quarter", quarter);
        await page.WaitForSelectorAsync($"#assessment[data-quarter=\"{quarter}\"] #close-open");

        // The confirmation says what closing does: frozen grades, locked township scores, who goes on the escalation list.
        await page.ClickAsync("#close-open");
        var confirm = await page.WaitForSelectorAsync("#close-confirm");
        var text = await confirm!.InnerTextAsync();
        Assert.Contains("冻结", text);
        Assert.Contains("乡镇评分不能再录入或修改", text);
        Assert.Contains($"评为「差」的 {poor.Count} 个乡镇", text);
        Assert.All(poor, name => Assert.Contains(name, text));
        Assert.True(await page.EvaluateAsync<double>("() => document.documentElement.scrollWidth") <= 391);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ViewerServer.ScreenshotDir, "assessment-close-confirm-390.png"), FullPage = true });

        // Cancel keeps the quarter open.
        await page.ClickAsync("#close-confirm-no");
        await page.WaitForSelectorAsync("#close-open");
        Assert.Equal(0L, await server.ScalarAsync<long>(closedCount));

        // Confirm: kept once; the page shows the kept lists and the escalation, and no longer offers to close.
        await page.ClickAsync("#close-open");
        await page.ClickAsync("#close-confirm-yes");
        await page.WaitForSelectorAsync("#top-townships");
        Assert.Equal(1L, await server.ScalarAsync<long>(closedCount));
        Assert.Equal(0, await page.Locator("#close-quarter").CountAsync());
        var escalations = await page.InnerTextAsync("#escalations");
        Assert.All(poor, name => Assert.Contains(name, escalations));
        Assert.Contains("组织部长约谈", escalations);
        await page.Context.CloseAsync();
    }
}

/// <summary>The township ranking as the API gives it, to know which townships the confirmation must name.</summary>
internal static class AssessmentQueriesForTests
{
    public const string Ranking = "query($q: String!) { ranking(level: TOWNSHIP, quarter: $q) { name bottom } }";
}
