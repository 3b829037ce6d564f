using GridGov.Domain.Geo;
using GridGov.Domain.Households;
using GridGov.Domain.Import;
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
internal sealed class HouseholdImport : TabularImport
{
    private sealed class Row
    {
        public int Number;
        public required string VillageCode;
        public required string No;
        public required string HeadName;
        public string? IdNumber, Phone, GroupName, Address, Poverty, Assistance;
        public int? Group, Size;
        public double? X, Y;
        public Point? Location;
    }

    private readonly List<Row> _rows = [];
    private readonly Dictionary<(string, string), int> _seen = [];
    private bool _lonLat;

    public override ImportKind Kind => ImportKind.Households;

    protected override void ReadRow(Cells c, CountyContext county, ImportReport report)
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
        string? groupName = c.Get("villageGroup");
        if (groupName is not null)
        {
            group = ImportValues.GroupNumber(groupName);
            if (group is null) c.Error("villageGroup", "GROUP", "村民小组写成「3组」或「第三组」的形式");
        }
        var address = c.Get("address");
        if (address is { Length: > 200 }) c.Error("address", "TOO_LONG", "地址最长200个字符");

        double? x, y;
        var useLonLat = c.Get("lon") is not null || c.Get("lat") is not null;
        if (useLonLat) { x = c.Double("lon"); y = c.Double("lat"); _lonLat = true; }
        else { x = c.Double("x"); y = c.Double("y"); }
        if ((x is null) != (y is null))
            c.Error(useLonLat ? "lat" : "y", "COORDINATES", useLonLat ? "经度和纬度要么都填，要么都不填" : "X 和 Y 要么都填，要么都不填");

        if (village is not null && no is not null && !_seen.TryAdd((village, no), c.Row))
            c.Error("householdNo", "DUPLICATE_KEY", $"户编号「{no}」在本村重复（第 {_seen[(village, no)]} 行已有）");
        if (c.Failed || village is null || no is null || head is null) return;
        _rows.Add(new Row
        {
            Number = c.Row, VillageCode = village, No = no, HeadName = head, IdNumber = id, Phone = phone, Size = size,
            Poverty = poverty, Assistance = assistance, Group = group, GroupName = groupName is null ? null : $"{group}组",
            Address = address, X = x, Y = y,
        });
    }

    private static string Db<T>(T v) where T : struct, Enum => Persistence.GridGovDbContext.SnakeCase(v.ToString()!);

    protected override Task AfterReadAsync(CountyContext county, NpgsqlConnection conn, ImportReport report, CancellationToken ct)
    {
        var withXy = _rows.Where(r => r.X is not null).ToList();
        var crs = CoordinateCheck.Decide(withXy.Select(r => (r.X!.Value, r.Y!.Value, r.VillageCode)).ToList(),
            Request.Crs ?? (_lonLat ? CrsSpec.Wgs84 : null), county, report, _lonLat ? "经度/纬度" : "X/Y");
        if (crs is null) return Task.CompletedTask;
        if (withXy.Count > 0) report.Crs = crs.Name;
        var factory = NetTopologySuite.NtsGeometryServices.Instance.CreateGeometryFactory(Srid.Storage);
        foreach (var r in _rows)
        {
            if (r.X is { } x && r.Y is { } y)
            {
                var (lon, lat) = crs.ToStorage(x, y);
                r.Location = factory.CreatePoint(new Coordinate(lon, lat));
                if (county.DistanceOutside(r.VillageCode, lon, lat) is > 0 and var d)
                    report.Warn(r.Number, "坐标", $"{x}, {y}", "OUTSIDE_VILLAGE", $"这户在所属村的范围外约 {d:N0} 米：请核对坐标或村代码");
            }
        }
        return Task.CompletedTask;
    }

    public override string? PreviewSql => """
        SELECT s.row, CASE WHEN s.household_id IS NULL THEN 'new' ELSE 'changed' END, s.head_name, ST_AsGeoJSON(h.location, 7)
        FROM imp_households s JOIN households h ON h.village_code = s.village_code AND h.household_no = s.household_no
        WHERE s.household_id IS NULL OR s.household_id IN (SELECT id FROM imp_changed)
        ORDER BY s.row
        """;

    public override async Task MergeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CountyContext county, ImportRequest request,
        ImportReport report, CancellationToken ct)
    {
        Col<Row>[] cols =
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
        await StageAsync(conn, tx, "imp_households", cols, _rows, "household_id bigint, group_id bigint", ct);

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
            WHERE h.village_code = s.village_code AND h.household_no = s.household_no;
            """, ct);

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
        report.Counts.Changed = await CountAsync(conn, tx, "SELECT count(*) FROM imp_changed", ct);
        report.Counts.New = await CountAsync(conn, tx, "SELECT count(*) FROM imp_households WHERE household_id IS NULL", ct);
        report.Counts.Unchanged = _rows.Count - report.Counts.New - report.Counts.Changed;

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
        await ExecAsync(conn, tx, Persistence.Sql.HouseholdCellSql.Reattach("""
            h.id IN (SELECT id FROM imp_changed) OR h.id IN (
              SELECT h2.id FROM households h2 JOIN imp_households s ON s.village_code = h2.village_code AND s.household_no = h2.household_no
              WHERE s.household_id IS NULL)
            """), ct);
        await ExecAsync(conn, tx, AuditInsert("import.households.create", "Household",
            $"""
            SELECT h.id, h.village_code AS area, NULL::jsonb AS before,
                   jsonb_build_object('householdNo', h.household_no, 'headName', h.head_name, 'idNumber', {MaskId("h.id_number")},
                     'phone', {MaskPhone("h.phone")}, 'size', h.size, 'povertyStatus', h.poverty_status, 'location', ST_AsText(h.location)) AS after
            FROM households h JOIN imp_households s ON s.village_code = h.village_code AND s.household_no = h.household_no
            WHERE s.household_id IS NULL
            """), ct, ("actor", request.Actor));
    }
}
