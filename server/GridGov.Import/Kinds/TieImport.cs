using GridGov.Domain.Import;
using GridGov.Domain.Links;
using Npgsql;
using NpgsqlTypes;
using static GridGov.Import.Sql.ImportSql;

namespace GridGov.Import.Kinds;

/// <summary>
/// 血缘 / 亲缘 / 人缘 between a member and a household, as the branch knows them: key member + household
/// + kind. An imported tie is declared; it replaces an inferred one of the same kind.
/// </summary>
internal sealed class TieImport : TabularImport<TieImport.Row>
{
    internal sealed record Row(int Number, string IdNumber, string? VillageCode, string HouseholdNo, TieKind Kind, string? Detail);

    public override ImportKind Kind => ImportKind.Ties;
    protected override string StageTable => "imp_ties";
    protected override string ExtraColumns => MemberHouseholdRows.Columns + ", tie_id bigint";
    protected override string KeySql => "s.member_id_number, s.village_code, s.household_no, s.kind";
    protected override (string Column, string Message) DuplicateMessage => ("户编号", "同一党员、同一户、同一关系重复");

    protected override Col<Row>[] StageColumns =>
        MemberHouseholdRows.Stage<Row>(r => r.Number, r => r.IdNumber, r => r.VillageCode, r => r.HouseholdNo)
            .Append(new Col<Row>("kind", "text", NpgsqlDbType.Text, r => Persistence.GridGovDbContext.SnakeCase(r.Kind.ToString())))
            .Append(new Col<Row>("relation", "text", NpgsqlDbType.Text, r => r.Detail)).ToArray();

    protected override Row? ReadRow(Cells c, CountyContext county, ImportReport report)
    {
        var id = c.IdNumber("memberIdNumber", required: true);
        var no = c.Required("householdNo", "户编号");
        string? village = null;
        if (c.Get("villageCode") is { } vc)
        {
            village = county.ResolveVillage(vc, null, out var err);
            if (village is null) c.Error("villageCode", "VILLAGE", err!);
        }
        var kindText = c.Required("kind", "关系");
        var kind = TieKind.Social;
        if (kindText is not null && !ImportValues.TryTieKind(kindText, out kind))
            c.Error("kind", "CHOICE", $"关系只能是：{string.Join("、", ImportColumns.TieKinds)}");
        var detail = c.Get("detail");
        if (detail is { Length: > 50 }) c.Error("detail", "TOO_LONG", "说明最长50个字符");
        if (c.Failed || id is null || no is null) return null;
        return new Row(c.Row, id, village, no, kind, detail);
    }

    public override async Task MergeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CountyContext county, ImportRequest request,
        ImportReport report, CancellationToken ct)
    {
        await MemberHouseholdRows.ResolveAsync(conn, tx, "imp_ties", county, report, ct);
        foreach (var (row, _) in await RowsAsync(conn, tx, "SELECT row, '' FROM imp_ties WHERE household_village <> member_village", ct))
            report.Warn(row, "户编号", null, "OTHER_VILLAGE", "这户不在党员所在村：亲缘关系会记录，但联系户只能在本支部内安排");
        if (report.HasErrors) return;
        await ExecAsync(conn, tx, """
            UPDATE imp_ties s SET tie_id = t.id FROM ties t
            WHERE t.member_id = s.member_id AND t.household_id = s.household_id AND t.kind = s.kind
            """, ct);
        await ExecAsync(conn, tx, """
            CREATE TEMP TABLE imp_changed ON COMMIT DROP AS
            SELECT t.id, s.household_village AS area,
                   jsonb_build_object('kind', t.kind, 'origin', t.origin, 'relation', t.relation) AS before,
                   jsonb_build_object('kind', s.kind, 'origin', 'declared', 'relation', COALESCE(s.relation, t.relation)) AS after
            FROM imp_ties s JOIN ties t ON t.id = s.tie_id
            WHERE (t.origin, t.relation) IS DISTINCT FROM ('declared', COALESCE(s.relation, t.relation))
            """, ct);
        report.Counts.Changed = await CountAsync(conn, tx, "SELECT count(*) FROM imp_changed", ct);
        report.Counts.New = await CountAsync(conn, tx, "SELECT count(*) FROM imp_ties WHERE tie_id IS NULL", ct);
        report.Counts.Unchanged = Staged - report.Counts.New - report.Counts.Changed;
        await ExecAsync(conn, tx, AuditInsert("import.ties.update", "Tie", "SELECT id, area, before, after FROM imp_changed"), ct, ("actor", request.Actor));
        await ExecAsync(conn, tx, """
            UPDATE ties t SET origin = 'declared', relation = COALESCE(s.relation, t.relation)
            FROM imp_ties s JOIN imp_changed c ON c.id = s.tie_id WHERE t.id = s.tie_id;
            CREATE TEMP TABLE imp_new ON COMMIT DROP AS
            WITH ins AS (
              INSERT INTO ties (member_id, household_id, kind, origin, relation, created_at)
              SELECT s.member_id, s.household_id, s.kind, 'declared', s.relation, now() FROM imp_ties s WHERE s.tie_id IS NULL ORDER BY s.row
              RETURNING id, household_id, kind, relation)
            SELECT i.*, h.village_code FROM ins i JOIN households h ON h.id = i.household_id;
            """, ct);
        await ExecAsync(conn, tx, AuditInsert("import.ties.create", "Tie", """
            SELECT id, village_code AS area, NULL::jsonb AS before, jsonb_build_object('kind', kind, 'origin', 'declared', 'relation', relation) AS after
            FROM imp_new
            """), ct, ("actor", request.Actor));
    }
}
