using GridGov.Domain.Import;
using GridGov.Domain.Linking;
using GridGov.Domain.Members;
using Npgsql;
using NpgsqlTypes;
using static GridGov.Import.Sql.ImportSql;

namespace GridGov.Import.Kinds;

/// <summary>
/// 党员 roster: key 身份证号. Gender and birth year come from the ID number when the file has none.
/// The member's home is their own household's house (住户编号); without one, the village centre (warned).
/// A member who leaves (转出) or dies (已故) — or moves to another branch — has their current links
/// ended in the same transaction; the report says how many households now need a new member.
/// </summary>
internal sealed class MemberImport : TabularImport<MemberImport.Row>
{
    internal sealed class Row
    {
        public int Number;
        public required string Name, IdNumber, VillageCode;
        public string? Gender, Status, Phone, HouseholdNo;
        public int BirthYear;
        public int? Capacity;
        public DateOnly? JoinedOn;
        public bool? Probationary;
    }

    public override ImportKind Kind => ImportKind.Members;
    protected override string StageTable => "imp_members";
    protected override string ExtraColumns =>
        "member_id bigint, person_id bigint, old_village char(12), branch_id bigint, household_id bigint, home geometry(Point,4326)";
    protected override string KeySql => "s.id_number";
    protected override (string Column, string Message) DuplicateMessage => ("身份证号", "身份证号重复");

    protected override Col<Row>[] StageColumns =>
    [
        new("row", "int", NpgsqlDbType.Integer, r => r.Number),
        new("name", "text", NpgsqlDbType.Text, r => r.Name),
        new("id_number", "text", NpgsqlDbType.Text, r => r.IdNumber),
        new("village_code", "char(12)", NpgsqlDbType.Char, r => r.VillageCode),
        new("gender", "text", NpgsqlDbType.Text, r => r.Gender),
        new("birth_year", "int", NpgsqlDbType.Integer, r => r.BirthYear),
        new("joined_on", "date", NpgsqlDbType.Date, r => r.JoinedOn),
        new("is_probationary", "boolean", NpgsqlDbType.Boolean, r => r.Probationary),
        new("status", "text", NpgsqlDbType.Text, r => r.Status),
        new("phone", "text", NpgsqlDbType.Text, r => r.Phone),
        new("household_no", "text", NpgsqlDbType.Text, r => r.HouseholdNo),
        new("capacity", "int", NpgsqlDbType.Integer, r => r.Capacity),
    ];

    protected override Row? ReadRow(Cells c, CountyContext county, ImportReport report)
    {
        var name = c.Required("name", "姓名");
        if (name is { Length: > 50 }) c.Error("name", "TOO_LONG", "姓名最长50个字符");
        var id = c.IdNumber("idNumber", required: true);
        Gender? gender = null;
        if (c.Get("gender") is { } g && !ImportValues.TryGender(g, out gender)) c.Error("gender", "CHOICE", "性别只能是「男」或「女」");
        if (id is not null && gender is { } given && given != ResidentId.GenderOf(id))
            c.Warn("gender", "GENDER_MISMATCH", "性别与身份证号不一致：按填写的性别导入，请核对");
        var birth = c.Date("birthDate", "出生日期");
        if (id is not null && birth is { } b && ResidentId.BirthDate(id) is { } fromId && fromId != b)
            c.Warn("birthDate", "BIRTH_MISMATCH", $"出生日期与身份证号（{fromId:yyyy-MM-dd}）不一致：请核对");
        var joined = c.Date("joinedOn", "入党日期");
        bool? probationary = null;
        if (c.Get("memberType") is { } t)
        {
            if (ImportValues.TryProbationary(t, out var p)) probationary = p;
            else c.Error("memberType", "CHOICE", "党员类别只能是「正式」或「预备」");
        }
        string? status = null;
        if (c.Get("status") is { } st)
        {
            if (ImportValues.TryMemberStatus(st, out var s)) status = Persistence.GridGovDbContext.SnakeCase(s.ToString());
            else c.Error("status", "CHOICE", $"党员状态只能是：{string.Join("、", ImportColumns.MemberStatuses)}");
        }
        var branch = c.Required("branch", "所在支部");
        string? village = null;
        if (branch is not null)
        {
            var isCode = branch.Length == 12 && branch.All(char.IsAsciiDigit);
            var villageName = isCode ? null : StripBranch(branch);
            village = county.ResolveVillage(isCode ? branch : null, villageName, out var err);
            if (village is null) c.Error("branch", "BRANCH", err!.Replace("村代码", "支部（村代码）"));
        }
        var phone = c.Phone("phone");
        var householdNo = c.Get("householdNo");
        var capacity = c.Int("capacity", 0, 100, "联系户上限");
        if (c.Failed || name is null || id is null || village is null) return null;
        return new Row
        {
            Number = c.Row, Name = name, IdNumber = id, VillageCode = village,
            Gender = Persistence.GridGovDbContext.SnakeCase((gender ?? ResidentId.GenderOf(id)).ToString()),
            BirthYear = (birth ?? ResidentId.BirthDate(id))!.Value.Year, JoinedOn = joined, Probationary = probationary,
            Status = status, Phone = phone, HouseholdNo = householdNo, Capacity = capacity,
        };
    }

