using System.Diagnostics;
using System.Text;
using GridGov.Testing;
using Npgsql;

namespace GridGov.Cli.Tests;

/// <summary>
/// `./gridgov export` as the operator runs it: the script publishes the CLI, which exports from the database in GRIDGOV_DB,
/// writes the file, audits it, and refuses bad input with exit code 2 and nothing written.
/// </summary>
public class ExportScriptTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gridgov-export-cli-").FullName;

    private static (int Code, string Stdout, string Stderr) Gridgov(string db, params string[] args)
    {
        var psi = new ProcessStartInfo(Path.Combine(RepoRoot.Path, "gridgov"))
        {
            RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = Encoding.UTF8, StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["GRIDGOV_DB"] = db;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public async Task Export_writes_the_roster_audits_it_and_refuses_bad_input()
    {
        var db = await pg.CreateDatabaseAsync("export_cli", migrate: false);
        var areas = Path.Combine(_folder, "areas.csv");
        File.WriteAllText(areas, "区划代码,名称,上级代码\n522297000000,脚本县,\n522297100000,一镇,522297000000\n522297100001,1村,522297100000\n",
            new UTF8Encoding(true));
        Assert.Equal(0, Gridgov(db, "import", "areas", areas).Code);
        var households = Path.Combine(_folder, "households.csv");
        File.WriteAllText(households, "户编号,户主姓名,户主身份证号,联系电话,村代码,经度,纬度\n" +
                                      "0001,张三,11010519491231002X,13812345678,522297100001,108.5,27.5\n" +
                                      "0002,李四,,,522297100001,108.501,27.501\n", new UTF8Encoding(true));
        var imported = Gridgov(db, "import", "households", households);
        Assert.True(imported.Code == 0, imported.Stderr);

        var csv = Path.Combine(_folder, "out.csv");
        var r = Gridgov(db, "export", "households", "--area", "522297100000", "--format", "csv", "--out", csv);
        Assert.True(r.Code == 0, r.Stderr);
        Assert.Contains("2 rows", r.Stdout);
        var lines = File.ReadAllLines(csv, Encoding.UTF8);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("0001,张三,11010519491231002X,13812345678,522297100001,1村,", lines[1]);

        var masked = Path.Combine(_folder, "masked.csv");
        Assert.Equal(0, Gridgov(db, "export", "households", "--area", "522297100001", "--format", "csv", "--masked", "--out", masked).Code);
        Assert.StartsWith("0001,张三,1101**********002X,138****5678,", File.ReadAllLines(masked, Encoding.UTF8)[1]);

        await using (var conn = new NpgsqlConnection(db))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand(
                "SELECT string_agg(area_code || ':' || (after_json->>'rows') || ':' || (after_json->>'personalData'), ',' ORDER BY id) " +
                "FROM audit_events WHERE action = 'export.households' AND actor LIKE 'export-cli:%'", conn);
            Assert.Equal("522297100000:2:true,522297100001:2:false", await cmd.ExecuteScalarAsync());
        }

        foreach (var (args, says) in new[]
                 {
                     (new[] { "export", "villages", "--area", "522297100000" }, "unknown kind"),
                     (new[] { "export", "households", "--area", "522297999999", "--out", Path.Combine(_folder, "none.xlsx") }, "no area"),
                     (new[] { "export", "households", "--area", "5222", "--out", Path.Combine(_folder, "none.xlsx") }, "12 digits"),
                     (new[] { "export", "households", "--area", "522297100000", "--format", "gpkg", "--crs", "gcj02", "--out", Path.Combine(_folder, "none.gpkg") }, "cannot name"),
                     (new[] { "export", "households", "--area", "522297100000", "--month", "2999-01", "--out", Path.Combine(_folder, "none.xlsx") }, "month"),
                 })
        {
            var bad = Gridgov(db, args);
            Assert.Equal(2, bad.Code);
            Assert.Contains(says, bad.Stderr);
        }
        Assert.Empty(Directory.GetFiles(_folder, "none.*"));
    }
}
