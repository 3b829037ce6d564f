using System.Globalization;
using GridGov.Domain.Geo;
using GridGov.Testing;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace GridGov.Domain.Tests.Cells;

/// <summary>
/// A village near 108.41°E 28.01°N with a slightly slanted east edge, and two neighbouring
/// cells 一组 and 二组 sharing the meridian 108.410 (each about 490 m × 554 m).
/// </summary>
internal static class CellFixtures
{
    public const string VillageWkt =
        "MULTIPOLYGON (((108.400 28.000, 108.420 28.001, 108.421 28.020, 108.401 28.019, 108.400 28.000)))";

    public const string Group1Wkt = "POLYGON ((108.405 28.005, 108.410 28.005, 108.410 28.010, 108.405 28.010, 108.405 28.005))";
    public const string Group2Wkt = "POLYGON ((108.410 28.005, 108.415 28.005, 108.415 28.010, 108.410 28.010, 108.410 28.005))";

    public static MultiPolygon Village => Wkt.Read<MultiPolygon>(VillageWkt);
    public static Polygon Group1 => Wkt.Read<Polygon>(Group1Wkt);
    public static Polygon Group2 => Wkt.Read<Polygon>(Group2Wkt);

    public static IReadOnlyList<(long Id, string Name, Polygon Geometry)> OnlyGroup1 => [(11, "一组", Group1)];

    /// <summary>Reads WKT written in EPSG:4545 metres and returns it in storage coordinates.</summary>
    public static Geometry FromMetricWkt(string wkt) =>
        CoordinateConverter.FromMetric(new WKTReader(CoordinateConverter.MetricFactory.GeometryServices).Read(wkt));

    public static (double X, double Y) ToMetric(double lon, double lat) => GaussKruger.Project(lon, lat);

    /// <summary>Invariant-culture number for building metric WKT.</summary>
    public static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    public static string MetricPolygonWkt(params (double X, double Y)[] ring) =>
        "POLYGON ((" + string.Join(", ", ring.Append(ring[0]).Select(p => $"{N(p.X)} {N(p.Y)}")) + "))";

    public static double AreaM2(Geometry storage) => CoordinateConverter.ToMetric(storage).Area;

    public static double LengthM(Geometry storage) => CoordinateConverter.ToMetric(storage).Length;

    public static bool SameBits(double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b);
}
