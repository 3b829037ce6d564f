using System.Text.Json;
using GridGov.Testing;

namespace GridGov.Api.Tests;

/// <summary>
/// Issue 13: a 包村干部 serving two villages (A1 and A2 of <see cref="TestCountyMonthly"/>): the login reads both, checks in
/// against both geofences, logs work for households of either; the day after a posting ends, that village is no longer served.
/// </summary>
public class CadrePostingApiTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    private static DateOnly Today => DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime);
    private const string CheckIn = "mutation($at: DateTimeOffset) { checkIn(location: {type: \"Point\", coordinates: [108.35, 27.95]}, accuracy: 10, coordinateSystem: WGS84, at: $at) { insideGeofence distanceMeters } }";
    private const string Post = "mutation($input: WorkLogInput!) { postWorkLog(input: $input) { villageCode householdIds } }";

    /// <summary>Cadre 2, a 包村干部 of A1 (its row's village: the first posting, made at commit) and of A2 until <paramref name="a2Until"/>.</summary>
    private async Task<string> CountyAsync(DateOnly a2Until)
    {
        var cs = await TestCountyMonthly.CreateAsync(pg);
        await TestCountyMonthly.ExecAsync(cs, $"""
            INSERT INTO people (id, name, gender, source) VALUES (60, '包村干部王', 'male', 'synthetic');
            INSERT INTO cadres (id, person_id, kind, village_code, rank, assigned_from) VALUES (2, 60, 'liaison_cadre', '{TestCounty.A1}', 'general', '2025-06-01');
            """);
        await TestCountyMonthly.ExecAsync(cs, $"""
            INSERT INTO cadre_postings (cadre_id, village_code, from_day, to_day) VALUES (2, '{TestCounty.A2}', '2025-06-01', '{a2Until:yyyy-MM-dd}');
            INSERT INTO users (username, display_name, password_hash, role, area_code, cadre_id, disabled, is_sample, created_at)
            SELECT 'liaison-2', '包村干部王', password_hash, 'cadre', '{TestCounty.A1}', 2, false, false, now() FROM users WHERE username = 'cadre-a1';
            """);
        return cs;
    }

    [Fact]
    public async Task Rows_written_without_postings_get_their_village_as_first_posting()
    {
        var cs = await CountyAsync(Today);
        Assert.Equal($"1:{TestCounty.A1}:2025-01-01:|2:{TestCounty.A1}:2025-06-01:|2:{TestCounty.A2}:2025-06-01:{Today:yyyy-MM-dd}",
            await TestCountyMonthly.ScalarAsync<string>(cs, """
                SELECT string_agg(cadre_id || ':' || village_code || ':' || from_day || ':' || coalesce(to_day::text, ''), '|' ORDER BY cadre_id, village_code) FROM cadre_postings
                """));
    }

    [Fact]
    public async Task A_liaison_cadre_reads_checks_in_and_logs_work_in_both_villages_through_the_last_day_of_a_posting()
    {
        var cs = await CountyAsync(Today); // A2's posting ends today: still served today
        using var factory = new ApiFactory(cs);
        var cadre = await factory.LoginAsync("liaison-2");
        var me = await cadre.GraphQLAsync("{ me { cadreId servedVillages } }");
        Assert.Equal([TestCounty.A1, TestCounty.A2], me.Data.GetProperty("me").GetProperty("servedVillages").EnumerateArray().Select(v => v.GetString()));
        foreach (var area in new[] { TestCounty.A1, TestCounty.A2 })
        {
            var own = await cadre.GraphQLAsync($"{{ cadreCompliance(areaCode: \"{area}\") {{ cadreId }} }}");
            Assert.False(own.HasErrors, own.ToString());
            Assert.Equal("2", Assert.Single(own.Data.GetProperty("cadreCompliance").EnumerateArray()).GetProperty("cadreId").GetString());
        }
        Assert.Equal("FORBIDDEN", (await cadre.GraphQLAsync($"{{ cadreCompliance(areaCode: \"{TestCounty.B1}\") {{ cadreId }} }}")).FirstCode);

        // (108.35, 27.95) is inside A2, 5.5 km south of A1.
        var inA2 = await cadre.GraphQLAsync(CheckIn, new { at = (DateTimeOffset?)null });
        Assert.False(inA2.HasErrors, inA2.ToString());
        Assert.True(inA2.Data.GetProperty("checkIn").GetProperty("insideGeofence").GetBoolean());
        Assert.Equal(TestCounty.A2, await TestCountyMonthly.ScalarAsync<string>(cs, "SELECT area_code FROM audit_events WHERE action = 'checkIn' ORDER BY id DESC LIMIT 1"));

        var log = await cadre.GraphQLAsync(Post, new { input = new { text = "走访张七", householdIds = new[] { "7" } } });
        Assert.False(log.HasErrors, log.ToString());
        Assert.Equal(TestCounty.A2, log.Data.GetProperty("postWorkLog").GetProperty("villageCode").GetString());
        var mixed = await cadre.GraphQLAsync(Post, new { input = new { text = "走访两村", householdIds = new[] { "1", "7" } } });
        Assert.Equal("VALIDATION", mixed.FirstCode);
        Assert.Contains("一个村", mixed.Body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("zh").GetString());
        Assert.Equal(1L, await TestCountyMonthly.ScalarAsync<long>(cs, "SELECT count(*) FROM work_log_entries WHERE cadre_id = 2"));

        // The township's work ledger counts the cadre once, with the declarations of both branches it serves.
        var ledger = await (await factory.LoginAsync("town-a")).GraphQLAsync($"{{ workLedger(areaCode: \"{TestCounty.TownA}\") {{ cadreId entries }} }}");
        Assert.False(ledger.HasErrors, ledger.ToString());
        Assert.Single(ledger.Data.GetProperty("workLedger").EnumerateArray(), r => r.GetProperty("cadreId").GetString() == "2");
    }

    [Fact]
    public async Task The_day_after_a_posting_ends_its_village_is_no_longer_served()
    {
        var cs = await CountyAsync(Today.AddDays(-1)); // A2's last day was yesterday
        using var factory = new ApiFactory(cs);
        var cadre = await factory.LoginAsync("liaison-2");
        Assert.Equal([TestCounty.A1], (await cadre.GraphQLAsync("{ me { servedVillages } }")).Data.GetProperty("me").GetProperty("servedVillages")
            .EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("FORBIDDEN", (await cadre.GraphQLAsync($"{{ cadreCompliance(areaCode: \"{TestCounty.A2}\") {{ cadreId }} }}")).FirstCode);

        // Today the spot in A2 is outside the geofence (A1 only, 5.5 km away); a check-in made yesterday noon there was inside.
        var today = await cadre.GraphQLAsync(CheckIn, new { at = (DateTimeOffset?)null });
        Assert.False(today.HasErrors, today.ToString());
        Assert.False(today.Data.GetProperty("checkIn").GetProperty("insideGeofence").GetBoolean());
        Assert.InRange(today.Data.GetProperty("checkIn").GetProperty("distanceMeters").GetDouble(), 5000, 6000);
        var yesterdayNoon = new DateTimeOffset(Today.AddDays(-1).ToDateTime(new TimeOnly(12, 0)), TimeSpan.FromHours(8));
        var yesterday = await cadre.GraphQLAsync(CheckIn, new { at = yesterdayNoon });
        Assert.False(yesterday.HasErrors, yesterday.ToString());
        Assert.True(yesterday.Data.GetProperty("checkIn").GetProperty("insideGeofence").GetBoolean());

        // Work for A2's household: refused today, nothing stored.
        var log = await cadre.GraphQLAsync(Post, new { input = new { text = "走访张七", householdIds = new[] { "7" } } });
        Assert.Equal("VALIDATION", log.FirstCode);
        Assert.Equal(0L, await TestCountyMonthly.ScalarAsync<long>(cs, "SELECT count(*) FROM work_log_entries"));
    }

    /// <summary>
    /// The map of a cadre serving A1 and A2 shows both villages on every layer and nothing of B1 — the tiles once filtered by
    /// the login's first village only, so A2's houses and boundary were missing from the cadre's map.
    /// </summary>
    [Fact]
    public async Task A_liaison_cadres_tiles_hold_both_villages_and_no_other()
    {
        var cs = await CountyAsync(Today);
        using var factory = new ApiFactory(cs);
        var cadre = await factory.LoginAsync("liaison-2");
        foreach (var layer in new[] { "households", "unlinked", "villages", "cells" })
        {
            var seen = new SortedSet<string>(StringComparer.Ordinal);
            // Tiles over household 1 (A1), household 5 (A2) and household 6 (B1).
            foreach (var (lon, lat) in new[] { (108.31, 28.01), (108.35, 27.95), (108.45, 28.00) })
            {
                var (x, y) = Mvt.TileOf(lon, lat, 12);
                var res = await cadre.GetAsync($"/tiles/{layer}/12/{x}/{y}.pbf");
                if (res.StatusCode == System.Net.HttpStatusCode.NoContent) continue;
                Assert.Equal(System.Net.HttpStatusCode.OK, res.StatusCode);
                foreach (var f in Mvt.Decode(await res.Content.ReadAsByteArrayAsync()).SelectMany(l => l.Features))
                    seen.Add((string)f.Attributes[layer == "villages" ? "code" : "village_code"]);
            }
            // Cells are drawn in A1 only; every other layer has something in both villages.
            Assert.Equal(layer == "cells" ? [TestCounty.A1] : new[] { TestCounty.A1, TestCounty.A2 }, seen);
        }
    }
}
