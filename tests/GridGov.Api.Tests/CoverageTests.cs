using System.Text.Json;
using GridGov.Testing;

namespace GridGov.Api.Tests;

public class CoverageTests(MonthlyCountyFixture county) : IClassFixture<MonthlyCountyFixture>
{
    private const string Fields = """
        areaCode level name households linkedHouseholds contactedHouseholds linkedShare contactedShare uncoveredAreaM2
        householdsOutsideCells { count items { householdId } } cellsWithoutLeader { count }
        farLinks { count items { linkId memberId householdId distanceMeters geometry(crs: EPSG_4545) } }
        overloadedMembers { count items { memberId linked capacity } }
        staleVulnerableHouseholds { count items { householdId povertyStatus lastContact } }
        membersWithoutDeclaration { count items { memberId } }
        """;

    private async Task<JsonElement> Coverage(string user, string area, string month, string extra = "")
    {
        var client = await county.Factory.LoginAsync(user);
        var r = await client.GraphQLAsync($"{{ coverage(areaCode: \"{area}\", month: \"{month}\"{extra}) {{ {Fields} children {{ {Fields} cellId }} }} }}");
        Assert.False(r.HasErrors, r.ToString());
        return r.Data.GetProperty("coverage");
    }

    [Fact]
    public async Task A_village_has_the_hand_counted_figures()
    {
        var c = await Coverage("county", TestCounty.A1, "2026-01");
        Assert.Equal(4, c.GetProperty("households").GetInt32());
        Assert.Equal(3, c.GetProperty("linkedHouseholds").GetInt32());
        Assert.Equal(0.75, c.GetProperty("linkedShare").GetDouble());
        // h1 approved; h2's declaration was returned, which is not a contact.
        Assert.Equal(1, c.GetProperty("contactedHouseholds").GetInt32());
        Assert.Equal(0.25, c.GetProperty("contactedShare").GetDouble());
        Assert.Equal(1, c.GetProperty("householdsOutsideCells").GetProperty("count").GetInt32());
        Assert.Equal("4", c.GetProperty("householdsOutsideCells").GetProperty("items")[0].GetProperty("householdId").GetString());
        Assert.Equal(0, c.GetProperty("cellsWithoutLeader").GetProperty("count").GetInt32());
        Assert.Equal(0, c.GetProperty("farLinks").GetProperty("count").GetInt32());
        Assert.Equal(0, c.GetProperty("overloadedMembers").GetProperty("count").GetInt32());
        // h1 (poor) was contacted on 10 January; h3 (monitored) last on 20 November: stale.
        var stale = c.GetProperty("staleVulnerableHouseholds");
        Assert.Equal(1, stale.GetProperty("count").GetInt32());
        Assert.Equal("3", stale.GetProperty("items")[0].GetProperty("householdId").GetString());
        Assert.Equal("2025-11-20", stale.GetProperty("items")[0].GetProperty("lastContact").GetString());
        // Member 2 looks after h3 and declared nothing in January; member 3 has no households.
        var without = c.GetProperty("membersWithoutDeclaration");
        Assert.Equal(["2"], without.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("memberId").GetString()));
        // The south-east quarter is in no cell: compare with PostGIS in EPSG:4545.
        var expected = await TestCountyMonthly.ScalarAsync<double>(county.ConnectionString,
            "SELECT ST_Area(ST_Transform(ST_GeomFromText('POLYGON((108.35 28.00, 108.40 28.00, 108.40 28.05, 108.35 28.05, 108.35 28.00))', 4326), 4545))");
        Assert.Equal(expected, c.GetProperty("uncoveredAreaM2").GetDouble(), 0);
        // Children of a village are its cells, with the same figures.
        var cells = c.GetProperty("children").EnumerateArray().ToList();
        Assert.Equal(["1", "2"], cells.Select(x => x.GetProperty("cellId").GetString()));
        Assert.Equal(2, cells[0].GetProperty("households").GetInt32());
        Assert.Equal(1, cells[0].GetProperty("contactedHouseholds").GetInt32());
        Assert.Equal(1, cells[1].GetProperty("staleVulnerableHouseholds").GetProperty("count").GetInt32());
        Assert.Equal(1, cells[1].GetProperty("membersWithoutDeclaration").GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task As_of_a_month_reads_the_link_history_as_it_stood()
    {
        // May 2025: member 1 still looked after h3 from 7 km away; the link ended on 1 June.
        var may = await Coverage("county", TestCounty.A1, "2025-05");
        Assert.Equal(1, may.GetProperty("farLinks").GetProperty("count").GetInt32());
        var far = may.GetProperty("farLinks").GetProperty("items")[0];
        Assert.Equal("1", far.GetProperty("linkId").GetString());
        Assert.True(far.GetProperty("distanceMeters").GetDouble() > 3000);
        Assert.Equal("LineString", far.GetProperty("geometry").GetProperty("type").GetString());
        var june = await Coverage("county", TestCounty.A1, "2025-06");
        Assert.Equal(0, june.GetProperty("farLinks").GetProperty("count").GetInt32());
        Assert.Equal(3, june.GetProperty("linkedHouseholds").GetInt32());
    }

    [Fact]
    public async Task A_link_ended_mid_month_no_longer_counts_for_that_month()
    {
        // h5's link ran 1 January – 15 February 2026; h7's is current; h8 never linked.
        var jan = await Coverage("county", TestCounty.A2, "2026-01");
        Assert.Equal(2, jan.GetProperty("linkedHouseholds").GetInt32());
        // Member 5 (capacity 1) looked after two households in January.
        Assert.Equal(1, jan.GetProperty("overloadedMembers").GetProperty("count").GetInt32());
        Assert.Equal(2, jan.GetProperty("overloadedMembers").GetProperty("items")[0].GetProperty("linked").GetInt32());
        var feb = await Coverage("county", TestCounty.A2, "2026-02");
        Assert.Equal(1, feb.GetProperty("linkedHouseholds").GetInt32());
        Assert.Equal(0, feb.GetProperty("overloadedMembers").GetProperty("count").GetInt32());
        // h5's and h7's links begin at 00:00 China time on 1 January; December is read at its last instant, a
        // microsecond before (CoverageRules.AsOf, docs/coverage.md), so they are January's, not December's.
        var dec = await Coverage("county", TestCounty.A2, "2025-12");
        Assert.Equal(0, dec.GetProperty("linkedHouseholds").GetInt32());
        var nov = await Coverage("county", TestCounty.A2, "2025-11");
        Assert.Equal(0, nov.GetProperty("linkedHouseholds").GetInt32());
        // A2 has no cells: the whole village is uncovered and every house lies outside.
        Assert.Equal(3, dec.GetProperty("householdsOutsideCells").GetProperty("count").GetInt32());
        Assert.True(dec.GetProperty("uncoveredAreaM2").GetDouble() > 1e7);
    }

    [Fact]
    public async Task Townships_and_the_county_sum_their_villages_and_list_children()
    {
        var c = await Coverage("county", TestCounty.County, "2026-01");
        Assert.Equal(8, c.GetProperty("households").GetInt32());
        Assert.Equal(5, c.GetProperty("linkedHouseholds").GetInt32());
        var towns = c.GetProperty("children").EnumerateArray().ToList();
        Assert.Equal([TestCounty.TownA, TestCounty.TownB], towns.Select(t => t.GetProperty("areaCode").GetString()));
        Assert.Equal(7, towns[0].GetProperty("households").GetInt32());
        Assert.Equal(1, towns[1].GetProperty("households").GetInt32());
        var a = await Coverage("town-a", TestCounty.TownA, "2026-01");
        Assert.Equal([TestCounty.A1, TestCounty.A2], a.GetProperty("children").EnumerateArray().Select(v => v.GetProperty("areaCode").GetString()));
        Assert.Equal(5, a.GetProperty("linkedHouseholds").GetInt32());
    }

    [Fact]
    public async Task A_cell_has_its_own_coverage_and_geometries_come_in_the_requested_crs()
    {
        var client = await county.Factory.LoginAsync("sec-a1");
        var r = await client.GraphQLAsync("""
            { coverage(areaCode: "520625101001", month: "2026-01", cellId: 2) { level cellId households linkedHouseholds geometry(crs: EPSG_4545) }
              v: coverage(areaCode: "520625101001", month: "2026-01") { uncoveredArea(crs: EPSG_4545) geometry } }
            """);
        Assert.False(r.HasErrors, r.ToString());
        var cell = r.Data.GetProperty("coverage");
        Assert.Equal("CELL", cell.GetProperty("level").GetString());
        Assert.Equal(1, cell.GetProperty("households").GetInt32());
        var x = cell.GetProperty("geometry").GetProperty("coordinates")[0][0][0].GetDouble();
        Assert.InRange(x, 500_000, 600_000); // metres, not degrees
        var gap = r.Data.GetProperty("v").GetProperty("uncoveredArea");
        Assert.Equal("Polygon", gap.GetProperty("type").GetString());
        Assert.InRange(gap.GetProperty("coordinates")[0][0][0].GetDouble(), 500_000, 600_000);
    }

    [Theory]
    [InlineData("sec-b1", "520625101001", "FORBIDDEN")]
    [InlineData("town-a", "520625102001", "FORBIDDEN")]
    [InlineData("town-a", "520625000000", "FORBIDDEN")]
    [InlineData("member-2", "520625101001", "FORBIDDEN")]
    [InlineData("county", "520625109999", "NOT_FOUND")]
    [InlineData("county", "12345", "VALIDATION")]
    public async Task Coverage_respects_the_callers_area(string user, string area, string code)
    {
        var r = await (await county.Factory.LoginAsync(user)).GraphQLAsync($"{{ coverage(areaCode: \"{area}\", month: \"2026-01\") {{ households }} }}");
        Assert.Equal(code, r.FirstCode);
    }

    [Fact]
    public async Task A_bad_month_is_a_validation_error()
    {
        var r = await (await county.Factory.LoginAsync("county")).GraphQLAsync("{ coverage(areaCode: \"520625000000\", month: \"2026-13\") { households } }");
        Assert.Equal("VALIDATION", r.FirstCode);
    }
}

/// <summary>Writes invalidate only the written village's cached coverage.</summary>
public class CoverageRescoringTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    [Fact]
    public async Task An_edit_of_one_link_rescores_only_its_village()
    {
        var cs = await TestCountyMonthly.CreateAsync(pg);
        using var factory = new ApiFactory(cs);
        var leader = await factory.LoginAsync("county");
        var first = await leader.GraphQLAsync("{ coverage(areaCode: \"520625000000\", month: \"2026-01\") { linkedHouseholds } }");
        Assert.False(first.HasErrors, first.ToString());
        Assert.Equal(3, await TestCountyMonthly.ScalarAsync<long>(cs, "SELECT count(*) FROM coverage_cache WHERE month = '2026-01-01'"));
        var before = await Epochs(cs);

        var sec = await factory.LoginAsync("sec-a1");
        var edit = await sec.GraphQLAsync("mutation { setCellLeader(cellId: 2, memberId: null) { id } }");
        Assert.False(edit.HasErrors, edit.ToString());
        var after = await Epochs(cs);
        Assert.NotEqual(before.GetValueOrDefault(TestCounty.A1), after[TestCounty.A1]);
        Assert.Equal(before.GetValueOrDefault(TestCounty.A2), after.GetValueOrDefault(TestCounty.A2));
        Assert.Equal(before.GetValueOrDefault(TestCounty.B1), after.GetValueOrDefault(TestCounty.B1));

        var stamp = await TestCountyMonthly.ScalarAsync<DateTime>(cs, $"SELECT computed_at FROM coverage_cache WHERE village_code = '{TestCounty.B1}' AND month = '2026-01-01'");
        var again = await leader.GraphQLAsync("{ coverage(areaCode: \"520625000000\", month: \"2026-01\") { cellsWithoutLeader { count } } }");
        Assert.Equal(1, again.Data.GetProperty("coverage").GetProperty("cellsWithoutLeader").GetProperty("count").GetInt32());
        // B1 was served from the cache (same computed_at); A1 was recomputed at its new epoch.
        Assert.Equal(stamp, await TestCountyMonthly.ScalarAsync<DateTime>(cs, $"SELECT computed_at FROM coverage_cache WHERE village_code = '{TestCounty.B1}' AND month = '2026-01-01'"));
        Assert.Equal(after[TestCounty.A1], await TestCountyMonthly.ScalarAsync<long>(cs, $"SELECT epoch FROM coverage_cache WHERE village_code = '{TestCounty.A1}' AND month = '2026-01-01'"));

        // A link edit in A2 (through SQL, as any other writer would) moves only A2's epoch.
        var a1 = after[TestCounty.A1];
        await TestCountyMonthly.ExecAsync(cs, "UPDATE links SET valid_to = now(), ended_by = 'test' WHERE id = 11");
        var last = await Epochs(cs);
        Assert.Equal(a1, last[TestCounty.A1]);
        Assert.NotEqual(after.GetValueOrDefault(TestCounty.A2), last[TestCounty.A2]);
    }

    private static async Task<Dictionary<string, long>> Epochs(string cs)
    {
        await using var conn = new Npgsql.NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("SELECT village_code, epoch FROM coverage_epochs", conn);
        var d = new Dictionary<string, long>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) d[r.GetString(0)] = r.GetInt64(1);
        return d;
    }
}
