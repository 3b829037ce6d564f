using NetTopologySuite.Geometries;

namespace GridGov.Domain.Geo;

/// <summary>
/// A coordinate reference system a county's file may be in: WGS84, CGCS2000, Web Mercator, every
/// CGCS2000 Gauss-Krüger zone (3° and 6°, with and without the zone number in the false easting),
/// GCJ-02 and BD-09. Converts to storage (WGS84 lon/lat, SRID 4326) at the edge.
/// </summary>
public abstract record CrsSpec
{
    /// <summary>"EPSG:4524", "GCJ-02", "BD-09".</summary>
    public abstract string Name { get; }
    /// <summary>For messages to staff, e.g. 「CGCS2000 3度带高斯-克吕格 第36带（坐标含带号）」.</summary>
    public abstract string ChineseName { get; }
    public abstract bool IsProjected { get; }
    /// <summary>The EPSG code, or null for GCJ-02 and BD-09.</summary>
    public abstract int? Epsg { get; }
    public abstract (double Lon, double Lat) ToStorage(double x, double y);
    public abstract (double X, double Y) FromStorage(double lon, double lat);

    /// <summary>A copy of <paramref name="g"/> (in this CRS) in storage coordinates, SRID 4326.</summary>
    public Geometry ToStorage(Geometry g) => throw new NotImplementedException();

    public static CrsSpec Wgs84 => throw new NotImplementedException();
    public static CrsSpec Cgcs2000 => throw new NotImplementedException();
    public static CrsSpec WebMercator => throw new NotImplementedException();
    public static CrsSpec Gcj02 => throw new NotImplementedException();
    public static CrsSpec Bd09 => throw new NotImplementedException();

    /// <summary>EPSG:4326, 4490, 3857, 4491–4554; null for any other code.</summary>
    public static CrsSpec? FromEpsg(int code) => throw new NotImplementedException();

    /// <summary>"EPSG:4524", "4524", "urn:ogc:def:crs:EPSG::4490", "CRS84", "wgs84", "cgcs2000", "gcj02", "bd09" (case-insensitive).</summary>
    public static bool TryParse(string text, out CrsSpec? crs) => throw new NotImplementedException();

    /// <summary>An OGC or ESRI WKT (a Shapefile .prj, a GeoPackage SRS), matched by its datum and projection parameters; null when it is none we support.</summary>
    public static CrsSpec? FromWkt(string wkt) => throw new NotImplementedException();

    /// <summary>Every CRS we support, for guessing which one a file's coordinates fit.</summary>
    public static IReadOnlyList<CrsSpec> Supported => throw new NotImplementedException();
}

/// <summary>How well one CRS (with x/y possibly swapped) puts a sample of coordinates where they belong.</summary>
public sealed record CrsFitResult(CrsSpec Crs, bool Swapped, double FractionInside);

public static class CrsFit
{
    /// <summary>
    /// Every supported CRS (and its swapped-axis variant) ranked by the fraction of the sample that
    /// lands where <paramref name="insideStorage"/> says it belongs (given storage lon/lat and the
    /// sample index). Candidates whose conversion fails or leaves the plausible range score 0.
    /// </summary>
    public static IReadOnlyList<CrsFitResult> Rank(IReadOnlyList<(double X, double Y)> sample,
        Func<int, double, double, bool> insideStorage) => throw new NotImplementedException();
}
