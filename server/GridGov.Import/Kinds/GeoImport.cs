using GridGov.Domain.Geo;
using GridGov.Domain.Import;
using GridGov.Import.Files;
using NetTopologySuite.Geometries;

namespace GridGov.Import.Kinds;

/// <summary>The shared part of GIS kinds: open the file, find the CRS, read features as (index, attributes, geometry).</summary>
internal abstract class GeoImport : KindImport
{
    protected static IGeoSource Open(ImportRequest request) =>
        GeoFile.Open(request.Path, new GeoOptions(request.Encoding, request.Sheet));

    /// <summary>--crs wins; else what the file declares; GeoJSON without a declaration is WGS84 (RFC 7946); else refused.</summary>
    protected static CrsSpec? DeclaredCrs(ImportRequest request, IGeoSource source, ImportReport report)
    {
        if (request.Crs is { } asked) return asked;
        if (source.DeclaredCrs is { } declared) return declared;
        if (source.DeclaredCrsText is { } text)
        {
            report.Error(0, null, Short(text), "CRS_UNSUPPORTED",
                "文件声明的坐标系不受支持（只支持 WGS84、CGCS2000 经纬度及其高斯-克吕格投影、Web 墨卡托、GCJ-02、BD-09）：请用 GIS 软件转换，或用 --crs 指定");
            return null;
        }
        var ext = Path.GetExtension(request.Path).ToLowerInvariant();
        if (ext is ".geojson" or ".json") return CrsSpec.Wgs84;
        report.Error(0, null, null, "CRS_MISSING", "文件没有说明坐标系（Shapefile 缺少 .prj）：请把 .prj 一起打包，或用 --crs 指定（如 --crs EPSG:4524）");
        return null;
    }

    private static string Short(string s) => s.Length > 120 ? s[..120] + "…" : s;

    /// <summary>The attribute holding the 12-digit code: as asked; a known header; else the one field whose values are all codes of the county.</summary>
    protected static string? FindField(IGeoSource source, IReadOnlyList<GeoFeature> features, string? asked, string key, ImportKind kind,
        Func<string?, bool> looksRight)
    {
        if (asked is not null) return source.Fields.FirstOrDefault(f => string.Equals(f, asked, StringComparison.OrdinalIgnoreCase));
        var map = HeaderMap.Build(kind, source.Fields);
        if (map.IndexOf(key) is { } i) return source.Fields[i];
        var candidates = source.Fields.Where(f => features.Count > 0 && features.All(x => looksRight(x.Attributes.GetValueOrDefault(f)))).ToList();
        return candidates.Count == 1 ? candidates[0] : null;
    }

    /// <summary>
    /// A valid polygonal geometry in storage, or null with the reason. An invalid one is repaired when
    /// the repair keeps at least 99% of the area (warned), else refused.
    /// </summary>
    protected static Geometry? Polygonal(GeoFeature f, CrsSpec crs, ImportReport report)
    {
        if (f.Geometry is null || f.Geometry.IsEmpty) { report.Error(f.Index, "geometry", null, "NO_GEOMETRY", "这个要素没有图形"); return null; }
        if (f.Geometry is not (Polygon or MultiPolygon))
        {
            report.Error(f.Index, "geometry", f.Geometry.GeometryType, "GEOMETRY_TYPE", $"图形应为面（Polygon/MultiPolygon），这里是 {f.Geometry.GeometryType}");
            return null;
        }
        var g = crs.ToStorage(f.Geometry);
        if (g.IsValid) return g;
        var fixedGeometry = NetTopologySuite.Geometries.Utilities.GeometryFixer.Fix(g);
        var polygons = PolygonsOf(fixedGeometry);
        var before = Math.Abs(SignedArea(g));
        var after = polygons is null ? 0 : CoordinateConverter.ToMetric(polygons).Area;
        if (polygons is not null && before > 0 && after >= 0.99 * before && after <= 1.01 * before)
        {
            report.Warn(f.Index, "geometry", null, "REPAIRED", $"图形自相交或不闭合，已自动修复（面积变化 {Math.Abs(after - before) / before:P1}）：请核对");
            return polygons;
        }
        report.Error(f.Index, "geometry", null, "INVALID_GEOMETRY", "图形自相交或无效，自动修复会明显改变面积：请在 GIS 软件里修正后重新导入");
        return null;
    }

    /// <summary>The area the rings enclose (shoelace, metric), even when they cross: what the person drew.</summary>
    private static double SignedArea(Geometry g)
    {
        var metric = CoordinateConverter.ToMetric(g);
        var total = 0.0;
        for (var i = 0; i < metric.NumGeometries; i++)
            if (metric.GetGeometryN(i) is Polygon p)
            {
                total += Math.Abs(NetTopologySuite.Algorithm.Area.OfRingSigned(p.Shell.CoordinateSequence));
                foreach (var h in p.Holes) total -= Math.Abs(NetTopologySuite.Algorithm.Area.OfRingSigned(h.CoordinateSequence));
            }
        return total;
    }

    private static MultiPolygon? PolygonsOf(Geometry g)
    {
        var parts = new List<Polygon>();
        for (var i = 0; i < g.NumGeometries; i++)
            if (g.GetGeometryN(i) is Polygon p && !p.IsEmpty) parts.Add(p);
            else if (g.GetGeometryN(i) is MultiPolygon mp) parts.AddRange(Enumerable.Range(0, mp.NumGeometries).Select(j => (Polygon)mp.GetGeometryN(j)));
        return parts.Count == 0 ? null : g.Factory.CreateMultiPolygon([.. parts]);
    }

    /// <summary>One coordinate per feature (in the file's CRS) for telling which CRS the file is really in.</summary>
    protected static (double X, double Y) Probe(Geometry g)
    {
        var c = g.InteriorPoint.Coordinate;
        return (c.X, c.Y);
    }

    /// <summary>Square metres as 亩 (1 亩 = 10000/15 m²), as county staff measure land.</summary>
    public static double Mu(double squareMeters) => squareMeters / (10000.0 / 15.0);
}
