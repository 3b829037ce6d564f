using GridGov.Domain.Geo;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace GridGov.Api.Infrastructure;

public static class Spatial
{
    /// <summary>An envelope in degrees surely containing everything within <paramref name="meters"/> of g.</summary>
    public static Geometry ExpandByMeters(Geometry g, double meters)
    {
        var e = new Envelope(g.EnvelopeInternal);
        var lat = Math.Max(Math.Abs(e.MinY), Math.Abs(e.MaxY));
        // 110.5 km per degree of latitude is a lower bound; longitude shrinks with cos(latitude).
        var dLat = meters / 110_500.0;
        var dLon = meters / (110_500.0 * Math.Max(0.05, Math.Cos(Math.Min(89, lat + dLat) * Math.PI / 180)));
        e.ExpandBy(dLon * 1.01, dLat * 1.01);
        return CoordinateConverter.StorageFactory.ToGeometry(e);
    }

    /// <summary>
    /// The <paramref name="limit"/> nearest rows in metres. The index orders by degrees, which
    /// distorts east-west distances; fetch candidates until the metric answer is provably complete.
    /// </summary>
    public static async Task<List<T>> NearestAsync<T>(IQueryable<T> q, Point p, int limit, CancellationToken ct)
        where T : GridGov.Domain.Households.Household
    {
        var take = limit * 2 + 10;
        var cosLat = Math.Cos(p.Y * Math.PI / 180);
        while (true)
        {
            var candidates = await q.OrderBy(h => EF.Functions.DistanceKnn(h.Location, p)).Take(take).ToListAsync(ct);
            var ranked = candidates.Select(h => (Row: h, M: CoordinateConverter.DistanceMeters(h.Location, p)))
                .OrderBy(x => x.M).ThenBy(x => x.Row.Id).ToList();
            if (candidates.Count < take || ranked.Count < limit) return ranked.Take(limit).Select(x => x.Row).ToList();
            var maxDegrees = candidates.Max(h => h.Location.Distance(p));
            var kth = ranked[limit - 1].M;
            // Unfetched rows are at least maxDegrees away in degrees, hence at least this many metres.
            if (maxDegrees * 110_500.0 * cosLat * 0.99 >= kth) return ranked.Take(limit).Select(x => x.Row).ToList();
            take *= 4;
        }
    }
}
