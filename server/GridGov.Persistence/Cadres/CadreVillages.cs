using GridGov.Domain.Cadres;
using GridGov.Domain.Coverage;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Persistence.Cadres;

/// <summary>The villages a cadre serves, read from its postings by the rule of <see cref="CadrePostings"/>.</summary>
public static class CadreVillages
{
    /// <summary>The villages served on a China date, in code order.</summary>
    public static async Task<List<string>> OnAsync(GridGovDbContext db, long cadreId, DateOnly day, CancellationToken ct) =>
        await db.CadrePostings.AsNoTracking().Where(p => p.CadreId == cadreId).Where(CadrePostings.InForceOn(day))
            .Select(p => p.VillageCode).Distinct().OrderBy(v => v).ToListAsync(ct);

    /// <summary>The villages served at an instant (its China date).</summary>
    public static Task<List<string>> AtAsync(GridGovDbContext db, long cadreId, DateTimeOffset at, CancellationToken ct) =>
        OnAsync(db, cadreId, CoverageRules.DateOf(at), ct);

    /// <summary>Every village the cadre has ever served or will serve (who may read its history).</summary>
    public static async Task<List<string>> EverAsync(GridGovDbContext db, long cadreId, CancellationToken ct) =>
        await db.CadrePostings.AsNoTracking().Where(p => p.CadreId == cadreId)
            .Select(p => p.VillageCode).Distinct().OrderBy(v => v).ToListAsync(ct);

    /// <summary>Ids of the cadres with a posting under a code prefix on some day of [first, last].</summary>
    public static IQueryable<long> ServingUnder(GridGovDbContext db, string prefix, DateOnly first, DateOnly last) =>
        db.CadrePostings.Where(p => p.VillageCode.StartsWith(prefix)).Where(CadrePostings.Overlaps(first, last)).Select(p => p.CadreId);
}
