using System.Text.Json;
using GridGov.Testing;

namespace GridGov.Api.Tests.Assessment;

/// <summary>
/// Issue 13: the escalation of townships graded 「差」 over three closed quarters of made-up results, the top lists and
/// 「连续两年优秀并排名前20名」 — results written straight into the kept tables, as closing would keep them.
/// </summary>
public class AssessmentEscalationTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    private const string Query = "query($q: String!) { quarterAssessment(quarter: $q) { quarter closed " +
                                 "escalations { townshipCode rank poorInARow step stepName history { quarter rank poor } } " +
                                 "topTownships { townshipCode rank } topCadres { cadreId rank grade } promotionPriority { cadreId name } } }";

    /// <summary>
    /// Township A: 差 in 2025Q4, 2026Q1 and 2026Q2; township B: fine in 2025Q4, 差 in 2026Q1 and 2026Q2. Cadre 1: 优秀 and
    /// first in the eight quarters 2024Q3–2026Q2; cadre 2: the same except 合格 in 2025Q1.
    /// </summary>
    private static string MadeUp()
    {
        var quarters = Enumerable.Range(0, 8).Select(i => new DateOnly(2024, 7, 1).AddMonths(3 * i)).ToList();
        var sql = new System.Text.StringBuilder("""
            INSERT INTO people (id, name, gender, birth_year, household_id, source) VALUES (7, '第二书记', 'male', 1985, NULL, 'synthetic');
            INSERT INTO cadres (id, person_id, kind, village_code, assigned_from) VALUES (2, 7, 'first_secretary', '520625102001', '2024-01-01');
            """);
        foreach (var q in quarters)
        {
            var d = q.ToString("yyyy-MM-dd");
            sql.Append($"INSERT INTO closed_quarters VALUES ('{TestCounty.County}', '{d}', 'county', now());\n");
            var (aPoor, bPoor) = (q >= new DateOnly(2025, 10, 1), q >= new DateOnly(2026, 1, 1));
            sql.Append($"""
                INSERT INTO township_quarter_results (county_code, quarter, township_code, rank, score, poor) VALUES
                  ('{TestCounty.County}', '{d}', '{TestCounty.TownA}', {(aPoor && !bPoor ? 2 : 1)}, 50, {aPoor}),
                  ('{TestCounty.County}', '{d}', '{TestCounty.TownB}', {(aPoor && !bPoor ? 1 : 2)}, 40, {bPoor});
                INSERT INTO cadre_quarter_results (county_code, quarter, cadre_id, rank, score, grade) VALUES
                  ('{TestCounty.County}', '{d}', 1, 1, 95, 'excellent'),
                  ('{TestCounty.County}', '{d}', 2, 2, 91, '{(q == new DateOnly(2025, 1, 1) ? "qualified" : "excellent")}');

                """);
        }
        return sql.ToString();
    }

    private static JsonElement Escalation(JsonElement q, string town) =>
        q.GetProperty("escalations").EnumerateArray().Single(e => e.GetProperty("townshipCode").GetString() == town);

    [Fact]
    public async Task Townships_graded_poor_escalate_quarter_by_quarter_and_the_county_leader_sees_the_history()
    {
        var cs = await TestCountyMonthly.CreateAsync(pg);
        await TestCountyMonthly.ExecAsync(cs, MadeUp());
        using var factory = new ApiFactory(cs);
        var county = await factory.LoginAsync("county");
        async Task<JsonElement> At(string q)
        {
            var r = await county.GraphQLAsync(Query, new { q });
            Assert.False(r.HasErrors, r.ToString());
            return r.Data.GetProperty("quarterAssessment");
        }

        var q4 = await At("2025Q4");
        Assert.True(q4.GetProperty("closed").GetBoolean());
        Assert.Equal("ORGANISATION_HEAD_TALK", Escalation(q4, TestCounty.TownA).GetProperty("step").GetString());
        Assert.Equal("组织部长约谈", Escalation(q4, TestCounty.TownA).GetProperty("stepName").GetString());
        Assert.Single(q4.GetProperty("escalations").EnumerateArray());

        var q1 = await At("2026Q1");
        Assert.Equal("COUNTY_SECRETARY_TALK", Escalation(q1, TestCounty.TownA).GetProperty("step").GetString());
        Assert.Equal("ORGANISATION_HEAD_TALK", Escalation(q1, TestCounty.TownB).GetProperty("step").GetString());

        var q2 = await At("2026Q2");
        var a = Escalation(q2, TestCounty.TownA);
        Assert.Equal(3, a.GetProperty("poorInARow").GetInt32());
        Assert.Equal("ORGANISATIONAL_ADJUSTMENT", a.GetProperty("step").GetString());
        Assert.Equal("组织调整", a.GetProperty("stepName").GetString());
        Assert.Equal("COUNTY_SECRETARY_TALK", Escalation(q2, TestCounty.TownB).GetProperty("step").GetString());
        Assert.Equal(TestCounty.TownA, q2.GetProperty("escalations")[0].GetProperty("townshipCode").GetString()); // longest run first
        var history = a.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(["2026Q2", "2026Q1", "2025Q4", "2025Q3", "2025Q2", "2025Q1", "2024Q4", "2024Q3"], history.Select(h => h.GetProperty("quarter").GetString()));
        Assert.Equal([true, true, true, false, false, false, false, false], history.Select(h => h.GetProperty("poor").GetBoolean()));

        // Top 5 townships (both, the county has two), 前20名 cadres, and promotion priority: only cadre 1 was 优秀 in all eight quarters.
        Assert.Equal(2, q2.GetProperty("topTownships").GetArrayLength());
        Assert.Equal(["1", "2"], q2.GetProperty("topCadres").EnumerateArray().Select(c => c.GetProperty("cadreId").GetString()));
        var priority = q2.GetProperty("promotionPriority").EnumerateArray().ToList();
        Assert.Equal("1", Assert.Single(priority).GetProperty("cadreId").GetString());
        Assert.Equal("驻村第一书记", priority[0].GetProperty("name").GetString());
        Assert.Empty((await At("2026Q1")).GetProperty("promotionPriority").EnumerateArray()); // 2024Q2 was not closed

        // Not closed: nothing listed. A township leader sees the own township only; secretaries and members nothing.
        var open = await At("2026Q3");
        Assert.False(open.GetProperty("closed").GetBoolean());
        Assert.Empty(open.GetProperty("escalations").EnumerateArray());
        var town = (await (await factory.LoginAsync("town-a")).GraphQLAsync(Query, new { q = "2026Q2" })).Data.GetProperty("quarterAssessment");
        Assert.Equal([TestCounty.TownA], town.GetProperty("escalations").EnumerateArray().Select(e => e.GetProperty("townshipCode").GetString()));
        Assert.Equal(["1"], town.GetProperty("topCadres").EnumerateArray().Select(c => c.GetProperty("cadreId").GetString()));
        foreach (var user in new[] { "sec-a1", "member-2", "cadre-a1" })
            Assert.Equal("FORBIDDEN", (await (await factory.LoginAsync(user)).GraphQLAsync(Query, new { q = "2026Q2" })).FirstCode);
        Assert.Equal("VALIDATION", (await county.GraphQLAsync(Query, new { q = "2099Q1" })).FirstCode);
    }
}
