using System.Globalization;
using System.Text;
using GridGov.Domain.Import;
using GridGov.Import;
using GridGov.Testing;
using Npgsql;

namespace GridGov.Sample.Tests;

/// <summary>
/// The sample obeys the import's rules: its household and member rosters, written out as a county
/// would send them and imported back through the real importer, are valid and change nothing.
/// (The sample itself is bulk-loaded by its builder: docs/import.md says why.)
/// </summary>
[Collection("postgis")]
public class ImportRoundTripTests(PostgisFixture fixture)
{
    private static string Csv(IEnumerable<string?> fields) =>
        string.Join(",", fields.Select(f => f is null ? "" : "\"" + f.Replace("\"", "\"\"") + "\""));

    private static async Task<string> ExportAsync(string cs, string sql, string[] header, string path)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await using var r = await cmd.ExecuteReaderAsync();
        await using var w = new StreamWriter(path, false, new UTF8Encoding(true));
        await w.WriteLineAsync(Csv(header));
        while (await r.ReadAsync())
            await w.WriteLineAsync(Csv(Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? null : Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture))));
        return path;
    }

    [Fact]
    public async Task The_sample_rosters_reimported_change_nothing()
    {
        var cs = await fixture.CreateDatabaseAsync("sample_roundtrip");
        await SampleLoader.LoadAsync(cs, Samples.Small);
        var folder = Directory.CreateTempSubdirectory("gridgov-sample-roundtrip-").FullName;
        var households = await ExportAsync(cs, """
            SELECT h.household_no, h.head_name, h.id_number, h.phone, h.village_code, g.number || '组', h.address, h.size,
                   CASE h.poverty_status WHEN 'poor' THEN '贫困户' WHEN 'lifted_out' THEN '脱贫户' WHEN 'monitored' THEN '监测户' ELSE '一般户' END,
                   ST_X(h.location)::text, ST_Y(h.location)::text
            FROM households h LEFT JOIN village_groups g ON g.id = h.group_id ORDER BY h.id
            """, ["户编号", "户主姓名", "户主身份证号", "联系电话", "村代码", "村民小组", "地址", "人口数", "户类别", "经度", "纬度"],
            Path.Combine(folder, "households.csv"));
        var members = await ExportAsync(cs, """
            SELECT p.name, p.id_number, CASE p.gender WHEN 'male' THEN '男' ELSE '女' END, m.joined_on::text,
                   m.village_code,
                   CASE m.status WHEN 'active' THEN '正常' WHEN 'migrant' THEN '流动' WHEN 'elderly' THEN '年老体弱' WHEN 'sick' THEN '患病'
                                 WHEN 'deceased' THEN '已故' ELSE '转出' END,
                   p.phone, h.household_no, m.capacity
            FROM party_members m JOIN people p ON p.id = m.person_id LEFT JOIN households h ON h.id = p.household_id
            ORDER BY m.id
            """, ["姓名", "身份证号", "性别", "入党日期", "所在支部", "党员状态", "联系电话", "住户编号", "联系户上限"],
            Path.Combine(folder, "members.csv"));

        foreach (var (kind, path) in new[] { (ImportKind.Households, households), (ImportKind.Members, members) })
        {
            var r = await Importer.RunAsync(cs, new ImportRequest { Kind = kind, Path = path, Actor = "test", DryRun = true });
            Assert.True(!r.HasErrors, $"{kind}: " + string.Join("; ", r.Errors.Take(5).Select(e => $"row {e.Row} {e.Column} {e.Value} {e.Code} {e.Message}")));
            Assert.True(r.Counts.New == 0 && r.Counts.Changed == 0, $"{kind}: new {r.Counts.New}, changed {r.Counts.Changed}");
            Assert.True(r.Counts.Unchanged > 100);
            // The sample's houses all lie inside their villages.
            Assert.DoesNotContain(r.Warnings, w => w.Code == "OUTSIDE_VILLAGE");
        }
    }
}
