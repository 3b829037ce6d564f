using GridGov.Persistence.Sql;
using NetTopologySuite.Geometries;
using Npgsql;

namespace GridGov.Export.Kinds;

/// <summary>
/// 业绩申报表: the month's declarations of the area with their review state — member (ID number masked as the API masks it),
/// household, category, date, text, status, and the latest review's reviewer and reason; the point where the work was done.
/// </summary>
public sealed class DeclarationExport : ExportSource
{
    public override string Layer => "declarations";
    public override string TitleWord => "党员业绩申报表";
    public override OgcGeometryType? GeometryType => OgcGeometryType.Point;

    public override IReadOnlyList<ExportColumn> Columns(ExportContext context) =>
    [
        new("id", "申报编号", ColumnType.Text, "id", 10),
        new("member", "党员姓名", ColumnType.Text, "member", 10),
        new("memberIdNumber", "党员身份证号", ColumnType.Text, "member_id", 21) { Personal = true },
        new("householdNo", "户编号", ColumnType.Text, "hh_no", 10),
        new("headName", "户主姓名", ColumnType.Text, "head_name", 10),
        new("villageCode", "村代码", ColumnType.Text, "vill_code", 15),
        new("category", "类别", ColumnType.Text, "category", 10),
        new("workDate", "日期", ColumnType.Date, "work_date", 12),
        new("text", "内容", ColumnType.Text, "text", 40),
        new("status", "评议状态", ColumnType.Text, "status", 10),
        new("reviewer", "评议人", ColumnType.Text, "reviewer", 10),
        new("reason", "退回理由", ColumnType.Text, "reason", 30),
    ];

    protected override string Sql => $"""
        SELECT h.village_code, v.name, d.id, p.name, p.id_number, h.household_no, h.head_name, d.category, d.work_date, d.text,
               d.status, u.display_name, rv.reason, d.location
        FROM declarations d
        JOIN households h ON h.id = d.household_id
        JOIN areas v ON v.code = h.village_code
        JOIN party_members m ON m.id = d.member_id
        JOIN people p ON p.id = m.person_id
        LEFT JOIN LATERAL (SELECT r.reviewer_user_id, r.reason FROM reviews r WHERE r.declaration_id = d.id
                           ORDER BY r.at DESC, r.id DESC LIMIT 1) rv ON true
        LEFT JOIN users u ON u.id = rv.reviewer_user_id
        WHERE d.month = @month AND {AreaSql.Within("h.village_code", "@prefix")}
        ORDER BY h.village_code, p.name, d.member_id, d.work_date, d.id
        """;

    protected override int GeometryOrdinal => 13;

    protected override object?[] Map(NpgsqlDataReader r, ExportContext c) =>
    [
        r.GetInt64(2).ToString(System.Globalization.CultureInfo.InvariantCulture), r.GetString(3), c.Id(Text(r, 4)), Text(r, 5),
        r.GetString(6), r.GetString(0), Category(r.GetString(7)), Date(r, 8), Text(r, 9), Status(r.GetString(10)), Text(r, 11), Text(r, 12),
    ];

    public static string Category(string category) => category switch
    {
        "education" => "思想教育", "policy" => "政策宣传", "mediation" => "矛盾化解", "industry" => "产业发展", _ => "走访",
    };

    public static string Status(string status) => status switch { "approved" => "已通过", "returned" => "已退回", _ => "待评议" };
}
