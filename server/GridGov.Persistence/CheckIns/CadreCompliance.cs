using GridGov.Domain.CheckIns;
using GridGov.Domain.Coverage;
using GridGov.Domain.Members;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Persistence.CheckIns;

/// <summary>A cadre's month: days with a trusted check-in inside the geofence against the required days (the county's setting).</summary>
public sealed record CadreCompliance(Cadre Cadre, string Name, int CheckIns, int TrustedDays, double RequiredDays, double Compliance)
{
    /// <summary>
    /// The month's compliance of the cadres with a posting under a code prefix in the month: the GraphQL cadreCompliance field and the ranking
    /// (GraphQL and export) read it here.
    /// </summary>
    public static async Task<List<CadreCompliance>> LoadAsync(GridGovDbContext db, string prefix, DateOnly month, DateTimeOffset now, CancellationToken ct)
    {
        var last = month.AddMonths(1).AddDays(-1);
        var cadres = await db.Cadres.AsNoTracking()
            .Where(c => Cadres.CadreVillages.ServingUnder(db, prefix, month, last).Contains(c.Id))
            .OrderBy(c => c.VillageCode).ThenBy(c => c.Id).ToListAsync(ct);
        var ids = cadres.Select(c => c.Id).ToList();
        var personIds = cadres.Select(c => c.PersonId).ToList();
        var names = await db.People.AsNoTracking().Where(p => personIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var (from, to) = (CoverageRules.MonthBegin(month), CoverageRules.MonthEnd(month));
        var checkIns = await db.CheckIns.AsNoTracking().Where(c => ids.Contains(c.CadreId) && c.At >= from && c.At < to)
            .Select(c => new { c.CadreId, c.At, c.InsideGeofence, c.TrustScore }).ToListAsync(ct);
        var today = CoverageRules.DateOf(now);
        var perMonth = await Cadres.CadreSettingsStore.RequiredDaysAsync(db, prefix, ct);
        return cadres.Select(c =>
        {
            var mine = checkIns.Where(x => x.CadreId == c.Id).ToList();
            var days = mine.Where(x => x.InsideGeofence && x.TrustScore >= CheckInCompliance.TrustedScore)
                .Select(x => CoverageRules.DateOf(x.At)).Distinct().Count();
            var required = CheckInCompliance.RequiredDays(month, c.AssignedFrom, c.AssignedTo, today, perMonth);
            return new CadreCompliance(c, names.GetValueOrDefault(c.PersonId) ?? "", mine.Count, days, required,
                Math.Round(CheckInCompliance.Compliance(days, required), 4));
        }).ToList();
    }
}
