using GridGov.Domain.Areas;
using GridGov.Domain.Cells;
using GridGov.Domain.Geo;
using GridGov.Domain.Import;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;
using static GridGov.Import.Sql.ImportSql;

namespace GridGov.Import.Kinds;

/// <summary>
/// 网格 from a GIS file: key village + 网格名称. Each polygon goes through the same rules as a cell a
/// secretary draws (<see cref="CellGeometryRules.Prepare"/>: inside the village, no overlap with the
/// village's other cells, snapped); houses then join the cell that contains them.
/// </summary>
internal sealed class CellImport : GeoImport
{
    private sealed record Row(int Index, string VillageCode, string Name, string? LeaderId, Polygon Geometry);

    private readonly List<Row> _rows = [];

    public override ImportKind Kind => ImportKind.Cells;

    public override string? PeekCode(ImportRequest request)
    {
        using var source = Open(request);
        var features = source.Features().Take(50).ToList();
        var field = FindField(source, features, null, "villageCode", Kind, v => v is { Length: 12 } && Area.IsValidCode(v));
        return field is null ? null : features.Select(f => f.Attributes.GetValueOrDefault(field)).FirstOrDefault(Area.IsValidCode);
    }

    public override async Task ReadAsync(ImportRequest request, CountyContext county, NpgsqlConnection conn, NpgsqlTransaction tx, ImportReport report,
        IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        using var source = Open(request);
        var features = source.Features().ToList();
        report.Total = features.Count;
        if (features.Count == 0) { report.Error(0, null, null, "FILE_EMPTY", "文件里没有要素"); return; }
        var map = Files.HeaderMap.Build(Kind, source.Fields);
        report.UnknownColumns.AddRange(map.Unknown);
        string? Field(string key) => map.IndexOf(key) is { } i ? source.Fields[i] : null;
        var nameField = Field("name");
        var villageField = Field("villageCode");
        var leaderField = Field("leaderIdNumber");
        foreach (var c in map.MissingRequired) report.Error(0, c.Header, null, "MISSING_COLUMN", $"缺少必填字段「{c.Header}」（文件里的字段：{string.Join("、", source.Fields)}）");
        if (report.HasErrors) return;
        var crs = DeclaredCrs(request, source, report);
        if (crs is null) return;
        var probes = features.Where(f => f.Geometry is { IsEmpty: false })
            .Select(f => { var (x, y) = Probe(f.Geometry!); return (x, y, f.Attributes.GetValueOrDefault(villageField!) ?? county.CountyCode); }).ToList();
        crs = CoordinateCheck.Decide(probes, crs, county, report, "geometry");
        if (crs is null) return;
        report.Crs = crs.Name;

        var siblings = await ExistingCellsAsync(conn, county, features.Select(f => f.Attributes.GetValueOrDefault(villageField!)).OfType<string>().Distinct(), ct);
        var seen = new Dictionary<(string, string), int>();
        foreach (var f in features)
        {
            ct.ThrowIfCancellationRequested();
            var errors = report.ErrorCount;
            var name = f.Attributes.GetValueOrDefault(nameField!)?.Trim();
            var village = county.ResolveVillage(f.Attributes.GetValueOrDefault(villageField!), null, out var verr);
            if (string.IsNullOrEmpty(name)) report.Error(f.Index, nameField, null, "REQUIRED", "网格名称不能为空");
            else if (name.Length > 100) report.Error(f.Index, nameField, name, "TOO_LONG", "网格名称最长100个字符");
            if (village is null) report.Error(f.Index, villageField, f.Attributes.GetValueOrDefault(villageField!), "VILLAGE", verr!);
            string? leader = null;
            if (leaderField is not null && f.Attributes.GetValueOrDefault(leaderField) is { Length: > 0 } lt)
            {
                leader = Domain.Import.ResidentId.Normalise(lt, out var e);
                if (leader is null) report.Error(f.Index, leaderField, lt, "ID_NUMBER", Domain.Import.ResidentId.Message(e));
            }
            if (village is not null && name is { Length: > 0 } && !seen.TryAdd((village, name), f.Index))
                report.Error(f.Index, nameField, name, "DUPLICATE_KEY", $"本村已有同名网格（第 {seen[(village, name)]} 个要素）");
            var g = Polygonal(f, crs, report);
            if (report.ErrorCount > errors || village is null || g is null) { report.Counts.Refused++; continue; }
            var boundary = county.Areas[village].Boundary;
            if (boundary is null) { report.Error(f.Index, villageField, village, "NO_BOUNDARY", "该村还没有村界：请先导入村界（boundaries）"); report.Counts.Refused++; continue; }
            var others = siblings.GetValueOrDefault(village, []).Where(s => s.Name != name).ToList();
            var shape = g.NumGeometries == 1 ? g.GetGeometryN(0) : g;
            // A cell coming back as it was exported (or rewritten by GIS software) keeps its stored polygon: snapping it again
            // to its neighbours would move it, and an unchanged file would count as changed.
            if (siblings.GetValueOrDefault(village, []).FirstOrDefault(s => s.Id != 0 && s.Name == name) is { Geometry: { } stored }
                && SameShape.Within(shape, stored, SameShape.Centimetre))
            {
                siblings[village].RemoveAll(s => s.Name == name);
                siblings[village].Add((0, name!, stored));
                _rows.Add(new Row(f.Index, village, name!, leader, stored));
                continue;
            }
            var result = CellGeometryRules.Prepare(shape, boundary, others);
            if (result.Error is { } err)
            {
                report.Error(f.Index, "geometry", name, err.Code, err.MessageZh);
                report.Counts.Refused++;
                continue;
            }
            foreach (var note in result.Notes) report.Warn(f.Index, "geometry", name, "CELL_" + note.Kind.ToUpperInvariant(), note.MessageZh);
            // Later features of the same village must not overlap this one either.
            if (!siblings.TryGetValue(village, out var list)) siblings[village] = list = [];
            list.RemoveAll(s => s.Name == name);
            list.Add((0, name!, result.Polygon!));
            _rows.Add(new Row(f.Index, village, name!, leader, result.Polygon!));
        }
        CanMerge = true;
    }

