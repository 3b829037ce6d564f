using System.Globalization;
using System.Text;
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

    /// <summary>
    /// Whether (x, y) can be a coordinate of this CRS at all (degrees within ±180/±90; projected values
    /// that are not obviously degrees; a Gauss-Krüger easting inside its zone's band). Cheap, no transform.
    /// </summary>
    public abstract bool IsPlausible(double x, double y);

    /// <summary>Whether a converted storage position is one this CRS can produce for data of its area (e.g. inside the GK zone).</summary>
    internal virtual bool IsPlausibleResult(double lon, double lat) =>
        double.IsFinite(lon) && double.IsFinite(lat) && Math.Abs(lon) <= 180 && Math.Abs(lat) <= 90;

    /// <summary>A copy of <paramref name="g"/> (in this CRS) in storage coordinates, SRID 4326.</summary>
    public Geometry ToStorage(Geometry g)
    {
        var copy = CoordinateConverter.StorageFactory.CreateGeometry(g);
        if (this is not GeographicCrs)
            copy.Apply(new MapFilter(ToStorage));
        copy.SRID = Srid.Storage;
        return copy;
    }

    /// <summary>A copy of a storage geometry in this CRS (SRID = the EPSG code, 0 for GCJ-02/BD-09).</summary>
    public Geometry FromStorage(Geometry g)
    {
        var copy = g.Copy();
        if (this is not GeographicCrs)
            copy.Apply(new MapFilter(FromStorage));
        copy.SRID = Epsg ?? 0;
        return copy;
    }

    public sealed override string ToString() => Name;

    public static CrsSpec Wgs84 => All.Wgs84;
    public static CrsSpec Cgcs2000 => All.Cgcs2000;
    public static CrsSpec WebMercator => All.WebMercator;
    public static CrsSpec Gcj02 => All.Gcj02;
    public static CrsSpec Bd09 => All.Bd09;

    /// <summary>EPSG:4326, 4490, 3857, 4491–4554; null for any other code.</summary>
    public static CrsSpec? FromEpsg(int code) => code switch
    {
        4326 => Wgs84,
        4490 => Cgcs2000,
        3857 => WebMercator,
        >= 4491 and <= 4554 => All.GaussKruger[code - 4491],
        _ => null,
    };

    /// <summary>"EPSG:4524", "4524", "urn:ogc:def:crs:EPSG::4490", "CRS84", "wgs84", "cgcs2000", "gcj02", "bd09" (case-insensitive).</summary>
    public static bool TryParse(string text, out CrsSpec? crs)
    {
        crs = null;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var t = text.Trim().ToLowerInvariant();
        var compact = new string(t.Where(char.IsLetterOrDigit).ToArray());
        crs = compact switch
        {
            "wgs84" or "wgs1984" or "crs84" or "ogccrs84" => Wgs84,
            "cgcs2000" or "china2000" => Cgcs2000,
            "gcj02" => Gcj02,
            "bd09" or "bd09ll" => Bd09,
            "webmercator" or "pseudomercator" => WebMercator,
            _ => null,
        };
        if (crs is not null) return true;
        // URNs and URLs: urn:ogc:def:crs:OGC:1.3:CRS84, urn:ogc:def:crs:EPSG::4490, http://www.opengis.net/def/crs/EPSG/0/4490
        if (t.EndsWith(":crs84") || t.EndsWith("/crs84")) { crs = Wgs84; return true; }
        string? digits = null;
        if (t.All(char.IsDigit)) digits = t;
        else if (t.StartsWith("epsg:")) digits = t[5..].TrimStart(':');
        else if (t.StartsWith("urn:ogc:def:crs:epsg:")) digits = t[(t.LastIndexOf(':') + 1)..];
        else if (t.Contains("/def/crs/epsg/")) digits = t[(t.LastIndexOf('/') + 1)..];
        if (digits is null || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
            return false;
        // Esri's and the old Google codes for Web Mercator.
        if (code is 900913 or 3785 or 102100 or 102113) code = 3857;
        crs = FromEpsg(code);
        return crs is not null;
    }

    /// <summary>An OGC or ESRI WKT (a Shapefile .prj, a GeoPackage SRS), matched by its datum and projection parameters; null when it is none we support.</summary>
    public static CrsSpec? FromWkt(string wkt)
    {
        if (string.IsNullOrWhiteSpace(wkt)) return null;
        var root = WktNode.TryParse(wkt.Trim());
        if (root is null) return null;
        if (root.Keyword.ToUpperInvariant() is "COMPD_CS" or "COMPOUNDCRS")
            root = root.Child("PROJCS", "PROJCRS", "GEOGCS", "GEOGCRS", "GEODCRS");
        if (root is null) return null;
        // An EPSG code we support settles it; any other code falls through to the datum check,
        // which refuses Xian 1980, Beijing 1954 and the rest.
        if (EpsgCode(root) is int code && FromEpsg(code) is { } byCode) return byCode;

        var kw = root.Keyword.ToUpperInvariant();
        if (kw is "GEOGCS" or "GEOGCRS" or "GEODCRS")
            return DatumOf(root) switch { Datum.Wgs84 => Wgs84, Datum.Cgcs2000 => Cgcs2000, _ => null };
        if (kw is not ("PROJCS" or "PROJCRS")) return null;

        var geog = root.Child("GEOGCS", "BASEGEOGCRS", "BASEGEODCRS");
        if (geog is null) return null;
        var datum = DatumOf(geog);
        if (datum == Datum.Other) return null;

        var conversion = root.Child("CONVERSION");
        var method = conversion is not null ? conversion.Child("METHOD")?.Name : root.Child("PROJECTION")?.Name;
        if (method is null) return null;
        var parameters = (conversion ?? root).Children
            .Where(c => c.Keyword.Equals("PARAMETER", StringComparison.OrdinalIgnoreCase) && c.Number(0) is not null)
            .GroupBy(c => Normalise(c.Name))
            .ToDictionary(g => g.Key, g => g.First().Number(0)!.Value);
        double? Param(params string[] names) =>
            names.Select(n => parameters.TryGetValue(n, out var v) ? v : (double?)null).FirstOrDefault(v => v is not null);

        // Linear unit: only metres (a WKT1 UNIT directly under PROJCS).
        var unit = root.Child("UNIT", "LENGTHUNIT");
        if (unit?.Number(0) is double metres && !Near(metres, 1)) return null;

        var cm = Param("centralmeridian", "longitudeofnaturalorigin", "longitudeoforigin", "longitudeofcenter") ?? 0;
        var fe = Param("falseeasting") ?? 0;
        var fn = Param("falsenorthing") ?? 0;
        var k = Param("scalefactor", "scalefactoratnaturalorigin") ?? 1;
        var lat0 = Param("latitudeoforigin", "latitudeofnaturalorigin", "standardparallel1") ?? 0;
        var m = Normalise(method);
        var name = Normalise(root.Name);

        if (m.Contains("mercator") && !m.Contains("transverse"))
        {
            if (datum != Datum.Wgs84 || !Near(cm, 0) || !Near(fe, 0) || !Near(fn, 0) || !Near(k, 1) || !Near(lat0, 0)) return null;
            var proj4 = root.Child("EXTENSION")?.Args.OfType<string>().Skip(1).FirstOrDefault() ?? "";
            var spherical = m.Contains("auxiliarysphere") || m.Contains("pseudo") || m.Contains("popularvisualisation")
                || name.Contains("webmercator") || name.Contains("pseudomercator") || name.Contains("auxiliarysphere")
                || (proj4.Contains("+a=6378137") && proj4.Contains("+b=6378137"));
            // Mercator on the ellipsoid (EPSG:3395) differs from Web Mercator by kilometres: not ours.
            return spherical ? WebMercator : null;
        }

        if (m.Contains("transversemercator") || m.Contains("gausskruger") || m.Contains("gaussian"))
        {
            // Gauss-Krüger zones are supported on CGCS2000 only.
            if (datum != Datum.Cgcs2000 || !Near(k, 1) || !Near(fn, 0) || !Near(lat0, 0)) return null;
            var prefersSixDegree = name.Contains("6degree") ||
                ((name.Contains("gkcm") || name.Contains("gausskrugercm")) && !name.Contains("3degree"));
            return FindGaussKruger(cm, fe, prefersSixDegree);
        }
        return null;
    }

    /// <summary>Every CRS we support, for guessing which one a file's coordinates fit.</summary>
    public static IReadOnlyList<CrsSpec> Supported => All.Supported;

    /// <summary>The CGCS2000 GK zone with this central meridian and false easting, or null.</summary>
    public static GaussKrugerCrs? FindGaussKruger(double centralMeridian, double falseEasting, bool prefersSixDegree = false)
    {
        var cm = Math.Round(centralMeridian);
        if (!Near(cm, centralMeridian) || cm < 75 || cm > 135) return null;
        var c = (int)cm;
        if (Near(falseEasting, 500000))
        {
            GaussKrugerCrs? three = c % 3 == 0 ? (GaussKrugerCrs)FromEpsg(4534 + (c - 75) / 3)! : null;
            GaussKrugerCrs? six = (c - 75) % 6 == 0 ? (GaussKrugerCrs)FromEpsg(4502 + (c - 75) / 6)! : null;
            // 3° and 6° zones that share a central meridian are the same projection; 3° is what county surveys use.
            return prefersSixDegree ? six ?? three : three ?? six;
        }
        var zone = (falseEasting - 500000) / 1e6;
        if (!Near(zone, Math.Round(zone))) return null;
        var z = (int)Math.Round(zone);
        if (z >= 25 && z <= 45 && z * 3 == c) return (GaussKrugerCrs)FromEpsg(4513 + z - 25)!;
        if (z >= 13 && z <= 23 && z * 6 - 3 == c) return (GaussKrugerCrs)FromEpsg(4491 + z - 13)!;
        return null;
    }

    private enum Datum { Other, Wgs84, Cgcs2000 }

    private static Datum DatumOf(WktNode geog)
    {
        var datum = geog.Child("DATUM", "ENSEMBLE");
        if (datum is null) return Datum.Other;
        var n = Normalise(datum.Name);
        var kind = n.Contains("china2000") || n.Contains("cgcs2000") || n.Contains("chinageodeticcoordinatesystem2000")
            ? Datum.Cgcs2000
            : n.Contains("wgs84") || n.Contains("wgs1984") || n.Contains("worldgeodeticsystem1984")
                ? Datum.Wgs84
                : Datum.Other;
        if (kind == Datum.Other) return kind;
        // The name alone is not trusted: the ellipsoid must agree (GRS80-based datums have other names).
        var spheroid = datum.Child("SPHEROID", "ELLIPSOID");
        if (spheroid is not null)
        {
            var a = spheroid.Number(0);
            var rf = spheroid.Number(1);
            var expectedRf = kind == Datum.Cgcs2000 ? 298.257222101 : 298.257223563;
            if (a is null || rf is null || Math.Abs(a.Value - 6378137) > 1e-3 || Math.Abs(rf.Value - expectedRf) > 1e-6)
                return Datum.Other;
        }
        var primem = geog.Child("PRIMEM");
        if (primem?.Number(0) is double pm && !Near(pm, 0)) return Datum.Other;
        var angular = geog.Child("UNIT", "ANGLEUNIT");
        if (angular?.Number(0) is double u && Math.Abs(u - Math.PI / 180) > 1e-12) return Datum.Other;
        return kind;
    }

    private static int? EpsgCode(WktNode node)
    {
        var id = node.Children.LastOrDefault(c => c.Keyword.Equals("AUTHORITY", StringComparison.OrdinalIgnoreCase)
            || c.Keyword.Equals("ID", StringComparison.OrdinalIgnoreCase));
        if (id is null || !id.Name.Equals("EPSG", StringComparison.OrdinalIgnoreCase) || id.Args.Count < 2) return null;
        return id.Args[1] switch
        {
            double d when Near(d, Math.Round(d)) => (int)Math.Round(d),
            string s when int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var i) => i,
            _ => null,
        };
    }

    private static string Normalise(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var ch in s)
            if (char.IsLetterOrDigit(ch)) sb.Append(char.ToLowerInvariant(ch));
        return sb.ToString();
    }

    private static bool Near(double a, double b) => Math.Abs(a - b) <= 1e-9 * Math.Max(1, Math.Abs(b));

    private static class All
    {
        public static readonly CrsSpec Wgs84 = new GeographicCrs(4326);
        public static readonly CrsSpec Cgcs2000 = new GeographicCrs(4490);
        public static readonly CrsSpec WebMercator = new WebMercatorCrs();
        public static readonly CrsSpec Gcj02 = new Gcj02Crs();
        public static readonly CrsSpec Bd09 = new Bd09Crs();

        /// <summary>EPSG:4491 … 4554 in code order.</summary>
        public static readonly GaussKrugerCrs[] GaussKruger = Enumerable.Range(4491, 64).Select(MakeGk).ToArray();

        /// <summary>Order matters for ties in <see cref="CrsFit.Rank"/>: the more common systems first.</summary>
        public static readonly IReadOnlyList<CrsSpec> Supported =
        [
            Wgs84, Cgcs2000, Gcj02, Bd09, WebMercator,
            .. GaussKruger.Where(g => g.ZoneWidth == 3 && g.ZoneInEasting),
            .. GaussKruger.Where(g => g.ZoneWidth == 3 && !g.ZoneInEasting),
            .. GaussKruger.Where(g => g.ZoneWidth == 6 && g.ZoneInEasting),
            .. GaussKruger.Where(g => g.ZoneWidth == 6 && !g.ZoneInEasting),
        ];

        private static GaussKrugerCrs MakeGk(int code) => code switch
        {
            <= 4501 => new GaussKrugerCrs(code, 6, 13 + code - 4491, true),
            <= 4512 => new GaussKrugerCrs(code, 6, 13 + code - 4502, false),
            <= 4533 => new GaussKrugerCrs(code, 3, 25 + code - 4513, true),
            _ => new GaussKrugerCrs(code, 3, 25 + code - 4534, false),
        };
    }

}

