using GridGov.Domain.Areas;
using GridGov.Domain.Import;
using Npgsql;
using NpgsqlTypes;
using static GridGov.Import.Sql.ImportSql;

namespace GridGov.Import.Kinds;

/// <summary>
/// 区划: the county, its townships and villages by 12-digit code; the level follows from the code
/// (xxxxxx000000 county, xxxxxxxxx000 township, else village). New villages get their party branch.
/// Names may change; codes never do; nothing is deleted.
/// </summary>
internal sealed class AreaImport : TabularImport<AreaImport.Row>
{
    internal sealed record Row(int Number, string Code, AreaLevel Level, string Name, string? Parent);

    public override ImportKind Kind => ImportKind.Areas;
    protected override string StageTable => "imp_areas";
    protected override string KeySql => "s.code";
    protected override (string Column, string Message) DuplicateMessage => ("区划代码", "区划代码重复");

    protected override Col<Row>[] StageColumns =>
    [
        new("row", "int", NpgsqlDbType.Integer, r => r.Number),
        new("code", "char(12)", NpgsqlDbType.Char, r => r.Code),
        new("level", "text", NpgsqlDbType.Text, r => Persistence.GridGovDbContext.SnakeCase(r.Level.ToString())),
        new("name", "text", NpgsqlDbType.Text, r => r.Name),
        new("parent_code", "char(12)", NpgsqlDbType.Char, r => r.Parent),
    ];

    public static AreaLevel LevelOf(string code) =>
        code.EndsWith("000000", StringComparison.Ordinal) ? AreaLevel.County
        : code.EndsWith("000", StringComparison.Ordinal) ? AreaLevel.Township : AreaLevel.Village;

    public static string? ParentOf(string code) => LevelOf(code) switch
    {
        AreaLevel.Village => Area.TownshipCodeOf(code),
        AreaLevel.Township => Area.CountyCodeOf(code),
        _ => null,
    };

    protected override Row? ReadRow(Cells c, CountyContext county, ImportReport report)
    {
        var code = c.Required("code", "区划代码");
        if (code is not null && !Area.IsValidCode(code)) { c.Error("code", "CODE", "区划代码应为12位数字（统计用区划代码）"); code = null; }
        if (code is not null && !county.InCounty(code)) { c.Error("code", "OTHER_COUNTY", $"区划代码不属于本县（{county.CountyCode}）：一个文件只导入一个县"); code = null; }
        var name = c.Required("name", "名称");
        if (name is { Length: > 100 }) c.Error("name", "TOO_LONG", "名称最长100个字符");
        var parent = c.Get("parent");
        if (code is not null && parent is not null && parent != ParentOf(code))
            c.Error("parent", "PARENT", ParentOf(code) is { } p ? $"上级代码应为 {p}（由区划代码推出）" : "县级区划没有上级代码");
        if (c.Failed || code is null || name is null) return null;
        return new Row(c.Row, code, LevelOf(code), name, ParentOf(code));
    }

    public override async Task MergeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CountyContext county, ImportRequest request,
        ImportReport report, CancellationToken ct)
    {
        foreach (var (row, parent) in await RowsAsync(conn, tx, """
                     SELECT s.row, s.parent_code FROM imp_areas s WHERE s.parent_code IS NOT NULL
                       AND NOT EXISTS (SELECT 1 FROM imp_areas p WHERE p.code = s.parent_code)
                       AND NOT EXISTS (SELECT 1 FROM areas a WHERE a.code = s.parent_code)
                     """, ct))
            report.Error(row, "区划代码", null, "UNKNOWN_PARENT",
                $"上级区划 {parent} 既不在文件里，也不在数据库里：请把{(LevelOf(parent) == AreaLevel.County ? "县" : "乡镇")}一行加进文件");
        if (report.HasErrors) return;
        await ExecAsync(conn, tx, "CREATE TEMP TABLE imp_new ON COMMIT DROP AS SELECT s.code FROM imp_areas s WHERE NOT EXISTS (SELECT 1 FROM areas a WHERE a.code = s.code)", ct);
        report.Counts.New = await CountAsync(conn, tx, "SELECT count(*) FROM imp_new", ct);
        report.Counts.Changed = await CountAsync(conn, tx, "SELECT count(*) FROM imp_areas s JOIN areas a ON a.code = s.code WHERE a.name <> s.name", ct);
        report.Counts.Unchanged = Staged - report.Counts.New - report.Counts.Changed;
        await ExecAsync(conn, tx, AuditInsert("import.areas.update", "Area", """
            SELECT a.code AS id, a.code AS area, jsonb_build_object('name', a.name) AS before, jsonb_build_object('name', s.name) AS after
            FROM imp_areas s JOIN areas a ON a.code = s.code WHERE a.name <> s.name
            """), ct, ("actor", request.Actor));
        await ExecAsync(conn, tx, """
            UPDATE areas a SET name = s.name FROM imp_areas s WHERE a.code = s.code AND a.name <> s.name;
            INSERT INTO areas (code, level, name, parent_code, boundary_source, is_deep_poverty)
            SELECT s.code, s.level, s.name, s.parent_code, 'imported', false FROM imp_areas s JOIN imp_new n ON n.code = s.code
            ORDER BY CASE s.level WHEN 'county' THEN 0 WHEN 'township' THEN 1 ELSE 2 END, s.code;
            INSERT INTO party_branches (village_code, name, source)
            SELECT s.code, s.name || '党支部', 'imported' FROM imp_areas s
            WHERE s.level = 'village' AND NOT EXISTS (SELECT 1 FROM party_branches b WHERE b.village_code = s.code);
            """, ct);
        await ExecAsync(conn, tx, AuditInsert("import.areas.create", "Area", """
            SELECT s.code AS id, s.code AS area, NULL::jsonb AS before, jsonb_build_object('name', s.name, 'level', s.level) AS after
            FROM imp_areas s JOIN imp_new n ON n.code = s.code
            """), ct, ("actor", request.Actor));
    }
}
