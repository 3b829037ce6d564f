using GridGov.Domain.Import;
using GridGov.Persistence.Sql;
using NetTopologySuite.Geometries;
using Npgsql;

namespace GridGov.Export.Kinds;

/// <summary>
/// 户名册: the household import's columns (so the file re-imports unchanged), then cell, current member, link basis and
/// distance. Active households of the area at the month's end (or now), by village and 户编号.
/// </summary>
public sealed class HouseholdExport : ExportSource
{
    public override string Layer => "households";
    public override string TitleWord => "户名册";
    public override OgcGeometryType? GeometryType => OgcGeometryType.Point;

    private static ExportColumn Import(string key, ColumnType type, string shp, double width, bool personal = false)
    {
        var c = ImportColumns.For(ImportKind.Households).Single(c => c.Key == key);
        return new ExportColumn(key, c.Header, type, shp, width) { Personal = personal };
    }

    public override IReadOnlyList<ExportColumn> Columns(ExportContext context) =>
    [
        Import("householdNo", ColumnType.Text, "hh_no", 10),
        Import("headName", ColumnType.Text, "head_name", 10),
        Import("headIdNumber", ColumnType.Text, "head_id", 21, personal: true),
        Import("phone", ColumnType.Text, "phone", 15, personal: true),
        Import("villageCode", ColumnType.Text, "vill_code", 15),
        Import("villageName", ColumnType.Text, "vill_name", 12),
        Import("villageGroup", ColumnType.Text, "vill_group", 9),
        Import("address", ColumnType.Text, "address", 24),
        Import("size", ColumnType.Integer, "size", 8),
        Import("category", ColumnType.Text, "category", 9),
        .. Coordinates.Columns(context),
        new("support", "帮扶类别", ColumnType.Text, "support", 14),
        new("cell", "网格", ColumnType.Text, "cell", 14),
        new("member", "联系党员", ColumnType.Text, "member", 10),
        new("basis", "联系依据", ColumnType.Text, "basis", 10),
        new("distanceMeters", "距离（米）", ColumnType.Integer, "dist_m", 10),
    ];

    protected override string Sql => $"""
        SELECT h.village_code, v.name, h.household_no, h.head_name, h.id_number, h.phone, g.number, h.address, h.size,
               h.poverty_status, h.assistance, ST_X(h.location), ST_Y(h.location), c.name, p.name, l.basis, l.distance_meters, h.location
        FROM households h
        JOIN areas v ON v.code = h.village_code
        LEFT JOIN village_groups g ON g.id = h.group_id
        LEFT JOIN grid_cells c ON c.id = h.cell_id
        LEFT JOIN links l ON l.household_id = h.id AND {LinkSql.InForceAt("l", "@as_of")}
        LEFT JOIN party_members m ON m.id = l.member_id
        LEFT JOIN people p ON p.id = m.person_id
        WHERE {GridGov.Persistence.Sql.AreaSql.Within("h.village_code", "@prefix")} AND {HouseholdSql.ActiveAt("h", "@as_of")}
        ORDER BY h.village_code, h.household_no, h.id
        """;

    protected override int GeometryOrdinal => 17;

    protected override object?[] Map(NpgsqlDataReader r, ExportContext c)
    {
        var (poverty, assistance) = (r.GetString(9), r.GetString(10));
        var (x, y) = Coordinates.Values(c, r.GetDouble(11), r.GetDouble(12));
        return
        [
            Text(r, 2), r.GetString(3), c.Id(Text(r, 4)), c.Phone(Text(r, 5)), r.GetString(0), r.GetString(1),
            Int(r, 6) is { } g ? $"{g}组" : null, Text(r, 7), r.GetInt32(8), ExportWords.Category(poverty, assistance),
            x, y, ExportWords.Support(poverty, assistance), Text(r, 13), Text(r, 14),
            Text(r, 15) is { } b ? ExportWords.Basis(b) : null, Metres(Double(r, 16)),
        ];
    }
}