    private static async Task<Dictionary<string, List<(long Id, string Name, Polygon Geometry)>>> ExistingCellsAsync(
        NpgsqlConnection conn, CountyContext county, IEnumerable<string> villages, CancellationToken ct)
    {
        var result = new Dictionary<string, List<(long, string, Polygon)>>();
        await using var cmd = new NpgsqlCommand("SELECT id, village_code, name, geometry FROM grid_cells WHERE village_code = ANY(@v)", conn);
        cmd.Parameters.AddWithValue("v", villages.Where(county.InCounty).ToArray());
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            if (!result.TryGetValue(r.GetString(1), out var list)) result[r.GetString(1)] = list = [];
            list.Add((r.GetInt64(0), r.GetString(2), r.GetFieldValue<Polygon>(3)));
        }
        return result;
    }

    public override string? PreviewSql => """
        SELECT s.row, CASE WHEN s.cell_id IS NULL THEN 'new' ELSE 'changed' END, s.name, ST_AsGeoJSON(s.geometry, 7)
        FROM imp_cells s
        WHERE s.cell_id IS NULL OR s.cell_id IN (SELECT id FROM imp_changed)
        ORDER BY s.row
        """;

    public override async Task MergeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CountyContext county, ImportRequest request,
        ImportReport report, CancellationToken ct)
    {
        Col<Row>[] cols =
        [
            new("row", "int", NpgsqlDbType.Integer, r => r.Index),
            new("village_code", "char(12)", NpgsqlDbType.Char, r => r.VillageCode),
            new("name", "text", NpgsqlDbType.Text, r => r.Name),
            new("leader_id_number", "text", NpgsqlDbType.Text, r => r.LeaderId),
            new("geometry", "geometry(Polygon,4326)", NpgsqlDbType.Geometry, r => r.Geometry),
        ];
        await StageAsync(conn, tx, "imp_cells", cols, _rows, "cell_id bigint, branch_id bigint, leader_id bigint, leader_status text", ct);
        await ExecAsync(conn, tx, """
            UPDATE imp_cells s SET cell_id = c.id FROM grid_cells c WHERE c.village_code = s.village_code AND c.name = s.name;
            UPDATE imp_cells s SET branch_id = b.id FROM party_branches b WHERE b.village_code = s.village_code;
            UPDATE imp_cells s SET leader_id = m.id, leader_status = m.status FROM people p JOIN party_members m ON m.person_id = p.id
            WHERE p.id_number = s.leader_id_number AND m.village_code = s.village_code;
            """, ct);
        foreach (var (row, _) in await RowsAsync(conn, tx, "SELECT row, '' FROM imp_cells WHERE leader_id_number IS NOT NULL AND leader_id IS NULL", ct))
            report.Error(row, "网格长身份证号", null, "UNKNOWN_MEMBER", "网格长必须是本村支部的党员：找不到这个身份证号的本村党员");
        foreach (var (row, _) in await RowsAsync(conn, tx, "SELECT row, '' FROM imp_cells WHERE branch_id IS NULL", ct))
            report.Error(row, "村代码", null, "NO_BRANCH", "该村还没有党支部：请先导入区划（会为每个村建立党支部）");
        foreach (var (row, _) in await RowsAsync(conn, tx, "SELECT row, '' FROM imp_cells WHERE leader_status = 'migrant'", ct))
            report.Warn(row, "网格长身份证号", null, "LEADER_MIGRANT", "网格长是流动党员，无法常在村里：建议另选");
        if (report.HasErrors) return;
        await ExecAsync(conn, tx, """
            CREATE TEMP TABLE imp_changed ON COMMIT DROP AS
            SELECT c.id, c.village_code AS area,
                   jsonb_build_object('name', c.name, 'leaderMemberId', c.leader_member_id, 'version', c.version, 'geometry', ST_AsText(c.geometry)) AS before,
                   jsonb_build_object('name', s.name, 'leaderMemberId', COALESCE(s.leader_id, c.leader_member_id), 'version', c.version + 1, 'geometry', ST_AsText(s.geometry)) AS after
            FROM imp_cells s JOIN grid_cells c ON c.id = s.cell_id
            WHERE (ST_AsEWKB(s.geometry), COALESCE(s.leader_id, c.leader_member_id)) IS DISTINCT FROM (ST_AsEWKB(c.geometry), c.leader_member_id)
            """, ct);
        report.Counts.Changed = await CountAsync(conn, tx, "SELECT count(*) FROM imp_changed", ct);
        report.Counts.New = await CountAsync(conn, tx, "SELECT count(*) FROM imp_cells WHERE cell_id IS NULL", ct);
        report.Counts.Unchanged = _rows.Count - report.Counts.New - report.Counts.Changed;
        await ExecAsync(conn, tx, AuditInsert("import.cells.update", "GridCell", "SELECT id, area, before, after FROM imp_changed"), ct, ("actor", request.Actor));
        await ExecAsync(conn, tx, """
            UPDATE grid_cells c SET geometry = s.geometry, leader_member_id = COALESCE(s.leader_id, c.leader_member_id),
                   version = c.version + 1, updated_at = now()
            FROM imp_cells s JOIN imp_changed x ON x.id = s.cell_id WHERE c.id = s.cell_id;
            CREATE TEMP TABLE imp_new ON COMMIT DROP AS
            WITH ins AS (
              INSERT INTO grid_cells (village_code, branch_id, name, geometry, leader_member_id, version, created_at, updated_at, source)
              SELECT s.village_code, s.branch_id, s.name, s.geometry, s.leader_id, 1, now(), now(), 'imported'
              FROM imp_cells s WHERE s.cell_id IS NULL ORDER BY s.row
              RETURNING id, village_code, name)
            SELECT * FROM ins;
            """, ct);
        await ExecAsync(conn, tx, AuditInsert("import.cells.create", "GridCell",
            "SELECT id, village_code AS area, NULL::jsonb AS before, jsonb_build_object('name', name) AS after FROM imp_new"), ct, ("actor", request.Actor));
        await ExecAsync(conn, tx, Persistence.Sql.HouseholdCellSql.Reattach("h.village_code IN (SELECT DISTINCT village_code FROM imp_cells)"), ct);
    }
}
