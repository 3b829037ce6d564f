using GridGov.Domain.Geo;
using GridGov.Domain.Households;
using GridGov.Domain.Import;
using GridGov.Import.Files;
using GridGov.Import.Sql;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;
using static GridGov.Import.Sql.ImportSql;

namespace GridGov.Import.Kinds;

/// <summary>
/// 户 roster: key village + 户编号. A new row is added; a known one updates what differs. An empty cell
/// (or a column the file lacks) keeps what the database has. Houses without coordinates are placed at
/// the village centre with a warning, so distances stay honest only once coordinates come.
/// </summary>
internal sealed class HouseholdImport : TabularImport<HouseholdImport.Row>
{
    internal sealed class Row
    {
        public int Number;
        public required string VillageCode;
        public required string No;
        public required string HeadName;
        public string? IdNumber, Phone, GroupName, Address, Poverty, Assistance;
        public int? Group, Size;
        public Point? Location;
    }

    /// <summary>How many coordinates are read ahead to decide the CRS before the rows stream.</summary>
    private const int CrsSample = 2000;

    private CrsSpec? _crs;
    private bool _lonLat;
    private readonly GeometryFactory _factory = NetTopologySuite.NtsGeometryServices.Instance.CreateGeometryFactory(Srid.Storage);

    public override ImportKind Kind => ImportKind.Households;
    protected override string StageTable => "imp_households";
    protected override string ExtraColumns => "household_id bigint, group_id bigint";
    protected override string KeySql => "s.village_code, s.household_no";
    protected override (string Column, string Message) DuplicateMessage => ("户编号", "户编号在本村重复");

    protected override Col<Row>[] StageColumns =>
    [
        new("row", "int", NpgsqlDbType.Integer, r => r.Number),
        new("village_code", "char(12)", NpgsqlDbType.Char, r => r.VillageCode),
        new("household_no", "text", NpgsqlDbType.Text, r => r.No),
        new("head_name", "text", NpgsqlDbType.Text, r => r.HeadName),
        new("id_number", "text", NpgsqlDbType.Text, r => r.IdNumber),
        new("phone", "text", NpgsqlDbType.Text, r => r.Phone),
        new("group_number", "int", NpgsqlDbType.Integer, r => r.Group),
        new("group_name", "text", NpgsqlDbType.Text, r => r.GroupName),
        new("address", "text", NpgsqlDbType.Text, r => r.Address),
        new("size", "int", NpgsqlDbType.Integer, r => r.Size),
        new("poverty_status", "text", NpgsqlDbType.Text, r => r.Poverty),
        new("assistance", "text", NpgsqlDbType.Text, r => r.Assistance),
        new("location", "geometry(Point,4326)", NpgsqlDbType.Geometry, r => r.Location),
    ];

    /// <summary>Reads the first coordinates of the file and decides which CRS they are in, before anything streams.</summary>
    protected override Task<bool> PrepareAsync(HeaderMap map, IReadOnlyList<string> headers, CountyContext county, ImportReport report,
        CancellationToken ct)
    {
        _lonLat = map.IndexOf("lon") is not null || map.IndexOf("lat") is not null;
        if (!_lonLat && map.IndexOf("x") is null) return Task.FromResult(true); // no coordinates at all
        var scratch = new ImportReport { Kind = report.Kind, FileName = report.FileName };
        var sample = new List<(double, double, string)>();
        using (var source = Open(Request))
            foreach (var tabular in source.Rows())
            {
                var c = new Cells(tabular, map, headers, scratch);
                var village = county.ResolveVillage(c.Get("villageCode"), c.Get("villageName"), out _);
                var (x, y) = _lonLat ? (c.Double("lon"), c.Double("lat")) : (c.Double("x"), c.Double("y"));
                if (village is not null && x is { } xv && y is { } yv) sample.Add((xv, yv, village));
                if (sample.Count >= CrsSample) break;
            }
        _crs = CoordinateCheck.Decide(sample, Request.Crs ?? (_lonLat ? CrsSpec.Wgs84 : null), county, report, _lonLat ? "经度/纬度" : "X/Y");
        if (_crs is not null && sample.Count > 0) report.Crs = _crs.Name;
        return Task.FromResult(_crs is not null);
    }

