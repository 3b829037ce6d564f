using GridGov.Domain.Geo;
using GridGov.Domain.Import;
using GridGov.Domain.Linking;
using GridGov.Domain.Links;
using GridGov.Domain.Members;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;
using static GridGov.Import.Sql.ImportSql;

namespace GridGov.Import.Kinds;

/// <summary>
/// The county's paper 党员联系户 lists: key household (one current link each). The same member as now →
/// unchanged; another member → the current link ends and the new one starts (history kept). The basis
/// and explanation come from the ties and the distance, as for any link (<see cref="Link.BasisFor"/>).
/// </summary>
internal sealed class LinkImport : TabularImport<LinkImport.Row>
{
    internal sealed record Row(int Number, string IdNumber, string? VillageCode, string HouseholdNo, DateOnly? Start);
    private sealed record Out(int Row, long MemberId, long HouseholdId, string Basis, double Distance, string Explanation, DateTimeOffset From);

    public override ImportKind Kind => ImportKind.Links;
    protected override string StageTable => "imp_links";
    protected override string ExtraColumns => MemberHouseholdRows.Columns;
    // A household named with its village, or without (then in the member's village): duplicates are found again after resolving.
    protected override string KeySql => "COALESCE(s.village_code, 'member:' || s.member_id_number), s.household_no";
    protected override (string Column, string Message) DuplicateMessage => ("户编号", "同一户出现了不止一次：一户只能有一名联系党员");

