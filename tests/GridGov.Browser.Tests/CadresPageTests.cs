using System.Net.Http.Json;
using System.Text.Json;
using GridGov.Domain.Access;
using Microsoft.Playwright;

namespace GridGov.Browser.Tests;

/// <summary>
/// Issue 13, the county organisation department's /cadres page at 1366×768 and 390×844: a new 包村干部 with a one-time
/// password that logs in, a second village, a refused duplicate posting that keeps the chosen village, the end of a
/// posting, revoked sessions; a refused new cadre keeps what was typed.
/// </summary>
[Collection(ViewerCollectionB.Name)]
public sealed class CadresPageTests(ViewerServer server)
{
    private const string Admin = "zzb-cadres";

    private async Task<IPage> OpenAsync(int width, int height)
    {
        await server.ExecAsync("""
            INSERT INTO users (username, display_name, password_hash, role, area_code, disabled, is_sample, created_at)
            VALUES ('zzb-cadres', '组织部', @v, 'county_admin', '520625000000', false, false, now()) ON CONFLICT DO NOTHING
            """, PasswordHasher.Hash(ViewerServer.Password, iterations: 1000));
        var context = await server.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height }, Locale = "zh-CN", BaseURL = server.BaseUrl,
        });
        context.SetDefaultTimeout(ViewerServer.WaitTimeout);
        await PageSettle.InstallAsync(context);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.FillAsync("#username", Admin);
        await page.FillAsync("#password", ViewerServer.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/login"));
        await page.ClickAsync("#nav-cadres");
        await page.WaitForSelectorAsync("#cadres[data-ready=true]");
        return page;
    }

    /// <summary>Two villages no other browser test uses and no cadre serves.</summary>
    private async Task<string[]> VillagesAsync()
    {
        var fixture = new[] { server.DrawVillage.Code, server.OverlapVillage.Code, server.ReportVillage.Code, server.EditVillage.Code, server.WorkspaceVillage.Code };
        var codes = await server.ScalarAsync<string>("""
            SELECT string_agg(code, ' ') FROM (SELECT code FROM areas WHERE level = 'village' AND NOT code = ANY(@v)
              AND NOT EXISTS (SELECT 1 FROM cadre_postings p WHERE p.village_code = areas.code) ORDER BY code DESC LIMIT 2) v
            """, fixture);
        return codes.Split(' ');
    }

    [Fact]
    public async Task The_organisation_department_creates_a_cadre_posts_ends_and_revokes_and_refusals_keep_what_was_typed()
    {
        var villages = await VillagesAsync();
        var name = "包村测试" + Random.Shared.Next(1000, 9999);
        var page = await OpenAsync(1366, 768);

        // A bad phone: refused in Chinese, the form keeps the name and the phone as typed, nothing stored.
        await page.ClickAsync("#create summary");
        await page.FillAsync("#new-name", name);
        await page.SelectOptionAsync("#new-kind", "LIAISON_CADRE");
        await page.SelectOptionAsync("#new-rank", "GENERAL");
        await page.FillAsync("#new-phone", "12345");
        await page.SelectOptionAsync("#new-village", villages[0]);
        await page.ClickAsync("#create-submit");
        var error = await page.WaitForSelectorAsync("#create-error");
        Assert.Contains("手机", await error!.InnerTextAsync());
        Assert.Equal(name, await page.InputValueAsync("#new-name"));
        Assert.Equal("12345", await page.InputValueAsync("#new-phone"));
        Assert.Equal(villages[0], await page.InputValueAsync("#new-village"));
        Assert.Equal(0L, await server.ScalarAsync<long>("SELECT count(*) FROM people WHERE name = @v", name));

        // Fixed: created, the one-time password shown once, and it logs in.
        await page.FillAsync("#new-phone", "13900002222");
        await page.ClickAsync("#create-submit");
        await page.WaitForSelectorAsync("#new-login");
        var username = await page.InnerTextAsync("#new-username");
        var password = await page.InnerTextAsync("#new-password");
        var id = await server.ScalarAsync<long>("SELECT c.id FROM cadres c JOIN people p ON p.id = c.person_id WHERE p.name = @v", name);
        Assert.Equal($"cadre-{id}", username);
        var login = await server.Http.PostAsJsonAsync(server.BaseUrl + "/auth/token", new { username, password });
        Assert.True(login.IsSuccessStatusCode, await login.Content.ReadAsStringAsync());
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        var row = $"li.cadre-row[data-cadre=\"{id}\"]";
        Assert.Contains("13900002222", await page.InnerTextAsync(row)); // the organisation department reads it in full
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ViewerServer.ScreenshotDir, "cadres-created-1366.png") });

        // A second village.
        await page.SelectOptionAsync($"#post-village-{id}", villages[1]);
        await page.ClickAsync($"{row} .post-submit");
        await page.WaitForSelectorAsync($"{row} .posting[data-village=\"{villages[1]}\"]");

        // The same village again: refused by the posting rule, the choice stays, nothing stored.
        await page.SelectOptionAsync($"#post-village-{id}", villages[1]);
        await page.ClickAsync($"{row} .post-submit");
        var refused = await page.WaitForSelectorAsync($"{row} .row-error");
        Assert.Contains("不能重复安排", await refused!.InnerTextAsync());
        Assert.Equal(villages[1], await page.InputValueAsync($"#post-village-{id}"));
        Assert.Equal(2L, await server.ScalarAsync<long>($"SELECT count(*) FROM cadre_postings WHERE cadre_id = {id}"));

        // End the second posting: today is its last day; the chip says so and offers no second end.
        await page.ClickAsync($"{row} .posting[data-village=\"{villages[1]}\"] .end-posting");
        await page.WaitForSelectorAsync($"{row} .posting[data-village=\"{villages[1]}\"]:not(:has(.end-posting))");
        Assert.Equal(1L, await server.ScalarAsync<long>($"SELECT count(*) FROM cadre_postings WHERE cadre_id = {id} AND to_day IS NOT NULL"));

        // Revoke: the token the cadre holds stops working.
        await page.ClickAsync($"{row} .revoke");
        // The notice of the step before (结束) is still on screen: wait for the revoke's own.
        await page.WaitForSelectorAsync("#cadres-notice:has-text('已注销')");
        using var req = new HttpRequestMessage(HttpMethod.Post, server.BaseUrl + "/graphql") { Content = JsonContent.Create(new { query = "{ me { username } }" }) };
        req.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await server.Http.SendAsync(req)).StatusCode);

        // A forgotten password: 重置密码 shows a new one once; the old one no longer logs in, the new one does.
        Assert.Equal("重置密码", (await page.InnerTextAsync($"{row} .issue-password")).Trim());
        await page.ClickAsync($"{row} .issue-password");
        await page.WaitForFunctionAsync("p => { const e = document.getElementById('new-password'); return e && e.textContent.trim() !== p; }", password);
        var reset = (await page.InnerTextAsync("#new-password")).Trim();
        Assert.Equal(12, reset.Length);
        Assert.False((await server.Http.PostAsJsonAsync(server.BaseUrl + "/auth/token", new { username, password })).IsSuccessStatusCode);
        var again = await server.Http.PostAsJsonAsync(server.BaseUrl + "/auth/token", new { username, password = reset });
        Assert.True(again.IsSuccessStatusCode, await again.Content.ReadAsStringAsync());
        Assert.True(await page.EvaluateAsync<double>("() => document.documentElement.scrollWidth") <= 1366);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ViewerServer.ScreenshotDir, "cadres-1366.png") });
        await page.Context.CloseAsync();

        // On a phone: the same cadre, found by name, with nothing wider than the screen.
        var phone = await OpenAsync(390, 844);
        await phone.FillAsync("#cadres-search", name);
        await phone.WaitForSelectorAsync($"#cadres[data-ready=true] {row}");
        Assert.Equal(1, await phone.Locator("li.cadre-row").CountAsync());
        Assert.True(await phone.EvaluateAsync<double>("() => document.documentElement.scrollWidth") <= 391);
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ViewerServer.ScreenshotDir, "cadres-390.png"), FullPage = true });
        await phone.Context.CloseAsync();
    }
}
