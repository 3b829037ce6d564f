using System.Diagnostics;
using System.Text;
using System.Text.Json;
using GridGov.Testing;
using Npgsql;

namespace GridGov.Cli.Tests;

/// <summary>
/// `./gridgov import` as a user runs it: the script publishes the CLI, and the CLI works against
/// the database in GRIDGOV_DB. Files are written by Python (an independent writer).
/// </summary>
public class ImportScriptTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gridgov-import-cli-").FullName;

    private static (int Code, string Stdout, string Stderr) Gridgov(string? db, params string[] args)
    {
        var psi = new ProcessStartInfo(Path.Combine(RepoRoot.Path, "gridgov"))
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
            StandardOutputEncoding = Encoding.UTF8, StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (db is not null) psi.Environment["GRIDGOV_DB"] = db;
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    private static void Python(string script, params string[] args)
    {
        var file = Path.Combine(Path.GetTempPath(), $"gridgov-{Guid.NewGuid():N}.py");
        File.WriteAllText(file, script);
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardError = true };
        psi.ArgumentList.Add(file);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        File.Delete(file);
        Assert.True(p.ExitCode == 0, "python3 failed: " + err);
    }

    private const string AreasScript = """
        import csv, sys
        with open(sys.argv[1], "w", encoding="gbk", newline="") as f:
            w = csv.writer(f)
            w.writerow(["区划代码", "名称", "上级代码"])
            w.writerow(["522297000000", "脚本县", ""])
            w.writerow(["522297100000", "一镇", "522297000000"])
            for i in range(1, 4): w.writerow(["522297100%03d" % i, "%d村" % i, "522297100000"])
        """;

    [Fact]
    public async Task The_documented_commands_import_report_refuse_and_write_templates()
    {
        var db = await pg.CreateDatabaseAsync("import_cli", migrate: false); // the command migrates an empty database itself
        var areas = Path.Combine(_folder, "areas.csv");
        Python(AreasScript, areas);
        var report = Path.Combine(_folder, "report.json");

        var dry = Gridgov(db, "import", "areas", areas, "--dry-run", "--report", report);
        Assert.True(dry.Code == 0, dry.Stderr);
        using (var json = JsonDocument.Parse(File.ReadAllText(report)))
        {
            Assert.Equal("areas", json.RootElement.GetProperty("kind").GetString());
            Assert.Equal(5, json.RootElement.GetProperty("counts").GetProperty("new").GetInt32());
            Assert.Equal(0, json.RootElement.GetProperty("errors").GetArrayLength());
        }
        Assert.Equal(0, await Count(db, "SELECT count(*) FROM areas"));

        var real = Gridgov(db, "import", "areas", areas);
        Assert.True(real.Code == 0, real.Stderr);
        Assert.Equal(5, await Count(db, "SELECT count(*) FROM areas WHERE code LIKE '522297%'"));
        Assert.Equal(3, await Count(db, "SELECT count(*) FROM party_branches"));

        // A households file with a bad ID number: exit 2, the error workbook marks its row, nothing written.
        var households = Path.Combine(_folder, "households.csv");
        Python("""
            import csv, sys
            with open(sys.argv[1], "w", encoding="utf-8-sig", newline="") as f:
                w = csv.writer(f)
                w.writerow(["户编号", "户主姓名", "户主身份证号", "村名称"])
                w.writerow(["0001", "张三", "11010519491231002X", "1村"])
                w.writerow(["0002", "李四", "110105194912310021", "2村"])
            """, households);
        var errors = Path.Combine(_folder, "errors.xlsx");
        var refused = Gridgov(db, "import", "households", households, "--errors", errors, "--report", report);
        Assert.Equal(2, refused.Code);
        Assert.Contains("ID_NUMBER", refused.Stderr);
        Assert.True(File.Exists(errors));
        using (var json = JsonDocument.Parse(File.ReadAllText(report)))
            Assert.Equal(3, json.RootElement.GetProperty("errors")[0].GetProperty("row").GetInt32());
        Assert.Equal(0, await Count(db, "SELECT count(*) FROM households"));

        var template = Path.Combine(_folder, "template.xlsx");
        var t = Gridgov(null, "import", "template", "members", "--out", template);
        Assert.True(t.Code == 0, t.Stderr);
        Assert.True(new FileInfo(template).Length > 1000);

        var usage = Gridgov(db, "import", "villages", areas);
        Assert.Equal(2, usage.Code);
        Assert.Contains("unknown kind", usage.Stderr);

        // An option the command does not know (a typo) is refused, not ignored.
        var typo = Gridgov(db, "import", "areas", areas, "--dry-rn");
        Assert.Equal(2, typo.Code);
        Assert.Contains("unknown option --dry-rn", typo.Stderr);
    }

    [Fact]
    public async Task Killing_an_import_mid_way_leaves_the_database_as_it_was()
    {
        var db = await pg.CreateDatabaseAsync("import_kill");
        var areas = Path.Combine(_folder, "areas-kill.csv");
        Python(AreasScript, areas);
        Assert.Equal(0, Gridgov(db, "import", "areas", areas).Code);
        var big = Path.Combine(_folder, "big.csv");
        Python("""
            import csv, sys
            with open(sys.argv[1], "w", encoding="utf-8", newline="") as f:
                w = csv.writer(f)
                w.writerow(["户编号", "户主姓名", "村代码", "经度", "纬度"])
                for i in range(200000): w.writerow(["%06d" % i, "户主%d" % i, "522297100001", 108.5 + (i % 1000) * 1e-5, 27.5 + (i // 1000) * 1e-5])
            """, big);
        var before = await Count(db, "SELECT count(*) FROM households") + await Count(db, "SELECT count(*) FROM audit_events");

        // Wait until the importer is writing (its progress line says so), then kill it outright.
        var psi = new ProcessStartInfo(Path.Combine(RepoRoot.Path, "gridgov"), ["import", "households", big])
        {
            RedirectStandardError = true, RedirectStandardOutput = true, StandardErrorEncoding = Encoding.UTF8,
        };
        psi.Environment["GRIDGOV_DB"] = db;
        using var p = Process.Start(psi)!;
        var seen = new StringBuilder();
        var buffer = new char[256];
        var writing = false;
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (!writing && DateTime.UtcNow < deadline)
        {
            var n = await p.StandardError.ReadAsync(buffer);
            if (n == 0) break;
            seen.Append(buffer, 0, n);
            writing = seen.ToString().Contains("write");
        }
        Assert.True(writing, "the import never reached its write phase: " + seen);
        Assert.False(p.HasExited, "the import finished before it could be killed: " + seen);
        p.Kill(entireProcessTree: true);
        await p.WaitForExitAsync();
        NpgsqlConnection.ClearAllPools();
        await Task.Delay(500); // the server notices the closed socket and rolls the transaction back
        Assert.Equal(before, await Count(db, "SELECT count(*) FROM households") + await Count(db, "SELECT count(*) FROM audit_events"));
        Assert.Equal(0, await Count(db, "SELECT count(*) FROM import_runs WHERE kind = 'households'"));
    }

    private static async Task<long> Count(string cs, string sql)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }
}
