using Microsoft.Playwright;

namespace GridGov.Browser.Tests;

/// <summary>
/// Issue 13, 季度考核 for the county leader, on a desktop and at 390 px: the cadre ranking, a township graded 「差」 twice in a
/// row facing 县委书记约谈 (kept results of two closed quarters written here), a row drilling to the map, Excel, print.
/// </summary>
[Collection(ViewerCollectionB.Name)]
public sealed class AssessmentPageTests(ViewerServer server)
{
    /// <summary>The quarter the page opens on (the last ended one) and the one before, as YYYYQn and first days.</summary>
    private static (string Name, string First)[] LastQuarters()
    {
        var now = DateTime.UtcNow.AddHours(8);
        var first = new DateOnly(now.Year, (now.Month - 1) / 3 * 3 + 1, 1);
        return [.. new[] { first.AddMonths(-3), first.AddMonths(-6) }.Select(q => ($"{q.Year}Q{(q.Month - 1) / 3 + 1}", q.ToString("yyyy-MM-dd")))];
    }

    private async Task<string> MadeUpPoorTownshipAsync()
    {
        var town = await server.ScalarAsync<string>("SELECT code FROM areas WHERE level = 'township' ORDER BY code DESC LIMIT 1");
        foreach (var (_, first) in LastQuarters())
            await server.ExecAsync($"""
                INSERT INTO closed_quarters VALUES ('520625000000', '{first}', 'county', now()) ON CONFLICT DO NOTHING;
                INSERT INTO township_quarter_results VALUES ('520625000000', '{first}', '{town}', 17, 40.5, true) ON CONFLICT DO NOTHING;
                """);
        return town;
    }

    [Theory]
    [InlineData(1280, 800)]
    [InlineData(390, 844)]
    public async Task The_county_leader_sees_the_cadre_ranking_and_the_escalation_and_drills_to_the_map(int width, int height)
    {
        var town = await MadeUpPoorTownshipAsync();
        var townName = await server.ScalarAsync<string>("SELECT name FROM areas WHERE code = @v", town);
        await using var context = await server.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height }, Locale = "zh-CN", BaseURL = server.BaseUrl, AcceptDownloads = true,
        });
        context.SetDefaultTimeout(ViewerServer.WaitTimeout);
        await PageSettle.InstallAsync(context);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.FillAsync("#username", "county");
        await page.FillAsync("#password", ViewerServer.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/coverage*");
        await page.GotoAsync("/assessment");
        await page.WaitForSelectorAsync("#assessment[data-ready=true]");
        Assert.Equal(LastQuarters()[0].Name, await page.InputValueAsync("#quarter"));

        // The ranking lists the sample's first secretaries, ranks never decreasing, each grade in Chinese.
        var ranks = await page.Locator("#cadre-ranking tr td:first-child").AllInnerTextsAsync();
        Assert.NotEmpty(ranks);
        Assert.Equal(ranks.Select(int.Parse).Order(), ranks.Select(int.Parse));
        var grades = await page.Locator("#cadre-ranking tr td:nth-child(6)").AllInnerTextsAsync();
        Assert.All(grades, g => Assert.Contains(g, new[] { "优秀", "合格", "基本合格", "差" }));

        // The made-up township: 差 twice in a row → 县委书记约谈, with its history.
        var row = page.Locator("#escalations tr", new() { HasText = townName });
        Assert.Contains("县委书记约谈", await row.InnerTextAsync());
        Assert.Equal("2", await row.Locator("td:nth-child(3)").InnerTextAsync());
        Assert.Equal(2, await row.Locator(".history span.poor").CountAsync());

        // Nothing wider than the screen: wide tables scroll inside their own box.
        Assert.True(await page.EvaluateAsync<double>("() => document.documentElement.scrollWidth") <= width + 1);

        // Excel of the ranking, fetched with the token: an xlsx (a zip) named after the county and quarter.
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#excel-cadre-ranking"));
        Assert.EndsWith(".xlsx", download.SuggestedFilename);
        Assert.Contains("第一书记季度考核排名表", download.SuggestedFilename);
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.Equal("PK"u8.ToArray(), bytes[..2]);

        // Print: the navigation and buttons go, the tables stay.
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        Assert.False(await page.IsVisibleAsync("#print"));
        Assert.True(await page.IsVisibleAsync("#cadre-ranking table"));
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Screen });

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ViewerServer.ScreenshotDir, $"assessment-{width}.png"), FullPage = true });

        // The township drills to the coverage map of that township.
        await row.Locator("a").ClickAsync();
        await page.WaitForURLAsync($"**/coverage?township={town}*");
    }

    [Fact]
    public async Task A_township_leader_on_a_phone_scores_a_cadre_and_records_the_monthly_dispatch()
    {
        var (cadreId, village) = (await server.ScalarAsync<string>(
            "SELECT id || ' ' || village_code FROM cadres WHERE kind = 'first_secretary' AND assigned_to IS NULL ORDER BY village_code DESC, id LIMIT 1")).Split(' ') switch
            { var p => (long.Parse(p[0]), p[1]) };
        await using var context = await PhoneContext.OpenAsync(server);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.FillAsync("#username", "town-" + village[..9] + "000");
        await page.FillAsync("#password", ViewerServer.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/coverage*");
        await page.GotoAsync("/assessment");
        await page.WaitForSelectorAsync("#assessment[data-ready=true]");

        // The running quarter is open: the township's score goes in from the ranking's row.
        var running = (await page.Locator("#quarter option").AllInnerTextsAsync())[0];
        await page.SelectOptionAsync("#quarter", running);
        var input = page.Locator($"input.manual-score[data-cadre=\"{cadreId}\"]");
        await input.FillAsync("88");
        await input.DispatchEventAsync("change");
        await page.WaitForSelectorAsync($"#cadre-ranking[data-saved=\"{cadreId}\"], #assessment .error");
        Assert.False(await page.IsVisibleAsync("#assessment .error"), await page.InnerTextAsync("#assessment"));
        // The running quarter's score (the sample's townships scored the last ended one).
        Assert.Equal(88.0, await server.ScalarAsync<double>($"SELECT score FROM cadre_manual_scores WHERE cadre_id = {cadreId} AND quarter = date_trunc('quarter', now() AT TIME ZONE 'Asia/Shanghai')::date"));

        // 每月调度: date (today), the cadre present, notes and follow-ups → listed once, stored once.
        var notes = "调度会：部署冬季走访 " + Guid.NewGuid().ToString("N")[..6];
        await page.Locator($".dispatch-cadre").First.CheckAsync();
        await page.FillAsync("#dispatch-notes", notes);
        await page.FillAsync("#dispatch-follow-ups", "走访监测户");
        await page.ClickAsync("#dispatch-save");
        await page.WaitForSelectorAsync($"#dispatches article:has-text(\"{notes}\")");
        Assert.Equal(1L, await server.ScalarAsync<long>("SELECT count(*) FROM monthly_dispatches WHERE notes = @v", notes));
        Assert.True(await page.EvaluateAsync<double>("() => document.documentElement.scrollWidth") <= 391);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ViewerServer.ScreenshotDir, "assessment-township-390.png"), FullPage = true });
    }
}