/// <summary>WGS84 (4326) or CGCS2000 (4490) longitude/latitude; both are storage as they are.</summary>
public sealed record GeographicCrs : CrsSpec
{
    private readonly int code;

    internal GeographicCrs(int code) => this.code = code;

    public override string Name => $"EPSG:{code}";
    public override string ChineseName => code == 4490 ? "CGCS2000 经纬度（2000国家大地坐标系）" : "WGS84 经纬度";
    public override bool IsProjected => false;
    public override int? Epsg => code;
    public override (double Lon, double Lat) ToStorage(double x, double y) => (x, y);
    public override (double X, double Y) FromStorage(double lon, double lat) => (lon, lat);
    public override bool IsPlausible(double x, double y) => Math.Abs(x) <= 180 && Math.Abs(y) <= 90;
}

/// <summary>Spherical Web Mercator, EPSG:3857.</summary>
public sealed record WebMercatorCrs : CrsSpec
{
    internal WebMercatorCrs() { }

    private const double Max = 20037508.342789244;

    public override string Name => "EPSG:3857";
    public override string ChineseName => "Web 墨卡托投影（EPSG:3857，网络地图）";
    public override bool IsProjected => true;
    public override int? Epsg => 3857;
    public override (double Lon, double Lat) ToStorage(double x, double y) => Geo.WebMercator.Unproject(x, y);
    public override (double X, double Y) FromStorage(double lon, double lat) => Geo.WebMercator.Project(lon, lat);