    protected override Row? ReadRow(Cells c, CountyContext county, ImportReport report)
    {
        var village = county.ResolveVillage(c.Get("villageCode"), c.Get("villageName"), out var verr);
        if (village is null) c.Error(c.Get("villageCode") is not null || !c.Has("villageName") ? "villageCode" : "villageName", "VILLAGE", verr!);
        var no = c.Required("householdNo", "户编号");
        if (no is { Length: > 30 }) c.Error("householdNo", "TOO_LONG", "户编号最长30个字符");
        var head = c.Required("headName", "户主姓名");
        if (head is { Length: > 50 }) c.Error("headName", "TOO_LONG", "户主姓名最长50个字符");
        var id = c.IdNumber("headIdNumber", required: false);
        var phone = c.Phone("phone");
        var size = c.Int("size", 1, 30, "人口数");
        string? poverty = null, assistance = null;
        if (c.Get("category") is { } cat)
        {
            if (ImportValues.TryCategory(cat, out var p, out var a)) { poverty = Db(p); assistance = Db(a); }
            else c.Error("category", "CHOICE", $"户类别只能是：{string.Join("、", ImportColumns.HouseholdCategories)}");
        }
        int? group = null;
        var groupName = c.Get("villageGroup");
        if (groupName is not null)
        {
            group = ImportValues.GroupNumber(groupName);
            if (group is null) c.Error("villageGroup", "GROUP", "村民小组写成「3组」或「第三组」的形式");
        }
        var address = c.Get("address");
        if (address is { Length: > 200 }) c.Error("address", "TOO_LONG", "地址最长200个字符");

        var (xKey, yKey) = _lonLat ? ("lon", "lat") : ("x", "y");
        var (x, y) = (c.Double(xKey), c.Double(yKey));
        if ((x is null) != (y is null))
            c.Error(y is null ? yKey : xKey, "COORDINATES", _lonLat ? "经度和纬度要么都填，要么都不填" : "X 和 Y 要么都填，要么都不填");
        if (c.Failed || village is null || no is null || head is null) return null;

        Point? location = null;
        if (x is { } xv && y is { } yv && _crs is not null)
        {
            var (lon, lat) = _crs.ToStorage(xv, yv);
            location = _factory.CreatePoint(new Coordinate(lon, lat));
            if (county.DistanceOutside(village, lon, lat) is > 0 and var d)
                report.Warn(c.Row, _lonLat ? "经度/纬度" : "X/Y", $"{xv}, {yv}", "OUTSIDE_VILLAGE", $"这户在所属村的范围外约 {d:N0} 米：请核对坐标或村代码");
        }
        return new Row
        {
            Number = c.Row, VillageCode = village, No = no, HeadName = head, IdNumber = id, Phone = phone, Size = size,
            Poverty = poverty, Assistance = assistance, Group = group, GroupName = groupName is null ? null : $"{group}组",
            Address = address, Location = location,
        };
    }

    private static string Db<T>(T v) where T : struct, Enum => Persistence.GridGovDbContext.SnakeCase(v.ToString()!);

    public override string? PreviewSql => """
        SELECT s.row, CASE WHEN s.household_id IS NULL THEN 'new' ELSE 'changed' END, s.head_name, ST_AsGeoJSON(h.location, 7)
        FROM imp_households s JOIN households h ON h.village_code = s.village_code AND h.household_no = s.household_no AND h.ended_at IS NULL
        WHERE s.household_id IS NULL OR s.household_id IN (SELECT id FROM imp_changed)
        ORDER BY s.row
        """;

