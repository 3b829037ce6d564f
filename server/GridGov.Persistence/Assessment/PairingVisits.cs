using GridGov.Domain.Cadres;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Persistence.Assessment;

/// <summary>A cadre's pairing households expected to be visited in a period, and how many were.</summary>
public sealed record PairingVisitFigures(int Expected, int Visited);

/// <summary>
/// The cadre ranking's PAIRING_VISITS input, kept in this one function so it can be rewired to 结对帮扶 pairings.
/// Stand-in until pairings exist: the households named in the cadre's work-log entries of the period are the visits,
/// and the expected number is the 「64321」 quota of the cadre's rank (县级 6, 科级 4, 一般干部 3, 村干部 2; 1 unknown).
/// </summary>
public static class PairingVisits
{
    public static int StandInQuota(CadreRank? rank) => rank switch
    {
        CadreRank.County => 6,
        CadreRank.Section => 4,
        CadreRank.General => 3,
        CadreRank.Village => 2,
        _ => 1,
    };

    /// <param name="from">First day of the period.</param>
    /// <param name="to">Last day of the period (inclusive).</param>
    public static async Task<Dictionary<long, PairingVisitFigures>> LoadAsync(GridGovDbContext db,
        IReadOnlyCollection<(long CadreId, CadreRank? Rank)> cadres, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var ids = cadres.Select(c => c.CadreId).ToList();
        var entries = await db.WorkLogEntries.AsNoTracking().Where(w => ids.Contains(w.CadreId) && w.Day >= from && w.Day <= to)
            .Select(w => new { w.CadreId, w.HouseholdIds }).ToListAsync(ct);
        return cadres.ToDictionary(c => c.CadreId, c =>
        {
            var expected = StandInQuota(c.Rank);
            var visited = entries.Where(e => e.CadreId == c.CadreId).SelectMany(e => e.HouseholdIds).Distinct().Count();
            return new PairingVisitFigures(expected, Math.Min(visited, expected));
        });
    }
}
