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
internal sealed class AreaImport : TabularImport
{
    private sealed record Row(int Number, string Code, AreaLevel Level, string Name, string? Parent);

    private readonly List<Row> _rows = [];
    private readonly Dictionary<string, int> _seen = [];

    public override ImportKind Kind => ImportKind.Areas;

    public static AreaLevel LevelOf(string code) =>
        code.EndsWith("000000", StringComparison.Ordinal) ? AreaLevel.County
        : code.EndsWith("000", StringComparison.Ordinal) ? AreaLevel.Township : AreaLevel.Village;

    public static string? ParentOf(string code) => LevelOf(code) switch
    {
        AreaLevel.Village => Area.TownshipCodeOf(code),
        AreaLevel.Township => Area.CountyCodeOf(code),
        _ => null,
    };

    protected override void ReadRow(Cells c, CountyContext county, ImportReport report)
    {
        var code = c.Required("code", "区划代码");
        if (code is not null && !Area.IsValidCode(code)) { c.Error("code", "CODE", "区划代码应为12位数字（统计用区划代码）"); code = null; }
        if (code is not null && !county.InCounty(code)) { c.Error("code", "OTHER_COUNTY", $"区划代码不属于本县（{county.CountyCode}）：一个文件只导入一个县"); code = null; }
        var name = c.Required("name", "名称");
        if (name is { Length: > 100 }) c.Error("name", "TOO_LONG", "名称最长100个字符");
        var parent = c.Get("parent");
        if (code is not null && parent is not null && parent != ParentOf(code))
            c.Error("parent", "PARENT", ParentOf(code) is { } p ? $"上级代码应为 {p}（由区划代码推出）" : "县级区划没有上级代码");
        if (code is not null && !_seen.TryAdd(code, c.Row)) c.Error("code", "DUPLICATE_KEY", $"区划代码重复（第 {_seen[code]} 行已有）");
        if (c.Failed || code is null || name is null) return;
        _rows.Add(new Row(c.Row, code, LevelOf(code), name, ParentOf(code)));
    }

    protected override Task AfterReadAsync(CountyContext county, NpgsqlConnection conn, ImportReport report, CancellationToken ct)
    {
        var codes = _rows.Select(r => r.Code).ToHashSet();
        foreach (var r in _rows)
            if (r.Parent is { } p && !codes.Contains(p) && !county.Areas.ContainsKey(p))
                report.Error(r.Number, "区划代码", r.Code, "UNKNOWN_PARENT",
                    $"上级区划 {p} 既不在文件里，也不在数据库里：请把{(LevelOf(p) == AreaLevel.County ? "县" : "乡镇")}一行加进文件");
        return Task.CompletedTask;
    }

    public override async Task MergeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CountyContext county, ImportRequest request,
        ImportReport report, CancellationToken ct)
    {
        Col<Row>[] cols =
        [
            new("row", "int", NpgsqlDbType.Integer, r => r.Number),
            new("code", "char(12)", NpgsqlDbType.Char, r => r.Code),
            new("level", "text", NpgsqlDbType.Text, r => Persistence.GridGovDbContext.SnakeCase(r.Level.ToString())),
            new("name", "text", NpgsqlDbType.Text, r => r.Name),
            new("parent_code", "char(12)", NpgsqlDbType.Char, r => r.Parent),
        ];
        await StageAsync(conn, tx, "imp_areas", cols, _rows, "", ct);
        await ExecAsync(conn, tx, "CREATE TEMP TABLE imp_new ON COMMIT DROP AS SELECT s.code FROM imp_areas s WHERE NOT EXISTS (SELECT 1 FROM areas a WHERE a.code = s.code)", ct);
        report.Counts.New = await CountAsync(conn, tx, "SELECT count(*) FROM imp_new", ct);
        report.Counts.Changed = await CountAsync(conn, tx, "SELECT count(*) FROM imp_areas s JOIN areas a ON a.code = s.code WHERE a.name <> s.name", ct);
        report.Counts.Unchanged = _rows.Count - report.Counts.New - report.Counts.Changed;
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
