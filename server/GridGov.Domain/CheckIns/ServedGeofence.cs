using GridGov.Domain.Geo;
using NetTopologySuite.Geometries;

namespace GridGov.Domain.CheckIns;

/// <summary>The village a check-in is measured against, of those served that day, and how far outside it was.</summary>
public sealed record GeofenceHit(string VillageCode, bool Inside, double DistanceMeters);

/// <summary>
/// A cadre serving several villages has one geofence per village: a check-in belongs to the nearest (0 m inside; ties by code).
/// The one rule for the check-in itself and for the village a check-in shows afterwards.
/// </summary>
public static class ServedGeofence
{
    public static GeofenceHit? Nearest(Point point, IEnumerable<(string Code, Geometry? Boundary)> villages)
    {
        var metric = CoordinateConverter.ToMetric(point);
        return villages.Where(v => v.Boundary is not null)
            .Select(v => v.Boundary!.Covers(point) ? new GeofenceHit(v.Code, true, 0.0)
                : new GeofenceHit(v.Code, false, Math.Round(CoordinateConverter.ToMetric(v.Boundary).Distance(metric), 1)))
            .OrderBy(h => h.DistanceMeters).ThenBy(h => h.VillageCode, StringComparer.Ordinal).FirstOrDefault();
    }
}
