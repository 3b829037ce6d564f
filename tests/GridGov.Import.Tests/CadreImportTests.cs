using GridGov.Domain.Import;
using GridGov.Testing;
using Npgsql;

namespace GridGov.Import.Tests;

/// <summary>The 驻村 / 包村 roster (kind cadres): rosters written by openpyxl, as a county's staff would send them.</summary>
public class CadreImportTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    private static Task<ImportReport> Run(string cs, string path, bool dryRun = false) =>
        Importer.RunAsync(cs, new ImportRequest { Kind = ImportKind.Cadres, Path = path, DryRun = dryRun, Actor = "test" });

    private static async Task<ImportReport> Ok(string cs, ImportKind kind, string path, bool dryRun = false)
    {
        var r = await Importer.RunAsync(cs, new ImportRequest { Kind = kind, Path = path, DryRun = dryRun, Actor = "test" });
        Assert.True(!r.HasErrors, $"{kind}: {string.Join("; ", r.Errors.Select(e => $"row {e.Row} {e.Column} {e.Code} {e.Message}"))}");
        return r;
    }

    private static async Task<long> Scalar(string cs, string sql)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    /// <summary>
    /// The people, cadres, postings and audit rows of records as text: equal before and after means nothing was written
    /// (the event of the import run itself, written by every committed import, is left out).
    /// </summary>
    private static async Task<string> Fingerprint(string cs)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        var parts = new List<string>();
        foreach (var t in new[] { "people", "cadres", "cadre_postings", "audit_events" })
        {
            var where = t == "audit_events" ? "WHERE x.entity_type <> 'ImportRun'" : "";
            await using var cmd = new NpgsqlCommand($"SELECT COALESCE(string_agg(x::text, E'\\n' ORDER BY x::text), '') FROM {t} x {where}", conn);
            parts.Add(t + ":" + (string)(await cmd.ExecuteScalarAsync())!);
        }
        return string.Join("\n", parts);
    }

    /// <summary>A valid 18-digit ID number of the test county (check digit by GB 11643, computed in Python).</summary>
    private static string Id(TestCountyFiles f, int i) => Openpyxl.Run($$"""
        body = "{{f.Prefix}}" + "1980%02d%02d" % (1 + {{i}} % 12, 1 + {{i}} % 28) + "%03d" % ({{i}} * 2 + 1)
        w = [7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2]
        print(body + "10X98765432"[sum(int(c)*x for c, x in zip(body, w)) % 11])
        """).Trim();

    /// <summary>An .xlsx roster by openpyxl: the template's headers, one row per posting, every cell a string.</summary>
    private static string Roster(TestCountyFiles f, string name, params string[][] rows)
    {
        var path = f.Path(name);
        var data = System.Text.Json.JsonSerializer.Serialize(rows);
        Openpyxl.Run("""
            import json, sys, openpyxl
            wb = openpyxl.Workbook(); ws = wb.active; ws.title = "驻村干部"
            ws.append(["姓名", "身份证号", "联系电话", "类别", "职级", "驻村村代码", "村名称", "开始日期", "结束日期"])
            for r in json.loads(sys.argv[2]): ws.append(r)
            wb.save(sys.argv[1])
            """, path, data);
        return path;
    }

    private static async Task<(string Cs, TestCountyFiles F)> County(PostgisFixture pg, string name)
    {
        var cs = await pg.CreateDatabaseAsync(name);
        var f = new TestCountyFiles();
        await Ok(cs, ImportKind.Areas, f.Areas());
        await Ok(cs, ImportKind.Boundaries, f.Boundaries());
        await Ok(cs, ImportKind.Households, f.Households());
        await Ok(cs, ImportKind.Members, f.Members());
        return (cs, f);
    }

    [Fact]
    public async Task A_roster_of_three_cadres_comes_in_reuses_a_member_and_a_second_import_changes_nothing()
    {
        var (cs, f) = await County(pg, "import_cadres");
        string wang = Id(f, 1), zhao = Id(f, 2), member = f.MemberId(101);
        var peopleBefore = await Scalar(cs, "SELECT count(*) FROM people");
        string[][] rows =
        [
            ["王五", wang, "13700000001", "包村干部", "科级", f.VillageEast, "", "2024-01-01", ""],
            ["王五", wang, "13700000001", "包村干部", "科级", f.VillageWest, "", "2024-03-01", ""],
            ["赵六", zhao, "", "第一书记", "一般干部", "", "南村", "2023-06-01", "2025-05-31"],
            ["党员甲", member, "", "驻村工作队员", "村干部", f.VillageEast, "", "2024-01-01", ""],
        ];
        var file = Roster(f, "cadres.xlsx", rows);
        var r = await Ok(cs, ImportKind.Cadres, file);
        Assert.Equal((4, 0, 0), (r.Counts.New, r.Counts.Changed, r.Counts.Unchanged));
        Assert.True(r.Committed);

        // Two new people; the party member is the same person, now also a cadre.
        Assert.Equal(peopleBefore + 2, await Scalar(cs, "SELECT count(*) FROM people"));
        Assert.Equal(1, await Scalar(cs, $"SELECT count(*) FROM people WHERE id_number = '{member}'"));
        Assert.Equal(1, await Scalar(cs, $"""
            SELECT count(*) FROM cadres c JOIN party_members m ON m.person_id = c.person_id JOIN people p ON p.id = c.person_id
            WHERE p.id_number = '{member}' AND c.kind = 'resident_cadre' AND c.rank = 'village'
            """));
        Assert.Equal(3, await Scalar(cs, "SELECT count(*) FROM cadres"));
        // The 包村干部 serves both villages at once; the 第一书记 one, by name, with its end.
        Assert.Equal(2, await Scalar(cs, $"""
            SELECT count(*) FROM cadre_postings cp JOIN cadres c ON c.id = cp.cadre_id JOIN people p ON p.id = c.person_id
            WHERE p.id_number = '{wang}' AND c.kind = 'liaison_cadre' AND c.rank = 'section' AND cp.to_day IS NULL AND p.phone = '13700000001'
            """));
        Assert.Equal(1, await Scalar(cs, $"""
            SELECT count(*) FROM cadres c JOIN cadre_postings cp ON cp.cadre_id = c.id
            WHERE c.kind = 'first_secretary' AND cp.village_code = '{f.VillageSouth}' AND cp.to_day = '2025-05-31'
              AND c.village_code = '{f.VillageSouth}' AND c.assigned_from = '2023-06-01' AND c.assigned_to = '2025-05-31'
            """));
        Assert.Equal(3, await Scalar(cs, "SELECT count(*) FROM audit_events WHERE action = 'import.cadres.create' AND after_json->>'idNumber' LIKE '%*%'"));

        var before = await Fingerprint(cs);
        var again = await Ok(cs, ImportKind.Cadres, file);
        Assert.Equal((0, 0, 4), (again.Counts.New, again.Counts.Changed, again.Counts.Unchanged));
        Assert.Equal(before, await Fingerprint(cs));

        // A new rank counts on both of the person's rows; a dry run counts a changed end and writes nothing.
        rows[0][4] = rows[1][4] = "县级";
        var ranked = await Ok(cs, ImportKind.Cadres, Roster(f, "ranked.xlsx", rows));
        Assert.Equal((0, 2, 2), (ranked.Counts.New, ranked.Counts.Changed, ranked.Counts.Unchanged));
        Assert.Equal(1, await Scalar(cs, $"SELECT count(*) FROM cadres c JOIN people p ON p.id = c.person_id WHERE p.id_number = '{wang}' AND c.rank = 'county'"));
        Assert.Equal(1, await Scalar(cs, """
            SELECT count(*) FROM audit_events WHERE action = 'import.cadres.update' AND before_json->>'rank' = 'section'
              AND after_json->>'rank' = 'county' AND after_json->>'phone' = '137****0001'
            """));
        Assert.Equal(0, await Scalar(cs, """
            SELECT count(*) FROM audit_events e, LATERAL (VALUES (e.before_json), (e.after_json)) v(j)
            WHERE j->>'idNumber' ~ '^[0-9]{17}[0-9X]$' OR j->>'phone' ~ '^[0-9]{11}$'
            """));
        rows[2][8] = "2026-05-31";
        var written = await Fingerprint(cs);
        var dry = await Ok(cs, ImportKind.Cadres, Roster(f, "ended.xlsx", rows), dryRun: true);
        Assert.Equal((0, 1, 3), (dry.Counts.New, dry.Counts.Changed, dry.Counts.Unchanged));
        Assert.False(dry.Committed);
        Assert.Equal(written, await Fingerprint(cs));
    }

    [Fact]
    public async Task A_first_secretary_in_two_villages_an_overlap_or_a_bad_id_refuses_the_file_and_writes_nothing()
    {
        var (cs, f) = await County(pg, "import_cadres_bad");
        string wang = Id(f, 1), zhao = Id(f, 2);
        var before = await Fingerprint(cs);

        var twoVillages = await Run(cs, Roster(f, "two.xlsx",
            ["王五", wang, "", "包村干部", "科级", f.VillageEast, "", "2024-01-01", ""],
            ["赵六", zhao, "", "第一书记", "科级", f.VillageEast, "", "2024-01-01", "2024-12-31"],
            ["赵六", zhao, "", "第一书记", "科级", f.VillageWest, "", "2024-06-01", ""]));
        var e = Assert.Single(twoVillages.Errors);
        Assert.Equal((4, "FIRST_SECRETARY_ONE_VILLAGE"), (e.Row, e.Code));
        Assert.Contains("第一书记同一时间只能驻一个村", e.Message);
        Assert.False(twoVillages.Committed);
        Assert.Equal(before, await Fingerprint(cs));

        var overlap = await Run(cs, Roster(f, "overlap.xlsx",
            ["王五", wang, "", "包村干部", "科级", f.VillageEast, "", "2024-01-01", "2024-12-31"],
            ["王五", wang, "", "包村干部", "科级", f.VillageEast, "", "2024-06-01", ""]));
        Assert.Equal((3, "POSTING_OVERLAP"), (Assert.Single(overlap.Errors).Row, overlap.Errors[0].Code));
        Assert.Equal(before, await Fingerprint(cs));

        var badId = wang[..17] + (wang[17] == '1' ? "2" : "1");
        var bad = await Run(cs, Roster(f, "badid.xlsx",
            ["王五", badId, "", "包村干部", "科级", f.VillageEast, "", "2024-01-01", ""],
            ["赵六", zhao, "", "第一书记", "科级", f.VillageWest, "", "2024-01-01", ""]));
        Assert.Equal((2, "ID_NUMBER", "身份证号"), (Assert.Single(bad.Errors).Row, bad.Errors[0].Code, bad.Errors[0].Column));
        Assert.Equal(before, await Fingerprint(cs));

        // The rule holds against postings already kept: a kept 第一书记 cannot be posted to a second village by a later roster.
        await Ok(cs, ImportKind.Cadres, Roster(f, "first.xlsx", ["赵六", zhao, "", "第一书记", "科级", f.VillageEast, "", "2024-01-01", ""]));
        var kept = await Fingerprint(cs);
        var second = await Run(cs, Roster(f, "second.xlsx", ["赵六", zhao, "", "第一书记", "科级", f.VillageWest, "", "2025-01-01", ""]));
        Assert.Equal("FIRST_SECRETARY_ONE_VILLAGE", Assert.Single(second.Errors).Code);
        Assert.Equal(kept, await Fingerprint(cs));
    }
}
