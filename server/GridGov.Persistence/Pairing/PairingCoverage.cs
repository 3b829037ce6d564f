using GridGov.Domain.Areas;
using GridGov.Domain.Households;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Persistence.Pairing;

/// <summary>The pairing figures of one village (docs/coverage.md, 结对帮扶).</summary>
/// <param name="PoorHouseholds">Existing households that are poor, lifted out or monitored.</param>
/// <param name="Paired">Of them, with a pairing cadre: a pairing in force whose cadre still serves the village today.</param>
/// <param name="VisitedLast30Days">Of the paired, those named in a work-log entry (工作信息) of their pairing cadre dated within the last 30 days.</param>
public sealed record PairingFigures(string VillageCode, int PoorHouseholds, int Paired, int VisitedLast30Days)
{
    public int WithoutPairingCadre => PoorHouseholds - Paired;
    public int NotVisitedLast30Days => Paired - VisitedLast30Days;
}

public static class PairingCoverage
{
    /// <summary>Days counted back from <c>today</c> (China date) inclusive: today and the 29 days before.</summary>
    public const int VisitWindowDays = 30;

    /// <summary>Per village of the area, ordered by code; villages without poor households are left out.</summary>
    public static async Task<List<PairingFigures>> LoadAsync(GridGovDbContext db, string areaCode, DateOnly today, CancellationToken ct)
    {
        var prefix = AreaScope.PrefixOf(areaCode);
        var poor = await db.Households.AsNoTracking().Where(Household.ActiveAt(DateTimeOffset.UtcNow))
            .Where(h => h.VillageCode.StartsWith(prefix) && h.PovertyStatus != PovertyStatus.None)
            .Select(h => new { h.Id, h.VillageCode }).ToListAsync(ct);
        var pairings = await (from p in db.CadrePairings.AsNoTracking()
                              join c in db.Cadres on p.CadreId equals c.Id
                              where p.VillageCode.StartsWith(prefix) && p.ValidTo == null && c.VillageCode == p.VillageCode
                                    && c.AssignedFrom <= today && (c.AssignedTo == null || c.AssignedTo >= today)
                              select new { p.HouseholdId, p.CadreId }).ToDictionaryAsync(x => x.HouseholdId, x => x.CadreId, ct);
        var from = today.AddDays(1 - VisitWindowDays);
        var cadres = pairings.Values.Distinct().ToList();
        var entries = await db.WorkLogEntries.AsNoTracking().Where(w => cadres.Contains(w.CadreId) && w.Day >= from && w.Day <= today)
            .Select(w => new { w.CadreId, w.HouseholdIds }).ToListAsync(ct);
        var visited = entries.SelectMany(e => e.HouseholdIds.Select(h => (e.CadreId, h))).ToHashSet();
        return [.. poor.GroupBy(h => h.VillageCode).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new PairingFigures(g.Key.Trim(), g.Count(),
            g.Count(h => pairings.ContainsKey(h.Id)),
            g.Count(h => pairings.TryGetValue(h.Id, out var c) && visited.Contains((c, h.Id)))))];
    }
}
