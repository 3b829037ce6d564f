using GridGov.Persistence;
using GridGov.Persistence.Linking;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using static GridGov.Import.Sql.ImportSql;

namespace GridGov.Import.Kinds;

/// <summary>
/// --replace: the file is the full roster of every village it names. What it does not list leaves —
/// households are ended (注销, kept in history, their link ended), members become 转出 (their links end
/// and their households are handed over by the transfer rule's proposal, never silently dropped).
/// Villages the file does not name are not touched.
/// </summary>
internal static class FullRoster
{
    /// <summary>Share of a village's households or members above which the report asks to check the file really is complete.</summary>
    private const double ManyShare = 0.2;

    public static async Task EndMissingHouseholdsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, ImportRequest request, ImportReport report, CancellationToken ct)
    {
        await ExecAsync(conn, tx, """
            CREATE TEMP TABLE imp_missing ON COMMIT DROP AS
            SELECT h.id, h.village_code FROM households h
            WHERE h.village_code IN (SELECT DISTINCT village_code FROM imp_households) AND h.ended_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM imp_households s WHERE s.village_code = h.village_code AND s.household_no = h.household_no);
            CREATE INDEX ON imp_missing (id);
            ANALYZE imp_missing;
            """, ct);
        report.Counts.Ended = await CountAsync(conn, tx, "SELECT count(*) FROM imp_missing", ct);
        if (report.Counts.Ended == 0) return;
        await WarnManyAsync(conn, tx, report, "households", "户", ct);
        var reason = $"注销：完整名单（{Short(report.FileName)}）中没有此户";
        await ExecAsync(conn, tx, AuditInsert("import.households.end", "Household", """
            SELECT h.id, h.village_code AS area, jsonb_build_object('endedAt', NULL) AS before, jsonb_build_object('endedAt', now(), 'endReason', @reason) AS after
            FROM households h JOIN imp_missing m ON m.id = h.id
            """), ct, ("actor", request.Actor), ("reason", reason));
        var links = await CountAsync(conn, tx, """
            WITH ended AS (
              UPDATE links l SET valid_to = now(), ended_by = @actor, end_reason = @reason
              FROM imp_missing m WHERE l.household_id = m.id AND l.valid_to IS NULL AND l.valid_from < now()
              RETURNING l.id)
            SELECT count(*) FROM ended
            """, ct, ("actor", request.Actor), ("reason", reason));
        await ExecAsync(conn, tx, "UPDATE households h SET ended_at = now(), end_reason = @reason FROM imp_missing m WHERE h.id = m.id", ct,
            ("reason", reason));
        report.Warn(0, null, null, "HOUSEHOLDS_ENDED",
            $"完整名单模式：{report.Counts.Ended} 户不在名单中，已注销（历史保留）{(links > 0 ? $"，其 {links} 条联系户关系已结束" : "")}");
    }

    public static async Task MembersLeaveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, ImportRequest request, ImportReport report, CancellationToken ct)
    {
        await ExecAsync(conn, tx, """
            CREATE TEMP TABLE imp_missing ON COMMIT DROP AS
            SELECT m.id, m.village_code FROM party_members m JOIN people p ON p.id = m.person_id
            WHERE m.village_code IN (SELECT DISTINCT village_code FROM imp_members) AND m.status NOT IN ('left', 'deceased')
              AND NOT EXISTS (SELECT 1 FROM imp_members s WHERE s.id_number = p.id_number);
            ANALYZE imp_missing;
            """, ct);
        report.Counts.Ended = await CountAsync(conn, tx, "SELECT count(*) FROM imp_missing", ct);
        if (report.Counts.Ended == 0) return;
        await WarnManyAsync(conn, tx, report, "party_members", "名党员", ct);
        const string reason = "党员转出（完整名单中没有）";
        await ExecAsync(conn, tx, AuditInsert("import.members.leave", "PartyMember", """
            SELECT m.id, m.village_code AS area, jsonb_build_object('status', m.status) AS before, jsonb_build_object('status', 'left') AS after
            FROM party_members m JOIN imp_missing x ON x.id = m.id
            """), ct, ("actor", request.Actor));
        // The transfer rule, as for one member who leaves: links end, cells they led lose their leader, then a handover proposal.
        await ExecAsync(conn, tx, """
            CREATE TEMP TABLE imp_released ON COMMIT DROP AS
            WITH ended AS (
              UPDATE links l SET valid_to = now(), ended_by = @actor, end_reason = @reason
              FROM imp_missing x WHERE l.member_id = x.id AND l.valid_to IS NULL AND l.valid_from < now()
              RETURNING l.household_id, l.member_id)
            SELECT e.household_id, e.member_id, x.village_code FROM ended e JOIN imp_missing x ON x.id = e.member_id;
            UPDATE party_members m SET status = 'left' FROM imp_missing x WHERE m.id = x.id;
            UPDATE grid_cells c SET leader_member_id = NULL, version = c.version + 1, updated_at = now() FROM imp_missing x WHERE c.leader_member_id = x.id;
            UPDATE party_branches b SET secretary_member_id = NULL FROM imp_missing x WHERE b.secretary_member_id = x.id;
            """, ct, ("actor", request.Actor), ("reason", reason));

        var released = new Dictionary<string, (long Member, List<long> Households)>();
        await using (var cmd = new NpgsqlCommand("SELECT village_code, member_id, household_id FROM imp_released ORDER BY village_code, member_id", conn, tx))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
            {
                if (!released.TryGetValue(r.GetString(0), out var v)) released[r.GetString(0)] = v = (r.GetInt64(1), []);
                v.Households.Add(r.GetInt64(2));
            }
        var proposals = new List<long>();
        if (released.Count > 0)
        {
            // The proposal is made by the same code as the API's transfer rule, on this connection and transaction.
            var options = new DbContextOptionsBuilder<GridGovDbContext>().UseNpgsql(conn, o => o.UseNetTopologySuite()).Options;
            await using var db = new GridGovDbContext(options);
            await db.Database.UseTransactionAsync(tx, ct);
            foreach (var (village, (member, releasedHouseholds)) in released)
            {
                var settings = await ProposalService.CountySettingsAsync(db, village, ct);
                var proposal = await ProposalService.CreateHandoverAsync(db, village, settings, member, releasedHouseholds, request.Actor, ct);
                await db.SaveChangesAsync(ct);
                proposals.Add(proposal.Id);
            }
        }
        var households = released.Values.Sum(v => v.Households.Count);
        report.Warn(0, null, null, "MEMBERS_LEFT",
            $"完整名单模式：{report.Counts.Ended} 名党员不在名单中，状态已改为「转出」" +
            (households > 0 ? $"；他们联系的 {households} 户已结束联系，已为 {proposals.Count} 个村生成交接方案（编号 {string.Join("、", proposals)}），请支部书记审核后采纳" : ""));
    }

    private static async Task WarnManyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, ImportReport report, string table, string unit, CancellationToken ct)
    {
        var active = table == "households" ? "t.ended_at IS NULL" : "t.status NOT IN ('left', 'deceased')";
        foreach (var (row, text) in await RowsAsync(conn, tx, $"""
                     SELECT 0, a.name || '：' || count(*) || '{unit}（共 ' || (SELECT count(*) FROM {table} t WHERE t.village_code = x.village_code AND {active}) || '）'
                     FROM imp_missing x JOIN areas a ON a.code = x.village_code
                     GROUP BY x.village_code, a.name
                     HAVING count(*) > {ManyShare.ToString(System.Globalization.CultureInfo.InvariantCulture)} * (SELECT count(*) FROM {table} t WHERE t.village_code = x.village_code AND {active})
                     """, ct))
            report.Warn(row, null, null, "MANY_LEAVE", $"{text}不在名单中，将被{(table == "households" ? "注销" : "改为转出")}：请确认这确实是完整名单");
    }

    private static string Short(string s) => s.Length > 60 ? s[..60] + "…" : s;
}
