using System.Text.Json;
using GridGov.Domain.Access;
using GridGov.Testing;

namespace GridGov.Api.Tests;

/// <summary>
/// Issue 13, 结对帮扶 through the API. A1 has three households to pair (h1 poor, h3 monitored, h4 lifted out) and two
/// cadres: cadre 1 (第一书记, rank not recorded: quota 1) and cadre 2 (村干部: quota 2); A2's h7 is poor with no cadre.
/// </summary>
public class PairingTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    private const string Propose = "mutation($a: String!, $r: Boolean) { proposePairings(areaCode: $a, rebalance: $r) { id status changes { householdId villageCode fromCadreId toCadreId change distanceMeters } unpaired { householdId reason } } }";
    private const string Apply = "mutation($id: ID!) { applyPairingProposal(id: $id) { id status appliedAt } }";
    private const string Pair = "mutation($h: ID!, $c: ID!) { pairHousehold(householdId: $h, cadreId: $c) { id cadreId householdId headName cadreName validTo } }";
    private const string Unpair = "mutation($h: ID!) { unpairHousehold(householdId: $h, reason: \"脱贫稳定\") { id validTo endReason endedBy } }";
    private const string List = "query($a: String!, $h: Boolean) { pairings(areaCode: $a, history: $h) { id cadreId householdId validTo endReason } }";

    private static async Task<string> CountyAsync(PostgisFixture pg)
    {
        var cs = await TestCountyMonthly.CreateAsync(pg);
        await TestCountyMonthly.ExecAsync(cs, $"""
            INSERT INTO people (id, name, gender, birth_year, source) VALUES (50, '村干部甲', 'male', 1975, 'synthetic');
            INSERT INTO cadres (id, person_id, kind, village_code, rank, assigned_from) VALUES (2, 50, 'resident_cadre', '{TestCounty.A1}', 'village', '2025-01-01');
            """);
        await ApiClient.AddUserAsync(cs, "admin", Role.CountyAdmin, TestCounty.County);
        return cs;
    }

    private static Task<long> CountAsync(string cs, string where = "valid_to IS NULL") =>
        TestCountyMonthly.ScalarAsync<long>(cs, $"SELECT count(*) FROM cadre_pairings WHERE {where}");

    private static string Reason(GraphQLResponse r) => r.Body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("reason").GetString()!;

    private static void AssertChinese(GraphQLResponse r) =>
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", r.Body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("zh").GetString()!);

    [Fact]
    public async Task A_township_leader_proposes_applies_and_a_second_run_keeps_everything()
    {
        var cs = await CountyAsync(pg);
        using var factory = new ApiFactory(cs);
        var town = await factory.LoginAsync("town-a");
        var proposed = await town.GraphQLAsync(Propose, new { a = TestCounty.TownA, r = (bool?)null });
        Assert.False(proposed.HasErrors, proposed.ToString());
        var p = proposed.Data.GetProperty("proposePairings");
        var changes = p.GetProperty("changes").EnumerateArray().ToList();
        // All three of A1 are added, within the quotas: cadre 1 takes one, cadre 2 two; h2 (not poor) is not there.
        Assert.Equal(["1", "3", "4"], changes.Select(c => c.GetProperty("householdId").GetString()).Order());
        Assert.All(changes, c => Assert.Equal("ADDED", c.GetProperty("change").GetString()));
        Assert.Single(changes, c => c.GetProperty("toCadreId").GetString() == "1");
        Assert.Equal(2, changes.Count(c => c.GetProperty("toCadreId").GetString() == "2"));
        var unpaired = Assert.Single(p.GetProperty("unpaired").EnumerateArray());
        Assert.Equal("7", unpaired.GetProperty("householdId").GetString());
        Assert.Equal("NO_CADRE", unpaired.GetProperty("reason").GetString());
        Assert.Equal(0, await CountAsync(cs));

        var applied = await town.GraphQLAsync(Apply, new { id = p.GetProperty("id").GetString() });
        Assert.False(applied.HasErrors, applied.ToString());
        Assert.Equal("APPLIED", applied.Data.GetProperty("applyPairingProposal").GetProperty("status").GetString());
        Assert.Equal(3, await CountAsync(cs));
        Assert.Equal(1, await TestCountyMonthly.ScalarAsync<long>(cs, "SELECT count(*) FROM audit_events WHERE action = 'applyPairingProposal'"));
        // Applying twice is refused.
        var twice = await town.GraphQLAsync(Apply, new { id = p.GetProperty("id").GetString() });
        Assert.Equal("CONFLICT", twice.FirstCode);
        Assert.Equal("PAIRING_PROPOSAL_CLOSED", Reason(twice));

        var again = (await town.GraphQLAsync(Propose, new { a = TestCounty.A1, r = (bool?)null })).Data.GetProperty("proposePairings");
        Assert.All(again.GetProperty("changes").EnumerateArray(), c => Assert.Equal("KEPT", c.GetProperty("change").GetString()));
    }

    [Fact]
    public async Task A_proposal_made_stale_by_a_hand_change_is_refused_and_changes_nothing()
    {
        var cs = await CountyAsync(pg);
        using var factory = new ApiFactory(cs);
        var county = await factory.LoginAsync("county");
        var id = (await county.GraphQLAsync(Propose, new { a = TestCounty.County, r = (bool?)null })).Data.GetProperty("proposePairings").GetProperty("id").GetString();
        Assert.False((await county.GraphQLAsync(Pair, new { h = "3", c = "1" })).HasErrors);
        var stale = await county.GraphQLAsync(Apply, new { id });
        Assert.Equal("CONFLICT", stale.FirstCode);
        Assert.Equal("PAIRING_PROPOSAL_STALE", Reason(stale));
        AssertChinese(stale);
        Assert.Equal(1, await CountAsync(cs));
    }

    [Fact]
    public async Task Hand_pairing_keeps_to_the_rank_quotas_and_the_village_and_keeps_the_history()
    {
        var cs = await CountyAsync(pg);
        using var factory = new ApiFactory(cs);
        var county = await factory.LoginAsync("county");
        var first = await county.GraphQLAsync(Pair, new { h = "1", c = "1" });
        Assert.False(first.HasErrors, first.ToString());
        Assert.Equal("田大明", first.Data.GetProperty("pairHousehold").GetProperty("headName").GetString());
        Assert.Equal("驻村第一书记", first.Data.GetProperty("pairHousehold").GetProperty("cadreName").GetString());

        foreach (var (h, c, code, reason) in new[]
                 {
                     ("3", "1", "CONFLICT", "PAIRING_QUOTA_FULL"),       // rank not recorded: 1 household
                     ("1", "1", "CONFLICT", "PAIRING_ALREADY_PAIRED"),
                     ("2", "2", "VALIDATION", "PAIRING_NOT_POOR"),        // h2 is not poor
                     ("7", "2", "VALIDATION", "PAIRING_CADRE_ELSEWHERE"),  // h7 is in A2
                 })
        {
            var r = await county.GraphQLAsync(Pair, new { h, c });
            Assert.Equal(code, r.FirstCode);
            Assert.Equal(reason, Reason(r));
            AssertChinese(r);
        }
        Assert.Equal(1, await CountAsync(cs));
        Assert.Equal("NOT_FOUND", (await county.GraphQLAsync(Pair, new { h = "3", c = "999" })).FirstCode);

        // Moving h1 to cadre 2 ends the old pairing; unpairing ends the new one; the history has both.
        Assert.False((await county.GraphQLAsync(Pair, new { h = "1", c = "2" })).HasErrors);
        var ended = await county.GraphQLAsync(Unpair, new { h = "1" });
        Assert.False(ended.HasErrors, ended.ToString());
        Assert.Equal("脱贫稳定", ended.Data.GetProperty("unpairHousehold").GetProperty("endReason").GetString());
        Assert.Equal("PAIRING_NOT_PAIRED", Reason(await county.GraphQLAsync(Unpair, new { h = "1" })));
        var history = (await county.GraphQLAsync(List, new { a = TestCounty.A1, h = true })).Data.GetProperty("pairings").EnumerateArray().ToList();
        Assert.Equal(["2", "1"], history.Select(x => x.GetProperty("cadreId").GetString()));
        Assert.All(history, x => Assert.NotEqual(JsonValueKind.Null, x.GetProperty("validTo").ValueKind));
        Assert.Equal(3, await TestCountyMonthly.ScalarAsync<long>(cs, "SELECT count(*) FROM audit_events WHERE action IN ('pairHousehold', 'unpairHousehold')"));
    }

    [Fact]
    public async Task The_county_sets_its_quotas_and_bad_settings_change_nothing()
    {
        var cs = await CountyAsync(pg);
        using var factory = new ApiFactory(cs);
        var admin = await factory.LoginAsync("admin");
        const string Set = "mutation($c: String!, $q: [Int!]!, $k: Float) { setPairingSettings(countyCode: $c, quotas: $q, keep: $k) { quotas quotasText keep } }";
        foreach (var (q, k, reason) in new (int[], double?, string)[]
                 { ([6, 4, 3, 2], null, "PAIRING_QUOTAS_INVALID"), ([6, 4, 3, 2, 21], null, "PAIRING_QUOTAS_INVALID"), ([6, 4, 3, 2, 1], -1, "PAIRING_WEIGHT_INVALID") })
        {
            var bad = await admin.GraphQLAsync(Set, new { c = TestCounty.County, q, k });
            Assert.Equal("VALIDATION", bad.FirstCode);
            Assert.Equal(reason, Reason(bad));
        }
        Assert.Equal(0, await TestCountyMonthly.ScalarAsync<long>(cs, "SELECT count(*) FROM pairing_settings"));
        var set = await admin.GraphQLAsync(Set, new { c = TestCounty.County, q = new[] { 6, 4, 3, 1, 2 }, k = (double?)null });
        Assert.False(set.HasErrors, set.ToString());
        Assert.Equal("64312", set.Data.GetProperty("setPairingSettings").GetProperty("quotasText").GetString());
        Assert.Equal("FORBIDDEN", (await (await factory.LoginAsync("county")).GraphQLAsync(Set, new { c = TestCounty.County, q = new[] { 6, 4, 3, 2, 1 }, k = (double?)null })).FirstCode);

        // Now the unranked first secretary takes 2, the 村干部 1: the engine follows the setting.
        var p = (await (await factory.LoginAsync("county")).GraphQLAsync(Propose, new { a = TestCounty.A1, r = (bool?)null })).Data.GetProperty("proposePairings");
        Assert.Equal(2, p.GetProperty("changes").EnumerateArray().Count(c => c.GetProperty("toCadreId").GetString() == "1"));
        Assert.Equal(1, p.GetProperty("changes").EnumerateArray().Count(c => c.GetProperty("toCadreId").GetString() == "2"));
    }

    [Fact]
    public async Task Who_sees_and_does_what_and_the_coverage_figures()
    {
        var cs = await CountyAsync(pg);
        using var factory = new ApiFactory(cs);
        var county = await factory.LoginAsync("county");
        var id = (await county.GraphQLAsync(Propose, new { a = TestCounty.County, r = (bool?)null })).Data.GetProperty("proposePairings").GetProperty("id").GetString();
        Assert.False((await county.GraphQLAsync(Apply, new { id })).HasErrors);

        // The secretary reads the village but does not pair; a member reads nothing; a township leader stays in the township.
        var secretary = await factory.LoginAsync("sec-a1");
        Assert.Equal(3, (await secretary.GraphQLAsync(List, new { a = TestCounty.A1, h = (bool?)null })).Data.GetProperty("pairings").GetArrayLength());
        Assert.Equal("FORBIDDEN", (await secretary.GraphQLAsync(Propose, new { a = TestCounty.A1, r = (bool?)null })).FirstCode);
        Assert.Equal("FORBIDDEN", (await secretary.GraphQLAsync(Unpair, new { h = "1" })).FirstCode);
        Assert.Equal("FORBIDDEN", (await (await factory.LoginAsync("member-2")).GraphQLAsync(List, new { a = TestCounty.A1, h = (bool?)null })).FirstCode);
        Assert.Equal("FORBIDDEN", (await (await factory.LoginAsync("town-a")).GraphQLAsync(Propose, new { a = TestCounty.TownB, r = (bool?)null })).FirstCode);
        Assert.Equal(3, await CountAsync(cs));

        // A cadre sees only their own pairing.
        var cadre = await factory.LoginAsync("cadre-a1");
        var own = (await cadre.GraphQLAsync(List, new { a = TestCounty.A1, h = (bool?)null })).Data.GetProperty("pairings");
        var mine = Assert.Single(own.EnumerateArray());
        Assert.Equal("1", mine.GetProperty("cadreId").GetString());

        // Figures: 4 poor in township A (h7 has no cadre); the cadre's work log naming their household is a visit.
        const string Figures = "query($a: String!) { pairingCoverage(areaCode: $a) { total { poorHouseholds paired withoutPairingCadre visitedLast30Days } villages { villageCode poorHouseholds } } }";
        var before = (await county.GraphQLAsync(Figures, new { a = TestCounty.TownA })).Data.GetProperty("pairingCoverage").GetProperty("total");
        Assert.Equal((4, 3, 1, 0), (before.GetProperty("poorHouseholds").GetInt32(), before.GetProperty("paired").GetInt32(),
            before.GetProperty("withoutPairingCadre").GetInt32(), before.GetProperty("visitedLast30Days").GetInt32()));
        var posted = await cadre.GraphQLAsync("mutation($i: WorkLogInput!) { postWorkLog(input: $i) { id } }",
            new { i = new { text = "入户走访结对户", householdIds = new[] { mine.GetProperty("householdId").GetString() } } });
        Assert.False(posted.HasErrors, posted.ToString());
        // Naming a household paired with someone else is not a visit by the pairing cadre.
        var otherHousehold = new[] { "1", "3", "4" }.First(h => h != mine.GetProperty("householdId").GetString());
        Assert.False((await cadre.GraphQLAsync("mutation($i: WorkLogInput!) { postWorkLog(input: $i) { id } }",
            new { i = new { text = "路过", householdIds = new[] { otherHousehold } } })).HasErrors);
        var after = (await county.GraphQLAsync(Figures, new { a = TestCounty.TownA })).Data.GetProperty("pairingCoverage");
        Assert.Equal(1, after.GetProperty("total").GetProperty("visitedLast30Days").GetInt32());
        Assert.Equal([TestCounty.A1, TestCounty.A2], after.GetProperty("villages").EnumerateArray().Select(v => v.GetProperty("villageCode").GetString()));
        Assert.Equal("FORBIDDEN", (await cadre.GraphQLAsync(Figures, new { a = TestCounty.A1 })).FirstCode);

        // The map layer: the same states per house; a cadre gets only their own household.
        const string Map = "query($a: String!) { pairingMap(areaCode: $a) { householdId state cadreId location(crs: EPSG_4545) } }";
        var features = (await county.GraphQLAsync(Map, new { a = TestCounty.TownA })).Data.GetProperty("pairingMap").EnumerateArray().ToList();
        Assert.Equal(["NOT_VISITED", "NOT_VISITED", "UNPAIRED", "VISITED"], features.Select(f => f.GetProperty("state").GetString()).Order());
        Assert.Equal("UNPAIRED", features.Single(f => f.GetProperty("householdId").GetString() == "7").GetProperty("state").GetString());
        var house = features.Single(f => f.GetProperty("state").GetString() == "VISITED");
        Assert.Equal(mine.GetProperty("householdId").GetString(), house.GetProperty("householdId").GetString());
        Assert.InRange(house.GetProperty("location").GetProperty("coordinates")[0].GetDouble(), 500_000, 600_000);
        var cadreMap = (await cadre.GraphQLAsync(Map, new { a = TestCounty.A1 })).Data.GetProperty("pairingMap");
        Assert.Equal("VISITED", Assert.Single(cadreMap.EnumerateArray()).GetProperty("state").GetString());
        Assert.Equal("FORBIDDEN", (await (await factory.LoginAsync("member-2")).GraphQLAsync(Map, new { a = TestCounty.A1 })).FirstCode);
    }
}
