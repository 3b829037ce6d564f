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

/// <summary>One poor household on the pairing map: its house (storage SRID), its pairing cadre if any, and whether visited.</summary>
public sealed record PairingMapRow(long HouseholdId, string VillageCode, PovertyStatus Status, NetTopologySuite.Geometries.Point Location,
    long? CadreId, bool VisitedLast30Days);

public static class PairingCoverage
{
    /// <summary>Days counted back from <c>today</c> (China date) inclusive: today and the 29 days before.</summary>
    public const int VisitWindowDays = 30;

    /// <summary>Per village of the area, ordered by code; villages without poor households are left out.</summary>
    public static async Task<List<PairingFigures>> LoadAsync(GridGovDbContext db, string areaCode, DateOnly today, CancellationToken ct)
    {
        var rows = await MapAsync(db, areaCode, today, null, ct);
        return [.. rows.GroupBy(r => r.VillageCode).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new PairingFigures(g.Key, g.Count(),
            g.Count(r => r.CadreId is not null), g.Count(r => r.VisitedLast30Days)))];
    }

    /// <summary>
    /// Every existing poor household of the area with its pairing cadre (one who still serves the village today) and
    /// whether that cadre named it in a work-log entry within the window; with <paramref name="cadreId"/> only theirs.
    /// </summary>
    public static async Task<List<PairingMapRow>> MapAsync(GridGovDbContext db, string areaCode, DateOnly today, long? cadreId, CancellationToken ct)
    {
        var prefix = AreaScope.PrefixOf(areaCode);
        var poor = await db.Households.AsNoTracking().Where(Household.ActiveAt(DateTimeOffset.UtcNow))
            .Where(h => h.VillageCode.StartsWith(prefix) && h.PovertyStatus != PovertyStatus.None)
            .OrderBy(h => h.Id).Select(h => new { h.Id, h.VillageCode, h.PovertyStatus, h.Location }).ToListAsync(ct);
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
        return [.. poor.Select(h => new PairingMapRow(h.Id, h.VillageCode, h.PovertyStatus, h.Location,
                pairings.TryGetValue(h.Id, out var c) ? c : null, pairings.TryGetValue(h.Id, out var v) && visited.Contains((v, h.Id))))
            .Where(r => cadreId is null || r.CadreId == cadreId)];
    }
}
