using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;
using Npgsql;

namespace GridGov.Browser.Tests;

/// <summary>
/// Issue 13, the member's phone (我的网格) at 390×844: declare with a photo, lose the connection, declare again and
/// leave a draft, reload without a connection, come back online → exactly one copy of each declaration on the server
/// and on the secretary's review page, and the draft still there.
/// </summary>
[Collection(ViewerCollectionB.Name)]
public sealed class FieldPhoneTests(ViewerServer server)
{
    private static string Today => DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime).ToString("yyyy-MM-dd");

    /// <summary>A member (not the secretary) with two or more households, in a village no other test writes to, and their account.</summary>
    private async Task<(string Village, string MemberId, string Account)> MemberAsync()
    {
        await using var conn = new NpgsqlConnection(server.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            SELECT m.village_code, m.id FROM party_members m JOIN party_branches b ON b.village_code = m.village_code
            WHERE m.id IS DISTINCT FROM b.secretary_member_id AND m.status = 'active'
              AND NOT m.village_code = ANY(@fixture)
              AND (SELECT count(*) FROM links l WHERE l.member_id = m.id AND l.valid_to IS NULL) BETWEEN 2 AND 8
            ORDER BY m.village_code DESC, m.id LIMIT 1
            """, conn);
        cmd.Parameters.AddWithValue("fixture", new[] { server.DrawVillage.Code, server.OverlapVillage.Code, server.ReportVillage.Code, server.EditVillage.Code, server.WorkspaceVillage.Code });
        await using var r = await cmd.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync(), "the sample needs a member with two households");
        var (village, memberId) = (r.GetString(0), r.GetInt64(1));
        await r.CloseAsync();
        await using var insert = new NpgsqlCommand("""
            INSERT INTO users (username, display_name, password_hash, role, area_code, member_id, disabled, is_sample, created_at)
            SELECT 'field-' || m.id, p.name, (SELECT password_hash FROM users WHERE username = 'county'), 'party_member', m.village_code, m.id, false, true, now()
            FROM party_members m JOIN people p ON p.id = m.person_id WHERE m.id = @m
            ON CONFLICT (username) DO UPDATE SET disabled = false RETURNING username
            """, conn);
        insert.Parameters.AddWithValue("m", memberId);
        return (village, memberId.ToString(), (string)(await insert.ExecuteScalarAsync())!);
    }

    /// <summary>A JPEG with an EXIF GPS position, written by GDAL (an encoder independent of the browser's).</summary>
    private static string PhotoWithGps()
    {
        var dir = Directory.CreateTempSubdirectory("gridgov-field-").FullName;
        Run("gdal_create", "-of", "GTiff", "-outsize", "2400", "1800", "-bands", "3", "-burn", "90", Path.Combine(dir, "p.tif"));
        Run("gdal_translate", "-q", "-of", "JPEG", Path.Combine(dir, "p.tif"), Path.Combine(dir, "photo.jpg"),
            "-mo", "EXIF_GPSLatitude=(28) (1) (30)", "-mo", "EXIF_GPSLatitudeRef=N", "-mo", "EXIF_GPSLongitude=(108) (24) (0)", "-mo", "EXIF_GPSLongitudeRef=E");
        return Path.Combine(dir, "photo.jpg");
    }

    private static void Run(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        try
        {
            using var p = Process.Start(psi)!;
            p.StandardOutput.ReadToEnd();
            var err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, $"{tool}: {err}");
        }
        catch (Win32Exception e) { throw new InvalidOperationException($"{tool} is missing: apt-get install gdal-bin", e); }
    }

    private async Task<List<JsonElement>> DeclarationsAsync(string account, string memberId) =>
        [.. (await server.GraphQLAsync(account, "query($id: ID!) { memberReport(memberId: $id) { declarations { id text status photoUrl } } }", new { id = memberId }))
            .GetProperty("memberReport").GetProperty("declarations").EnumerateArray()];

    private static async Task DeclareAsync(IPage page, string householdId, string category, string text)
    {
        if (await page.Locator("#declare-open").CountAsync() > 0) await page.ClickAsync("#declare-open");
        await page.CheckAsync($"#declare-form input[name=household][value=\"{householdId}\"]");
        await page.SelectOptionAsync("#category", category);
        await page.FillAsync("#work-text", text);
    }

    /// <summary>A viewport screenshot with the element scrolled to the top (the page scrolls inside #field).</summary>
    private static async Task Shot(IPage page, string name, string selector)
    {
        await page.EvalOnSelectorAsync(selector, "e => e.scrollIntoView({ block: 'start' })");
        await PageSettle.SettleAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ViewerServer.ScreenshotDir, name + ".png") });
    }

    [Fact]
    public async Task Declare_with_a_photo_go_offline_declare_again_reload_and_sync_exactly_once()
    {
        var (village, memberId, account) = await MemberAsync();
        var houses = (await server.GraphQLAsync(account, "query($id: ID!) { memberReport(memberId: $id) { households { householdId geometry } } }", new { id = memberId }))
            .GetProperty("memberReport").GetProperty("households").EnumerateArray().ToList();
        var c = houses[0].GetProperty("geometry").GetProperty("coordinates");
        await using var context = await PhoneContext.OpenAsync(server, (c[0].GetDouble(), c[1].GetDouble(), 15));
        var page = await context.NewPageAsync();
        var log = BrowserLog.Attach(page);
        await log.ExplainFailuresAsync(async () =>
        {
            await page.GotoAsync("/login");
            await page.FillAsync("#username", account);
            await page.FillAsync("#password", ViewerServer.Password);
            await page.ClickAsync("button[type=submit]");
            await page.WaitForURLAsync("**/field");
            await page.WaitForSelectorAsync("#field[data-ready=true]");
            await page.WaitForFunctionAsync("n => Number(document.getElementById('map')?.getAttribute('data-layer-households')) === n", houses.Count);
            Assert.Equal(houses.Count, await page.Locator("#my-households li.household").CountAsync());
            // Sorted from where the phone stands (the first house): 「本月未走访」 first, the nearest of them on top.
            await page.WaitForFunctionAsync("() => document.getElementById('sort-basis').textContent.includes('当前位置')");
            Assert.Equal(houses[0].GetProperty("householdId").GetString(), await page.GetAttributeAsync("#my-households li.household >> nth=0", "data-id"));

            Assert.StartsWith("本月申报（20", await page.InnerTextAsync("#my-month h2"));

            // 1. Online, with a photo: its EXIF position is read, then the photo is re-encoded without it. A refused
            // form (no household ticked yet) keeps what was typed.
            var first = "入户宣讲防返贫政策 " + Guid.NewGuid().ToString("N")[..6];
            await page.ClickAsync("#declare-open");
            await page.FillAsync("#work-text", first);
            await page.ClickAsync("#declare-submit");
            Assert.Equal("请至少选择一户。", await page.InnerTextAsync("#form-error"));
            Assert.Equal(first, await page.InputValueAsync("#work-text"));
            await DeclareAsync(page, houses[0].GetProperty("householdId").GetString()!, "POLICY", first);
            await page.SetInputFilesAsync("#photo-input", PhotoWithGps());
            await page.WaitForSelectorAsync("#photo-gps");
            Assert.Contains("28.02500, 108.40000", await page.InnerTextAsync("#photo-gps"));
            Assert.Contains("1600×1200", await page.InnerTextAsync("#photo-info"));
            await page.ClickAsync("#locate");
            await page.WaitForFunctionAsync("() => document.getElementById('position').textContent.includes('15')");
            await Shot(page, "field-phone-declare", "#declare");
            await page.ClickAsync("#declare-submit");
            await page.WaitForSelectorAsync($"#my-month li.decl[data-status=SUBMITTED]:has-text(\"{first}\")");
            await page.WaitForSelectorAsync($"#my-month li.decl:has-text(\"{first}\") img.decl-photo");
            await Shot(page, "field-phone-online", "#field");

            // The phone says when it may go out of signal: everything the page needs to start is kept by then.
            await page.WaitForSelectorAsync("#field[data-offline-ready=true] #offline-ready >> text=已可离线使用");

            // 2. Offline: declared on the phone only, shown 「待同步」; a second draft is typed and not submitted.
            await context.SetOfflineAsync(true);
            await page.WaitForSelectorAsync("#field[data-online=false]");
            var second = "调解邻里用水纠纷 " + Guid.NewGuid().ToString("N")[..6];
            await DeclareAsync(page, houses[1].GetProperty("householdId").GetString()!, "MEDIATION", second);
            await page.ClickAsync("#declare-submit");
            await page.WaitForSelectorAsync($"#my-month li.decl.pending:has-text(\"{second}\") >> text=待同步");
            var draft = "草稿：下周回访 " + Guid.NewGuid().ToString("N")[..6];
            await DeclareAsync(page, houses[1].GetProperty("householdId").GetString()!, "VISIT", draft);
            await Shot(page, "field-phone-offline", "#field");

            // 3. A reload without a connection: the app starts from the service worker's cache, the queue and the draft survive.
            await page.ReloadAsync();
            await page.WaitForSelectorAsync("#field[data-ready=true]");
            Assert.True(await page.EvaluateAsync<bool>("() => navigator.serviceWorker.controller !== null"), "the page is not under the service worker");
            await page.WaitForSelectorAsync("#cached-note");
            await page.WaitForSelectorAsync($"#my-month li.decl.pending:has-text(\"{second}\")");
            Assert.Equal(draft, await page.InputValueAsync("#work-text"));
            Assert.Single(await DeclarationsAsync(account, memberId), d => d.GetProperty("text").GetString() == first);
            Assert.DoesNotContain(await DeclarationsAsync(account, memberId), d => d.GetProperty("text").GetString() == second);

            // 4. Back online: the queue is sent once; the draft stays a draft.
            await context.SetOfflineAsync(false);
            await page.WaitForSelectorAsync("#field[data-pending='0']");
            await page.WaitForSelectorAsync($"#my-month li.decl[data-status=SUBMITTED]:has-text(\"{second}\")");
            Assert.Equal(draft, await page.InputValueAsync("#work-text"));
            var onServer = await DeclarationsAsync(account, memberId);
            Assert.Single(onServer, d => d.GetProperty("text").GetString() == first);
            Assert.Single(onServer, d => d.GetProperty("text").GetString() == second);
            Assert.DoesNotContain(onServer, d => d.GetProperty("text").GetString() == draft);
            var photoUrl = onServer.Single(d => d.GetProperty("text").GetString() == first).GetProperty("photoUrl").GetString()!;
            var token = await server.TokenAsync(account);
            using var req = new HttpRequestMessage(HttpMethod.Get, server.BaseUrl + "/" + photoUrl);
            req.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            var photo = await (await server.Http.SendAsync(req)).Content.ReadAsByteArrayAsync();
            Assert.True(photo.Length is > 1000 and <= 2 * 1024 * 1024, $"photo of {photo.Length} bytes");
            Assert.DoesNotContain("Exif", System.Text.Encoding.Latin1.GetString(photo));

            // 5. The secretary's review page: one card each.
            var secPage = await context.Browser!.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 768 }, Locale = "zh-CN", BaseURL = server.BaseUrl });
            await secPage.GotoAsync("/login");
            await secPage.FillAsync("#username", "sec-" + village);
            await secPage.FillAsync("#password", ViewerServer.Password);
            await secPage.ClickAsync("button[type=submit]");
            await secPage.WaitForURLAsync("**/village*");
            await secPage.GotoAsync("/review");
            await secPage.WaitForSelectorAsync($"article.decl-card:has-text(\"{second}\")");
            Assert.Equal(1, await secPage.Locator($"article.decl-card:has-text(\"{first}\")").CountAsync());
            Assert.Equal(1, await secPage.Locator($"article.decl-card:has-text(\"{second}\")").CountAsync());
            await secPage.CloseAsync();

            // 6. An edit made offline that comes too late: the secretary approved meanwhile. The item says so, nothing changes,
            // and the new declaration being typed before the edit comes back.
            var secondId = onServer.Single(d => d.GetProperty("text").GetString() == second).GetProperty("id").GetString()!;
            await context.SetOfflineAsync(true);
            await page.WaitForSelectorAsync("#field[data-online=false]");
            await page.ClickAsync($"#my-month li.decl[data-id=\"{secondId}\"] button.edit");
            Assert.Equal(second, await page.InputValueAsync("#work-text"));
            await page.FillAsync("#work-text", second + "（补充：已签协议）");
            await page.ClickAsync("#declare-submit");
            await page.WaitForSelectorAsync("#my-month li.decl.pending[data-kind=update]");
            await page.WaitForFunctionAsync("t => document.getElementById('work-text')?.value === t", draft);
            await server.GraphQLAsync("sec-" + village, "mutation($id: ID!) { reviewDeclaration(id: $id, decision: APPROVE) { id } }", new { id = secondId });
            await context.SetOfflineAsync(false);
            await page.WaitForSelectorAsync("#my-month li.decl.failed[data-kind=update] >> text=申报已审核通过，不能再修改。");
            await page.WaitForSelectorAsync($"#my-month li.decl[data-id=\"{secondId}\"][data-status=APPROVED]");
            // Online again: the notice tells of the refusal, no longer of a queue waiting for a connection.
            await page.WaitForSelectorAsync("#field-notice >> text=有 1 条未能同步");
            Assert.Single(await DeclarationsAsync(account, memberId), d => d.GetProperty("text").GetString() == second);
            await page.ClickAsync("#my-month li.decl.failed button.discard");
            await page.WaitForSelectorAsync("#field[data-pending='0']");
            Assert.Equal(0, await page.Locator("#field-notice").CountAsync());

            // The same page on a desktop screen.
            await page.SetViewportSizeAsync(1366, 768);
            await Shot(page, "field-desktop", "#field");
            await Shot(page, "field-desktop-map", "#my-cell");
        });
    }
}
