using System.Diagnostics;
using GridGov.Domain.Geo;
using NetTopologySuite.Geometries;

namespace GridGov.Domain.Tests.Geo;

public class CrsSpecTests
{
    // Yinjiang county's extent in WGS84, slightly widened (as in Gcj02Tests).
    private const double MinLon = 108.29, MaxLon = 108.82, MinLat = 27.58, MaxLat = 28.35;

    private static List<(double Lon, double Lat)> CountyPoints(int n, int seed = 7)
    {
        var rnd = new Random(seed);
        return Enumerable.Range(0, n)
            .Select(_ => (MinLon + rnd.NextDouble() * (MaxLon - MinLon), MinLat + rnd.NextDouble() * (MaxLat - MinLat)))
            .ToList();
    }

    private static double Meters(double lon1, double lat1, double lon2, double lat2)
    {
        var (x1, y1) = GaussKruger.Project(lon1, lat1);
        var (x2, y2) = GaussKruger.Project(lon2, lat2);
        return Math.Sqrt((x1 - x2) * (x1 - x2) + (y1 - y2) * (y1 - y2));
    }

    // Reference values made independently with GDAL 3.6 / PROJ at development time, e.g.
    //   echo 108.4 28.0 | gdaltransform -s_srs EPSG:4490 -t_srs EPSG:4524 -output_xy
    public static TheoryData<int, double, double, double, double> GdalReference => new()
    {
        { 4524, 108.4, 28.0, 36539344.9272177, 3098506.22506018 }, // 3° zone 36 with zone number (Yinjiang)
        { 4545, 108.4, 28.0, 539344.927217721, 3098506.22506018 }, // 3° CM 108E without
        { 4513, 75.5, 39.5, 25543006.8149793, 4374133.47689149 },   // 3° zone 25, first
        { 4533, 134.2, 47.8, 45440069.5237571, 5296499.87754816 },  // 3° zone 45, last
        { 4527, 116.4, 39.9, 39448688.8557344, 4418598.00125859 },  // 3° zone 39 (Beijing)
        { 4534, 75.5, 39.5, 543006.814979299, 4374133.47689149 },   // 3° CM 75E
        { 4554, 134.2, 47.8, 440069.523757139, 5296499.87754816 },  // 3° CM 135E
        { 4491, 76.1, 39.4, 13594751.3423176, 4363489.06203858 },   // 6° zone 13, first
        { 4497, 108.4, 28.0, 19244209.7030518, 3101167.62901567 },  // 6° zone 19 (CM 111E)
        { 4501, 134.2, 47.8, 23440069.5237571, 5296499.87754816 },  // 6° zone 23, last
        { 4502, 75.5, 39.5, 543006.814979299, 4374133.47689149 },   // 6° CM 75E
        { 4507, 108.4, 28.0, 834540.910622876, 3103105.27769352 },  // 6° CM 105E
        { 4512, 134.2, 47.8, 440069.523757139, 5296499.87754816 },  // 6° CM 135E
        { 3857, 108.4, 28.0, 12067032.8019909, 3248973.78965097 },  // gdaltransform -s_srs EPSG:4326 -t_srs EPSG:3857
    };

    [Theory]
    [MemberData(nameof(GdalReference))]
    public void Projections_match_gdal(int epsg, double lon, double lat, double x, double y)
    {
        var crs = CrsSpec.FromEpsg(epsg)!;
        var (px, py) = crs.FromStorage(lon, lat);
        Assert.Equal(x, px, 0.01);
        Assert.Equal(y, py, 0.01);
        var (rLon, rLat) = crs.ToStorage(x, y);
        Assert.True(Meters(lon, lat, rLon, rLat) < 0.01, $"{epsg}: inverse off by {Meters(lon, lat, rLon, rLat)} m");
    }

