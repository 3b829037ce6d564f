using GridGov.Domain.Areas;
using GridGov.Domain.Coverage;
using GridGov.Domain.Monthly;
using GridGov.Domain.Ranking;
using GridGov.Persistence.CheckIns;
using GridGov.Persistence.Sql;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Persistence.Ranking;

/// <summary>One area's place in the quarter's ranking, with its name.</summary>
public sealed record RankingRow(AreaScore Score, string Name);

/// <summary>
/// 季度考核排名: every township (or village) of a county scored for a quarter and ranked, best first. The GraphQL ranking
/// field and the ranking export (API and CLI) both read it here; each filters the rows to what its caller may see.
/// </summary>
public static class RankingQuery
{
    /// <param name="firstMonth">The quarter's first month; months of it not yet begun at <paramref name="now"/> are left out.</param>
    public static async Task<List<RankingRow>> LoadAsync(GridGovDbContext db, CoverageStore store, string countyCode, AreaLevel level,
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
        var sets = await RankingFigures.LoadAsync(store.DataSource, villageCodes, months, rules, now, ct);

        var lastMonth = months[^1];
        var reviews = await (from d in db.Declarations
                             join h in db.Households on d.HouseholdId equals h.Id
                             where d.Month >= firstMonth && d.Month <= lastMonth && d.Status != DeclarationStatus.Submitted
                             group d by new { h.VillageCode, d.Status } into g
                             select new { g.Key.VillageCode, g.Key.Status, N = g.Count() }).ToListAsync(ct);
        var compliance = new List<(string Village, double Value)>();
        foreach (var m in months)
            compliance.AddRange((await CadreCompliance.LoadAsync(db, prefix, m, now, ct)).Select(c => (c.Cadre.VillageCode, c.Compliance)));

        // Each village's counts summed into its area once per month (not a scan of every village per area).
        var byArea = sets.Select(s => s.GroupBy(v => Key(v.Key)).ToDictionary(g => g.Key, g => CoverageFigures.Sum(g.Select(v => v.Value)))).ToList();
        var scores = areas.Select(a =>
        {
            var figures = byArea.Select(s => s.GetValueOrDefault(a.Code) ?? new CoverageFigures()).ToList();
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
