using GridGov.Domain.Geo;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace GridGov.Domain.Tests.Geo;

public class ProjectionTests
{
    [Fact]
    public void Gauss_kruger_matches_the_postgis_reference_point()
    {
        // PostGIS: ST_Transform(ST_SetSRID(ST_MakePoint(108.4, 28.0), 4490), 4545)
        var (x, y) = GaussKruger.Project(108.4, 28.0);
        Assert.Equal(539344.927218, x, 0.001);
        Assert.Equal(3098506.225060, y, 0.001);
    }

    [Fact]
    public void Gauss_kruger_round_trips()
    {
        var (x, y) = GaussKruger.Project(108.61, 28.123);
        var (lon, lat) = GaussKruger.Unproject(x, y);
        Assert.Equal(108.61, lon, 1e-9);
        Assert.Equal(28.123, lat, 1e-9);
    }

    [Fact]
    public void Central_meridian_maps_to_the_false_easting()
    {
        var (x, _) = GaussKruger.Project(108.0, 28.0);
        Assert.Equal(500000.0, x, 1e-6);
    }

    [Fact]
    public void Web_mercator_matches_known_values()
    {
        var (x, y) = WebMercator.Project(180, 0);
        Assert.Equal(20037508.342789244, x, 1e-6);
        Assert.Equal(0, y, 1e-6);
        var (lon, lat) = WebMercator.Unproject(WebMercator.Project(108.4, 28.0).X, WebMercator.Project(108.4, 28.0).Y);
        Assert.Equal(108.4, lon, 1e-9);
        Assert.Equal(28.0, lat, 1e-9);
    }

    [Fact]
    public void Converter_round_trips_a_polygon_through_every_crs()
    {
        var storage = (Polygon)new WKTReader().Read(
            "POLYGON ((108.40 28.00, 108.41 28.00, 108.41 28.01, 108.40 28.01, 108.40 28.00))");
        foreach (var crs in Enum.GetValues<Crs>())
        {
            var there = CoordinateConverter.FromStorage(storage, crs);
            var back = CoordinateConverter.ToStorage(there, crs);
            Assert.Equal(Srid.Storage, back.SRID);
            for (var i = 0; i < storage.Coordinates.Length; i++)
            {
                Assert.Equal(storage.Coordinates[i].X, back.Coordinates[i].X, 1e-8);
                Assert.Equal(storage.Coordinates[i].Y, back.Coordinates[i].Y, 1e-8);
            }
        }
    }

    [Fact]
    public void Metric_area_of_a_one_km_square_is_one_million_square_metres()
    {
        var (x, y) = GaussKruger.Project(108.4, 28.0);
        var f = CoordinateConverter.MetricFactory;
        var square = f.CreatePolygon([new(x, y), new(x + 1000, y), new(x + 1000, y + 1000), new(x, y + 1000), new(x, y)]);
        var stored = CoordinateConverter.FromMetric(square);
        Assert.Equal(1_000_000, CoordinateConverter.ToMetric(stored).Area, 0.01);
        var a = (Point)CoordinateConverter.FromMetric(f.CreatePoint(new Coordinate(x, y)));
        var b = (Point)CoordinateConverter.FromMetric(f.CreatePoint(new Coordinate(x + 1000, y)));
        Assert.Equal(1000, CoordinateConverter.DistanceMeters(a, b), 1e-6);
    }
}
