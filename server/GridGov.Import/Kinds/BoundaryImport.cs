using GridGov.Domain.Areas;
using GridGov.Domain.Geo;
using GridGov.Domain.Import;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;
using Npgsql;
using NpgsqlTypes;
using static GridGov.Import.Sql.ImportSql;

namespace GridGov.Import.Kinds;

/// <summary>
/// 村界 / 乡镇界 / 县界 from a GIS file, matched to areas by 区划代码. Areas must exist (import areas
/// first). Overlaps with neighbours and gaps inside the parent are warned in 亩, never silently fixed.
/// </summary>
internal sealed class BoundaryImport : GeoImport
{
    private sealed record Row(int Index, string Code, MultiPolygon Boundary);

    private readonly List<Row> _rows = [];

    public override ImportKind Kind => ImportKind.Boundaries;

    public override string? PeekCode(ImportRequest request)
    {
        using var source = Open(request);
        var features = source.Features().Take(50).ToList();
        var field = FindField(source, features, request.CodeField, "code", Kind, v => v is { Length: 12 } && Area.IsValidCode(v));
        return field is null ? null : features.Select(f => f.Attributes.GetValueOrDefault(field)).FirstOrDefault(Area.IsValidCode);
    }

    public override Task ReadAsync(ImportRequest request, CountyContext county, NpgsqlConnection conn, NpgsqlTransaction tx, ImportReport report,
        IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        using var source = Open(request);
        var features = source.Features().ToList();
        report.Total = features.Count;
        if (features.Count == 0) { report.Error(0, null, null, "FILE_EMPTY", "文件里没有要素"); return Task.CompletedTask; }
        var field = FindField(source, features, request.CodeField, "code", Kind, v => v is not null && Area.IsValidCode(v) && county.InCounty(v));
        if (field is null)
        {
            report.Error(0, request.CodeField, null, "MISSING_COLUMN", request.CodeField is not null
                ? $"文件里没有字段「{request.CodeField}」（有：{string.Join("、", source.Fields)}）"
                : $"找不到区划代码字段：请命名为「区划代码」，或用 --code-field 指定（文件里的字段：{string.Join("、", source.Fields)}）");
            return Task.CompletedTask;
        }
        var crs = DeclaredCrs(request, source, report);
        if (crs is null) return Task.CompletedTask;
        var probes = features.Where(f => f.Geometry is { IsEmpty: false })
            .Select(f => { var (x, y) = Probe(f.Geometry!); return (x, y, f.Attributes.GetValueOrDefault(field) ?? county.CountyCode); }).ToList();
        crs = CoordinateCheck.Decide(probes, crs, county, report, "geometry");
        if (crs is null) return Task.CompletedTask;
        report.Crs = crs.Name;

        var seen = new Dictionary<string, int>();
        foreach (var f in features)
        {
            ct.ThrowIfCancellationRequested();
            var code = f.Attributes.GetValueOrDefault(field)?.Trim();
            var refused = report.ErrorCount;
            if (code is null || !Area.IsValidCode(code)) report.Error(f.Index, field, code, "CODE", "区划代码应为12位数字");
            else if (!county.InCounty(code)) report.Error(f.Index, field, code, "OTHER_COUNTY", $"区划代码不属于本县（{county.CountyCode}）");
            else if (!county.Areas.ContainsKey(code)) report.Error(f.Index, field, code, "UNKNOWN_AREA", "没有这个区划代码：请先导入区划（areas）");
            else if (!seen.TryAdd(code, f.Index)) report.Error(f.Index, field, code, "DUPLICATE_KEY", $"区划代码重复（第 {seen[code]} 个要素已有）");
            var g = Polygonal(f, crs, report);
            if (report.ErrorCount > refused) { report.Counts.Refused++; continue; }
            var mp = g as MultiPolygon ?? g!.Factory.CreateMultiPolygon([(Polygon)g]);
            mp.SRID = Srid.Storage;
            _rows.Add(new Row(f.Index, code!, mp));
        }
        if (!report.HasErrors) CheckCoverage(county, report);
        CanMerge = true;
        return Task.CompletedTask;
    }

