using GridGov.Domain.Assessment;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Persistence.Assessment;

public sealed record TownshipQuarterPlace(DateOnly Quarter, int Rank, double Score, bool Poor);

/// <summary>A township graded 「差」 in the quarter: how many quarters in a row, the step it faces, and its kept history.</summary>
public sealed record EscalationRow(string TownshipCode, string Name, int Rank, double Score, int PoorInARow, EscalationStep Step,
    IReadOnlyList<TownshipQuarterPlace> History);

public sealed record TownshipResultRow(string TownshipCode, string Name, int Rank, double Score, bool Poor);

public sealed record CadreResultRow(long CadreId, string Name, string VillageCode, string VillageName, int Rank, double Score, CadreGrade Grade);

/// <summary>A closed quarter's lists for the county leader (all empty while the quarter is not closed).</summary>
public sealed record QuarterAssessment(DateOnly Quarter, bool Closed, IReadOnlyList<EscalationRow> Escalations,
    IReadOnlyList<TownshipResultRow> TopTownships, IReadOnlyList<CadreResultRow> TopCadres, IReadOnlyList<CadreResultRow> PromotionPriority);

/// <summary>The escalation list with history, the top townships and cadres, and promotion priority, from kept results.</summary>
public static class QuarterAssessmentQuery
{
    public static async Task<QuarterAssessment> LoadAsync(GridGovDbContext db, string countyCode, DateOnly quarter, CancellationToken ct)
    {
        if (!await QuarterClosing.IsClosedAsync(db, countyCode, quarter, ct)) return new(quarter, false, [], [], [], []);
        var since = quarter.AddMonths(-3 * (Escalation.PromotionQuarters - 1));
        var closed = await db.ClosedQuarters.AsNoTracking().Where(q => q.CountyCode == countyCode && q.Quarter >= since && q.Quarter <= quarter)
            .Select(q => q.Quarter).ToListAsync(ct);
        var towns = await db.TownshipQuarterResults.AsNoTracking()
            .Where(r => r.CountyCode == countyCode && r.Quarter >= since && r.Quarter <= quarter).ToListAsync(ct);
        var townCodes = towns.Select(t => t.TownshipCode).Distinct().ToList();
        var names = await db.Areas.AsNoTracking().Where(a => townCodes.Contains(a.Code)).ToDictionaryAsync(a => a.Code, a => a.Name, ct);

        var now = towns.Where(t => t.Quarter == quarter).OrderBy(t => t.Rank).ThenBy(t => t.TownshipCode, StringComparer.Ordinal).ToList();
        var escalations = now.Where(t => t.Poor).Select(t =>
        {
            var mine = towns.Where(x => x.TownshipCode == t.TownshipCode).OrderByDescending(x => x.Quarter).ToList();
            // A closed quarter without the township (it did not exist then) counts as not 差.
            var poor = closed.ToDictionary(q => q, q => mine.Any(x => x.Quarter == q && x.Poor));
            var run = Escalation.PoorInARow(quarter, poor);
            return new EscalationRow(t.TownshipCode, names.GetValueOrDefault(t.TownshipCode) ?? "", t.Rank, t.Score, run, Escalation.StepFor(run),
                mine.Select(x => new TownshipQuarterPlace(x.Quarter, x.Rank, x.Score, x.Poor)).ToList());
        }).OrderByDescending(e => e.PoorInARow).ThenBy(e => e.Rank).ThenBy(e => e.TownshipCode, StringComparer.Ordinal).ToList();
        var top = now.Where(t => t.Rank <= Escalation.TopTownships)
            .Select(t => new TownshipResultRow(t.TownshipCode, names.GetValueOrDefault(t.TownshipCode) ?? "", t.Rank, t.Score, t.Poor)).ToList();

        var cadreResults = await db.CadreQuarterResults.AsNoTracking()
            .Where(r => r.CountyCode == countyCode && r.Quarter >= since && r.Quarter <= quarter).ToListAsync(ct);
        var thisQuarter = cadreResults.Where(r => r.Quarter == quarter).OrderBy(r => r.Rank).ThenBy(r => r.CadreId).ToList();
        var cadreIds = thisQuarter.Select(r => r.CadreId).ToList();
        var people = await (from c in db.Cadres.AsNoTracking()
                            join p in db.People on c.PersonId equals p.Id
                            join a in db.Areas on c.VillageCode equals a.Code
                            where cadreIds.Contains(c.Id)
                            select new { c.Id, p.Name, c.VillageCode, Village = a.Name }).ToDictionaryAsync(x => x.Id, ct);
        CadreResultRow Row(CadreQuarterResult r)
        {
            var p = people.GetValueOrDefault(r.CadreId);
            return new CadreResultRow(r.CadreId, p?.Name ?? "", p?.VillageCode ?? "", p?.Village ?? "", r.Rank, r.Score, r.Grade);
        }
        var topCadres = thisQuarter.Where(r => r.Rank <= CadreAssessmentRules.TopCadres).Select(Row).ToList();
        var priority = thisQuarter.Where(r => Escalation.PromotionPriority(quarter,
                cadreResults.Where(x => x.CadreId == r.CadreId).ToDictionary(x => x.Quarter, x => (x.Rank, x.Grade))))
            .Select(Row).ToList();
        return new(quarter, true, escalations, top, topCadres, priority);
    }
}
