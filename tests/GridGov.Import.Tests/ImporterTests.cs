using GridGov.Domain.Geo;
using GridGov.Domain.Import;
using GridGov.Testing;
using Npgsql;

namespace GridGov.Import.Tests;

public class ImporterTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    private static readonly string[] Tables = ["areas", "party_branches", "village_groups", "households", "people", "party_members", "ties", "links", "grid_cells"];

    private static Task<ImportReport> Run(string cs, ImportKind kind, string path, bool dryRun = false, CrsSpec? crs = null, string? county = null) =>
        Importer.RunAsync(cs, new ImportRequest { Kind = kind, Path = path, DryRun = dryRun, Crs = crs, CountyCode = county, Actor = "test" });

    private static async Task<ImportReport> Ok(string cs, ImportKind kind, string path, bool dryRun = false, string? county = null)
    {
        var r = await Run(cs, kind, path, dryRun, county: county);
        Assert.True(!r.HasErrors, $"{kind}: {string.Join("; ", r.Errors.Select(e => $"row {e.Row} {e.Column} {e.Code} {e.Message}"))}");
        return r;
    }

    /// <summary>Every row of the county's data, as text, in a stable order: equal before and after means untouched.</summary>
    private static async Task<string> Fingerprint(string cs, string prefix)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        var parts = new List<string>();
        foreach (var t in Tables)
        {
            var where = t switch
            {
                "areas" => "code LIKE @p",
                "people" => "id IN (SELECT person_id FROM party_members WHERE village_code LIKE @p)",
                "ties" or "links" => "household_id IN (SELECT id FROM households WHERE village_code LIKE @p)",
                _ => "village_code LIKE @p",
            };
            await using var cmd = new NpgsqlCommand($"SELECT COALESCE(string_agg(x::text, E'\\n' ORDER BY x::text), '') FROM {t} x WHERE {where}", conn);
            cmd.Parameters.AddWithValue("p", prefix + "%");
            parts.Add(t + ":" + (string)(await cmd.ExecuteScalarAsync())!);
        }
        return string.Join("\n", parts);
    }

    private static async Task<long> Scalar(string cs, string sql)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    private static async Task ImportAll(string cs, TestCountyFiles f)
    {
        await Ok(cs, ImportKind.Areas, f.Areas());
        await Ok(cs, ImportKind.Boundaries, f.Boundaries());
        await Ok(cs, ImportKind.Households, f.Households());
        await Ok(cs, ImportKind.Members, f.Members());
        await Ok(cs, ImportKind.Ties, f.Ties(), county: f.CountyCode); // no codes in a ties file
        await Ok(cs, ImportKind.Cells, f.Cells());
        await Ok(cs, ImportKind.Links, f.Links());
    }

    [Fact]
    public async Task A_county_comes_in_from_its_files_and_a_second_import_changes_nothing()
    {
        var cs = await pg.CreateDatabaseAsync("import_county");
        var f = new TestCountyFiles();
        var areas = await Ok(cs, ImportKind.Areas, f.Areas());
        Assert.Equal((6, 0, 0), (areas.Counts.New, areas.Counts.Changed, areas.Counts.Unchanged));
        var boundaries = await Ok(cs, ImportKind.Boundaries, f.Boundaries());
        Assert.Equal(6, boundaries.Counts.New);
        var households = await Ok(cs, ImportKind.Households, f.Households());
        Assert.Equal(40, households.Counts.New);
        Assert.Contains("备注", households.UnknownColumns);
        Assert.Equal("EPSG:4326", households.Crs);
        var members = await Ok(cs, ImportKind.Members, f.Members());
        Assert.Equal(4, members.Counts.New);
        Assert.Equal(3, (await Ok(cs, ImportKind.Ties, f.Ties())).Counts.New);
        Assert.Equal(2, (await Ok(cs, ImportKind.Cells, f.Cells())).Counts.New);
        var links = await Ok(cs, ImportKind.Links, f.Links());
        Assert.Equal(7, links.Counts.New);

        // What landed: houses in their cells, member homes at their own houses, links explained from ties.
        Assert.Equal(20, await Scalar(cs, $"SELECT count(*) FROM households WHERE village_code = '{f.VillageEast}' AND cell_id IS NOT NULL"));
        Assert.Equal(1, await Scalar(cs, $"SELECT count(*) FROM links l JOIN households h ON h.id = l.household_id WHERE h.household_no = '0003' AND h.village_code = '{f.VillageEast}' AND l.basis = 'blood' AND l.explanation LIKE '血缘: 堂兄 · %'"));
        Assert.Equal(1, await Scalar(cs, $"SELECT count(*) FROM party_members m JOIN people p ON p.id = m.person_id JOIN households h ON h.id = p.household_id WHERE p.name = '党员甲' AND ST_Equals(m.home, h.location) AND p.gender = 'male' AND p.birth_year = 1970"));
        Assert.Equal(1, await Scalar(cs, "SELECT count(*) FROM party_members WHERE is_probationary"));
        Assert.Equal(1, await Scalar(cs, $"SELECT count(*) FROM households WHERE assistance = 'subsistence' AND household_no = '0004' AND village_code = '{f.VillageEast}'"));
        Assert.Equal(7, await Scalar(cs, "SELECT count(*) FROM import_runs"));
        // Audit rows never hold an ID number or phone in clear (a file's SHA-256 may hold long digit runs: look at the fields).
        Assert.True(await Scalar(cs, "SELECT count(*) FROM audit_events WHERE after_json ? 'idNumber' AND after_json->>'idNumber' LIKE '%*%'") > 40);
        Assert.Equal(0, await Scalar(cs, """
            SELECT count(*) FROM audit_events e, LATERAL (VALUES (e.before_json), (e.after_json)) v(j)
            WHERE j->>'idNumber' ~ '^[0-9]{17}[0-9X]$' OR j->>'phone' ~ '^[0-9]{11}$'
            """));

        var before = await Fingerprint(cs, f.Prefix);
        foreach (var (kind, path) in new[] { (ImportKind.Areas, f.Path("areas.xlsx")), (ImportKind.Boundaries, f.Path("boundaries.geojson")),
                     (ImportKind.Households, f.Path("households.xlsx")), (ImportKind.Members, f.Path("members.csv")), (ImportKind.Ties, f.Path("ties.csv")),
                     (ImportKind.Cells, f.Path("cells.geojson")), (ImportKind.Links, f.Path("links.xlsx")) })
        {
            var again = await Ok(cs, kind, path);
            Assert.True(again.Counts.New == 0 && again.Counts.Changed == 0, $"{kind} again: new {again.Counts.New}, changed {again.Counts.Changed}");
            Assert.True(again.Counts.Unchanged > 0);
        }
        Assert.Equal(before, await Fingerprint(cs, f.Prefix));
    }

    [Fact]
    public async Task A_second_county_leaves_the_first_byte_for_byte_unchanged()
    {
        var cs = await pg.CreateDatabaseAsync("import_two");
        var first = new TestCountyFiles("522298", 108.30);
        await ImportAll(cs, first);
        var before = await Fingerprint(cs, first.Prefix);
        var second = new TestCountyFiles("522299", 108.60);
        await ImportAll(cs, second);
        Assert.Equal(before, await Fingerprint(cs, first.Prefix));
        Assert.Equal(40, await Scalar(cs, "SELECT count(*) FROM households WHERE village_code LIKE '522299%'"));
        // Two counties now: a file without codes needs --county.
        var noCodes = await Run(cs, ImportKind.Ties, second.Ties());
        Assert.Contains(noCodes.Errors, e => e.Code == "COUNTY");
    }

    [Fact]
    public async Task A_dry_run_counts_what_a_real_run_does_and_writes_nothing()
    {
        var cs = await pg.CreateDatabaseAsync("import_dry");
        var f = new TestCountyFiles();
        await Ok(cs, ImportKind.Areas, f.Areas());
        await Ok(cs, ImportKind.Boundaries, f.Boundaries());
        var empty = await Fingerprint(cs, f.Prefix);
        var dry = await Ok(cs, ImportKind.Households, f.Households(), dryRun: true);
        Assert.False(dry.Committed);
        Assert.Equal(empty, await Fingerprint(cs, f.Prefix));
        var real = await Ok(cs, ImportKind.Households, f.Path("households.xlsx"));
        Assert.True(real.Committed);
        Assert.Equal((dry.Counts.New, dry.Counts.Changed, dry.Counts.Unchanged), (real.Counts.New, real.Counts.Changed, real.Counts.Unchanged));
    }

    [Fact]
    public async Task A_changed_row_updates_only_what_changed_with_before_and_after_masked()
    {
        var cs = await pg.CreateDatabaseAsync("import_change");
        var f = new TestCountyFiles();
        await ImportAll(cs, f);
        var changed = f.Households("households2.xlsx", extra: "ws['B3'] = '新户主'; ws['D4'] = '13912345678'");
        var r = await Ok(cs, ImportKind.Households, changed);
        Assert.Equal((0, 2, 38), (r.Counts.New, r.Counts.Changed, r.Counts.Unchanged));
        Assert.Equal(1, await Scalar(cs, "SELECT count(*) FROM households WHERE head_name = '新户主'"));
        Assert.Equal(1, await Scalar(cs, "SELECT count(*) FROM audit_events WHERE action = 'import.households.update' AND after_json->>'phone' = '139****5678'"));
        Assert.Equal(2, await Scalar(cs, "SELECT count(*) FROM audit_events WHERE action = 'import.households.update'"));
    }

    [Fact]
    public async Task A_number_of_an_ended_household_comes_back_as_a_new_household_with_a_warning()
    {
        var cs = await pg.CreateDatabaseAsync("import_ended");
        var f = new TestCountyFiles();
        await ImportAll(cs, f);
        await using (var conn = new NpgsqlConnection(cs))
        {
            await conn.OpenAsync();
            await using var end = new NpgsqlCommand(
                "UPDATE households SET ended_at = now(), end_reason = '迁出' WHERE id = (SELECT min(id) FROM households WHERE household_no IS NOT NULL)", conn);
            Assert.Equal(1, await end.ExecuteNonQueryAsync());
        }
        var no = await Scalar(cs, "SELECT count(*) FROM households WHERE ended_at IS NOT NULL");
        Assert.Equal(1, no);
        // The same roster again: the ended household is not updated nor revived; its number makes a new one, said plainly.
        var r = await Ok(cs, ImportKind.Households, f.Households());
        Assert.Equal((1, 0), (r.Counts.New, r.Counts.Changed));
        var warning = Assert.Single(r.Warnings, w => w.Code == "HOUSEHOLD_NO_REUSED");
        // In the ended household's village (numbers repeat across villages): one ended, one new and active.
        const string village = "(SELECT village_code FROM households WHERE ended_at IS NOT NULL)";
        Assert.Equal(1, await Scalar(cs, $"SELECT count(*) FROM households WHERE household_no = '{warning.Value}' AND village_code = {village} AND ended_at IS NULL"));
        Assert.Equal(1, await Scalar(cs, $"SELECT count(*) FROM households WHERE household_no = '{warning.Value}' AND village_code = {village} AND ended_at IS NOT NULL"));
        // And a third time nothing changes.
        var again = await Ok(cs, ImportKind.Households, f.Households());
        Assert.Equal((0, 0), (again.Counts.New, again.Counts.Changed));
    }

    [Fact]
    public async Task Bad_rows_are_each_reported_and_nothing_is_written()
    {
        var cs = await pg.CreateDatabaseAsync("import_bad");
        var f = new TestCountyFiles();
        await Ok(cs, ImportKind.Areas, f.Areas());
        await Ok(cs, ImportKind.Boundaries, f.Boundaries());
        var before = await Fingerprint(cs, f.Prefix);
        // Row 3: a wrong check digit; row 4: the ID typed as a number; row 5: an unknown village; row 7: a duplicate 户编号; row 8: a bad phone.
        var bad = f.Households("bad.xlsx", extra: """
            ws['C3'] = ws['C3'].value[:17] + ('0' if ws['C3'].value[17] != '0' else '1')
            ws['C4'] = int(ws['C4'].value[:17] + '0') if ws['C4'].value[17] == 'X' else int(ws['C4'].value); ws['C4'].number_format = '0'
            ws['E5'] = P + '199999'
            ws['A7'] = ws['A6'].value
            ws['D8'] = '12345'
            """);
        var r = await Run(cs, ImportKind.Households, bad);
        Assert.False(r.Committed);
        Assert.Contains(r.Errors, e => e.Row == 3 && e.Code == "ID_NUMBER" && e.Column == "户主身份证号");
        Assert.Contains(r.Errors, e => e.Row == 4 && e.Code == "ID_STORED_AS_NUMBER");
        Assert.Contains(r.Errors, e => e.Row == 5 && e.Code == "VILLAGE");
        Assert.Contains(r.Errors, e => e.Row == 7 && e.Code == "DUPLICATE_KEY");
        Assert.Contains(r.Errors, e => e.Row == 8 && e.Code == "PHONE");
        Assert.True(r.Counts.Refused >= 4);
        Assert.Equal(before, await Fingerprint(cs, f.Prefix));
    }

    [Fact]
    public async Task Coordinates_in_another_CRS_than_declared_are_refused_naming_the_one_they_fit()
    {
        var cs = await pg.CreateDatabaseAsync("import_crs");
        var f = new TestCountyFiles();
        await Ok(cs, ImportKind.Areas, f.Areas());
        await Ok(cs, ImportKind.Boundaries, f.Boundaries());
        var gcj = await Run(cs, ImportKind.Households, f.Households("gcj.xlsx", "gcj02"));
        var e = Assert.Single(gcj.Errors);
        Assert.Equal("COORDINATES_CRS", e.Code);
        Assert.Contains("GCJ-02", e.Message);
        var ok = await Run(cs, ImportKind.Households, f.Path("gcj.xlsx"), crs: CrsSpec.Gcj02);
        Assert.False(ok.HasErrors, string.Join("; ", ok.Errors.Select(x => x.Message)));
        Assert.Equal(40, ok.Counts.New);
        var swapped = await Run(cs, ImportKind.Households, f.Households("swapped.xlsx", "swapped"));
        var swappedError = Assert.Single(swapped.Errors);
        Assert.True(swappedError.Message.Contains("对调"), swappedError.Message);
    }
    [Fact]
    public async Task A_full_roster_ends_the_households_and_lets_go_the_members_it_does_not_list()
    {
        var cs = await pg.CreateDatabaseAsync("import_replace");
        var f = new TestCountyFiles();
        await ImportAll(cs, f);
        // 东村's 0003 (linked to 党员甲 by blood) and 0009 are gone from this roster; everything else is as before.
        var fewer = f.Households("fewer.xlsx", extra: "ws.delete_rows(5); ws.delete_rows(10)");
        var without = await Run(cs, ImportKind.Households, fewer);
        Assert.Equal((0, 0), (without.Counts.Changed, without.Counts.Ended)); // without --replace, absent rows are left alone
        var replaced = await Importer.RunAsync(cs, new ImportRequest { Kind = ImportKind.Households, Path = fewer, Replace = true, Actor = "test" });
        Assert.True(replaced.Committed, string.Join("; ", replaced.Errors.Select(e => e.Message)));
        Assert.Equal(2, replaced.Counts.Ended);
        Assert.Contains(replaced.Warnings, w => w.Code == "HOUSEHOLDS_ENDED");
        Assert.Equal(2, await Scalar(cs, $"SELECT count(*) FROM households WHERE village_code = '{f.VillageEast}' AND ended_at IS NOT NULL AND household_no IN ('0003', '0009')"));
        Assert.Equal(1, await Scalar(cs, $"SELECT count(*) FROM links l JOIN households h ON h.id = l.household_id WHERE h.household_no = '0003' AND h.village_code = '{f.VillageEast}' AND l.valid_to IS NOT NULL"));
        Assert.Equal(38, await Scalar(cs, "SELECT count(*) FROM households WHERE ended_at IS NULL"));
        var again = await Importer.RunAsync(cs, new ImportRequest { Kind = ImportKind.Households, Path = fewer, Replace = true, Actor = "test" });
        Assert.Equal((0, 0, 0), (again.Counts.New, again.Counts.Changed, again.Counts.Ended));

        // 党员乙 (东村, linked to 0005 and 0008) is not on the member roster any more: 转出, links ended, a handover proposal.
        var members = f.Members("members-fewer.csv", extra: "rows = [r for r in rows if r[0] != '党员乙']");
        var left = await Importer.RunAsync(cs, new ImportRequest { Kind = ImportKind.Members, Path = members, Replace = true, Actor = "test" });
        Assert.True(left.Committed, string.Join("; ", left.Errors.Select(e => e.Message)));
        Assert.Equal(1, left.Counts.Ended);
        Assert.Equal(1, await Scalar(cs, "SELECT count(*) FROM party_members m JOIN people p ON p.id = m.person_id WHERE p.name = '党员乙' AND m.status = 'left'"));
        Assert.Equal(0, await Scalar(cs, "SELECT count(*) FROM links l JOIN party_members m ON m.id = l.member_id JOIN people p ON p.id = m.person_id WHERE p.name = '党员乙' AND l.valid_to IS NULL"));
        Assert.Equal(1, await Scalar(cs, $"SELECT count(*) FROM link_proposals WHERE village_code = '{f.VillageEast}' AND status = 'open'"));
        Assert.Contains(left.Warnings, w => w.Code == "MEMBERS_LEFT" && w.Message.Contains("交接方案"));

        var refused = await Importer.RunAsync(cs, new ImportRequest { Kind = ImportKind.Ties, Path = f.Path("ties.csv"), Replace = true, CountyCode = f.CountyCode, Actor = "test" });
        Assert.Equal("REPLACE_KIND", Assert.Single(refused.Errors).Code);
    }

}
