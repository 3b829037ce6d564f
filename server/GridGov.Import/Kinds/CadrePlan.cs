using System.Text.Json;
using GridGov.Domain.Access;
using GridGov.Domain.Cadres;
using GridGov.Domain.Import;
using GridGov.Domain.Members;
using Npgsql;
using static GridGov.Import.Sql.ImportSql;

namespace GridGov.Import.Kinds;

/// <summary>
/// What a cadre roster does to one person: their rows checked against each other and against the postings already
/// kept, by the domain's rules; then the writes (person, cadre, postings) and the audit rows with masked ID and phone.
/// </summary>
internal sealed class CadrePlan
{
    private readonly List<CadreImport.Row> _rows;
    private readonly KnownPerson? _known;
    private readonly Cadre _after;
    private readonly string? _phone;
    /// <summary>Per row, the kept posting it matches (same village and first day), or null for a new posting.</summary>
    private readonly Dictionary<int, CadrePosting?> _matched = [];
    private bool PhoneChanged => _known is not null && _phone is not null && _phone != _known.Phone;
    private bool CadreChanged => _known?.Cadre is { } c && (c.Kind != _after.Kind || c.Rank != _after.Rank);

    public int NewRows => _rows.Count(r => _matched[r.Number] is null);
    public int ChangedRows => _rows.Count(RowChanged);

    private CadrePlan(List<CadreImport.Row> rows, KnownPerson? known, Cadre after, string? phone)
        => (_rows, _known, _after, _phone) = (rows, known, after, phone);

    private bool RowChanged(CadreImport.Row r) => _matched[r.Number] is { } p && (p.To != r.To || CadreChanged || PhoneChanged);

    /// <summary>The plan for one person's rows (in file order), or null when a row is refused (the errors are in the report).</summary>
    public static CadrePlan? Make(List<CadreImport.Row> rows, KnownPerson? known, ImportReport report)
    {
        var first = rows[0];
        var failed = false;
        void Error(CadreImport.Row r, string column, string? value, string code, string message)
        {
            report.Error(r.Number, column, value, code, message);
            failed = true;
        }
        foreach (var r in rows.Skip(1))
        {
            var other = $"（第 {first.Number} 行为「{{0}}」）";
            if (r.Name != first.Name) Error(r, "姓名", r.Name, "CADRE_INCONSISTENT", "同一身份证号的姓名不一致" + string.Format(other, first.Name));
            if (r.Kind != first.Kind)
                Error(r, "类别", CadreKinds.Zh(r.Kind), "CADRE_INCONSISTENT", "同一人的类别不一致" + string.Format(other, CadreKinds.Zh(first.Kind)));
            if (r.Rank is { } rr && rows.FirstOrDefault(x => x.Rank is not null) is { Rank: { } fr } rf && rr != fr)
                Error(r, "职级", CadreRanks.Zh(rr), "CADRE_INCONSISTENT", $"同一人的职级不一致（第 {rf.Number} 行为「{CadreRanks.Zh(fr)}」）");
            if (r.Phone is { } rp && rows.FirstOrDefault(x => x.Phone is not null) is { Phone: { } fp } pf && rp != fp)
                Error(r, "联系电话", rp, "CADRE_INCONSISTENT", $"同一人的联系电话不一致（第 {pf.Number} 行为「{fp}」）");
        }
        if (known is not null && known.Name != first.Name)
            report.Warn(first.Number, "姓名", first.Name, "NAME_DIFFERS", $"此身份证号已登记为「{known.Name}」：按已登记的姓名，请核对");

        var before = known?.Cadre;
        var rank = rows.Select(r => r.Rank).FirstOrDefault(r => r is not null) ?? before?.Rank;
        var after = new Cadre { Id = before?.Id ?? 0, PersonId = known?.PersonId ?? 0, Kind = first.Kind, Rank = rank, VillageCode = first.VillageCode };
        var kept = before?.Postings ?? [];
        var matched = rows.ToDictionary(r => r.Number, r => kept.FirstOrDefault(p => p.VillageCode == r.VillageCode && p.From == r.From));
        // Postings the file does not name stay; under a new 类别 they must still keep the rules.
        foreach (var p in kept.Where(p => !matched.ContainsValue(p)))
        {
            if (before!.Kind != after.Kind && after.ConflictOf(p.VillageCode, p.From, p.To) != PostingConflict.None)
            {
                Error(first, "类别", CadreKinds.Zh(first.Kind), "CADRE_KIND_CONFLICT",
                    $"改为「{CadreKinds.Zh(first.Kind)}」后，此人已有的驻村记录（{p.VillageCode}，{p.From:yyyy-MM-dd} 起）同一时间不止一个村：请先结束多余的驻村");
                break;
            }
            after.Postings.Add(p);
        }
        foreach (var r in rows)
        {
            switch (after.ConflictOf(r.VillageCode, r.From, r.To))
            {
                case PostingConflict.SameVillage:
                    Error(r, "开始日期", r.From.ToString("yyyy-MM-dd"), "POSTING_OVERLAP",
                        "此人在本村的这段驻村时间与另一条记录（本文件或系统中已有的）重叠：请核对开始、结束日期");
                    break;
                case PostingConflict.OneVillageAtATime:
                    Error(r, "驻村村代码", r.VillageCode, "FIRST_SECRETARY_ONE_VILLAGE",
                        "第一书记同一时间只能驻一个村：此人这段时间已在其他村任第一书记（本文件或系统中已有的记录）");
                    break;
                default:
                    var posting = after.Post(r.VillageCode, r.From, r.To);
                    if (matched[r.Number] is { } old) posting.Id = old.Id;
                    break;
            }
        }
        if (failed) return null;
        var plan = new CadrePlan(rows, known, after, rows.Select(r => r.Phone).FirstOrDefault(p => p is not null));
        foreach (var (row, p) in matched) plan._matched[row] = p;
        return plan;
    }

