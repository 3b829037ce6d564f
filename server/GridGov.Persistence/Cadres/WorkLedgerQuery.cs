using GridGov.Domain.Cadres;
using GridGov.Domain.Members;
using GridGov.Domain.Monthly;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Persistence.Cadres;

/// <summary>工作实绩台账: a cadre's month of work.</summary>
public sealed record WorkLedgerRow(long CadreId, string Name, CadreKind Kind, CadreRank? Rank, string VillageCode, int Entries, int DaysReported,
    int HouseholdsVisited, int BranchDeclarations, int BranchDeclarationsApproved);

/// <summary>The work ledger of the cadres with a posting under a code prefix in a month: the workLedger field and the work-ledger export read it here.</summary>
public static class WorkLedgerQuery
{
    /// <param name="onlyCadre">A cadre reading their own row.</param>
    public static async Task<List<WorkLedgerRow>> LoadAsync(GridGovDbContext db, string prefix, DateOnly month, long? onlyCadre, CancellationToken ct)
    {
        var last = month.AddMonths(1).AddDays(-1);
        var cadres = await (from c in db.Cadres.AsNoTracking()
                            join p in db.People on c.PersonId equals p.Id
                            where CadreVillages.ServingUnder(db, prefix, month, last).Contains(c.Id)
                                  && (onlyCadre == null || c.Id == onlyCadre)
                            orderby c.VillageCode, c.Id
                            select new { c, p.Name }).ToListAsync(ct);
        var ids = cadres.Select(x => x.c.Id).ToList();
        var entries = await db.WorkLogEntries.AsNoTracking().Where(w => ids.Contains(w.CadreId) && w.Day >= month && w.Day <= last)
            .Select(w => new { w.CadreId, w.Day, w.HouseholdIds }).ToListAsync(ct);
        // The branches a cadre served this month (under the prefix): a 包村干部's ledger counts the declarations of each.
        var postings = await db.CadrePostings.AsNoTracking().Where(p => ids.Contains(p.CadreId) && p.VillageCode.StartsWith(prefix))
            .Where(CadrePostings.Overlaps(month, last)).ToListAsync(ct);
        var served = postings.GroupBy(p => p.CadreId).ToDictionary(g => g.Key, g => CadrePostings.VillagesDuring(g, month, last));
        var villages = served.Values.SelectMany(v => v).Distinct().ToList();
        var declarations = await (from d in db.Declarations.AsNoTracking()
                                  join h in db.Households on d.HouseholdId equals h.Id
                                  where d.Month == month && villages.Contains(h.VillageCode)
                                  group d by h.VillageCode into g
                                  select new { Village = g.Key, All = g.Count(), Approved = g.Count(x => x.Status == DeclarationStatus.Approved) })
            .ToDictionaryAsync(x => x.Village, ct);
        return cadres.Select(x =>
        {
            var mine = entries.Where(e => e.CadreId == x.c.Id).ToList();
            var d = served.GetValueOrDefault(x.c.Id, []).Select(v => declarations.GetValueOrDefault(v)).Where(v => v is not null).ToList();
            return new WorkLedgerRow(x.c.Id, x.Name, x.c.Kind, x.c.Rank, x.c.VillageCode, mine.Count, mine.Select(e => e.Day).Distinct().Count(),
                mine.SelectMany(e => e.HouseholdIds).Distinct().Count(), d.Sum(v => v!.All), d.Sum(v => v!.Approved));
        }).ToList();
    }
}
