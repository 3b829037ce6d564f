using System.Text.Json;
using GridGov.Domain.Areas;
using GridGov.Domain.Coverage;
using GridGov.Domain.Monthly;
using GridGov.Domain.Ranking;
using GridGov.Persistence.CheckIns;
using GridGov.Persistence.Ranking;
using GridGov.Persistence.Sql;
using GridGov.Sample;
using GridGov.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GridGov.Persistence.Tests.Ranking;

/// <summary>
/// The ranking reads three counts per village (<c>RankingFigures</c>) instead of the coverage store's whole report of each month:
/// it must rank exactly as the query before it did — scores, parts, shared ranks and bottom flags — on a cold cache, a warm one,
/// and one where an edit has made a village's cached row stale.
/// </summary>
public class RankingQueryEqualityTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    private static string Text(List<RankingRow> rows) => JsonSerializer.Serialize(rows, Json);

    [Fact]
    public async Task The_ranking_is_the_same_as_before_on_a_cold_a_warm_and_a_stale_cache()
    {
        var cs = await SampleDatabases.CreateAsync(pg, "ranking_eq", new SampleOptions
        {
            GeodataFolder = GeodataSource.ResolveFolder(null), Households = 2500, AsOf = new DateOnly(2026, 11, 1),
        });
        await using var source = GridGovDb.CreateDataSource(cs);
        var store = new CoverageStore(source);
        var now = DateTimeOffset.UtcNow;
        var current = CoverageRules.CurrentMonth(now);
        var quarters = new[] { new DateOnly(2026, 7, 1), new DateOnly(current.Year, (current.Month - 1) / 3 * 3 + 1, 1) };
        var compared = 0;
        var shared = 0;
        foreach (var level in new[] { AreaLevel.Township, AreaLevel.Village })
            foreach (var quarter in quarters.Distinct())
            {
                await Exec(source, "DELETE FROM coverage_cache");
                await using var db = new GridGovDbContext(GridGovDb.Options(source));
                var cold = await RankingQuery.LoadAsync(db, store, "520625000000", level, quarter, now, CancellationToken.None);
                Assert.Equal(0L, await Scalar(source, "SELECT count(*) FROM coverage_cache")); // counted, not cached: still cold
                var before = await Before(db, store, "520625000000", level, quarter, now, CancellationToken.None);
                Assert.True(await Scalar(source, "SELECT count(*) FROM coverage_cache") > 0); // the old query filled the cache
                var warm = await RankingQuery.LoadAsync(db, store, "520625000000", level, quarter, now, CancellationToken.None);
                Assert.Equal(Text(before), Text(cold));
                Assert.Equal(Text(before), Text(warm));

                // An edit moves one village's epoch: its row is stale, the others are read from the cache.
                await Exec(source, """
                    UPDATE links SET valid_to = now(), ended_by = 'test', end_reason = '外出务工'
                    WHERE id = (SELECT min(l.id) FROM links l WHERE l.valid_to IS NULL)
                    """);
                var stale = await RankingQuery.LoadAsync(db, store, "520625000000", level, quarter, now, CancellationToken.None);
                var after = await Before(db, store, "520625000000", level, quarter, now, CancellationToken.None);
                Assert.Equal(Text(after), Text(stale));
                Assert.Equal(await Scalar(source, $"SELECT count(*) FROM areas WHERE level = '{(level == AreaLevel.Township ? "township" : "village")}'"),
                    (long)before.Count);
                compared += before.Count;
                shared += before.GroupBy(r => r.Score.Rank).Count(g => g.Count() > 1);
            }
        Assert.True(compared > 0);
        // Ties are part of what is compared: the village ranking of the sample has shared ranks.
        Assert.True(shared > 0, "no shared rank in the sample: ties were not compared");
    }

    private static async Task Exec(NpgsqlDataSource source, string sql)
    {
        await using var cmd = source.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<long> Scalar(NpgsqlDataSource source, string sql)
    {
        await using var cmd = source.CreateCommand(sql);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>The ranking query as it was before <c>RankingFigures</c> (commit 617deae), kept as the reference.</summary>
    private static async Task<List<RankingRow>> Before(GridGovDbContext db, CoverageStore store, string countyCode, AreaLevel level,
        DateOnly firstMonth, DateTimeOffset now, CancellationToken ct)
    {
        var current = CoverageRules.CurrentMonth(now);
        var months = Enumerable.Range(0, 3).Select(firstMonth.AddMonths).Where(m => m <= current).ToList();
        var prefix = AreaScope.PrefixOf(countyCode);
        var all = await db.Areas.AsNoTracking().Where(a => a.Code.StartsWith(prefix))
            .Select(a => new { a.Code, a.Level, a.Name }).ToListAsync(ct);
        var villageCodes = all.Where(a => a.Level == AreaLevel.Village).Select(a => a.Code).ToList();
        var areas = all.Where(a => a.Level == level).ToList();
        string Key(string villageCode) => level == AreaLevel.Township ? Area.TownshipCodeOf(villageCode) : villageCode;

        var rules = await store.RulesAsync(countyCode, ct);
        var sets = new List<Dictionary<string, VillageCoverage>>();
        foreach (var m in months) sets.Add(await store.GetAsync(villageCodes, m, rules, now, ct));

        var lastMonth = months[^1];
        var reviews = await (from d in db.Declarations
                             join h in db.Households on d.HouseholdId equals h.Id
                             where d.Month >= firstMonth && d.Month <= lastMonth && d.Status != DeclarationStatus.Submitted
                             group d by new { h.VillageCode, d.Status } into g
                             select new { g.Key.VillageCode, g.Key.Status, N = g.Count() }).ToListAsync(ct);
        var compliance = new List<(string Village, double Value)>();
        foreach (var m in months)
            compliance.AddRange((await CadreCompliance.LoadAsync(db, prefix, m, now, ct)).Select(c => (c.Cadre.VillageCode, c.Compliance)));

        var scores = areas.Select(a =>
        {
            var figures = sets.Select(s => CoverageFigures.Sum(s.Values.Where(v => Key(v.VillageCode) == a.Code).Select(v => v.Figures))).ToList();
            var approved = reviews.Where(r => Key(r.VillageCode) == a.Code && r.Status == DeclarationStatus.Approved).Sum(r => r.N);
            var reviewed = reviews.Where(r => Key(r.VillageCode) == a.Code).Sum(r => r.N);
            var cadres = compliance.Where(c => Key(c.Village) == a.Code).Select(c => c.Value).ToList();
            return RankingRules.Score(a.Code, new Dictionary<RankingPart, double?>
            {
                [RankingPart.Coverage] = figures.Average(f => f.LinkedShare),
                [RankingPart.Contact] = figures.Average(f => f.ContactedShare),
                [RankingPart.Review] = reviewed > 0 ? (double)approved / reviewed : null,
                [RankingPart.CheckIn] = cadres.Count > 0 ? cadres.Average() : null,
            });
        });
        var names = areas.ToDictionary(a => a.Code, a => a.Name);
        return RankingRules.Rank(scores).Select(s => new RankingRow(s, names[s.AreaCode])).ToList();
    }
}