    [Fact]
    public void Epsg4545_keeps_the_postgis_reference_and_the_generated_zone_agrees()
    {
        var (x, y) = CrsSpec.FromEpsg(4545)!.FromStorage(108.4, 28.0);
        Assert.Equal(539344.927218, x, 0.000001);
        Assert.Equal(3098506.225060, y, 0.000001);
        Assert.Equal(GaussKruger.Project(108.4, 28.0), (x, y));
        var (zx, zy) = GaussKruger.Zone(108, 500000).Project(108.4, 28.0);
        Assert.Equal(x, zx, 1e-6);
        Assert.Equal(y, zy, 1e-6);
        Assert.Same(GaussKruger.Zone(108, 36500000), GaussKruger.Zone(108, 36500000));
    }

    [Fact]
    public void Every_supported_crs_round_trips_within_a_centimetre()
    {
        foreach (var crs in CrsSpec.Supported)
        {
            // A point in the zone for Gauss-Krüger, in Yinjiang otherwise.
            var (lon, lat) = crs is GaussKrugerCrs gk ? (gk.CentralMeridian + 0.7, 35.0) : (108.55, 27.9);
            var (x, y) = crs.FromStorage(lon, lat);
            var (rLon, rLat) = crs.ToStorage(x, y);
            var error = Math.Abs(rLon - lon) * 111_000 + Math.Abs(rLat - lat) * 111_000;
            Assert.True(error < 0.01, $"{crs.Name}: {error} m");
            Assert.True(crs.IsPlausible(x, y), $"{crs.Name}: its own output must be plausible");
        }
    }

    [Fact]
    public void Supported_lists_every_family_once()
    {
        var all = CrsSpec.Supported;
        Assert.Equal(5 + 64, all.Count);
        Assert.Equal(all.Count, all.Select(c => c.Name).Distinct().Count());
        foreach (var code in new[] { 4326, 4490, 3857 }.Concat(Enumerable.Range(4491, 64)))
            Assert.Contains(CrsSpec.FromEpsg(code)!, all);
        Assert.Contains(CrsSpec.Gcj02, all);
        Assert.Contains(CrsSpec.Bd09, all);
        Assert.Null(CrsSpec.FromEpsg(4490 - 1));
        Assert.Null(CrsSpec.FromEpsg(4555));
        Assert.Null(CrsSpec.FromEpsg(4610));
        Assert.Null(CrsSpec.FromEpsg(4214));
        Assert.Null(CrsSpec.Gcj02.Epsg);
        Assert.Null(CrsSpec.Bd09.Epsg);
    }

    [Theory]
    [InlineData(4513, 3, 25, true, 75, 25500000)]
    [InlineData(4524, 3, 36, true, 108, 36500000)]
    [InlineData(4533, 3, 45, true, 135, 45500000)]
    [InlineData(4534, 3, 25, false, 75, 500000)]
    [InlineData(4545, 3, 36, false, 108, 500000)]
    [InlineData(4554, 3, 45, false, 135, 500000)]
    [InlineData(4491, 6, 13, true, 75, 13500000)]
    [InlineData(4501, 6, 23, true, 135, 23500000)]
    [InlineData(4502, 6, 13, false, 75, 500000)]
    [InlineData(4507, 6, 18, false, 105, 500000)]
    [InlineData(4512, 6, 23, false, 135, 500000)]
    public void Gauss_kruger_zones_have_the_epsg_parameters(int epsg, int width, int zone, bool inEasting, double cm, double fe)
    {
        var gk = Assert.IsType<GaussKrugerCrs>(CrsSpec.FromEpsg(epsg));
        Assert.Equal((width, zone, inEasting, cm, fe), (gk.ZoneWidth, gk.Zone, gk.ZoneInEasting, gk.CentralMeridian, gk.FalseEasting));
        Assert.True(gk.IsProjected);
        Assert.Equal(epsg, gk.Epsg);
        Assert.Equal($"EPSG:{epsg}", gk.Name);
        Assert.Equal(gk, CrsSpec.FromWkt(gk.Wkt));
    }

