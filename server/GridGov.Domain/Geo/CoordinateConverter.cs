using NetTopologySuite.Geometries;

namespace GridGov.Domain.Geo;

/// <summary>
/// Converts at the edges: anything in any supported CRS to storage (WGS84, SRID 4326) and back.
/// CGCS2000 (EPSG:4490) is taken as equal to WGS84: the two differ by centimetres, below the
/// accuracy of any position this system handles.
/// </summary>
public static class CoordinateConverter
{
    public static GeometryFactory StorageFactory { get; } =
        new(new PrecisionModel(), Srid.Storage);

    public static GeometryFactory MetricFactory { get; } =
        new(new PrecisionModel(), Srid.Metric);

    public static (double Lon, double Lat) ToStorage(double x, double y, Crs from) => from switch
    {
        Crs.Epsg4326 or Crs.Epsg4490 => (x, y),
        Crs.Gcj02 => Gcj02.ToWgs84(x, y),
        Crs.Epsg3857 => WebMercator.Unproject(x, y),
        Crs.Epsg4545 => GaussKruger.Unproject(x, y),
        _ => throw new ArgumentOutOfRangeException(nameof(from)),
    };

    public static (double X, double Y) FromStorage(double lon, double lat, Crs to) => to switch
    {
        Crs.Epsg4326 or Crs.Epsg4490 => (lon, lat),
        Crs.Gcj02 => Gcj02.FromWgs84(lon, lat),
        Crs.Epsg3857 => WebMercator.Project(lon, lat),
        Crs.Epsg4545 => GaussKruger.Project(lon, lat),
        _ => throw new ArgumentOutOfRangeException(nameof(to)),
    };

    /// <summary>A copy of <paramref name="g"/> (in <paramref name="from"/>) in storage coordinates.</summary>
    public static Geometry ToStorage(Geometry g, Crs from)
    {
        var copy = StorageFactory.CreateGeometry(g);
        if (from is not (Crs.Epsg4326 or Crs.Epsg4490))
            copy.Apply(new MapFilter((x, y) => ToStorage(x, y, from)));
        copy.SRID = Srid.Storage;
        return copy;
    }

    /// <summary>A copy of a storage geometry in <paramref name="to"/>.</summary>
    public static Geometry FromStorage(Geometry g, Crs to)
    {
        var copy = g.Copy();
        if (to is not (Crs.Epsg4326 or Crs.Epsg4490))
            copy.Apply(new MapFilter((x, y) => FromStorage(x, y, to)));
        copy.SRID = Srid.EpsgOf(to) ?? 0;
        return copy;
    }

    /// <summary>Storage geometry to EPSG:4545 metres, for lengths and areas.</summary>
    public static Geometry ToMetric(Geometry g)
    {
        var copy = MetricFactory.CreateGeometry(g);
        copy.Apply(new MapFilter((x, y) => GaussKruger.Project(x, y)));
        copy.SRID = Srid.Metric;
        return copy;
    }

    /// <summary>EPSG:4545 metres back to storage.</summary>
    public static Geometry FromMetric(Geometry g)
    {
        var copy = StorageFactory.CreateGeometry(g);
        copy.Apply(new MapFilter((x, y) => GaussKruger.Unproject(x, y)));
        copy.SRID = Srid.Storage;
        return copy;
    }

    /// <summary>Distance in metres between two storage points, on the Gauss-Krüger plane.</summary>
    public static double DistanceMeters(Point a, Point b)
    {
        var (ax, ay) = GaussKruger.Project(a.X, a.Y);
        var (bx, by) = GaussKruger.Project(b.X, b.Y);
        return Math.Sqrt((ax - bx) * (ax - bx) + (ay - by) * (ay - by));
    }
}

/// <summary>Applies a point function to every coordinate of a geometry (in place); shared by the converters.</summary>
internal sealed class MapFilter(Func<double, double, (double, double)> f) : IEntireCoordinateSequenceFilter
{
    public bool Done => false;
    public bool GeometryChanged => true;

    public void Filter(CoordinateSequence seq)
    {
        for (var i = 0; i < seq.Count; i++)
        {
            var (x, y) = f(seq.GetX(i), seq.GetY(i));
            seq.SetX(i, x);
            seq.SetY(i, y);
        }
    }
}
