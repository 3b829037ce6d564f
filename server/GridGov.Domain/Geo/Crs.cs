namespace GridGov.Domain.Geo;

/// <summary>The coordinate systems GridGov accepts and returns. Storage is always <see cref="Epsg4326"/>.</summary>
public enum Crs
{
    /// <summary>WGS84 longitude/latitude — the storage system.</summary>
    Epsg4326,
    /// <summary>CGCS2000 longitude/latitude; equal to WGS84 at the accuracy of this data (centimetres).</summary>
    Epsg4490,
    /// <summary>Web Mercator, metres (spherical).</summary>
    Epsg3857,
    /// <summary>CGCS2000 3-degree Gauss-Krüger CM 108°E, metres — the projected CRS for every distance and area.</summary>
    Epsg4545,
    /// <summary>The offset system of Chinese web maps (Amap, WeChat). No EPSG code, no closed-form inverse.</summary>
    Gcj02,
}

public static class Srid
{
    /// <summary>The one SRID in storage.</summary>
    public const int Storage = 4326;
    /// <summary>The projected CRS (metres) for lengths and areas.</summary>
    public const int Metric = 4545;

    /// <summary>The EPSG code of a CRS, or null for GCJ-02 which has none.</summary>
    public static int? EpsgOf(Crs crs) => crs switch
    {
        Crs.Epsg4326 => 4326,
        Crs.Epsg4490 => 4490,
        Crs.Epsg3857 => 3857,
        Crs.Epsg4545 => 4545,
        _ => null,
    };

    public static bool IsProjected(Crs crs) => crs is Crs.Epsg3857 or Crs.Epsg4545;
}
