using System.Collections.Concurrent;
using System.Globalization;
using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;

namespace GridGov.Domain.Geo;

/// <summary>
/// CGCS2000 / 3-degree Gauss-Krüger CM 108°E (EPSG:4545) through ProjNet. ProjNet has no EPSG
/// database, so the WKT is PostGIS's own (spatial_ref_sys). The source is the projection's own
/// GEOGCS (CGCS2000): going through ProjNet's WGS84 would add a 2.7 mm datum shift that PostGIS
/// does not apply.
/// </summary>
public static class GaussKruger
{
    public const string Epsg4545Wkt =
        "PROJCS[\"CGCS2000 / 3-degree Gauss-Kruger CM 108E\",GEOGCS[\"China Geodetic Coordinate System 2000\"," +
        "DATUM[\"China_2000\",SPHEROID[\"CGCS2000\",6378137,298.257222101,AUTHORITY[\"EPSG\",\"1024\"]],AUTHORITY[\"EPSG\",\"1043\"]]," +
        "PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]],UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]]," +
        "AUTHORITY[\"EPSG\",\"4490\"]],PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"latitude_of_origin\",0]," +
        "PARAMETER[\"central_meridian\",108],PARAMETER[\"scale_factor\",1],PARAMETER[\"false_easting\",500000]," +
        "PARAMETER[\"false_northing\",0],UNIT[\"metre\",1,AUTHORITY[\"EPSG\",\"9001\"]],AUTHORITY[\"EPSG\",\"4545\"]]";

    private static readonly MathTransform Forward;
    private static readonly MathTransform Inverse;

    static GaussKruger()
    {
        var factory = new CoordinateSystemFactory();
        var projected = (ProjectedCoordinateSystem)factory.CreateFromWkt(Epsg4545Wkt);
        var transform = new CoordinateTransformationFactory()
            .CreateFromCoordinateSystems(projected.GeographicCoordinateSystem, projected);
        Forward = transform.MathTransform;
        Inverse = transform.MathTransform.Inverse();
    }

    /// <summary>Longitude/latitude (CGCS2000 ≈ WGS84) to easting/northing in metres.</summary>
    public static (double X, double Y) Project(double lon, double lat) => Forward.Transform(lon, lat);

    public static (double Lon, double Lat) Unproject(double x, double y) => Inverse.Transform(x, y);

    private static readonly ConcurrentDictionary<(double Cm, double Fe), GaussKrugerZone> Zones = new();

    /// <summary>
    /// Any CGCS2000 Gauss-Krüger zone (scale 1, origin at the equator), built once per central meridian
    /// and false easting from WKT in the same form as <see cref="Epsg4545Wkt"/>.
    /// </summary>
    public static GaussKrugerZone Zone(double centralMeridian, double falseEasting) =>
        Zones.GetOrAdd((centralMeridian, falseEasting), k => new GaussKrugerZone(k.Cm, k.Fe, Wkt(k.Cm, k.Fe)));

    /// <summary>The WKT of a CGCS2000 Gauss-Krüger zone: PostGIS's EPSG:4545 text with the zone's parameters.</summary>
    public static string Wkt(double centralMeridian, double falseEasting, string? name = null, int? epsg = null)
    {
        var inv = CultureInfo.InvariantCulture;
        name ??= $"CGCS2000 / Gauss-Kruger CM {centralMeridian.ToString(inv)}E FE {falseEasting.ToString(inv)}";
        var authority = epsg is int code ? $",AUTHORITY[\"EPSG\",\"{code}\"]" : "";
        return $"PROJCS[\"{name}\",GEOGCS[\"China Geodetic Coordinate System 2000\"," +
            "DATUM[\"China_2000\",SPHEROID[\"CGCS2000\",6378137,298.257222101,AUTHORITY[\"EPSG\",\"1024\"]],AUTHORITY[\"EPSG\",\"1043\"]]," +
            "PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]],UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]]," +
            "AUTHORITY[\"EPSG\",\"4490\"]],PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"latitude_of_origin\",0]," +
            $"PARAMETER[\"central_meridian\",{centralMeridian.ToString("R", inv)}],PARAMETER[\"scale_factor\",1]," +
            $"PARAMETER[\"false_easting\",{falseEasting.ToString("R", inv)}]," +
            $"PARAMETER[\"false_northing\",0],UNIT[\"metre\",1,AUTHORITY[\"EPSG\",\"9001\"]]{authority}]";
    }
}

/// <summary>One Gauss-Krüger zone's forward and inverse transform, shared process-wide the same way as the 4545 one.</summary>
public sealed class GaussKrugerZone
{
    private readonly MathTransform forward;
    private readonly MathTransform inverse;

    internal GaussKrugerZone(double centralMeridian, double falseEasting, string wkt)
    {
        CentralMeridian = centralMeridian;
        FalseEasting = falseEasting;
        var projected = (ProjectedCoordinateSystem)new CoordinateSystemFactory().CreateFromWkt(wkt);
        var transform = new CoordinateTransformationFactory()
            .CreateFromCoordinateSystems(projected.GeographicCoordinateSystem, projected);
        forward = transform.MathTransform;
        inverse = transform.MathTransform.Inverse();
    }

    public double CentralMeridian { get; }
    public double FalseEasting { get; }

    public (double X, double Y) Project(double lon, double lat) => forward.Transform(lon, lat);

    public (double Lon, double Lat) Unproject(double x, double y) => inverse.Transform(x, y);
}

/// <summary>Spherical Web Mercator (EPSG:3857).</summary>
public static class WebMercator
{
    private const double R = 6378137.0;

    public static (double X, double Y) Project(double lon, double lat) =>
        (R * lon * Math.PI / 180.0, R * Math.Log(Math.Tan(Math.PI / 4 + lat * Math.PI / 360.0)));

    public static (double Lon, double Lat) Unproject(double x, double y) =>
        (x / R * 180.0 / Math.PI, (2 * Math.Atan(Math.Exp(y / R)) - Math.PI / 2) * 180.0 / Math.PI);
}