    /// <summary>「团山村党支部」, 「团山村党总支」 → 「团山村」.</summary>
    private static string StripBranch(string s)
    {
        foreach (var suffix in new[] { "党总支部委员会", "党支部委员会", "党总支部", "党总支", "党支部", "支部" })
            if (s.EndsWith(suffix, StringComparison.Ordinal) && s.Length > suffix.Length) return s[..^suffix.Length];
        return s;
    }

    public override async Task MergeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CountyContext county, ImportRequest request,
        ImportReport report, CancellationToken ct)
    {
        await ExecAsync(conn, tx, """
            UPDATE imp_members s SET member_id = m.id, person_id = p.id, old_village = m.village_code
            FROM people p JOIN party_members m ON m.person_id = p.id
            WHERE p.id_number = s.id_number;
            INSERT INTO party_branches (village_code, name, source)
            SELECT DISTINCT s.village_code, a.name || '党支部', 'imported' FROM imp_members s JOIN areas a ON a.code = s.village_code
            WHERE NOT EXISTS (SELECT 1 FROM party_branches b WHERE b.village_code = s.village_code);
            UPDATE imp_members s SET branch_id = b.id FROM party_branches b WHERE b.village_code = s.village_code;
            UPDATE imp_members s SET household_id = h.id, home = h.location FROM households h
            WHERE h.village_code = s.village_code AND h.household_no = s.household_no AND h.ended_at IS NULL;
            """, ct);
        foreach (var (row, no) in await RowsAsync(conn, tx,
                     "SELECT row, household_no FROM imp_members WHERE household_no IS NOT NULL AND household_id IS NULL", ct))
            report.Error(row, "住户编号", no, "UNKNOWN_HOUSEHOLD", $"本村没有户编号为「{no}」的户：请先导入户（households），或核对户编号");
        // A person already known but not as a member (e.g. a cadre) is refused rather than merged by guess.
        foreach (var (row, _) in await RowsAsync(conn, tx, """
                     SELECT s.row, '' FROM imp_members s WHERE s.member_id IS NULL
                       AND EXISTS (SELECT 1 FROM people p WHERE p.id_number = s.id_number)
                     """, ct))
            report.Error(row, "身份证号", null, "PERSON_NOT_MEMBER", "此身份证号已登记为驻村干部等其他人员，不能再作为党员导入：请联系系统管理员核对");
        if (report.HasErrors) return;
        foreach (var (row, _) in await RowsAsync(conn, tx, "SELECT row, '' FROM imp_members WHERE member_id IS NULL AND home IS NULL", ct))
            report.Warn(row, "住户编号", null, "HOME_GUESSED", "没有住户编号：党员住址暂按村中心计算，联系户的距离要等补上后才准确");
        var noCentre = await RowsAsync(conn, tx, """
            SELECT s.row, '' FROM imp_members s JOIN areas a ON a.code = s.village_code
            WHERE s.member_id IS NULL AND s.home IS NULL AND a.known_point IS NULL AND a.boundary IS NULL
            """, ct);
        foreach (var (row, _) in noCentre)
            report.Error(row, "住户编号", null, "NO_LOCATION", "没有住户编号，所属村也还没有边界或中心点：请填写住户编号，或先导入村界（boundaries）");
        if (noCentre.Count > 0) return;

        var before = $"""
            jsonb_build_object('name', p.name, 'idNumber', {MaskId("p.id_number")}, 'gender', p.gender, 'birthYear', p.birth_year,
              'phone', {MaskPhone("p.phone")}, 'householdId', p.household_id, 'villageCode', m.village_code, 'status', m.status,
              'capacity', m.capacity, 'joinedOn', m.joined_on, 'probationary', m.is_probationary)
            """;
        var after = $"""
            jsonb_build_object('name', s.name, 'idNumber', {MaskId("p.id_number")}, 'gender', s.gender, 'birthYear', s.birth_year,
              'phone', {MaskPhone("COALESCE(s.phone, p.phone)")}, 'householdId', COALESCE(s.household_id, p.household_id),
              'villageCode', s.village_code, 'status', COALESCE(s.status, m.status), 'capacity', COALESCE(s.capacity, m.capacity),
              'joinedOn', COALESCE(s.joined_on, m.joined_on), 'probationary', COALESCE(s.is_probationary, m.is_probationary))
            """;
        await ExecAsync(conn, tx, $"""
            CREATE TEMP TABLE imp_changed ON COMMIT DROP AS
            SELECT m.id, s.village_code AS area, {before} AS before, {after} AS after
            FROM imp_members s JOIN party_members m ON m.id = s.member_id JOIN people p ON p.id = m.person_id
            WHERE (s.name, s.gender, s.birth_year, COALESCE(s.phone, p.phone), COALESCE(s.household_id, p.household_id), s.village_code,
                   COALESCE(s.status, m.status), COALESCE(s.capacity, m.capacity), COALESCE(s.joined_on, m.joined_on),
                   COALESCE(s.is_probationary, m.is_probationary))
               IS DISTINCT FROM
                  (p.name, p.gender, p.birth_year, p.phone, p.household_id, m.village_code, m.status, m.capacity, m.joined_on, m.is_probationary)
            """, ct);
        report.Counts.Changed = await CountAsync(conn, tx, "SELECT count(*) FROM imp_changed", ct);
        report.Counts.New = await CountAsync(conn, tx, "SELECT count(*) FROM imp_members WHERE member_id IS NULL", ct);
        report.Counts.Unchanged = Staged - report.Counts.New - report.Counts.Changed;

        // Links of members who can hold none any more, or who moved to another branch, end now.
        var gone = string.Join(", ", Enum.GetValues<MemberStatus>().Where(MemberCapacity.IsGone)
            .Select(s => $"'{Persistence.GridGovDbContext.SnakeCase(s.ToString())}'"));
        var ended = await CountAsync(conn, tx, $"""
            WITH ended AS (
              UPDATE links l SET valid_to = now(), ended_by = @actor,
                end_reason = CASE WHEN s.village_code <> s.old_village THEN '导入：党员转到其他支部' ELSE '导入：党员状态为' || s.status END
              FROM imp_members s
              WHERE l.member_id = s.member_id AND l.valid_to IS NULL
                AND (s.village_code <> s.old_village OR s.status IN ({gone}))
              RETURNING l.id)
            SELECT count(*) FROM ended
            """, ct, ("actor", request.Actor));
        if (ended > 0)
            report.Warn(0, null, null, "LINKS_ENDED",
                $"{ended} 户的联系党员已转出、去世或转到其他支部，联系已结束：请在村工作台为这些户生成新的联系方案");

        await ExecAsync(conn, tx, AuditInsert("import.members.update", "PartyMember", "SELECT id, area, before, after FROM imp_changed"), ct,
            ("actor", request.Actor));
        await ExecAsync(conn, tx, """
            UPDATE people p SET name = s.name, gender = s.gender, birth_year = s.birth_year, phone = COALESCE(s.phone, p.phone),
                   household_id = COALESCE(s.household_id, p.household_id)
            FROM imp_members s JOIN imp_changed c ON c.id = s.member_id WHERE p.id = s.person_id;
            UPDATE party_members m SET village_code = s.village_code, branch_id = s.branch_id, status = COALESCE(s.status, m.status),
                   capacity = COALESCE(s.capacity, m.capacity), joined_on = COALESCE(s.joined_on, m.joined_on),
                   is_probationary = COALESCE(s.is_probationary, m.is_probationary), home = COALESCE(s.home, m.home)
            FROM imp_members s JOIN imp_changed c ON c.id = s.member_id WHERE m.id = s.member_id;
            INSERT INTO people (name, gender, birth_year, id_number, phone, household_id, source)
            SELECT s.name, s.gender, s.birth_year, s.id_number, s.phone, s.household_id, 'imported'
            FROM imp_members s WHERE s.member_id IS NULL ORDER BY s.row;
            INSERT INTO party_members (person_id, branch_id, village_code, home, status, capacity, joined_on, is_probationary)
            SELECT p.id, s.branch_id, s.village_code, COALESCE(s.home, a.known_point, ST_PointOnSurface(a.boundary)),
                   COALESCE(s.status, 'active'), s.capacity, s.joined_on, COALESCE(s.is_probationary, false)
            FROM imp_members s JOIN people p ON p.id_number = s.id_number AND p.source = 'imported'
                 AND NOT EXISTS (SELECT 1 FROM party_members m2 WHERE m2.person_id = p.id)
                 JOIN areas a ON a.code = s.village_code
            WHERE s.member_id IS NULL ORDER BY s.row;
            """, ct);
        await ExecAsync(conn, tx, AuditInsert("import.members.create", "PartyMember", $"""
            SELECT m.id, m.village_code AS area, NULL::jsonb AS before,
                   jsonb_build_object('name', p.name, 'idNumber', {MaskId("p.id_number")}, 'villageCode', m.village_code, 'status', m.status) AS after
            FROM imp_members s JOIN people p ON p.id_number = s.id_number JOIN party_members m ON m.person_id = p.id
            WHERE s.member_id IS NULL
            """), ct, ("actor", request.Actor));
        if (request.Replace) await FullRoster.MembersLeaveAsync(conn, tx, request, report, ct);
    }
}
