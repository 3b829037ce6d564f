using GridGov.Domain.Geo;

namespace GridGov.Export.Writers;

/// <summary>The WKT a GIS file carries for a CRS GridGov writes (a Shapefile's .prj, a GeoPackage's SRS).</summary>
internal static class CrsWkt
{
    private const string Wgs84 =
        "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,AUTHORITY[\"EPSG\",\"7030\"]],AUTHORITY[\"EPSG\",\"6326\"]]," +
        "PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]],UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]],AUTHORITY[\"EPSG\",\"4326\"]]";

    private const string Cgcs2000 =
        "GEOGCS[\"China Geodetic Coordinate System 2000\",DATUM[\"China_2000\",SPHEROID[\"CGCS2000\",6378137,298.257222101,AUTHORITY[\"EPSG\",\"1024\"]]," +
        "AUTHORITY[\"EPSG\",\"1043\"]],PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]],UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]]," +
        "AUTHORITY[\"EPSG\",\"4490\"]]";

    private const string WebMercator =
        "PROJCS[\"WGS 84 / Pseudo-Mercator\"," + Wgs84 + ",PROJECTION[\"Mercator_1SP\"],PARAMETER[\"central_meridian\",0]," +
        "PARAMETER[\"scale_factor\",1],PARAMETER[\"false_easting\",0],PARAMETER[\"false_northing\",0],UNIT[\"metre\",1,AUTHORITY[\"EPSG\",\"9001\"]]," +
        "AXIS[\"Easting\",EAST],AXIS[\"Northing\",NORTH],EXTENSION[\"PROJ4\",\"+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs\"]," +
        "AUTHORITY[\"EPSG\",\"3857\"]]";

    /// <summary>The WKT of <paramref name="crs"/>; null for GCJ-02 and BD-09, which no GIS file format can name.</summary>
    public static string? Of(CrsSpec crs) => crs switch
    {
        GaussKrugerCrs gk => gk.Wkt,
        _ => crs.Epsg switch { 4326 => Wgs84, 4490 => Cgcs2000, 3857 => WebMercator, _ => null },
    };
}
