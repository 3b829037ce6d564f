using GridGov.Domain.Cadres;
using GridGov.Domain.Import;
using GridGov.Domain.Members;
using Npgsql;
using NpgsqlTypes;
using static GridGov.Import.Sql.ImportSql;

namespace GridGov.Import.Kinds;

/// <summary>
/// 驻村 / 包村 roster: one row per posting, key 身份证号 + 村 + 开始日期. The person is found by ID number (a party member
/// is reused, not duplicated); the cadre (one per person) takes the file's 类别 and 职级; each row is a posting. The
/// postings are checked by the domain's own rules (<see cref="Cadre.ConflictOf"/>) against the cadre's other postings,
/// in the file and in the database. Postings the file lacks stay as they are.
/// </summary>
internal sealed class CadreImport : TabularImport<CadreImport.Row>
{
    internal sealed class Row
    {
        public int Number;
        public required string Name, IdNumber, VillageCode;
        public string? Phone;
        public CadreKind Kind;
        public CadreRank? Rank;
        public DateOnly From;
        public DateOnly? To;
    }

    public override ImportKind Kind => ImportKind.Cadres;
    protected override string StageTable => "imp_cadres";
    protected override string KeySql => "s.id_number, s.village_code, s.from_day";
    protected override (string Column, string Message) DuplicateMessage => ("开始日期", "同一人、同一村、同一开始日期的驻村记录重复");

    protected override Col<Row>[] StageColumns =>
    [
        new("row", "int", NpgsqlDbType.Integer, r => r.Number),
        new("name", "text", NpgsqlDbType.Text, r => r.Name),
        new("id_number", "text", NpgsqlDbType.Text, r => r.IdNumber),
        new("phone", "text", NpgsqlDbType.Text, r => r.Phone),
        new("kind", "text", NpgsqlDbType.Text, r => Snake(r.Kind)),
        new("rank", "text", NpgsqlDbType.Text, r => r.Rank is { } k ? Snake(k) : null),
        new("village_code", "char(12)", NpgsqlDbType.Char, r => r.VillageCode),
        new("from_day", "date", NpgsqlDbType.Date, r => r.From),
        new("to_day", "date", NpgsqlDbType.Date, r => r.To),
    ];

    private static string Snake(Enum e) => Persistence.GridGovDbContext.SnakeCase(e.ToString());

    protected override Row? ReadRow(Cells c, CountyContext county, ImportReport report)
    {
        var name = c.Required("name", "姓名");
        if (name is { Length: > Person.MaxNameLength }) c.Error("name", "TOO_LONG", $"姓名最长{Person.MaxNameLength}个字符");
        var id = c.IdNumber("idNumber", required: true);
        var phone = c.Phone("phone");
        var kindText = c.Required("cadreKind", "类别");
        var kind = CadreKinds.Parse(kindText);
        if (kindText is not null && kind is null) c.Error("cadreKind", "CHOICE", $"类别只能是：{string.Join("、", ImportColumns.CadreKindWords)}");
        CadreRank? rank = null;
        if (c.Get("rank") is { } rankText && (rank = CadreRanks.Parse(rankText)) is null)
            c.Error("rank", "CHOICE", $"职级只能是：{string.Join("、", ImportColumns.CadreRankWords)}");
        var village = county.ResolveVillage(c.Get("villageCode"), c.Get("villageName"), out var err);
        if (village is null) c.Error(c.Get("villageCode") is null ? "villageName" : "villageCode", "VILLAGE", err!);
        var from = Day(c, "startDate", "开始日期", required: true);
        var to = Day(c, "endDate", "结束日期", required: false);
        if (from is { } f && to is { } t && t < f) c.Error("endDate", "PERIOD", "结束日期早于开始日期");
        if (c.Failed || name is null || id is null || kind is null || village is null || from is null) return null;
        return new Row
        {
            Number = c.Row, Name = name, IdNumber = id, Phone = phone, Kind = kind.Value, Rank = rank,
            VillageCode = village, From = from.Value, To = to,
        };
    }

    /// <summary>A posting's day: unlike a birth or joining date it may lie ahead (a term that ends next year).</summary>
    private static DateOnly? Day(Cells c, string key, string what, bool required)
    {
        var text = required ? c.Required(key, what) : c.Get(key);
        if (text is null) return null;
        var d = ImportValues.ParseDate(text);
        if (d is null) c.Error(key, "DATE", $"{what}不是有效日期，请写成 2024-01-01 的形式");
        return d;
    }

    public override async Task MergeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CountyContext county, ImportRequest request,
        ImportReport report, CancellationToken ct)
    {
        var rows = await StagedAsync(conn, tx, ct);
        var known = await CadreRoster.LoadAsync(conn, tx, rows.Select(r => r.IdNumber).Distinct().ToArray(), ct);
        var plans = new List<CadrePlan>();
        foreach (var group in rows.GroupBy(r => r.IdNumber))
            if (CadrePlan.Make([.. group.OrderBy(r => r.Number)], known.GetValueOrDefault(group.Key), report) is { } plan) plans.Add(plan);
        if (report.HasErrors) return;
        report.Counts.New = plans.Sum(p => p.NewRows);
        report.Counts.Changed = plans.Sum(p => p.ChangedRows);
        report.Counts.Unchanged = Staged - report.Counts.New - report.Counts.Changed;
        foreach (var plan in plans) await plan.WriteAsync(conn, tx, request.Actor, ct);
    }

    private static async Task<List<Row>> StagedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        var list = new List<Row>();
        await using var cmd = new NpgsqlCommand(
            "SELECT row, name, id_number, phone, kind, rank, village_code, from_day, to_day FROM imp_cadres ORDER BY row", conn, tx);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            list.Add(new Row
            {
                Number = r.GetInt32(0), Name = r.GetString(1), IdNumber = r.GetString(2), Phone = r.IsDBNull(3) ? null : r.GetString(3),
                Kind = CadreRoster.KindOf(r.GetString(4)), Rank = r.IsDBNull(5) ? null : CadreRoster.RankOf(r.GetString(5)),
                VillageCode = r.GetString(6), From = r.GetFieldValue<DateOnly>(7), To = r.IsDBNull(8) ? null : r.GetFieldValue<DateOnly>(8),
            });
        return list;
    }
}