    /// <summary>Neighbours of one level must not overlap; children should fill their parent.</summary>
    private void CheckCoverage(CountyContext county, ImportReport report)
    {
        var metric = _rows.ToDictionary(r => r.Code, r => CoordinateConverter.ToMetric(r.Boundary));
        var tree = new STRtree<Row>();
        foreach (var r in _rows) tree.Insert(metric[r.Code].EnvelopeInternal, r);
        foreach (var r in _rows)
            foreach (var other in tree.Query(metric[r.Code].EnvelopeInternal))
            {
                if (string.CompareOrdinal(other.Code, r.Code) <= 0 || AreaImport.LevelOf(other.Code) != AreaImport.LevelOf(r.Code)) continue;
                var overlap = metric[r.Code].Intersection(metric[other.Code]).Area;
                if (overlap > 1)
                    report.Warn(r.Index, "geometry", r.Code, "OVERLAP",
                        $"{county.Areas[r.Code].Name}与{county.Areas[other.Code].Name}重叠 {Mu(overlap):N1} 亩（{overlap:N0} 平方米）：请核对边界");
            }
        // Gaps: a parent (in this file or already stored) minus the union of its children in this file.
        foreach (var group in _rows.Where(r => AreaImport.ParentOf(r.Code) is not null).GroupBy(r => AreaImport.ParentOf(r.Code)!))
        {
            var parent = metric.GetValueOrDefault(group.Key)
                         ?? (county.Areas.GetValueOrDefault(group.Key)?.Boundary is { } pb ? CoordinateConverter.ToMetric(pb) : null);
            if (parent is null) continue;
            var children = county.Areas.Values.Where(a => a.ParentCode == group.Key).ToList();
            if (children.Any(c => !metric.ContainsKey(c.Code) && c.Boundary is null)) continue; // not all children known yet
            var union = NetTopologySuite.Operation.Union.CascadedPolygonUnion.Union(
                children.Select(c => metric.GetValueOrDefault(c.Code) ?? CoordinateConverter.ToMetric(c.Boundary!)).ToList());
            var gap = parent.Difference(union).Area;
            if (gap > 1000)
                report.Warn(group.First().Index, "geometry", group.Key, "GAP",
                    $"{county.Areas[group.Key].Name}范围内有 {Mu(gap):N1} 亩（{gap:N0} 平方米）不属于任何下级区划：请核对边界");
        }
    }

    public override string? PreviewSql => """
        SELECT s.row, CASE WHEN c.was_empty THEN 'new' ELSE 'changed' END, s.code, ST_AsGeoJSON(s.boundary, 7)
        FROM imp_boundaries s JOIN imp_changed c ON c.id = s.code
        ORDER BY s.row
        """;

    public override async Task MergeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CountyContext county, ImportRequest request,
        ImportReport report, CancellationToken ct)
    {
        Col<Row>[] cols =
        [
            new("row", "int", NpgsqlDbType.Integer, r => r.Index),
            new("code", "char(12)", NpgsqlDbType.Char, r => r.Code),
            new("boundary", "geometry(MultiPolygon,4326)", NpgsqlDbType.Geometry, r => r.Boundary),
        ];
        await StageAsync(conn, tx, "imp_boundaries", cols, _rows, "", ct);
        await ExecAsync(conn, tx, """
            CREATE TEMP TABLE imp_changed ON COMMIT DROP AS
            SELECT a.code AS id, a.code AS area,
                   jsonb_build_object('boundarySource', a.boundary_source, 'squareMeters', round(ST_Area(ST_Transform(a.boundary, 4545))::numeric)) AS before,
                   jsonb_build_object('boundarySource', 'imported', 'squareMeters', round(ST_Area(ST_Transform(s.boundary, 4545))::numeric)) AS after,
                   a.boundary IS NULL AS was_empty
            FROM imp_boundaries s JOIN areas a ON a.code = s.code
            WHERE ST_AsEWKB(a.boundary) IS DISTINCT FROM ST_AsEWKB(s.boundary)
            """, ct);
        report.Counts.New = await CountAsync(conn, tx, "SELECT count(*) FROM imp_changed WHERE was_empty", ct);
        report.Counts.Changed = await CountAsync(conn, tx, "SELECT count(*) FROM imp_changed WHERE NOT was_empty", ct);
        report.Counts.Unchanged = _rows.Count - report.Counts.New - report.Counts.Changed;
        await ExecAsync(conn, tx, AuditInsert("import.boundaries", "Area", "SELECT id, area, before, after FROM imp_changed"), ct, ("actor", request.Actor));
        await ExecAsync(conn, tx, """
            UPDATE areas a SET boundary = s.boundary, boundary_source = 'imported'
            FROM imp_boundaries s JOIN imp_changed c ON c.id = s.code WHERE a.code = s.code
            """, ct);
    }
}
