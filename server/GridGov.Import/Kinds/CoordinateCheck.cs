using GridGov.Domain.Geo;

namespace GridGov.Import.Kinds;

/// <summary>
/// Which CRS a file's coordinates are really in. Offsets of hundreds of metres (GCJ-02 read as WGS84,
/// a Gauss-Krüger file without its zone number, swapped lon/lat) put houses in the wrong village, so the
/// declared (or assumed) CRS must fit at least as well as any other: otherwise the file is refused
/// with a message naming the CRS the coordinates fit.
/// </summary>
internal static class CoordinateCheck
{
    /// <summary>How much better (share of points where they belong) another CRS must fit before the declared one is refused.</summary>
    public const double Margin = 0.05;
    private const int SampleSize = 200;

    /// <param name="points">File coordinates with the area each point should fall in (a village, else the county).</param>
    /// <param name="assumed">The declared CRS, or the default for lon/lat columns; null when nothing says (X/Y metres).</param>
    public static CrsSpec? Decide(IReadOnlyList<(double X, double Y, string AreaCode)> points, CrsSpec? assumed,
        CountyContext county, ImportReport report, string columns)
    {
        if (points.Count == 0) return assumed ?? CrsSpec.Wgs84;
        var step = Math.Max(1, points.Count / SampleSize);
        var sample = new List<(double X, double Y)>();
        var areas = new List<string>();
        for (var i = 0; i < points.Count; i += step) { sample.Add((points[i].X, points[i].Y)); areas.Add(points[i].AreaCode); }

        // Where a point belongs: its village's boundary; without one, the county's; without that, China.
        bool Inside(int i, double lon, double lat)
        {
            var a = county.Areas.GetValueOrDefault(areas[i]);
            if (a?.Boundary is not null) return a.Contains(lon, lat);
            if (county.County?.Boundary is not null) return county.County.Contains(lon, lat);
            return lon is > 73 and < 136 && lat is > 3 and < 54;
        }

        var ranked = CrsFit.Rank(sample, Inside);
        var best = ranked.Count > 0 ? ranked[0] : null;
        var fit = assumed is null ? null : ranked.FirstOrDefault(r => !r.Swapped && r.Crs.Name == assumed.Name);
        var assumedShare = fit?.FractionInside ?? 0;
        if (assumed is not null && (best is null || best.FractionInside - assumedShare < Margin || best.Crs.Name == assumed.Name && !best.Swapped))
        {
            if (assumedShare < 0.5 && best is not null)
                report.Warn(0, columns, null, "COORDINATES_FIT", $"按{assumed.ChineseName}，只有 {assumedShare:P0} 的坐标落在所属区域内：请核对坐标");
            return assumed;
        }
        if (best is null || best.FractionInside < 0.5)
        {
            report.Error(0, columns, null, "COORDINATES_CRS",
                assumed is null
                    ? "坐标没有说明坐标系，且无法判断：请用 --crs 指定（如 EPSG:4524、wgs84、gcj02）"
                    : $"坐标与{assumed.ChineseName}不符：只有 {assumedShare:P0} 落在所属区域内，也不符合其他支持的坐标系。请核对坐标列");
            return null;
        }
        var name = best.Crs.ChineseName + (best.Swapped ? "（且经纬度/X、Y 两列对调）" : "");
        report.Error(0, columns, null, "COORDINATES_CRS",
            assumed is null
                ? $"坐标没有说明坐标系。它们符合{name}（{best.FractionInside:P0} 落在所属区域内）：请用 --crs {best.Crs.Name} 指定{(best.Swapped ? "，并把两列对调" : "")}"
                : $"坐标与{assumed.ChineseName}不符：按它只有 {assumedShare:P0} 落在所属区域内，按{name}有 {best.FractionInside:P0}。" +
                  $"请确认坐标系{(best.Swapped ? "并把两列对调" : $"，用 --crs {best.Crs.Name} 重新导入")}");
        return null;
    }
}
