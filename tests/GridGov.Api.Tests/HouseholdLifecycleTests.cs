using System.Net;
using System.Net.Http.Json;
using GridGov.Domain.Access;
using GridGov.Testing;
using Npgsql;

namespace GridGov.Api.Tests;

/// <summary>
/// 注销 and 分户 through the API: an ended household leaves coverage, tiles, lists and linking from the
/// instant it ends, while past months still count it; it is kept in history (household(id), includeEnded).
/// Each test writes, so each has its own database.
/// </summary>
public class HouseholdLifecycleTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    private async Task<(ApiFactory Factory, string Cs)> FreshAsync()
    {
        var cs = await TestCounty.CreateAsync(pg);
        await ApiClient.AddUserAsync(cs, "admin", Role.CountyAdmin, TestCounty.County);
        return (new ApiFactory(cs), cs);
    }

    private static async Task<long> Scalar(string cs, string sql)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    private static string[] Ids(System.Text.Json.JsonElement nodes) => [.. nodes.EnumerateArray().Select(n => n.GetProperty("id").GetString()!)];

    private const string End2 = "mutation { endHousehold(id: 2, reason: \"全家迁往铜仁\") { id endedAt endReason currentLink { id } } }";

    [Fact]
    public async Task Ending_a_household_ends_its_link_audits_and_leaves_lists_and_coverage_but_not_the_past()
    {
        var (factory, cs) = await FreshAsync();
        using var _ = factory;
        var client = await factory.LoginAsync("sec-a1");
        var r = await client.GraphQLAsync(End2);
        Assert.False(r.HasErrors, r.ToString());
        var ended = r.Data.GetProperty("endHousehold");
        Assert.Equal("全家迁往铜仁", ended.GetProperty("endReason").GetString());
        Assert.True(DateTimeOffset.UtcNow - ended.GetProperty("endedAt").GetDateTimeOffset() < TimeSpan.FromMinutes(5));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, ended.GetProperty("currentLink").ValueKind);

        // Its link (3, member 1) ended in the same change, with the reason; one audit row says who and what.
        Assert.Equal(0, await Scalar(cs, "SELECT count(*) FROM links WHERE household_id = 2 AND valid_to IS NULL"));
        Assert.Equal(1, await Scalar(cs, "SELECT count(*) FROM links WHERE id = 3 AND ended_by = 'sec-a1' AND end_reason LIKE '%全家迁往铜仁%' AND valid_to IS NOT NULL"));
        Assert.Equal(1, await Scalar(cs, """
            SELECT count(*) FROM audit_events WHERE action = 'endHousehold' AND actor = 'sec-a1' AND entity_id = '2'
              AND before_json::jsonb -> 'currentLink' ->> 'Id' = '3' AND after_json::jsonb -> 'household' ->> 'EndReason' = '全家迁往铜仁'
            """));

        // Lists show households that exist now; history on request; the household itself stays readable.
        var county = await factory.LoginAsync("county");
        var lists = await county.GraphQLAsync("""
            { now: households(villageCode: "520625101001") { totalCount nodes { id } }
              all: households(villageCode: "520625101001", includeEnded: true) { totalCount nodes { id endedAt } }
              unlinked: households(areaCode: "520625000000", unlinked: true) { nodes { id } }
              village(code: "520625101001") { households { totalCount } history: households(includeEnded: true) { totalCount } }
              gridCell(id: 1) { households { id } }
              household(id: 2) { endedAt endReason } }
            """);
        Assert.False(lists.HasErrors, lists.ToString());
        Assert.Equal(["1", "3", "4"], Ids(lists.Data.GetProperty("now").GetProperty("nodes")));
        Assert.Equal(3, lists.Data.GetProperty("now").GetProperty("totalCount").GetInt32());
        Assert.Equal(["1", "2", "3", "4"], Ids(lists.Data.GetProperty("all").GetProperty("nodes")));
        Assert.DoesNotContain("2", Ids(lists.Data.GetProperty("unlinked").GetProperty("nodes")));
        Assert.Equal(3, lists.Data.GetProperty("village").GetProperty("households").GetProperty("totalCount").GetInt32());
        Assert.Equal(4, lists.Data.GetProperty("village").GetProperty("history").GetProperty("totalCount").GetInt32());
        Assert.Equal(["1"], Ids(lists.Data.GetProperty("gridCell").GetProperty("households")));
        Assert.Equal("全家迁往铜仁", lists.Data.GetProperty("household").GetProperty("endReason").GetString());

        // Coverage: the running month no longer counts it (nor its link); a past month still does.
        var cov = await county.GraphQLAsync("""
            { now: coverage(areaCode: "520625101001") { households linkedHouseholds }
              past: coverage(areaCode: "520625101001", month: "2026-01") { households linkedHouseholds } }
            """);
        Assert.False(cov.HasErrors, cov.ToString());
        Assert.Equal((3, 2), (cov.Data.GetProperty("now").GetProperty("households").GetInt32(), cov.Data.GetProperty("now").GetProperty("linkedHouseholds").GetInt32()));
        Assert.Equal((4, 3), (cov.Data.GetProperty("past").GetProperty("households").GetInt32(), cov.Data.GetProperty("past").GetProperty("linkedHouseholds").GetInt32()));

        // Once ended, always ended: VALIDATION, nothing changes, nothing more is audited.
        var again = await client.GraphQLAsync(End2);
        Assert.Equal("VALIDATION", again.FirstCode);
        Assert.Contains("注销", again.Body.GetProperty("errors")[0].GetProperty("message").GetString());
        Assert.Equal(1, await Scalar(cs, "SELECT count(*) FROM audit_events WHERE action = 'endHousehold'"));

        // And it takes no new link or tie.
        var link = await client.GraphQLAsync("mutation { linkHousehold(householdId: 2, memberId: 2) { id } }");
        Assert.Equal("VALIDATION", link.FirstCode);
        var tie = await client.GraphQLAsync("mutation { addTie(householdId: 2, memberId: 2, kind: SOCIAL) { id } }");
        Assert.Equal("VALIDATION", tie.FirstCode);
    }

    [Theory]
    [InlineData("sec-b1", "FORBIDDEN")]   // a secretary of another village
    [InlineData("town-a", "FORBIDDEN")]   // a township leader reads, never keeps rosters
    [InlineData("member-2", "FORBIDDEN")] // a party member neither
    [InlineData("admin", null)]           // the county's organisation department does
    public async Task Only_roster_keepers_of_the_village_may_end_a_household(string user, string? code)
    {
        var (factory, cs) = await FreshAsync();
        using var _ = factory;
        var r = await (await factory.LoginAsync(user)).GraphQLAsync(End2);
        Assert.True(code == r.FirstCode, r.ToString());
        Assert.Equal(code is null ? 1 : 0, await Scalar(cs, "SELECT count(*) FROM households WHERE ended_at IS NOT NULL"));
        Assert.Equal(code is null ? 1 : 0, await Scalar(cs, "SELECT count(*) FROM audit_events"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Ending_needs_a_reason(string reason)
    {
        var (factory, cs) = await FreshAsync();
        using var _ = factory;
        var r = await (await factory.LoginAsync("sec-a1")).GraphQLAsync("mutation($r: String!) { endHousehold(id: 1, reason: $r) { id } }", new { r = reason });
        Assert.Equal("VALIDATION", r.FirstCode);
        Assert.Equal(0, await Scalar(cs, "SELECT count(*) FROM households WHERE ended_at IS NOT NULL"));
    }

    [Fact]
    public async Task An_ended_household_leaves_the_tiles_from_now_but_not_a_past_month()
    {
        var (factory, _) = await FreshAsync();
        using var __ = factory;
        var county = await factory.LoginAsync("county");
        async Task<long[]> Houses(string layer, string? month)
        {
            var (x, y) = Mvt.TileOf(108.32, 28.02, 12);
            var res = await county.GetAsync($"/tiles/{layer}/12/{x}/{y}.pbf" + (month is null ? "" : "?month=" + month));
            if (res.StatusCode == HttpStatusCode.NoContent) return [];
            Assert.Equal(HttpStatusCode.OK, res.StatusCode);
            return [.. Mvt.Decode(await res.Content.ReadAsByteArrayAsync()).Single().Features.Select(f => Convert.ToInt64(f.Attributes["id"])).Order()];
        }
        async Task<long> CellHouseholds(string? month)
        {
            var (x, y) = Mvt.TileOf(108.32, 28.02, 12);
            var res = await county.GetAsync($"/tiles/cells/12/{x}/{y}.pbf" + (month is null ? "" : "?month=" + month));
            return Convert.ToInt64(Mvt.Decode(await res.Content.ReadAsByteArrayAsync()).Single().Features.Single(f => Convert.ToInt64(f.Attributes["id"]) == 1).Attributes["households"]);
        }
        Assert.Contains(2L, await Houses("households", null));
        Assert.Equal(2, await CellHouseholds(null));

        Assert.False((await (await factory.LoginAsync("sec-a1")).GraphQLAsync(End2)).HasErrors);
        Assert.DoesNotContain(2L, await Houses("households", null));
        Assert.DoesNotContain(2L, await Houses("unlinked", null)); // ended is not a gap
        Assert.Equal(1, await CellHouseholds(null));
        Assert.Contains(2L, await Houses("households", "2026-01"));
        Assert.Equal(2, await CellHouseholds("2026-01"));
    }

    [Fact]
    public async Task Linking_never_proposes_an_ended_household()
    {
        var (factory, _) = await FreshAsync();
        using var __ = factory;
        var client = await factory.LoginAsync("sec-a1");
        // With 6 km allowed, household 4 (unlinked) would be added for member 2 (ProposalTests); ended, it is left out entirely.
        Assert.False((await client.GraphQLAsync("mutation { endHousehold(id: 4, reason: \"并户\") { id } }")).HasErrors);
        var r = await client.GraphQLAsync("""
            mutation { proposeLinks(villageCode: "520625101001", settings: {maxDistanceMeters: 6000}) {
              added links { household { id } } unlinked { household { id } } } }
            """);
        Assert.False(r.HasErrors, r.ToString());
        var p = r.Data.GetProperty("proposeLinks");
        Assert.Equal(0, p.GetProperty("added").GetInt32());
        Assert.DoesNotContain("4", p.GetProperty("links").EnumerateArray().Select(l => l.GetProperty("household").GetProperty("id").GetString()));
        Assert.DoesNotContain("4", p.GetProperty("unlinked").EnumerateArray().Select(l => l.GetProperty("household").GetProperty("id").GetString()));
    }

    private const string Split1 = """
        mutation($no: String) { splitHousehold(id: 1, input: {householdNo: $no, headName: "田小明", size: 2, remainingSize: 2,
                                              location: {type: "Point", coordinates: [108.312, 28.012]}}) {
          original { id size householdNo } household { id householdNo headName size povertyStatus cell { id } ties { kind relation member { id } } endedAt }
          tiesCopied } }
        """;

    [Fact]
    public async Task Splitting_creates_a_household_that_keeps_the_familys_ties_joins_its_cell_and_is_audited()
    {
        var (factory, cs) = await FreshAsync();
        using var _ = factory;
        await TestCountyMonthly.ExecAsync(cs, "UPDATE households SET household_no = '0001' WHERE id = 1");
        var r = await (await factory.LoginAsync("sec-a1")).GraphQLAsync(Split1, new { no = "0031" });
        Assert.False(r.HasErrors, r.ToString());
        var p = r.Data.GetProperty("splitHousehold");
        Assert.Equal((2, "0001"), (p.GetProperty("original").GetProperty("size").GetInt32(), p.GetProperty("original").GetProperty("householdNo").GetString()));
        var h = p.GetProperty("household");
        Assert.Equal(("0031", "田小明", 2, "POOR", "1"), (h.GetProperty("householdNo").GetString(), h.GetProperty("headName").GetString(),
            h.GetProperty("size").GetInt32(), h.GetProperty("povertyStatus").GetString(), h.GetProperty("cell").GetProperty("id").GetString()));
        // Member 1 is the family's 堂兄: still related to the part that split off.
        var tie = Assert.Single(h.GetProperty("ties").EnumerateArray());
        Assert.Equal(("BLOOD", "堂兄", "1"), (tie.GetProperty("kind").GetString(), tie.GetProperty("relation").GetString(),
            tie.GetProperty("member").GetProperty("id").GetString()));
        Assert.Equal(1, p.GetProperty("tiesCopied").GetInt32());
        var id = h.GetProperty("id").GetString();
        Assert.Equal(1, await Scalar(cs, $"SELECT count(*) FROM audit_events WHERE action = 'splitHousehold' AND actor = 'sec-a1' AND entity_id = '{id}'"));
        // The audit keeps no personal data of the original head.
        Assert.Equal(0, await Scalar(cs, $"SELECT count(*) FROM audit_events WHERE action = 'splitHousehold' AND (after_json::text LIKE '%{TestCounty.H1Id}%' OR after_json::text LIKE '%{TestCounty.H1Phone}%')"));
        // The new household is unlinked: a gap the coverage shows until someone is linked.
        Assert.Equal(0, await Scalar(cs, $"SELECT count(*) FROM links WHERE household_id = {id}"));
    }

    [Fact]
    public async Task A_household_number_is_unique_among_active_households_and_free_again_after_it_ends()
    {
        var (factory, cs) = await FreshAsync();
        using var _ = factory;
        await TestCountyMonthly.ExecAsync(cs, "UPDATE households SET household_no = '000' || id WHERE id IN (1, 2)");
        var client = await factory.LoginAsync("sec-a1");
        Assert.Equal("VALIDATION", (await client.GraphQLAsync(Split1, new { no = "0001" })).FirstCode); // the original's own
        Assert.Equal("VALIDATION", (await client.GraphQLAsync(Split1, new { no = "0002" })).FirstCode); // another active household's
        Assert.Equal(4, await Scalar(cs, "SELECT count(*) FROM households WHERE village_code = '520625101001'"));
        Assert.Equal(4, await Scalar(cs, "SELECT size FROM households WHERE id = 1"));

        Assert.False((await client.GraphQLAsync(End2)).HasErrors);
        var reused = await client.GraphQLAsync(Split1, new { no = "0002" });
        Assert.False(reused.HasErrors, reused.ToString());
        Assert.Equal(2, await Scalar(cs, "SELECT count(*) FROM households WHERE household_no = '0002'"));
        // The database holds the rule too: a second active 0002 is refused by the index.
        await Assert.ThrowsAsync<PostgresException>(() => TestCountyMonthly.ExecAsync(cs, "UPDATE households SET household_no = '0002' WHERE id = 3"));
    }

    [Theory]
    [InlineData("sec-b1", "{type: \"Point\", coordinates: [108.312, 28.012]}", "FORBIDDEN")]
    [InlineData("sec-a1", "{type: \"Point\", coordinates: [108.45, 28.00]}", "VALIDATION")]  // inside the county, in another village
    [InlineData("sec-a1", "{type: \"Point\", coordinates: [28.012, 108.312]}", "COORDINATES_SWAPPED")]
    public async Task Splitting_is_refused_outside_the_area_or_the_village(string user, string location, string code)
    {
        var (factory, cs) = await FreshAsync();
        using var _ = factory;
        var q = "mutation { splitHousehold(id: 1, input: {headName: \"田小明\", size: 2, location: " + location + "}) { household { id } } }";
        var r = await (await factory.LoginAsync(user)).GraphQLAsync(q);
        Assert.True(code == r.FirstCode, r.ToString());
        Assert.Equal(6, await Scalar(cs, "SELECT count(*) FROM households"));
        Assert.Equal(0, await Scalar(cs, "SELECT count(*) FROM audit_events"));
    }

    [Fact]
    public async Task An_ended_household_cannot_split()
    {
        var (factory, cs) = await FreshAsync();
        using var _ = factory;
        var client = await factory.LoginAsync("admin");
        Assert.False((await client.GraphQLAsync("mutation { endHousehold(id: 1, reason: \"户绝\") { id } }")).HasErrors);
        Assert.Equal("VALIDATION", (await client.GraphQLAsync(Split1, new { no = "0031" })).FirstCode);
        Assert.Equal(6, await Scalar(cs, "SELECT count(*) FROM households"));
    }

    [Fact]
    public async Task The_direct_path_leaves_ended_households_out_as_the_usual_path_does()
    {
        var (factory, cs) = await FreshAsync();
        using var _ = factory;
        using var usual = new ApiFactory(cs, new Dictionary<string, string> { ["GraphQL:DirectReads"] = "false" });
        Assert.False((await (await factory.LoginAsync("sec-a1")).GraphQLAsync(End2)).HasErrors);
        var direct = await factory.LoginAsync("county");
        var plain = await usual.LoginAsync("county");
        foreach (var query in new[]
                 {
                     "{ households(villageCode: \"520625101001\") { totalCount nodes { id householdNo endedAt endReason } } }",
                     "{ households(areaCode: \"520625000000\", includeEnded: true) { totalCount nodes { id endedAt endReason } } }",
                     "{ households(areaCode: \"520625000000\", includeEnded: false, unlinked: false) { totalCount nodes { id } } }",
                 })
        {
            async Task<(string Body, bool Direct)> Post(HttpClient c)
            {
                var res = await c.PostAsJsonAsync("/graphql", new { query });
                return (await res.Content.ReadAsStringAsync(), res.Headers.TryGetValues("GridGov-Execution", out var v) && v.Contains("direct"));
            }
            var first = await Post(direct);   // the usual way, then learned
            var second = await Post(direct);  // the direct path
            var reference = await Post(plain);
            Assert.False(first.Direct);
            Assert.True(second.Direct, query);
            Assert.Equal(reference.Body, second.Body);
            Assert.Equal(first.Body, second.Body);
        }
    }

    [Fact]
    public async Task A_members_month_counts_an_ended_household_in_the_past_but_not_now_and_no_work_is_declared_after_it_ended()
    {
        var (factory, cs) = await FreshAsync();
        using var _ = factory;
        var secretary = await factory.LoginAsync("sec-a1");
        Assert.False((await secretary.GraphQLAsync(End2)).HasErrors);
        var r = await secretary.GraphQLAsync("""
            { now: memberReport(memberId: 1) { households { householdId } }
              past: memberReport(memberId: 1, month: "2026-01") { households { householdId } }
              board: branchBoard(villageCode: "520625101001") { members { member { id } householdsLinked } } }
            """);
        Assert.False(r.HasErrors, r.ToString());
        string[] Of(string key) => [.. r.Data.GetProperty(key).GetProperty("households").EnumerateArray().Select(h => h.GetProperty("householdId").GetString()!)];
        Assert.Equal(["1"], Of("now"));
        Assert.Equal(["1", "2"], Of("past"));
        var row = r.Data.GetProperty("board").GetProperty("members").EnumerateArray().Single(x => x.GetProperty("member").GetProperty("id").GetString() == "1");
        Assert.Equal(1, row.GetProperty("householdsLinked").GetInt32());

        // Member 1 (the secretary) was linked to household 2 this month, but the work date is after it ended.
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        await TestCountyMonthly.ExecAsync(cs, $"UPDATE households SET ended_at = '{today.AddDays(-1):yyyy-MM-dd}T12:00:00+08' WHERE id = 2");
        {
            var d = await secretary.GraphQLAsync($"mutation {{ submitDeclaration(input: {{householdId: 2, workDate: \"{today:yyyy-MM-dd}\", category: VISIT, text: \"走访\"}}) {{ id }} }}");
            Assert.Equal("VALIDATION", d.FirstCode);
            // The day it ended still counts (the previous month is open for declarations too).
            var ok = await secretary.GraphQLAsync($"mutation {{ submitDeclaration(input: {{householdId: 2, workDate: \"{today.AddDays(-1):yyyy-MM-dd}\", category: VISIT, text: \"走访\"}}) {{ id }} }}");
            Assert.False(ok.HasErrors, ok.ToString());
        }
    }
}
