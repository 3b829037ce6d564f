using System.Globalization;
using GridGov.Domain.Access;
using Microsoft.Playwright;

namespace GridGov.Browser.Tests;

/// <summary>
/// Issue 13, the /cadre phone page (390×844) of a 包村干部 serving two villages: the cadre chooses the village; households
/// for the work log and the 结对帮扶 list follow the choice, which survives a reload; a check-in made in the second village
/// says it was measured against that village.
/// </summary>
[Collection(ViewerCollectionB.Name)]
public sealed class CadreVillagesPhoneTests(ViewerServer server)
{
    [Fact]
    public async Task A_liaison_cadre_chooses_the_village_and_the_lists_and_the_check_in_follow()
    {
        var fixture = new[] { server.DrawVillage.Code, server.OverlapVillage.Code, server.ReportVillage.Code, server.EditVillage.Code, server.WorkspaceVillage.Code };
        // Two villages with a boundary and households, no cadre, not used by other tests; the second with an unpaired poor household.
        var row = await server.ScalarAsync<string>("""
            SELECT string_agg(code, ' ' ORDER BY code) FROM (SELECT a.code FROM areas a WHERE a.level = 'village' AND a.boundary IS NOT NULL AND NOT a.code = ANY(@v)
              AND NOT EXISTS (SELECT 1 FROM cadre_postings p WHERE p.village_code = a.code)
              AND EXISTS (SELECT 1 FROM households h WHERE h.village_code = a.code AND h.poverty_status <> 'none'
                          AND NOT EXISTS (SELECT 1 FROM cadre_pairings cp WHERE cp.household_id = h.id AND cp.valid_to IS NULL))
              ORDER BY a.code DESC OFFSET 2 LIMIT 2) v
            """, fixture);
        var (v1, v2) = (row.Split(' ')[0], row.Split(' ')[1]);
        var username = "liaison-" + Guid.NewGuid().ToString("N")[..8];
        var name = "包村" + username[^4..];
        var person = await server.ScalarAsync<long>("INSERT INTO people (name, gender, source) VALUES (@v, 'male', 'entered') RETURNING id", name);
        var cadre = await server.ScalarAsync<long>($"INSERT INTO cadres (person_id, kind, village_code, rank, assigned_from) VALUES ({person}, 'liaison_cadre', '{v1}', 'general', '2025-01-01') RETURNING id");
        await server.ExecAsync($"INSERT INTO cadre_postings (cadre_id, village_code, from_day) VALUES ({cadre}, '{v2}', '2025-01-01')");
        await server.ExecAsync($"""
            INSERT INTO users (username, display_name, password_hash, role, area_code, cadre_id, disabled, is_sample, created_at)
            VALUES ('{username}', '{name}', @v, 'cadre', '{v1}', {cadre}, false, false, now())
            """, PasswordHasher.Hash(ViewerServer.Password, iterations: 1000));
        var paired = await server.ScalarAsync<string>($"""
            INSERT INTO cadre_pairings (cadre_id, household_id, village_code, valid_from, created_by)
            SELECT {cadre}, h.id, h.village_code, now() - interval '1 day', 'test' FROM households h WHERE h.village_code = '{v2}' AND h.poverty_status <> 'none' AND h.ended_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM cadre_pairings cp WHERE cp.household_id = h.id AND cp.valid_to IS NULL) ORDER BY h.id LIMIT 1
            RETURNING household_id::text
            """);
        var heads = await server.ScalarAsync<string>($"SELECT (SELECT head_name FROM households WHERE village_code = '{v1}' AND ended_at IS NULL ORDER BY id LIMIT 1) || ' ' || (SELECT head_name FROM households WHERE id = {paired})");
        var (v1Head, v2Head) = (heads.Split(' ')[0], heads.Split(' ')[1]);
        var inV2 = (await server.ScalarAsync<string>($"SELECT ST_X(p) || ' ' || ST_Y(p) FROM (SELECT ST_PointOnSurface(boundary) p FROM areas WHERE code = '{v2}') x")).Split(' ')
            .Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();

        await using var context = await PhoneContext.OpenAsync(server, (inV2[0], inV2[1], 12));
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.FillAsync("#username", username);
        await page.FillAsync("#password", ViewerServer.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/cadre");
        await page.WaitForSelectorAsync($"#cadre[data-ready=true][data-village=\"{v1}\"]");

        // The login's village first: its households for the work log, no pairing there.
        Assert.Equal([v1, v2], await page.Locator("#village-choice option").EvaluateAllAsync<string[]>("os => os.map(o => o.value)"));
        await page.WaitForSelectorAsync("#pairings-empty");
        await page.FillAsync("#log-filter", v1Head);
        await page.WaitForSelectorAsync($".log-households li:has-text(\"{v1Head}\")");

        // The second village: the lists follow.
        await page.SelectOptionAsync("#village-choice", v2);
        await page.WaitForSelectorAsync($"#cadre[data-village=\"{v2}\"] #pairings li.pairing[data-household=\"{paired}\"]");
        Assert.Contains(v2Head, await page.InnerTextAsync("#pairings"));
        await page.FillAsync("#log-filter", v2Head);
        await page.WaitForSelectorAsync($".log-households li:has-text(\"{v2Head}\")");

        // A check-in from inside the second village names it; after a reload the choice is kept.
        await page.ClickAsync("#checkin");
        await page.WaitForSelectorAsync($"#my-checkins li.checkin .checkin-village[data-village=\"{v2}\"]");
        Assert.Equal(v2, await server.ScalarAsync<string>($"SELECT area_code FROM audit_events WHERE action = 'checkIn' AND actor = '{username}' ORDER BY id DESC LIMIT 1"));
        await page.ReloadAsync();
        await page.WaitForSelectorAsync($"#cadre[data-ready=true][data-village=\"{v2}\"] #pairings li.pairing");
        Assert.Equal(v2, await page.InputValueAsync("#village-choice"));
        Assert.True(await page.EvaluateAsync<double>("() => document.documentElement.scrollWidth") <= 391);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ViewerServer.ScreenshotDir, "cadre-two-villages-390.png"), FullPage = true });
    }
}
