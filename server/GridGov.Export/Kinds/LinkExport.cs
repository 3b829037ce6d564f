using GridGov.Domain.Import;
using GridGov.Persistence.Sql;
using NetTopologySuite.Geometries;
using Npgsql;

namespace GridGov.Export.Kinds;

/// <summary>
/// 党员联系户名册: the links in force at the month's end, one row per household, ordered by member so the spreadsheet can
/// print one block per member. The first four columns are the link import's; the line runs from the member's home to the house.
/// </summary>
public sealed class LinkExport : ExportSource
{
    public override string Layer => "links";
    public override string TitleWord => "党员联系户名册";
    public override OgcGeometryType? GeometryType => OgcGeometryType.LineString;

    private static ExportColumn Import(string key, ColumnType type, string shp, double width, bool personal = false)
    {
        var c = ImportColumns.For(ImportKind.Links).Single(c => c.Key == key);
        return new ExportColumn(key, c.Header, type, shp, width) { Personal = personal };
    }

    public override IReadOnlyList<ExportColumn> Columns(ExportContext context) =>
    [
        Import("memberIdNumber", ColumnType.Text, "member_id", 21, personal: true),
        Import("householdNo", ColumnType.Text, "hh_no", 10),
        Import("villageCode", ColumnType.Text, "vill_code", 15),
        Import("startDate", ColumnType.Date, "start_date", 12),
        new("member", "党员姓名", ColumnType.Text, "member", 10),
        new("memberPhone", "党员电话", ColumnType.Text, "mem_phone", 15) { Personal = true },
        new("cell", "网格", ColumnType.Text, "cell", 14),
        new("headName", "户主姓名", ColumnType.Text, "head_name", 10),
        new("villageGroup", "村民小组", ColumnType.Text, "vill_group", 9),
        new("address", "地址", ColumnType.Text, "address", 24),
        new("basis", "联系依据", ColumnType.Text, "basis", 10),
        new("distanceMeters", "距离（米）", ColumnType.Integer, "dist_m", 10),
        new("explanation", "说明", ColumnType.Text, "explain", 28),
    ];

    protected override string Sql => $"""
        SELECT h.village_code, v.name, p.id_number, h.household_no, (l.valid_from AT TIME ZONE 'Asia/Shanghai')::date, p.name, p.phone,
               (SELECT c.name FROM grid_cells c WHERE c.village_code = m.village_code AND ST_Covers(c.geometry, m.home) ORDER BY c.id LIMIT 1),
               h.head_name, g.number, h.address, l.basis, l.distance_meters, l.explanation, ST_MakeLine(m.home, h.location)
        FROM links l
        JOIN households h ON h.id = l.household_id
        JOIN party_members m ON m.id = l.member_id
        JOIN people p ON p.id = m.person_id
        JOIN areas v ON v.code = h.village_code
        LEFT JOIN village_groups g ON g.id = h.group_id
        WHERE {GridGov.Persistence.Sql.AreaSql.Within("h.village_code", "@prefix")} AND {LinkSql.InForceAt("l", "@as_of")} AND {HouseholdSql.ActiveAt("h", "@as_of")}
        ORDER BY h.village_code, p.name, m.id, h.household_no, h.id
        """;

    protected override int GeometryOrdinal => 14;

    protected override object?[] Map(NpgsqlDataReader r, ExportContext c) =>
    [
        c.Id(Text(r, 2)), Text(r, 3), r.GetString(0), Date(r, 4), r.GetString(5), c.Phone(Text(r, 6)), Text(r, 7), r.GetString(8),
        Int(r, 9) is { } g ? $"{g}组" : null, Text(r, 10), ExportWords.Basis(r.GetString(11)), Metres(Double(r, 12)), Text(r, 13),
    ];
}