    // Values that fit in degrees (either axis order) are taken for degrees: a Web Mercator point
    // within 360 m of (0°, 0°) is no county's.
    public override bool IsPlausible(double x, double y) =>
        !(Math.Abs(x) <= 360 && Math.Abs(y) <= 360) && Math.Abs(x) <= Max && Math.Abs(y) <= Max;
}

/// <summary>GCJ-02, the offset system of Amap, Tencent and WeChat. No EPSG code.</summary>
public sealed record Gcj02Crs : CrsSpec
{
    internal Gcj02Crs() { }

    public override string Name => "GCJ-02";
    public override string ChineseName => "GCJ-02（高德/腾讯/微信坐标）";
    public override bool IsProjected => false;
    public override int? Epsg => null;
    public override (double Lon, double Lat) ToStorage(double x, double y) => Geo.Gcj02.ToWgs84(x, y);
    public override (double X, double Y) FromStorage(double lon, double lat) => Geo.Gcj02.FromWgs84(lon, lat);
    public override bool IsPlausible(double x, double y) => Math.Abs(x) <= 180 && Math.Abs(y) <= 90;
}

/// <summary>BD-09, Baidu's coordinates: GCJ-02 plus Baidu's own offset. No EPSG code.</summary>
public sealed record Bd09Crs : CrsSpec
{
    internal Bd09Crs() { }

