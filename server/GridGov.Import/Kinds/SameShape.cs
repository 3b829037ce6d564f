using NetTopologySuite.Geometries;

namespace GridGov.Import.Kinds;

/// <summary>
/// Whether a polygon read from a file is a stored one again: the same rings with every vertex within a tolerance, whatever
/// the ring orientation and starting vertex (a Shapefile writes shells clockwise, GeoJSON counter-clockwise; GDAL may round
/// the last digits or convert through another CRS and back).
/// </summary>
internal static class SameShape
{
    /// <summary>About a centimetre in degrees of latitude (and less in longitude): far below any drawn change.</summary>
    public const double Centimetre = 1e-7;

    public static bool Within(Geometry incoming, Geometry stored, double tolerance)
    {
        if (incoming is not Polygon a || stored is not Polygon b || a.NumInteriorRings != b.NumInteriorRings) return false;
        var (x, y) = ((Polygon)a.Copy(), (Polygon)b.Copy());
        x.Normalize();
        y.Normalize();
        if (x.NumPoints != y.NumPoints) return false;
        var (cx, cy) = (x.Coordinates, y.Coordinates);
        for (var i = 0; i < cx.Length; i++)
            if (Math.Abs(cx[i].X - cy[i].X) > tolerance || Math.Abs(cx[i].Y - cy[i].Y) > tolerance) return false;
        return true;
    }
}