    [Fact]
    public void Chinese_names_are_for_staff()
    {
        Assert.Equal("CGCS2000 3度带高斯-克吕格投影 第36带（坐标含带号）", CrsSpec.FromEpsg(4524)!.ChineseName);
        Assert.Equal("CGCS2000 3度带高斯-克吕格投影 中央经线108°E（坐标不含带号）", CrsSpec.FromEpsg(4545)!.ChineseName);
        Assert.Equal("CGCS2000 6度带高斯-克吕格投影 第19带（坐标含带号）", CrsSpec.FromEpsg(4497)!.ChineseName);
        Assert.Equal("WGS84 经纬度", CrsSpec.Wgs84.ChineseName);
        Assert.Equal("GCJ-02（高德/腾讯/微信坐标）", CrsSpec.Gcj02.ChineseName);
        Assert.Equal("BD-09（百度坐标）", CrsSpec.Bd09.ChineseName);
        Assert.All(CrsSpec.Supported, c => Assert.False(string.IsNullOrWhiteSpace(c.ChineseName)));
    }

    [Theory]
    [InlineData("EPSG:4524", "EPSG:4524")]
    [InlineData("epsg:4545", "EPSG:4545")]
    [InlineData("EPSG::4545", "EPSG:4545")]
    [InlineData("4524", "EPSG:4524")]
    [InlineData(" 4490 ", "EPSG:4490")]
    [InlineData("urn:ogc:def:crs:EPSG::4490", "EPSG:4490")]
    [InlineData("urn:ogc:def:crs:EPSG:9.8.15:4524", "EPSG:4524")]
    [InlineData("http://www.opengis.net/def/crs/EPSG/0/3857", "EPSG:3857")]
    [InlineData("CRS84", "EPSG:4326")]
    [InlineData("OGC:CRS84", "EPSG:4326")]
    [InlineData("urn:ogc:def:crs:OGC:1.3:CRS84", "EPSG:4326")]
    [InlineData("wgs84", "EPSG:4326")]
    [InlineData("WGS 84", "EPSG:4326")]
    [InlineData("CGCS2000", "EPSG:4490")]
    [InlineData("gcj02", "GCJ-02")]
    [InlineData("GCJ-02", "GCJ-02")]
    [InlineData("bd09", "BD-09")]
    [InlineData("BD-09", "BD-09")]
    [InlineData("EPSG:900913", "EPSG:3857")]
    public void TryParse_accepts_the_usual_spellings(string text, string name)
    {
        Assert.True(CrsSpec.TryParse(text, out var crs));
        Assert.Equal(name, crs!.Name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("EPSG:4610")]
    [InlineData("4214")]
    [InlineData("xian80")]
    [InlineData("EPSG:abc")]
    public void TryParse_refuses_what_we_do_not_support(string text)
    {
        Assert.False(CrsSpec.TryParse(text, out var crs));
        Assert.Null(crs);
    }

    // The .prj files below were written by `ogr2ogr -f "ESRI Shapefile" -t_srs EPSG:NNNN out pt.geojson`
    // (GDAL 3.6), pasted unchanged: ESRI WKT, no AUTHORITY, so they must be matched by parameters.
    private const string Prj4524 = """PROJCS["CGCS2000_3_Degree_GK_Zone_36",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",36500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",108.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]""";
    private const string Prj4545 = """PROJCS["CGCS2000_3_Degree_GK_CM_108E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",108.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]""";
    private const string Prj4507 = """PROJCS["CGCS2000_GK_CM_105E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",105.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]""";
    private const string Prj4549 = """PROJCS["CGCS2000_3_Degree_GK_CM_120E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",120.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]""";
    private const string Prj4497 = """PROJCS["CGCS2000_GK_Zone_19",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",19500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",111.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]""";
    private const string Prj4490 = """GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]""";
    private const string Prj4326 = """GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]""";
    private const string Prj3857 = """PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Mercator_Auxiliary_Sphere"],PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",0.0],PARAMETER["Standard_Parallel_1",0.0],PARAMETER["Auxiliary_Sphere_Type",0.0],UNIT["Meter",1.0]]""";
    private const string Prj4610 = """GEOGCS["GCS_Xian_1980",DATUM["D_Xian_1980",SPHEROID["Xian_1980",6378140.0,298.257]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]""";
    private const string Prj4214 = """GEOGCS["GCS_Beijing_1954",DATUM["D_Beijing_1954",SPHEROID["Krasovsky_1940",6378245.0,298.3]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]""";
    private const string Prj2383 = """PROJCS["Xian_1980_3_Degree_GK_CM_114E",GEOGCS["GCS_Xian_1980",DATUM["D_Xian_1980",SPHEROID["Xian_1980",6378140.0,298.257]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",114.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]""";

    // OGC WKT1 from `gdalsrsinfo -o wkt1 --single-line EPSG:NNNN` (GDAL 3.6).
    private const string Ogc4524 = """PROJCS["CGCS2000 / 3-degree Gauss-Kruger zone 36",GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101,AUTHORITY["EPSG","1024"]],AUTHORITY["EPSG","1043"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4490"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",108],PARAMETER["scale_factor",1],PARAMETER["false_easting",36500000],PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Northing",NORTH],AXIS["Easting",EAST],AUTHORITY["EPSG","4524"]]""";
    private const string Ogc3857 = """PROJCS["WGS 84 / Pseudo-Mercator",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]],PROJECTION["Mercator_1SP"],PARAMETER["central_meridian",0],PARAMETER["scale_factor",1],PARAMETER["false_easting",0],PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH],EXTENSION["PROJ4","+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs"],AUTHORITY["EPSG","3857"]]""";
    private const string Ogc4610 = """GEOGCS["Xian 1980",DATUM["Xian_1980",SPHEROID["IAG 1975",6378140,298.257,AUTHORITY["EPSG","7049"]],AUTHORITY["EPSG","6610"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4610"]]""";
    private const string Ogc4214 = """GEOGCS["Beijing 1954",DATUM["Beijing_1954",SPHEROID["Krassowsky 1940",6378245,298.3,AUTHORITY["EPSG","7024"]],AUTHORITY["EPSG","6214"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4214"]]""";
    private const string Ogc2383 = """PROJCS["Xian 1980 / 3-degree Gauss-Kruger CM 114E",GEOGCS["Xian 1980",DATUM["Xian_1980",SPHEROID["IAG 1975",6378140,298.257,AUTHORITY["EPSG","7049"]],AUTHORITY["EPSG","6610"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4610"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",114],PARAMETER["scale_factor",1],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Northing",NORTH],AXIS["Easting",EAST],AUTHORITY["EPSG","2383"]]""";

    // WKT2 from `gdalsrsinfo -o wkt2 --single-line EPSG:4497` (as GeoPackage's definition_12_063 may hold).
    private const string Wkt2_4497 = """PROJCRS["CGCS2000 / Gauss-Kruger zone 19",BASEGEOGCRS["China Geodetic Coordinate System 2000",DATUM["China 2000",ELLIPSOID["CGCS2000",6378137,298.257222101,LENGTHUNIT["metre",1]]],PRIMEM["Greenwich",0,ANGLEUNIT["degree",0.0174532925199433]],ID["EPSG",4490]],CONVERSION["6-degree Gauss-Kruger zone 19",METHOD["Transverse Mercator",ID["EPSG",9807]],PARAMETER["Latitude of natural origin",0,ANGLEUNIT["degree",0.0174532925199433],ID["EPSG",8801]],PARAMETER["Longitude of natural origin",111,ANGLEUNIT["degree",0.0174532925199433],ID["EPSG",8802]],PARAMETER["Scale factor at natural origin",1,SCALEUNIT["unity",1],ID["EPSG",8805]],PARAMETER["False easting",19500000,LENGTHUNIT["metre",1],ID["EPSG",8806]],PARAMETER["False northing",0,LENGTHUNIT["metre",1],ID["EPSG",8807]]],CS[Cartesian,2],AXIS["northing (X)",north,ORDER[1],LENGTHUNIT["metre",1]],AXIS["easting (Y)",east,ORDER[2],LENGTHUNIT["metre",1]],USAGE[SCOPE["Topographic mapping (medium scale)."],AREA["China - onshore and offshore between 108°E and 114°E."],BBOX[16.7,108,45.11,114]],ID["EPSG",4497]]""";

    public static TheoryData<string, string> RecognisedWkt => new()
    {
        { Prj4524, "EPSG:4524" },
        { Prj4545, "EPSG:4545" },
        { Prj4507, "EPSG:4507" }, // 6° CM 105E: same projection as 3° 4543, the name says 6°
        { Prj4549, "EPSG:4549" },
        { Prj4497, "EPSG:4497" },
        { Prj4490, "EPSG:4490" },
        { Prj4326, "EPSG:4326" },
        { Prj3857, "EPSG:3857" },
        { Ogc4524, "EPSG:4524" },
        { Ogc4524.Replace(""",AUTHORITY["EPSG","4524"]]""", "]"), "EPSG:4524" }, // by parameters alone
        { Ogc3857, "EPSG:3857" },
        { Ogc3857.Replace(""",AUTHORITY["EPSG","3857"]]""", "]"), "EPSG:3857" },
        { Wkt2_4497, "EPSG:4497" },
        { Wkt2_4497.Replace(""",ID["EPSG",4497]]""", "]"), "EPSG:4497" },
        { GaussKruger.Epsg4545Wkt, "EPSG:4545" },
    };

    [Theory]
    [MemberData(nameof(RecognisedWkt))]
    public void FromWkt_recognises_real_prj_and_ogc_texts(string wkt, string name)
    {
        Assert.Equal(name, CrsSpec.FromWkt(wkt)?.Name);
    }

    public static TheoryData<string> RefusedWkt => new()
    {
        Prj4610, Prj4214, Prj2383, Ogc4610, Ogc4214, Ogc2383,
        Ogc4610.Replace(""",AUTHORITY["EPSG","4610"]]""", "]"),
        // CGCS2000 parameters on the Xian 1980 ellipsoid: the datum name alone is not enough.
        Prj4524.Replace("6378137.0,298.257222101", "6378140.0,298.257"),
        // Transverse Mercator with a scale factor: UTM-like, not a GK zone.
        Prj4545.Replace("""PARAMETER["Scale_Factor",1.0]""", """PARAMETER["Scale_Factor",0.9996]"""),
        // A zone number that does not match the central meridian.
        Prj4524.Replace("36500000.0", "35500000.0"),
        "not a wkt",
        "",
    };

    [Theory]
    [MemberData(nameof(RefusedWkt))]
    public void FromWkt_refuses_xian80_beijing54_and_anything_else(string wkt)
    {
        Assert.Null(CrsSpec.FromWkt(wkt));
    }

    [Fact]
    public void Bd09_round_trips_better_than_one_metre_both_ways()
    {
        var worst = 0.0;
        foreach (var (lon, lat) in CountyPoints(1000))
        {
            var (bLon, bLat) = Bd09.FromWgs84(lon, lat);
            var (wLon, wLat) = Bd09.ToWgs84(bLon, bLat);
            worst = Math.Max(worst, Meters(lon, lat, wLon, wLat));
            // From BD-09 coordinates as a file holds them.
            var (w2Lon, w2Lat) = CrsSpec.Bd09.ToStorage(lon, lat);
            var (b2Lon, b2Lat) = CrsSpec.Bd09.FromStorage(w2Lon, w2Lat);
            worst = Math.Max(worst, Meters(lon, lat, b2Lon, b2Lat));
        }
        Assert.True(worst < 0.01, $"worst round trip {worst} m");
    }

    [Fact]
    public void Bd09_is_gcj02_plus_an_offset_of_hundreds_of_metres()
    {
        foreach (var (lon, lat) in CountyPoints(50))
        {
            var (gLon, gLat) = Gcj02.FromWgs84(lon, lat);
            var (bLon, bLat) = Bd09.FromWgs84(lon, lat);
            Assert.Equal(Bd09.FromGcj02(gLon, gLat), (bLon, bLat));
            var d = Meters(gLon, gLat, bLon, bLat);
            Assert.InRange(d, 500, 1200);
        }
    }

    [Fact]
    public void ToStorage_geometry_copies_converts_and_sets_srid_4326()
    {
        var crs = CrsSpec.FromEpsg(4524)!;
        var (x, y) = crs.FromStorage(108.4, 28.0);
        var factory = new GeometryFactory(new PrecisionModel(), 4524);
        var original = factory.CreatePolygon([new(x, y), new(x + 100, y), new(x + 100, y + 100), new(x, y)]);
        var stored = crs.ToStorage(original);
        Assert.Equal(4326, stored.SRID);
        Assert.Equal(x, original.Coordinates[0].X); // the input is untouched
        Assert.Equal(108.4, stored.Coordinates[0].X, 1e-8);
        Assert.Equal(28.0, stored.Coordinates[0].Y, 1e-8);
        Assert.IsType<Polygon>(stored);

        var wgs = CrsSpec.Wgs84.ToStorage(new Point(108.4, 28.0) { SRID = 0 });
        Assert.Equal(4326, wgs.SRID);
        var back = crs.FromStorage(stored);
        Assert.Equal(4524, back.SRID);
        Assert.Equal(x, back.Coordinates[0].X, 0.001);
    }

    // --- CrsFit: telling apart the mistakes counties make -----------------------------------------

    /// <summary>Houses: true WGS84 positions, and a tight predicate "within 10 m of the house".</summary>
    private static (List<(double Lon, double Lat)> Truth, Func<int, double, double, bool> Inside) Houses(int n)
    {
        var truth = CountyPoints(n, 11);
        return (truth, (i, lon, lat) => Meters(truth[i].Lon, truth[i].Lat, lon, lat) < 10);
    }

    private static bool InCounty(double lon, double lat) => lon is >= MinLon and <= MaxLon && lat is >= MinLat and <= MaxLat;

    [Fact]
    public void Gcj02_declared_as_wgs84_ranks_gcj02_first_with_a_tight_predicate()
    {
        var (truth, inside) = Houses(150);
        var sample = truth.Select(p => Gcj02.FromWgs84(p.Lon, p.Lat)).Select(p => (p.Lon, p.Lat)).ToList();
        var ranked = CrsFit.Rank(sample, inside);
        Assert.Equal(CrsSpec.Gcj02, ranked[0].Crs);
        Assert.False(ranked[0].Swapped);
        Assert.Equal(1.0, ranked[0].FractionInside);
        Assert.Equal(0.0, ranked.Single(r => r.Crs == CrsSpec.Wgs84 && !r.Swapped).FractionInside);
        Assert.Equal(0.0, ranked[1].FractionInside);
    }

    [Fact]
    public void Bd09_points_rank_bd09_first()
    {
        var (truth, inside) = Houses(100);
        var sample = truth.Select(p => Bd09.FromWgs84(p.Lon, p.Lat)).Select(p => (p.Lon, p.Lat)).ToList();
        var ranked = CrsFit.Rank(sample, inside);
        Assert.Equal(CrsSpec.Bd09, ranked[0].Crs);
        Assert.Equal(1.0, ranked[0].FractionInside);
    }

    [Fact]
    public void Swapped_lat_lon_ranks_swapped_wgs84_first()
    {
        var truth = CountyPoints(100);
        var sample = truth.Select(p => (p.Lat, p.Lon)).ToList();
        var ranked = CrsFit.Rank(sample, (_, lon, lat) => InCounty(lon, lat));
        Assert.True(ranked[0].Swapped);
        Assert.Equal(CrsSpec.Wgs84, ranked[0].Crs);
        Assert.Equal(1.0, ranked[0].FractionInside);
        Assert.Equal(0.0, ranked.Single(r => r.Crs == CrsSpec.Wgs84 && !r.Swapped).FractionInside);
    }

    [Fact]
    public void Zone_36_coordinates_without_the_zone_prefix_rank_4545()
    {
        var (truth, inside) = Houses(120);
        var zone36 = CrsSpec.FromEpsg(4524)!;
        var sample = truth.Select(p => zone36.FromStorage(p.Lon, p.Lat)).Select(p => (p.X - 36_000_000, p.Y)).ToList();
        var ranked = CrsFit.Rank(sample, inside);
        Assert.Equal("EPSG:4545", ranked[0].Crs.Name);
        Assert.Equal(1.0, ranked[0].FractionInside);
        Assert.Equal(0.0, ranked.Single(r => r.Crs == zone36 && !r.Swapped).FractionInside);
    }

    [Fact]
    public void Zone_36_with_prefix_and_northing_first_rank_as_expected()
    {
        var (truth, inside) = Houses(120);
        var zone36 = CrsSpec.FromEpsg(4524)!;
        var projected = truth.Select(p => zone36.FromStorage(p.Lon, p.Lat)).ToList();
        var ranked = CrsFit.Rank(projected.Select(p => (p.X, p.Y)).ToList(), inside);
        Assert.Equal(zone36, ranked[0].Crs);
        Assert.False(ranked[0].Swapped);
        Assert.Equal(1.0, ranked[0].FractionInside);

        // Northing first, as EPSG's axis order for 4524 says.
        ranked = CrsFit.Rank(projected.Select(p => (p.Y, p.X)).ToList(), inside);
        Assert.Equal(zone36, ranked[0].Crs);
        Assert.True(ranked[0].Swapped);
    }

    [Fact]
    public void Web_mercator_ranks_3857_and_degrees_never_rank_projected()
    {
        var truth = CountyPoints(80);
        var mercator = truth.Select(p => WebMercator.Project(p.Lon, p.Lat)).Select(p => (p.X, p.Y)).ToList();
        var ranked = CrsFit.Rank(mercator, (_, lon, lat) => InCounty(lon, lat));
        Assert.Equal(CrsSpec.WebMercator, ranked[0].Crs);
        Assert.Equal(1.0, ranked[0].FractionInside);

        // Degrees with an everything-goes predicate: no projected candidate may claim them.
        var degrees = truth.Select(p => (p.Lon, p.Lat)).ToList();
        ranked = CrsFit.Rank(degrees, (_, _, _) => true);
        Assert.All(ranked.Where(r => r.Crs.IsProjected), r => Assert.Equal(0.0, r.FractionInside));
        Assert.Equal(CrsSpec.Wgs84, ranked[0].Crs);
    }

    [Fact]
    public void Rank_is_cheap_and_covers_every_candidate_both_ways()
    {
        var (truth, inside) = Houses(200);
        var zone36 = CrsSpec.FromEpsg(4524)!;
        var sample = truth.Select(p => zone36.FromStorage(p.Lon, p.Lat)).Select(p => (p.X - 36_000_000, p.Y)).ToList();
        CrsFit.Rank(sample.Take(5).ToList(), inside); // warm up the zone transforms
        var watch = Stopwatch.StartNew();
        var ranked = CrsFit.Rank(sample, inside);
        watch.Stop();
        Assert.Equal(CrsSpec.Supported.Count * 2, ranked.Count);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"Rank took {watch.Elapsed}");
        Assert.All(CrsFit.Rank([], inside), r => Assert.Equal(0.0, r.FractionInside));
    }
}
