using GridGov.Domain.Cadres;
using GridGov.Domain.Coverage;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Persistence.Assessment;

/// <summary>A cadre's pairing households expected to be visited in a period, and how many were.</summary>
public sealed record PairingVisitFigures(int Expected, int Visited);

/// <summary>
/// The cadre ranking's PAIRING_VISITS input: the households paired with the cadre (结对帮扶, docs/pairing.md) at any time
/// in the period are expected to be visited; a visit is the household named in one of the cadre's work-log entries
/// (工作信息) dated in the period — the same evidence as coverage's pairing visits (PairingCoverage). A cadre with no
/// pairing in the period has no expected visits, and the part is left out of their score.
/// </summary>
public static class PairingVisits
{
    /// <param name="from">First day of the period (China date).</param>
    /// <param name="to">Last day of the period (inclusive).</param>
    public static async Task<Dictionary<long, PairingVisitFigures>> LoadAsync(GridGovDbContext db,
        IReadOnlyCollection<(long CadreId, CadreRank? Rank)> cadres, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var ids = cadres.Select(c => c.CadreId).ToList();
        // The period as instants: from the first day's midnight to the midnight after the last day, China time.
        // (In UTC: Npgsql writes only offset-0 instants to timestamptz.)
        var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), CoverageRules.ChinaOffset).ToUniversalTime();
        var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), CoverageRules.ChinaOffset).ToUniversalTime();
        var paired = await db.CadrePairings.AsNoTracking()
            .Where(p => ids.Contains(p.CadreId) && p.ValidFrom < end && (p.ValidTo == null || p.ValidTo > start))
            .Select(p => new { p.CadreId, p.HouseholdId }).Distinct().ToListAsync(ct);
        var entries = await db.WorkLogEntries.AsNoTracking().Where(w => ids.Contains(w.CadreId) && w.Day >= from && w.Day <= to)
            .Select(w => new { w.CadreId, w.HouseholdIds }).ToListAsync(ct);
        var named = entries.SelectMany(e => e.HouseholdIds.Select(h => (e.CadreId, h))).ToHashSet();
        return cadres.ToDictionary(c => c.CadreId, c =>
        {
            var mine = paired.Where(p => p.CadreId == c.CadreId).Select(p => p.HouseholdId).ToList();
            return new PairingVisitFigures(mine.Count, mine.Count(h => named.Contains((c.CadreId, h))));
        });
    }
}
