using GraphQL;
using GraphQL.DataLoader;
using GridGov.Api.Infrastructure;
using GridGov.Domain.Cadres;
using GridGov.Domain.CheckIns;
using GridGov.Domain.Coverage;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace GridGov.Api.CheckIns;

/// <summary>
/// The village each check-in of a list was measured against (<see cref="ServedGeofence"/> over the villages served on its
/// China date), for all check-ins of a request in three queries: the check-ins, their cadres' postings, the boundaries.
/// </summary>
internal static class CheckInVillages
{
    public static IDataLoaderResult<string?> Of(IResolveFieldContext ctx, long checkInId) =>
        ctx.Loaders().Get<long, string?>("checkInVillage", async (ids, ct) =>
        {
            await using var db = await ctx.DbAsync();
            var rows = await db.CheckIns.AsNoTracking().Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, c.CadreId, c.At, c.Location }).ToListAsync(ct);
            var cadres = rows.Select(r => r.CadreId).Distinct().ToList();
            var postings = await db.CadrePostings.AsNoTracking().Where(p => cadres.Contains(p.CadreId)).ToListAsync(ct);
            var codes = postings.Select(p => p.VillageCode).Distinct().ToList();
            var boundaries = await db.Areas.AsNoTracking().Where(a => codes.Contains(a.Code)).ToDictionaryAsync(a => a.Code, a => (Geometry?)a.Boundary, ct);
            return rows.ToDictionary(r => r.Id, r =>
            {
                var served = CadrePostings.VillagesOn(postings.Where(p => p.CadreId == r.CadreId), CoverageRules.DateOf(r.At));
                return ServedGeofence.Nearest(r.Location, served.Select(v => (v, boundaries.GetValueOrDefault(v))))?.VillageCode;
            });
        }).Load(checkInId);
}
