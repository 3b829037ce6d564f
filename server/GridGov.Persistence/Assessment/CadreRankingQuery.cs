using GridGov.Domain.Areas;
using GridGov.Domain.Assessment;
using GridGov.Domain.Coverage;
using GridGov.Domain.Members;
using GridGov.Persistence.CheckIns;
using GridGov.Persistence.Sql;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Persistence.Assessment;

/// <summary>One cadre's place in the quarter, with who and where.</summary>
public sealed record CadreRankingRow(CadreScore Score, string Name, CadreKind Kind, Domain.Cadres.CadreRank? CadreRank,
    string VillageCode, string VillageName, string TownshipCode, string TownshipName, double? ManualScore);

/// <summary>
/// The quarterly ranking of a county's 第一书记 (who lead the village work teams, 驻村工作组长): the cadreRanking field, the
/// closing of a quarter and the cadre-ranking export all read it here.
/// </summary>
public static class CadreRankingQuery
{
    public static async Task<CadreWeights> WeightsAsync(GridGovDbContext db, string countyCode, CancellationToken ct) =>
        await db.CadreWeights.AsNoTracking().FirstOrDefaultAsync(w => w.CountyCode == countyCode, ct) ?? CadreWeights.Default(countyCode);

    public static async Task<List<CadreRankingRow>> LoadAsync(GridGovDbContext db, CoverageStore store, string countyCode,
        DateOnly firstMonth, DateTimeOffset now, CancellationToken ct)
    {
        var current = CoverageRules.CurrentMonth(now);
        var months = Enumerable.Range(0, 3).Select(firstMonth.AddMonths).Where(m => m <= current).ToList();
        var prefix = AreaScope.PrefixOf(countyCode);

        // Per month, the ranked cadres (第一书记, 驻村工作队长) serving then (CadreCompliance lists cadres assigned in the month).
        var monthly = new List<CadreCompliance>();
        foreach (var m in months) monthly.AddRange(await CadreCompliance.LoadAsync(db, prefix, m, now, ct));
        monthly.RemoveAll(c => !Domain.Cadres.CadreKinds.IsRankedQuarterly(c.Cadre.Kind));
        var cadres = monthly.GroupBy(c => c.Cadre.Id).Select(g => g.Last()).ToList();
        if (cadres.Count == 0) return [];

        var ids = cadres.Select(c => c.Cadre.Id).ToList();
        var (from, to) = (firstMonth, months[^1].AddMonths(1).AddDays(-1));
        var logDays = await db.WorkLogEntries.AsNoTracking().Where(w => ids.Contains(w.CadreId) && w.Day >= from && w.Day <= to)
            .GroupBy(w => new { w.CadreId, w.Day }).Select(g => g.Key).ToListAsync(ct);
        var visits = await PairingVisits.LoadAsync(db, cadres.Select(c => (c.Cadre.Id, c.Cadre.Rank)).ToList(), from, to, ct);
        var manual = await db.CadreManualScores.AsNoTracking().Where(s => ids.Contains(s.CadreId) && s.Quarter == firstMonth)
            .ToDictionaryAsync(s => s.CadreId, s => s.Score, ct);

        var villageCodes = cadres.Select(c => c.Cadre.VillageCode).Distinct().ToList();
        var rules = await store.RulesAsync(countyCode, ct);
        var sets = new List<Dictionary<string, VillageCoverage>>();
        foreach (var m in months) sets.Add(await store.GetAsync(villageCodes, m, rules, now, ct));
        var townshipCodes = villageCodes.Select(Area.TownshipCodeOf).Distinct().ToList();
        var names = await db.Areas.AsNoTracking().Where(a => villageCodes.Contains(a.Code) || townshipCodes.Contains(a.Code))
            .ToDictionaryAsync(a => a.Code, a => a.Name, ct);
        var weights = await WeightsAsync(db, countyCode, ct);

        var scores = cadres.Select(c =>
        {
            var id = c.Cadre.Id;
            var mine = monthly.Where(x => x.Cadre.Id == id).ToList();
            var required = mine.Sum(x => x.RequiredDays);
            var figures = sets.Select(s => s.GetValueOrDefault(c.Cadre.VillageCode)?.Figures).OfType<CoverageFigures>().ToList();
            var v = visits[id];
            return CadreAssessmentRules.Score(id, new Dictionary<CadrePart, double?>
            {
                [CadrePart.CheckIn] = mine.Average(x => x.Compliance),
                [CadrePart.WorkLog] = required > 0 ? Math.Min(1, logDays.Count(d => d.CadreId == id) / required) : null,
                [CadrePart.Coverage] = figures.Count > 0 ? figures.Average(f => f.LinkedShare) : null,
                [CadrePart.Contact] = figures.Count > 0 ? figures.Average(f => f.ContactedShare) : null,
                [CadrePart.PairingVisits] = v.Expected > 0 ? (double)v.Visited / v.Expected : null,
                [CadrePart.Manual] = manual.TryGetValue(id, out var m) ? m / 100 : null,
            }, weights);
        });
        var byId = cadres.ToDictionary(c => c.Cadre.Id);
        return CadreAssessmentRules.Rank(scores).Select(s =>
        {
            var c = byId[s.CadreId];
            var town = Area.TownshipCodeOf(c.Cadre.VillageCode);
            return new CadreRankingRow(s, c.Name, c.Cadre.Kind, c.Cadre.Rank, c.Cadre.VillageCode, names.GetValueOrDefault(c.Cadre.VillageCode) ?? "",
                town, names.GetValueOrDefault(town) ?? "", manual.TryGetValue(s.CadreId, out var m) ? m : null);
        }).ToList();
    }
}
