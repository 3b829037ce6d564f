using GridGov.Domain.Coverage;
using GridGov.Domain.Import;
using GridGov.Persistence.Sql;
using NetTopologySuite.Geometries;
using Npgsql;

namespace GridGov.Export.Kinds;

/// <summary>
/// 党员名册: the member import's columns, then cell, households linked and capacity. Members of the area's branches
/// (not those who left or died), at their homes.
/// </summary>
public sealed class MemberExport : ExportSource
{
    public override string Layer => "members";
    public override string TitleWord => "党员名册";
    public override OgcGeometryType? GeometryType => OgcGeometryType.Point;

    private static ExportColumn Import(string key, ColumnType type, string shp, double width, bool personal = false)
    {
        var c = ImportColumns.For(ImportKind.Members).Single(c => c.Key == key);
        return new ExportColumn(key, c.Header, type, shp, width) { Personal = personal };
    }

    public override IReadOnlyList<ExportColumn> Columns(ExportContext context) =>
    [
        Import("name", ColumnType.Text, "name", 10),
        Import("idNumber", ColumnType.Text, "id_number", 21, personal: true),
        Import("gender", ColumnType.Text, "gender", 6),
        new("birthYear", "出生年份", ColumnType.Integer, "birth_year", 9),
        Import("joinedOn", ColumnType.Date, "joined_on", 12),
        Import("memberType", ColumnType.Text, "mem_type", 9),
        Import("branch", ColumnType.Text, "branch", 15),
        new("branchName", "支部名称", ColumnType.Text, "branch_nm", 18),
        Import("status", ColumnType.Text, "status", 9),
        Import("phone", ColumnType.Text, "phone", 15, personal: true),
        Import("householdNo", ColumnType.Text, "hh_no", 10),
        Import("capacity", ColumnType.Integer, "capacity", 10),
        new("cell", "所在网格", ColumnType.Text, "cell", 14),
        new("households", "联系户数", ColumnType.Integer, "households", 9),
        new("effectiveCapacity", "可联系户数", ColumnType.Integer, "eff_cap", 10),
    ];

    protected override void Bind(NpgsqlCommand cmd) => CapacitySql.Bind(cmd, s => CoverageRules.Default.CapacityOf(s, null));

    protected override string Sql => $"""
        SELECT m.village_code, v.name, p.name, p.id_number, p.gender, p.birth_year, m.joined_on, m.is_probationary, b.name, m.status,
               p.phone, h.household_no, m.capacity,
               (SELECT c.name FROM grid_cells c WHERE c.village_code = m.village_code AND ST_Covers(c.geometry, m.home) ORDER BY c.id LIMIT 1),
               (SELECT count(*)::int FROM links l WHERE l.member_id = m.id AND {LinkSql.InForceAt("l", "@as_of")}),
               {CapacitySql.Effective("m")}, m.home
        FROM party_members m
        JOIN people p ON p.id = m.person_id
        JOIN areas v ON v.code = m.village_code
        LEFT JOIN party_branches b ON b.id = m.branch_id
        LEFT JOIN households h ON h.id = p.household_id AND {HouseholdSql.ActiveAt("h", "@as_of")}
        WHERE {GridGov.Persistence.Sql.AreaSql.Within("m.village_code", "@prefix")} AND m.status NOT IN ('left', 'deceased')
        ORDER BY m.village_code, p.name, m.id
        """;

    protected override int GeometryOrdinal => 16;

    protected override object?[] Map(NpgsqlDataReader r, ExportContext c) =>
    [
        r.GetString(2), c.Id(Text(r, 3)), ExportWords.Gender(Text(r, 4)), Int(r, 5), Date(r, 6), r.GetBoolean(7) ? "预备" : "正式",
        r.GetString(0), Text(r, 8), ExportWords.MemberStatus(r.GetString(9)), c.Phone(Text(r, 10)), Text(r, 11), Int(r, 12),
        Text(r, 13), r.GetInt32(14), r.GetInt32(15),
    ];
}