    protected override Col<Row>[] StageColumns =>
        MemberHouseholdRows.Stage<Row>(r => r.Number, r => r.IdNumber, r => r.VillageCode, r => r.HouseholdNo)
            .Append(new Col<Row>("start_date", "date", NpgsqlDbType.Date, r => r.Start)).ToArray();

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
        var start = c.Date("startDate", "开始日期");
        if (c.Failed || id is null || no is null) return null;
        return new Row(c.Row, id, village, no, start);
    }

    public override async Task MergeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CountyContext county, ImportRequest request,
        ImportReport report, CancellationToken ct)
    {
        await MemberHouseholdRows.ResolveAsync(conn, tx, "imp_links", county, report, ct);
        foreach (var (row, _) in await RowsAsync(conn, tx, "SELECT row, '' FROM imp_links WHERE household_village <> member_village", ct))
            report.Error(row, "户编号", null, "OTHER_VILLAGE", "联系户必须在党员所在支部（村）内：这户属于别的村");
        var gone = Enum.GetValues<MemberStatus>().Where(MemberCapacity.IsGone).Select(s => Persistence.GridGovDbContext.SnakeCase(s.ToString())).ToArray();
        foreach (var (row, status) in await RowsAsync(conn, tx, "SELECT row, member_status FROM imp_links WHERE member_status = ANY(@gone)", ct, gone))
            report.Error(row, "党员身份证号", null, "MEMBER_GONE", "该党员已转出或去世，不能再联系户");
        foreach (var (row, _) in await RowsAsync(conn, tx,
                     "SELECT min(row), '' FROM imp_links WHERE household_id IS NOT NULL GROUP BY household_id HAVING count(*) > 1", ct))
            report.Error(row, "户编号", null, "DUPLICATE_KEY", "同一户出现了不止一次：一户只能有一名联系党员");
        if (report.HasErrors) return;

        // Everything the domain needs to explain each link: the member's status, ties, home; the house; the current link.
        var outs = new List<Out>();
        var now = DateTimeOffset.UtcNow;
        await using (var cmd = new NpgsqlCommand("""
            SELECT s.row, s.member_id, s.household_id, s.member_status, m.home, h.location,
                   cur.member_id, cur.valid_from, last.valid_to, s.start_date,
                   COALESCE((SELECT array_agg(t.kind) FROM ties t WHERE t.member_id = s.member_id AND t.household_id = s.household_id), '{}'),
                   COALESCE((SELECT array_agg(COALESCE(t.relation, '')) FROM ties t WHERE t.member_id = s.member_id AND t.household_id = s.household_id), '{}')
            FROM imp_links s JOIN party_members m ON m.id = s.member_id JOIN households h ON h.id = s.household_id
            LEFT JOIN links cur ON cur.household_id = s.household_id AND cur.valid_to IS NULL
            LEFT JOIN LATERAL (SELECT max(l.valid_to) AS valid_to FROM links l WHERE l.household_id = s.household_id) last ON true
            ORDER BY s.row
            """, conn, tx))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
            {
                var currentMember = r.IsDBNull(6) ? (long?)null : r.GetInt64(6);
                if (currentMember == r.GetInt64(1)) { report.Counts.Unchanged++; continue; }
                var status = Enum.Parse<MemberStatus>(r.GetString(3).Replace("_", ""), true);
                var kinds = r.GetFieldValue<string[]>(10).Select(k => Enum.Parse<TieKind>(k.Replace("_", ""), true)).ToArray();
                var relations = r.GetFieldValue<string[]>(11);
                var basis = Link.BasisFor(status, kinds);
                var relation = kinds.Select((k, i) => (k, rel: relations[i])).FirstOrDefault(x => x.k.ToString() == basis.ToString() && x.rel != "").rel;
                var distance = Math.Round(CoordinateConverter.DistanceMeters(r.GetFieldValue<Point>(4), r.GetFieldValue<Point>(5)), 1);
                // Periods of one household never overlap: start no earlier than the last one ended, nor than the current one began.
                var from = r.IsDBNull(9) ? now : new DateTimeOffset(r.GetFieldValue<DateOnly>(9).ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)).ToUniversalTime();
                if (!r.IsDBNull(7) && r.GetFieldValue<DateTimeOffset>(7) >= from) from = r.GetFieldValue<DateTimeOffset>(7).AddSeconds(1);
                if (r.IsDBNull(7) && !r.IsDBNull(8) && r.GetFieldValue<DateTimeOffset>(8) > from) from = r.GetFieldValue<DateTimeOffset>(8);
                if (currentMember is null) report.Counts.New++; else report.Counts.Changed++;
                outs.Add(new Out(r.GetInt32(0), r.GetInt64(1), r.GetInt64(2), Persistence.GridGovDbContext.SnakeCase(basis.ToString()), distance,
                    LinkWording.Explain(basis, relation, distance, locked: false), from));
            }
        Col<Out>[] outCols =
        [
            new("row", "int", NpgsqlDbType.Integer, o => o.Row),
            new("member_id", "bigint", NpgsqlDbType.Bigint, o => o.MemberId),
            new("household_id", "bigint", NpgsqlDbType.Bigint, o => o.HouseholdId),
            new("basis", "text", NpgsqlDbType.Text, o => o.Basis),
            new("distance", "double precision", NpgsqlDbType.Double, o => o.Distance),
            new("explanation", "text", NpgsqlDbType.Text, o => o.Explanation),
            new("valid_from", "timestamptz", NpgsqlDbType.TimestampTz, o => o.From),
        ];
        await StageAsync(conn, tx, "imp_links_out", outCols, outs, "", ct);
        await ExecAsync(conn, tx, AuditInsert("import.links.end", "Link", """
            SELECT l.id, h.village_code AS area, jsonb_build_object('memberId', l.member_id, 'householdId', l.household_id, 'validFrom', l.valid_from) AS before,
                   jsonb_build_object('validTo', o.valid_from, 'endReason', '导入：改由其他党员联系') AS after
            FROM imp_links_out o JOIN links l ON l.household_id = o.household_id AND l.valid_to IS NULL JOIN households h ON h.id = l.household_id
            """), ct, ("actor", request.Actor));
        await ExecAsync(conn, tx, """
            UPDATE links l SET valid_to = o.valid_from, ended_by = @actor, end_reason = '导入：改由其他党员联系'
            FROM imp_links_out o WHERE l.household_id = o.household_id AND l.valid_to IS NULL;
            CREATE TEMP TABLE imp_new ON COMMIT DROP AS
            WITH ins AS (
              INSERT INTO links (member_id, household_id, valid_from, basis, locked, distance_meters, explanation, created_by)
              SELECT o.member_id, o.household_id, o.valid_from, o.basis, false, o.distance, o.explanation, @actor FROM imp_links_out o ORDER BY o.row
              RETURNING id, member_id, household_id, valid_from, explanation)
            SELECT i.*, h.village_code FROM ins i JOIN households h ON h.id = i.household_id;
            """, ct, ("actor", request.Actor));
        await ExecAsync(conn, tx, AuditInsert("import.links.create", "Link", """
            SELECT id, village_code AS area, NULL::jsonb AS before,
                   jsonb_build_object('memberId', member_id, 'householdId', household_id, 'validFrom', valid_from, 'explanation', explanation) AS after
            FROM imp_new
            """), ct, ("actor", request.Actor));
        // Paper lists are facts: a member over capacity is imported, and said so.
        foreach (var (row, text) in await RowsAsync(conn, tx, """
            SELECT min(o.row), p.name || ' 现联系 ' || count(l.*) || ' 户' FROM imp_links_out o
            JOIN party_members m ON m.id = o.member_id JOIN people p ON p.id = m.person_id
            JOIN links l ON l.member_id = m.id AND l.valid_to IS NULL
            GROUP BY m.id, p.name, m.capacity HAVING count(l.*) > COALESCE(m.capacity, 1000)
            """, ct))
            report.Warn(row, "党员身份证号", null, "OVER_CAPACITY", text + "，超过其联系户上限");
    }
}