    public override string Name => "BD-09";
    public override string ChineseName => "BD-09（百度坐标）";
    public override bool IsProjected => false;
    public override int? Epsg => null;
    public override (double Lon, double Lat) ToStorage(double x, double y) => Geo.Bd09.ToWgs84(x, y);
    public override (double X, double Y) FromStorage(double lon, double lat) => Geo.Bd09.FromWgs84(lon, lat);
    public override bool IsPlausible(double x, double y) => Math.Abs(x) <= 180 && Math.Abs(y) <= 90;
}

/// <summary>
/// A CGCS2000 Gauss-Krüger zone, EPSG:4491–4554. <see cref="Zone"/> is the zone number (3°: CM/3,
/// 6°: (CM+3)/6); when <see cref="ZoneInEasting"/> the false easting is zone × 1 000 000 + 500 000.
/// </summary>
public sealed record GaussKrugerCrs : CrsSpec
{
    private readonly int code;

    internal GaussKrugerCrs(int code, int zoneWidth, int zone, bool zoneInEasting)
    {
        this.code = code;
        ZoneWidth = zoneWidth;
        Zone = zone;
        ZoneInEasting = zoneInEasting;
    }

    /// <summary>3 or 6 (degrees).</summary>
    public int ZoneWidth { get; }
    public int Zone { get; }
    public bool ZoneInEasting { get; }
    public double CentralMeridian => ZoneWidth == 3 ? Zone * 3 : Zone * 6 - 3;
    public double FalseEasting => ZoneInEasting ? Zone * 1_000_000.0 + 500_000 : 500_000;