    public async Task WriteAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string actor, CancellationToken ct)
    {
        var first = _rows[0];
        var personId = _known?.PersonId ?? await ScalarAsync(conn, tx, """
            INSERT INTO people (name, gender, birth_year, id_number, phone, source) VALUES (@name, @gender, @year, @id, @phone, 'imported') RETURNING id
            """, ct, ("name", first.Name), ("gender", Snake(ResidentId.GenderOf(first.IdNumber))),
            ("year", ResidentId.BirthDate(first.IdNumber)?.Year), ("id", first.IdNumber), ("phone", _phone));
        if (PhoneChanged) await ExecAsync(conn, tx, "UPDATE people SET phone = @phone WHERE id = @id", ct, ("phone", _phone), ("id", personId));
        (string, object?)[] cadre =
        [
            ("kind", Snake(_after.Kind)), ("rank", _after.Rank is { } k ? Snake(k) : null), ("village", _after.VillageCode),
            ("from", _after.AssignedFrom), ("to", _after.AssignedTo), ("person", personId),
        ];
        var isNew = _known?.Cadre is null;
        var cadreId = isNew
            ? await ScalarAsync(conn, tx, """
                INSERT INTO cadres (person_id, kind, rank, village_code, assigned_from, assigned_to)
                VALUES (@person, @kind, @rank, @village, @from, @to) RETURNING id
                """, ct, cadre)
            : _after.Id;
        if (_known?.Cadre is { } b && (b.Kind, b.Rank, b.VillageCode, b.AssignedFrom, b.AssignedTo) !=
            (_after.Kind, _after.Rank, _after.VillageCode, _after.AssignedFrom, _after.AssignedTo))
            await ExecAsync(conn, tx, """
                UPDATE cadres SET kind = @kind, rank = @rank, village_code = @village, assigned_from = @from, assigned_to = @to WHERE id = @cid
                """, ct, [.. cadre, ("cid", cadreId)]);
        foreach (var r in _rows)
        {
            if (_matched[r.Number] is null)
                await ExecAsync(conn, tx, "INSERT INTO cadre_postings (cadre_id, village_code, from_day, to_day) VALUES (@c, @v, @f, @t)", ct,
                    ("c", cadreId), ("v", r.VillageCode), ("f", r.From), ("t", r.To));
            else if (_matched[r.Number]!.To != r.To)
                await ExecAsync(conn, tx, "UPDATE cadre_postings SET to_day = @t WHERE id = @id", ct, ("t", r.To), ("id", _matched[r.Number]!.Id));
        }
        if (isNew)
            await AuditAsync(conn, tx, actor, "import.cadres.create", cadreId, null, Snapshot(_after, first.IdNumber, _phone), ct);
        else if (_rows.Any(r => _matched[r.Number] is null || RowChanged(r)))
            await AuditAsync(conn, tx, actor, "import.cadres.update", cadreId,
                Snapshot(_known!.Cadre!, first.IdNumber, _known.Phone), Snapshot(_after, first.IdNumber, _phone ?? _known.Phone), ct);
    }

    private static string Snake(Enum e) => Persistence.GridGovDbContext.SnakeCase(e.ToString());

    /// <summary>The audit's view of a cadre: ID and phone masked as everywhere in the audit.</summary>
    private static string Snapshot(Cadre c, string idNumber, string? phone) => JsonSerializer.Serialize(new
    {
        idNumber = Masking.IdNumber(idNumber), phone = Masking.Phone(phone), kind = Snake(c.Kind), rank = c.Rank is { } k ? Snake(k) : null,
        postings = c.Postings.OrderBy(p => p.From).ThenBy(p => p.VillageCode)
            .Select(p => new { villageCode = p.VillageCode, from = p.From.ToString("yyyy-MM-dd"), to = p.To?.ToString("yyyy-MM-dd") }),
    });

    private static Task AuditAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string actor, string action, long id, string? before, string after,
        CancellationToken ct) =>
        ExecAsync(conn, tx, """
            INSERT INTO audit_events (at, actor, action, entity_type, entity_id, area_code, before_json, after_json)
            SELECT now(), @actor, @action, 'Cadre', @id, c.village_code, @before::jsonb, @after::jsonb FROM cadres c WHERE c.id = @cid
            """, ct, ("actor", actor), ("action", action), ("id", id.ToString()), ("cid", id), ("before", before), ("after", after));

    private static async Task<long> ScalarAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct, params (string, object?)[] args)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        foreach (var (n, v) in args) cmd.Parameters.AddWithValue(n, v ?? DBNull.Value);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct));
    }
}
