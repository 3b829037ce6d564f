using GridGov.Domain.Import;
using NetTopologySuite.Geometries;
using Npgsql;

namespace GridGov.Export.Kinds;

/// <summary>
/// 关系: the declared member ⇄ household ties — the tie import's columns, then the names; a line from home to house. Inferred
/// ties (same surname nearby) are the linking engine's hints, not the branch's record, so they stay out: a file re-imported
/// would declare them.
/// </summary>
public sealed class TieExport : ExportSource
{
    public override string Layer => "ties";
    public override string TitleWord => "党员与农户关系表";
    public override OgcGeometryType? GeometryType => OgcGeometryType.LineString;

    private static ExportColumn Import(string key, string shp, double width, bool personal = false)
    {
        var c = ImportColumns.For(ImportKind.Ties).Single(c => c.Key == key);
        return new ExportColumn(key, c.Header, ColumnType.Text, shp, width) { Personal = personal };
    }

    public override IReadOnlyList<ExportColumn> Columns(ExportContext context) =>
    [
        Import("memberIdNumber", "member_id", 21, personal: true),
        Import("householdNo", "hh_no", 10),
        Import("villageCode", "vill_code", 15),
        Import("kind", "kind", 8),
        Import("detail", "detail", 12),
        new("member", "党员姓名", ColumnType.Text, "member", 10),
        new("headName", "户主姓名", ColumnType.Text, "head_name", 10),
    ];

    protected override string Sql => $"""
        SELECT h.village_code, v.name, p.id_number, h.household_no, t.kind, t.relation, p.name, h.head_name,
               ST_MakeLine(m.home, h.location)
        FROM ties t
        JOIN households h ON h.id = t.household_id
        JOIN party_members m ON m.id = t.member_id
        JOIN people p ON p.id = m.person_id
        JOIN areas v ON v.code = h.village_code
        WHERE t.origin = 'declared' AND {GridGov.Persistence.Sql.AreaSql.Within("h.village_code", "@prefix")} AND {GridGov.Persistence.Sql.HouseholdSql.ActiveAt("h", "@as_of")}
        ORDER BY h.village_code, p.name, m.id, h.household_no, t.id
        """;

    protected override int GeometryOrdinal => 8;

    protected override object?[] Map(NpgsqlDataReader r, ExportContext c) =>
    [
        c.Id(Text(r, 2)), Text(r, 3), r.GetString(0), ExportWords.TieKind(r.GetString(4)), Text(r, 5), r.GetString(6), r.GetString(7),
    ];
}