    public override async Task MergeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CountyContext county, ImportRequest request,
        ImportReport report, CancellationToken ct)
    {
        await ExecAsync(conn, tx, """
            INSERT INTO village_groups (village_code, number, name, source)
            SELECT DISTINCT ON (s.village_code, s.group_number) s.village_code, s.group_number, s.group_name, 'imported'
            FROM imp_households s
            WHERE s.group_number IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM village_groups g WHERE g.village_code = s.village_code AND g.number = s.group_number)
            ORDER BY s.village_code, s.group_number;
            UPDATE imp_households s SET group_id = g.id FROM village_groups g
            WHERE g.village_code = s.village_code AND g.number = s.group_number;
            UPDATE imp_households s SET household_id = h.id FROM households h
            WHERE h.village_code = s.village_code AND h.household_no = s.household_no AND h.ended_at IS NULL;
            """, ct);

        // 户编号 of a household ended (注销) before: the number is free again, so the row is a new household.
        foreach (var (row, no) in await RowsAsync(conn, tx, """
            SELECT s.row, s.household_no FROM imp_households s
            WHERE s.household_id IS NULL AND EXISTS (
              SELECT 1 FROM households h WHERE h.village_code = s.village_code AND h.household_no = s.household_no AND h.ended_at IS NOT NULL)
            """, ct))
            report.Warn(row, "户编号", no, "HOUSEHOLD_NO_REUSED", $"户编号 {no} 属于一个已注销的户：本行将作为新户登记（已注销的户保留在历史中）");

        // A new house without coordinates goes to its village's centre (known point, else inside its boundary).
        var missing = await RowsAsync(conn, tx, """
            SELECT s.row, '' FROM imp_households s JOIN areas a ON a.code = s.village_code
            WHERE s.household_id IS NULL AND s.location IS NULL AND a.known_point IS NULL AND a.boundary IS NULL
            """, ct);
        foreach (var (row, _) in missing)
            report.Error(row, "经度/纬度", null, "NO_LOCATION", "新户没有坐标，所属村也还没有边界或中心点：请填写坐标，或先导入村界（boundaries）");
        if (missing.Count > 0) return;
        var guessed = await RowsAsync(conn, tx, "SELECT s.row, '' FROM imp_households s WHERE s.household_id IS NULL AND s.location IS NULL", ct);
        foreach (var (row, _) in guessed)
            report.Warn(row, "经度/纬度", null, "LOCATION_GUESSED", "没有坐标：暂时放在村中心，距离和网格归属要等补上坐标后才准确");

        const string after = """
            jsonb_build_object('householdNo', s.household_no, 'headName', COALESCE(s.head_name, h.head_name),
              'idNumber', {ID_AFTER}, 'phone', {PHONE_AFTER}, 'groupId', COALESCE(s.group_id, h.group_id),
              'address', COALESCE(s.address, h.address), 'size', COALESCE(s.size, h.size),
              'povertyStatus', COALESCE(s.poverty_status, h.poverty_status), 'assistance', COALESCE(s.assistance, h.assistance),
              'location', ST_AsText(COALESCE(s.location, h.location)))
            """;
        const string before = """
            jsonb_build_object('householdNo', h.household_no, 'headName', h.head_name,
              'idNumber', {ID_BEFORE}, 'phone', {PHONE_BEFORE}, 'groupId', h.group_id,
              'address', h.address, 'size', h.size, 'povertyStatus', h.poverty_status, 'assistance', h.assistance,
              'location', ST_AsText(h.location))
            """;
        var afterSql = after.Replace("{ID_AFTER}", MaskId("COALESCE(s.id_number, h.id_number)")).Replace("{PHONE_AFTER}", MaskPhone("COALESCE(s.phone, h.phone)"));
        var beforeSql = before.Replace("{ID_BEFORE}", MaskId("h.id_number")).Replace("{PHONE_BEFORE}", MaskPhone("h.phone"));
        // The comparison is on the real values; the audit JSON is masked.
        const string differs = """
            (COALESCE(s.head_name, h.head_name), COALESCE(s.id_number, h.id_number), COALESCE(s.phone, h.phone),
             COALESCE(s.group_id, h.group_id), COALESCE(s.address, h.address), COALESCE(s.size, h.size),
             COALESCE(s.poverty_status, h.poverty_status), COALESCE(s.assistance, h.assistance), ST_AsEWKB(COALESCE(s.location, h.location)))
            IS DISTINCT FROM
            (h.head_name, h.id_number, h.phone, h.group_id, h.address, h.size, h.poverty_status, h.assistance, ST_AsEWKB(h.location))
            """;
        await ExecAsync(conn, tx, $"""
            CREATE TEMP TABLE imp_changed ON COMMIT DROP AS
            SELECT s.household_id AS id, s.village_code AS area, {beforeSql} AS before, {afterSql} AS after
            FROM imp_households s JOIN households h ON h.id = s.household_id
            WHERE {differs}
            """, ct);
        await ExecAsync(conn, tx, "CREATE INDEX ON imp_changed (id); ANALYZE imp_changed", ct);
        report.Counts.Changed = await CountAsync(conn, tx, "SELECT count(*) FROM imp_changed", ct);
        report.Counts.New = await CountAsync(conn, tx, "SELECT count(*) FROM imp_households WHERE household_id IS NULL", ct);
        report.Counts.Unchanged = Staged - report.Counts.New - report.Counts.Changed;

        await ExecAsync(conn, tx, AuditInsert("import.households.update", "Household", "SELECT id, area, before, after FROM imp_changed"), ct,
            ("actor", request.Actor));
        await ExecAsync(conn, tx, """
            UPDATE households h SET
              head_name = COALESCE(s.head_name, h.head_name), id_number = COALESCE(s.id_number, h.id_number),
              phone = COALESCE(s.phone, h.phone), group_id = COALESCE(s.group_id, h.group_id),
              address = COALESCE(s.address, h.address), size = COALESCE(s.size, h.size),
              poverty_status = COALESCE(s.poverty_status, h.poverty_status), assistance = COALESCE(s.assistance, h.assistance),
              location = COALESCE(s.location, h.location)
            FROM imp_households s JOIN imp_changed c ON c.id = s.household_id
            WHERE h.id = s.household_id
            """, ct);
        await ExecAsync(conn, tx, """
            INSERT INTO households (village_code, household_no, group_id, location, head_name, size, poverty_status, assistance,
                                    id_number, phone, address, source)
            SELECT s.village_code, s.household_no, s.group_id,
                   COALESCE(s.location, a.known_point, ST_PointOnSurface(a.boundary)),
                   s.head_name, COALESCE(s.size, 1), COALESCE(s.poverty_status, 'none'), COALESCE(s.assistance, 'none'),
                   s.id_number, s.phone, s.address, 'imported'
            FROM imp_households s JOIN areas a ON a.code = s.village_code
            WHERE s.household_id IS NULL
            ORDER BY s.row
            """, ct);
        // New and moved houses join the cell that contains them (the same rule the cell editor applies).
        await ExecAsync(conn, tx, """
            CREATE TEMP TABLE imp_touched ON COMMIT DROP AS
            SELECT c.id FROM imp_changed c
            UNION ALL
            SELECT h.id FROM households h JOIN imp_households s ON s.village_code = h.village_code AND s.household_no = h.household_no
            WHERE s.household_id IS NULL AND h.ended_at IS NULL;
            CREATE INDEX ON imp_touched (id);
            ANALYZE imp_touched;
            """, ct);
        await ExecAsync(conn, tx, Persistence.Sql.HouseholdCellSql.Reattach("h.id IN (SELECT id FROM imp_touched)"), ct);
        await ExecAsync(conn, tx, AuditInsert("import.households.create", "Household",
            $"""
            SELECT h.id, h.village_code AS area, NULL::jsonb AS before,
                   jsonb_build_object('householdNo', h.household_no, 'headName', h.head_name, 'idNumber', {MaskId("h.id_number")},
                     'phone', {MaskPhone("h.phone")}, 'size', h.size, 'povertyStatus', h.poverty_status, 'location', ST_AsText(h.location)) AS after
            FROM households h JOIN imp_touched t ON t.id = h.id
            WHERE NOT EXISTS (SELECT 1 FROM imp_changed c WHERE c.id = h.id)
            """), ct, ("actor", request.Actor));
        if (request.Replace) await FullRoster.EndMissingHouseholdsAsync(conn, tx, request, report, ct);
    }
}
