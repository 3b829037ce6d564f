using System.Text.Json;
using GridGov.Testing;

namespace GridGov.Api.Tests.Assessment;

/// <summary>Issue 13: cadreRanking with a township's manual score (audited; refused for a future or closed quarter), ties, weights.</summary>
public class AssessmentCadreRankingTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    private const string Ranking = "query($q: String!) { cadreRanking(quarter: $q) { cadreId name villageCode townshipCode rank score grade manualScore " +
                                   "parts { part value weight points applicable } } }";
    private const string SetScore = "mutation($id: ID!, $q: String!, $s: Float!, $n: String) { setCadreManualScore(cadreId: $id, quarter: $q, score: $s, note: $n) }";

    /// <summary>A second first secretary in A1 (the same village figures as cadre 1: equal scores) and a resident cadre in A2.</summary>
    private const string MoreCadres = """
        INSERT INTO people (id, name, gender, birth_year, household_id, source) VALUES
          (7, '第二书记', 'male', 1985, NULL, 'synthetic'), (8, '驻村队员', 'male', 1990, NULL, 'synthetic');
        INSERT INTO cadres (id, person_id, kind, village_code, assigned_from) VALUES
          (2, 7, 'first_secretary', '520625101001', '2025-01-01'), (3, 8, 'resident_cadre', '520625101002', '2025-01-01');
        """;

    private static List<JsonElement> Rows(GraphQLResponse r) => r.Data.GetProperty("cadreRanking").EnumerateArray().ToList();

    private static string Extension(GraphQLResponse r, string name) =>
        r.Body.GetProperty("errors")[0].GetProperty("extensions").GetProperty(name).GetString()!;

    [Fact]
    public async Task Equal_cadres_share_a_rank_until_the_township_scores_one_and_a_closed_quarter_keeps_its_scores()
    {
        var cs = await TestCountyMonthly.CreateAsync(pg);
        await TestCountyMonthly.ExecAsync(cs, MoreCadres);
        await ApiClient.AddUserAsync(cs, "town-b", GridGov.Domain.Access.Role.TownshipLeader, TestCounty.TownB);
        using var factory = new ApiFactory(cs);
        var county = await factory.LoginAsync("county");
        var town = await factory.LoginAsync("town-a");

        var before = await county.GraphQLAsync(Ranking, new { q = "2026Q1" });
        Assert.False(before.HasErrors, before.ToString());
        var rows = Rows(before);
        Assert.Equal(["1", "2"], rows.Select(r => r.GetProperty("cadreId").GetString()).Order()); // the resident cadre is not ranked
        Assert.Equal([1, 1], rows.Select(r => r.GetProperty("rank").GetInt32()));
        foreach (var row in rows)
        {
            var parts = row.GetProperty("parts").EnumerateArray().ToList();
            Assert.Equal(100, parts.Sum(p => p.GetProperty("weight").GetDouble()));
            Assert.Equal(row.GetProperty("score").GetDouble(), parts.Sum(p => p.GetProperty("points").GetDouble()), 1);
            Assert.False(parts.Single(p => p.GetProperty("part").GetString() == "MANUAL").GetProperty("applicable").GetBoolean());
            Assert.Equal(JsonValueKind.Null, row.GetProperty("manualScore").ValueKind);
        }

        // Bad input and the wrong people: a clear code, a Chinese message, nothing stored.
        foreach (var (client, vars, code) in new (HttpClient, object, string)[]
                 {
                     (town, new { id = "2", q = "2026Q1", s = 101.0, n = (string?)null }, "VALIDATION"),
                     (town, new { id = "2", q = "2026Q1", s = -1.0, n = (string?)null }, "VALIDATION"),
                     (town, new { id = "2", q = "2099Q1", s = 80.0, n = (string?)null }, "VALIDATION"),
                     (town, new { id = "2", q = "2026Q9", s = 80.0, n = (string?)null }, "VALIDATION"),
                     (town, new { id = "2", q = "2026Q1", s = 80.0, n = (string?)new string('字', 201) }, "VALIDATION"),
                     (town, new { id = "3", q = "2026Q1", s = 80.0, n = (string?)null }, "VALIDATION"),   // a resident cadre is not ranked
                     (town, new { id = "999", q = "2026Q1", s = 80.0, n = (string?)null }, "NOT_FOUND"),
                     (await factory.LoginAsync("town-b"), new { id = "2", q = "2026Q1", s = 80.0, n = (string?)null }, "FORBIDDEN"),
                     (county, new { id = "2", q = "2026Q1", s = 80.0, n = (string?)null }, "FORBIDDEN"),
                     (await factory.LoginAsync("sec-a1"), new { id = "2", q = "2026Q1", s = 80.0, n = (string?)null }, "FORBIDDEN"),
                 })
        {
            var r = await client.GraphQLAsync(SetScore, vars);
            Assert.Equal(code, r.FirstCode);
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", Extension(r, "zh"));
        }
        Assert.Equal(0L, await TestCountyMonthly.ScalarAsync<long>(cs, "SELECT count(*) FROM cadre_manual_scores"));

        var set = await town.GraphQLAsync(SetScore, new { id = "2", q = "2026Q1", s = 95.0, n = "群众评价好" });
        Assert.False(set.HasErrors, set.ToString());
        Assert.Equal(1L, await TestCountyMonthly.ScalarAsync<long>(cs,
            "SELECT count(*) FROM audit_events WHERE action = 'setCadreManualScore' AND actor = 'town-a' AND entity_id = '2/2026Q1'"));
        var after = Rows(await county.GraphQLAsync(Ranking, new { q = "2026Q1" }));
        Assert.Equal(["2", "1"], after.Select(r => r.GetProperty("cadreId").GetString()));
        Assert.Equal([1, 2], after.Select(r => r.GetProperty("rank").GetInt32()));
        Assert.Equal(95, after[0].GetProperty("manualScore").GetDouble());
        var manual = after[0].GetProperty("parts").EnumerateArray().Single(p => p.GetProperty("part").GetString() == "MANUAL");
        Assert.True(manual.GetProperty("applicable").GetBoolean());
        Assert.Equal(0.95, manual.GetProperty("value").GetDouble());
        // Grade from the score by the thresholds.
        foreach (var row in after)
        {
            var score = row.GetProperty("score").GetDouble();
            var grade = score >= 90 ? "EXCELLENT" : score >= 75 ? "QUALIFIED" : score >= 60 ? "BASICALLY_QUALIFIED" : "POOR";
            Assert.Equal(grade, row.GetProperty("grade").GetString());
        }

        // A township leader sees the rows of the own township; secretaries, members and cadres see none.
        var townB = await (await factory.LoginAsync("town-b")).GraphQLAsync(Ranking, new { q = "2026Q1" });
        Assert.Empty(Rows(townB));
        Assert.Equal(2, Rows(await town.GraphQLAsync(Ranking, new { q = "2026Q1" })).Count);
        foreach (var user in new[] { "sec-a1", "member-2", "cadre-a1" })
            Assert.Equal("FORBIDDEN", (await (await factory.LoginAsync(user)).GraphQLAsync(Ranking, new { q = "2026Q1" })).FirstCode);
        Assert.Equal("VALIDATION", (await county.GraphQLAsync(Ranking, new { q = "2099Q1" })).FirstCode);

        // Closing: only a county leader, only an ended quarter, once; afterwards the township score is refused.
        const string Close = "mutation($q: String!) { closeAssessmentQuarter(quarter: $q) }";
        Assert.Equal("FORBIDDEN", (await town.GraphQLAsync(Close, new { q = "2026Q1" })).FirstCode);
        var running = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        Assert.Equal("VALIDATION", (await county.GraphQLAsync(Close, new { q = $"{running.Year}Q{(running.Month - 1) / 3 + 1}" })).FirstCode);
        var closed = await county.GraphQLAsync(Close, new { q = "2026Q1" });
        Assert.False(closed.HasErrors, closed.ToString());
        Assert.Equal(2L, await TestCountyMonthly.ScalarAsync<long>(cs, "SELECT count(*) FROM cadre_quarter_results WHERE quarter = '2026-01-01'"));
        Assert.Equal(2L, await TestCountyMonthly.ScalarAsync<long>(cs, "SELECT count(*) FROM township_quarter_results WHERE quarter = '2026-01-01'"));
        var again = await county.GraphQLAsync(Close, new { q = "2026Q1" });
        Assert.Equal("CONFLICT", again.FirstCode);
        Assert.Equal("QUARTER_CLOSED", Extension(again, "reason"));
        var late = await town.GraphQLAsync(SetScore, new { id = "1", q = "2026Q1", s = 70.0, n = (string?)null });
        Assert.Equal("CONFLICT", late.FirstCode);
        Assert.Equal("QUARTER_CLOSED", Extension(late, "reason"));
        Assert.Equal(1L, await TestCountyMonthly.ScalarAsync<long>(cs, "SELECT count(*) FROM cadre_manual_scores"));
    }

    [Fact]
    public async Task The_county_sets_its_own_weights_and_the_scores_follow()
    {
        var cs = await TestCountyMonthly.CreateAsync(pg);
        await ApiClient.AddUserAsync(cs, "zzb", GridGov.Domain.Access.Role.CountyAdmin, TestCounty.County);
        using var factory = new ApiFactory(cs);
        var admin = await factory.LoginAsync("zzb");
        const string Set = "mutation($c: String!, $w: CadreWeightsInput!) { setCadreWeights(countyCode: $c, weights: $w) { checkIn manual } }";
        var bad = await admin.GraphQLAsync(Set, new { c = TestCounty.County, w = new { checkIn = 50, workLog = 10, coverage = 10, contact = 10, pairingVisits = 10, manual = 20 } });
        Assert.Equal("VALIDATION", bad.FirstCode);
        Assert.Equal("FORBIDDEN", (await (await factory.LoginAsync("county")).GraphQLAsync(Set,
            new { c = TestCounty.County, w = new { checkIn = 100, workLog = 0, coverage = 0, contact = 0, pairingVisits = 0, manual = 0 } })).FirstCode);
        Assert.Equal(0L, await TestCountyMonthly.ScalarAsync<long>(cs, "SELECT count(*) FROM cadre_ranking_weights"));

        // Only check-ins count: cadre 1 has none in 2026Q1, so the score is 0 and the grade 差.
        var ok = await admin.GraphQLAsync(Set, new { c = TestCounty.County, w = new { checkIn = 100, workLog = 0, coverage = 0, contact = 0, pairingVisits = 0, manual = 0 } });
        Assert.False(ok.HasErrors, ok.ToString());
        var weights = await (await factory.LoginAsync("county")).GraphQLAsync("{ cadreWeights { checkIn workLog manual } }");
        Assert.Equal(100, weights.Data.GetProperty("cadreWeights").GetProperty("checkIn").GetInt32());
        var row = Rows(await (await factory.LoginAsync("county")).GraphQLAsync(Ranking, new { q = "2026Q1" })).Single();
        Assert.Equal(0, row.GetProperty("score").GetDouble());
        Assert.Equal("POOR", row.GetProperty("grade").GetString());
        Assert.Equal(1L, await TestCountyMonthly.ScalarAsync<long>(cs, "SELECT count(*) FROM audit_events WHERE action = 'setCadreWeights'"));
    }

    [Fact]
    public async Task Pairing_visits_count_the_cadre_s_paired_households_named_in_their_work_log_of_the_quarter()
    {
        // Cadre 1 (A1) is paired with households 1 and 2 during 2026Q1 (2 ended on the quarter's last evening, China time),
        // household 3 only from 2026Q2; their work log names 1 in the quarter and 2 the day after it. Cadre 2 has no pairing.
        var cs = await TestCountyMonthly.CreateAsync(pg);
        await TestCountyMonthly.ExecAsync(cs, MoreCadres + """
            INSERT INTO cadre_pairings (cadre_id, household_id, village_code, valid_from, valid_to, ended_by, end_reason) VALUES
              (1, 1, '520625101001', '2026-01-05 09:00+08', NULL, NULL, NULL),
              (1, 2, '520625101001', '2026-01-05 09:00+08', '2026-03-31 23:00+08', 'town-a', '脱贫稳定'),
              (1, 3, '520625101001', '2026-04-01 00:00+08', NULL, NULL, NULL);
            INSERT INTO work_log_entries (cadre_id, village_code, day, text, household_ids, created_at) VALUES
              (1, '520625101001', '2026-02-10', '走访', ARRAY[1, 3]::bigint[], now()),
              (1, '520625101001', '2026-04-01', '走访', ARRAY[2]::bigint[], now());
            """);
        using var factory = new ApiFactory(cs);
        var county = await factory.LoginAsync("county");
        var rows = Rows(await county.GraphQLAsync(Ranking, new { q = "2026Q1" }));
        JsonElement Part(string cadre) => rows.Single(r => r.GetProperty("cadreId").GetString() == cadre)
            .GetProperty("parts").EnumerateArray().Single(p => p.GetProperty("part").GetString() == "PAIRING_VISITS");
        Assert.True(Part("1").GetProperty("applicable").GetBoolean());
        Assert.Equal(0.5, Part("1").GetProperty("value").GetDouble(), 6); // 1 of its 2 households of the quarter
        Assert.False(Part("2").GetProperty("applicable").GetBoolean());
    }
}
