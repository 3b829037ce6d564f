using GridGov.Testing;

namespace GridGov.Api.Tests;

/// <summary>Issue 13: 工作信息 from the phone, listed for township and county; the ledgers per cadre and month; the county's required days.</summary>
public class CadreWorkLogTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    private const string Post = "mutation($input: WorkLogInput!) { postWorkLog(input: $input) { id day text householdIds cadreName clientId } }";

    private static string Today => DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime).ToString("yyyy-MM-dd");

    private static Task<long> CountAsync(string cs) => TestCountyMonthly.ScalarAsync<long>(cs, "SELECT count(*) FROM work_log_entries");

    [Fact]
    public async Task A_cadre_posts_work_log_once_per_client_id_and_leaders_of_the_area_read_it()
    {
        var cs = await TestCountyMonthly.CreateAsync(pg);
        using var factory = new ApiFactory(cs);
        var cadre = await factory.LoginAsync("cadre-a1");
        var cid = Guid.NewGuid().ToString();
        var input = new { text = "  入户走访田大明、田二妹，了解春耕用种  ", householdIds = new[] { "2", "1" }, clientId = cid };
        var first = await cadre.GraphQLAsync(Post, new { input });
        Assert.False(first.HasErrors, first.ToString());
        var entry = first.Data.GetProperty("postWorkLog");
        Assert.Equal("入户走访田大明、田二妹，了解春耕用种", entry.GetProperty("text").GetString());
        Assert.Equal(Today, entry.GetProperty("day").GetString());
        Assert.Equal(["1", "2"], entry.GetProperty("householdIds").EnumerateArray().Select(h => h.GetString()));
        // A resend: the same entry; the same id with other content: refused, nothing stored.
        var again = await cadre.GraphQLAsync(Post, new { input });
        Assert.Equal(entry.GetProperty("id").GetString(), again.Data.GetProperty("postWorkLog").GetProperty("id").GetString());
        var other = await cadre.GraphQLAsync(Post, new { input = new { text = "另一件事", householdIds = new[] { "1" }, clientId = cid } });
        Assert.Equal("CONFLICT", other.FirstCode);
        Assert.Equal("CLIENT_ID_REUSED", other.Body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("reason").GetString());
        Assert.Equal(1, await CountAsync(cs));

        // Bad input: a clear code, a Chinese message, nothing stored.
        foreach (var (bad, code) in new (object, string)[]
                 {
                     (new { text = "   " }, "VALIDATION"),
                     (new { text = "走访", householdIds = new[] { "5" } }, "VALIDATION"),   // h5 is in A2
                     (new { text = "走访", day = "2020-01-01" }, "VALIDATION"),
                     (new { text = new string('字', 501) }, "VALIDATION"),
                     (new { text = "走访", clientId = "nope" }, "VALIDATION"),
                 })
        {
            var r = await cadre.GraphQLAsync(Post, new { input = bad });
            Assert.Equal(code, r.FirstCode);
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", r.Body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("zh").GetString()!);
        }
        Assert.Equal(1, await CountAsync(cs));
        Assert.Equal("FORBIDDEN", (await (await factory.LoginAsync("member-2")).GraphQLAsync(Post, new { input = new { text = "走访" } })).FirstCode);
        Assert.Equal("FORBIDDEN", (await (await factory.LoginAsync("sec-a1")).GraphQLAsync(Post, new { input = new { text = "走访" } })).FirstCode);

        // Listed per village for the township and the county; not for members, not outside the reader's area.
        const string List = "query($a: String!) { workLog(areaCode: $a) { cadreName villageCode text } }";
        foreach (var (user, area) in new[] { ("town-a", TestCounty.TownA), ("county", TestCounty.County), ("cadre-a1", TestCounty.A1) })
        {
            var r = await (await factory.LoginAsync(user)).GraphQLAsync(List, new { a = area });
            Assert.False(r.HasErrors, user + ": " + r);
            var row = Assert.Single(r.Data.GetProperty("workLog").EnumerateArray());
            Assert.Equal(await TestCountyMonthly.ScalarAsync<string>(cs, "SELECT name FROM people WHERE id = 6"), row.GetProperty("cadreName").GetString());
            Assert.Equal(TestCounty.A1, row.GetProperty("villageCode").GetString());
        }
        Assert.Equal("FORBIDDEN", (await (await factory.LoginAsync("member-2")).GraphQLAsync(List, new { a = TestCounty.A1 })).FirstCode);
        Assert.Equal("FORBIDDEN", (await (await factory.LoginAsync("cadre-a1")).GraphQLAsync(List, new { a = TestCounty.County })).FirstCode);
        Assert.Empty((await (await factory.LoginAsync("county")).GraphQLAsync(List, new { a = TestCounty.B1 })).Data.GetProperty("workLog").EnumerateArray());
    }

    [Fact]
    public async Task The_work_ledger_counts_entries_households_and_the_branch_declarations_of_the_month()
    {
        var cs = await TestCountyMonthly.CreateAsync(pg);
        using var factory = new ApiFactory(cs);
        var cadre = await factory.LoginAsync("cadre-a1");
        Assert.False((await cadre.GraphQLAsync(Post, new { input = new { text = "走访", householdIds = new[] { "1", "2" } } })).HasErrors);
        Assert.False((await cadre.GraphQLAsync(Post, new { input = new { text = "调解", householdIds = new[] { "2", "3" } } })).HasErrors);
        const string Ledger = "query($a: String!, $m: String) { workLedger(areaCode: $a, month: $m) { cadreId entries daysReported householdsVisited branchDeclarations branchDeclarationsApproved } }";
        var county = await factory.LoginAsync("county");
        var now = (await county.GraphQLAsync(Ledger, new { a = TestCounty.County, m = (string?)null })).Data.GetProperty("workLedger")[0];
        Assert.Equal(2, now.GetProperty("entries").GetInt32());
        Assert.Equal(1, now.GetProperty("daysReported").GetInt32());
        Assert.Equal(3, now.GetProperty("householdsVisited").GetInt32());
        // January 2026 in A1: two declarations of the branch, one approved; no work log then.
        var jan = (await county.GraphQLAsync(Ledger, new { a = TestCounty.County, m = "2026-01" })).Data.GetProperty("workLedger")[0];
        Assert.Equal(0, jan.GetProperty("entries").GetInt32());
        Assert.Equal(2, jan.GetProperty("branchDeclarations").GetInt32());
        Assert.Equal(1, jan.GetProperty("branchDeclarationsApproved").GetInt32());
        Assert.Equal("FORBIDDEN", (await (await factory.LoginAsync("member-2")).GraphQLAsync(Ledger, new { a = TestCounty.A1, m = "2026-01" })).FirstCode);
    }

    [Fact]
    public async Task The_required_days_are_the_county_setting_of_the_organisation_department()
    {
        var cs = await TestCountyMonthly.CreateAsync(pg);
        await ApiClient.AddUserAsync(cs, "zzb", GridGov.Domain.Access.Role.CountyAdmin, TestCounty.County);
        using var factory = new ApiFactory(cs);
        const string Required = "query($m: String) { cadreCompliance(areaCode: \"520625000000\", month: $m) { requiredDays } }";
        var county = await factory.LoginAsync("county");
        // January 2026 is over and cadre 1 served all of it: the whole month's days.
        Assert.Equal(20, (await county.GraphQLAsync(Required, new { m = "2026-01" })).Data.GetProperty("cadreCompliance")[0].GetProperty("requiredDays").GetDouble());
        const string Set = "mutation($d: Int!) { setCadreRequiredDays(countyCode: \"520625000000\", days: $d) }";
        var zzb = await factory.LoginAsync("zzb");
        var set = await zzb.GraphQLAsync(Set, new { d = 22 });
        Assert.False(set.HasErrors, set.ToString());
        Assert.Equal(22, (await county.GraphQLAsync(Required, new { m = "2026-01" })).Data.GetProperty("cadreCompliance")[0].GetProperty("requiredDays").GetDouble());
        Assert.Equal(1L, await TestCountyMonthly.ScalarAsync<long>(cs, "SELECT count(*) FROM audit_events WHERE action = 'setCadreRequiredDays'"));

        Assert.Equal("VALIDATION", (await zzb.GraphQLAsync(Set, new { d = 0 })).FirstCode);
        Assert.Equal("FORBIDDEN", (await county.GraphQLAsync(Set, new { d = 10 })).FirstCode);
        Assert.Equal("FORBIDDEN", (await (await factory.LoginAsync("cadre-a1")).GraphQLAsync(Set, new { d = 10 })).FirstCode);
        Assert.Equal(22, await TestCountyMonthly.ScalarAsync<int>(cs, "SELECT required_days_per_month FROM cadre_settings"));
    }
}
