using GridGov.Domain.Geo;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace GridGov.Testing;

/// <summary>Test geometries are written as WKT, in storage coordinates (SRID 4326) unless said otherwise.</summary>
public static class Wkt
{
    private static readonly WKTReader Reader = new(CoordinateConverter.StorageFactory.GeometryServices);

    public static Geometry Read(string wkt) => Reader.Read(wkt);
    public static T Read<T>(string wkt) where T : Geometry => (T)Reader.Read(wkt);
}