    public override string Name => $"EPSG:{code}";
    public override string ChineseName => ZoneInEasting
        ? $"CGCS2000 {ZoneWidth}度带高斯-克吕格投影 第{Zone}带（坐标含带号）"
        : $"CGCS2000 {ZoneWidth}度带高斯-克吕格投影 中央经线{CentralMeridian.ToString(CultureInfo.InvariantCulture)}°E（坐标不含带号）";
    public override bool IsProjected => true;
    public override int? Epsg => code;

    // EPSG:4545 keeps the one transform the rest of the system measures with.
    public override (double Lon, double Lat) ToStorage(double x, double y) =>
        code == Srid.Metric ? GaussKruger.Unproject(x, y) : Transform.Unproject(x, y);

    public override (double X, double Y) FromStorage(double lon, double lat) =>
        code == Srid.Metric ? GaussKruger.Project(lon, lat) : Transform.Project(lon, lat);

    /// <summary>Easting inside this zone's band (with or without the zone number), northing in the northern hemisphere.</summary>
    public override bool IsPlausible(double x, double y)
    {
        var local = x - (FalseEasting - 500_000);
        return local > 0 && local < 1_000_000 && y >= 0 && y <= 7_000_000;
    }

    // Converted points must fall near the zone (half its width plus 1° for data run over a zone border).
    internal override bool IsPlausibleResult(double lon, double lat) =>
        base.IsPlausibleResult(lon, lat) && Math.Abs(lon - CentralMeridian) <= ZoneWidth / 2.0 + 1 && lat >= 0 && lat <= 60;

    /// <summary>This zone's WKT (OGC WKT1, in PostGIS's form), e.g. for writing a .prj or a GeoPackage SRS.</summary>
    public string Wkt => GaussKruger.Wkt(CentralMeridian, FalseEasting, OgcName, code);

    private string OgcName => (ZoneWidth, ZoneInEasting) switch
    {
        (3, true) => $"CGCS2000 / 3-degree Gauss-Kruger zone {Zone}",
        (3, false) => $"CGCS2000 / 3-degree Gauss-Kruger CM {CentralMeridian}E",
        (_, true) => $"CGCS2000 / Gauss-Kruger zone {Zone}",
        _ => $"CGCS2000 / Gauss-Kruger CM {CentralMeridian}E",
    };

    private GaussKrugerZone Transform => GaussKruger.Zone(CentralMeridian, FalseEasting);
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
    /// <remarks>
    /// Ties keep the order of <see cref="CrsSpec.Supported"/>, unswapped before swapped, so when the
    /// predicate cannot tell two systems apart the common reading wins. Per point, a candidate is only
    /// transformed when <see cref="CrsSpec.IsPlausible"/> passes: a Gauss-Krüger easting with a zone
    /// number reaches one zone only, so a sample of 200 costs a few thousand transforms at most.
    /// </remarks>
    public static IReadOnlyList<CrsFitResult> Rank(IReadOnlyList<(double X, double Y)> sample,
        Func<int, double, double, bool> insideStorage)
    {
        var results = new List<CrsFitResult>(CrsSpec.Supported.Count * 2);
        foreach (var swapped in new[] { false, true })
        {
            foreach (var crs in CrsSpec.Supported)
            {
                var hits = 0;
                for (var i = 0; i < sample.Count; i++)
                {
                    var (x, y) = swapped ? (sample[i].Y, sample[i].X) : (sample[i].X, sample[i].Y);
                    if (!double.IsFinite(x) || !double.IsFinite(y) || !crs.IsPlausible(x, y)) continue;
                    double lon, lat;
                    try
                    {
                        (lon, lat) = crs.ToStorage(x, y);
                    }
                    catch (ArithmeticException)
                    {
                        continue;
                    }
                    if (crs.IsPlausibleResult(lon, lat) && insideStorage(i, lon, lat)) hits++;
                }
                results.Add(new CrsFitResult(crs, swapped, sample.Count == 0 ? 0 : (double)hits / sample.Count));
            }
        }
        // OrderByDescending is stable: ties stay in candidate order.
        return results.OrderByDescending(r => r.FractionInside).ToList();
    }
}
