using GridGov.Domain.Geo;

namespace GridGov.Api.Ogc;

/// <summary>
/// A coordinate system /ogc serves (OGC API – Features Part 2): its URI, its axis order and the conversion, which
/// is <see cref="CrsSpec"/>'s (the same maths as imports and GraphQL). Coordinates follow the CRS's own axis order,
/// as Part 2 requires: CRS84 and 3857 east first; EPSG:4326 and 4490 latitude first; the CGCS2000 Gauss-Krüger
/// CRSs (4545, 4524) northing first, as EPSG defines them.
/// </summary>
public sealed record OgcCrs(string Uri, CrsSpec Spec, bool NorthFirst)
{
    public const string Crs84Uri = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";

    public static readonly OgcCrs Crs84 = new(Crs84Uri, CrsSpec.Wgs84, false);

    /// <summary>CRS84, CGCS2000, Web Mercator, WGS84, and the county's Gauss-Krüger zone (108°E, without and with the zone number).</summary>
    public static readonly IReadOnlyList<OgcCrs> All =
        [Crs84, Epsg(4490, true), Epsg(3857, false), Epsg(4326, true), Epsg(4545, true), Epsg(4524, true)];

    private static OgcCrs Epsg(int code, bool northFirst) =>
        new($"http://www.opengis.net/def/crs/EPSG/0/{code}", CrsSpec.FromEpsg(code)!, northFirst);

    public bool IsProjected => Spec.IsProjected;

    /// <summary>A URI (or a short form such as EPSG:4490, CRS84) of a served CRS; null otherwise.</summary>
    public static OgcCrs? Parse(string text)
    {
        var t = text.Trim().Trim('[', ']');
        if (All.FirstOrDefault(c => string.Equals(c.Uri, t, StringComparison.OrdinalIgnoreCase)) is { } exact) return exact;
        if (!CrsSpec.TryParse(t, out var spec) || spec is null) return null;
        // "CRS84" and "WGS84" mean longitude first; EPSG:4326 by its code means latitude first.
        var lower = t.ToLowerInvariant();
        if (lower.Contains("crs84") || lower is "wgs84" or "wgs1984") return Crs84;
        return All.FirstOrDefault(c => c.Spec.Epsg == spec.Epsg && c != Crs84);
    }

    public static string Supported => string.Join(", ", All.Select(c => c.Uri));

    /// <summary>Storage (lon, lat) to this CRS's axis order, rounded to ~1 cm (degrees) or 1 mm (metres).</summary>
    public (double A, double B) FromStorage(double lon, double lat)
    {
        var (x, y) = Spec.FromStorage(lon, lat);
        var scale = IsProjected ? 1000.0 : 1e7;
        x = Math.Round(x * scale) / scale;
        y = Math.Round(y * scale) / scale;
        return NorthFirst ? (y, x) : (x, y);
    }

    /// <summary>A position in this CRS's axis order to storage (lon, lat).</summary>
    public (double Lon, double Lat) ToStorage(double a, double b) => NorthFirst ? Spec.ToStorage(b, a) : Spec.ToStorage(a, b);
}
