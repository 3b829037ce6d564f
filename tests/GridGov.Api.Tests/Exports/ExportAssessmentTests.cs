using System.Net;
using System.Text;
using System.Text.Json;
using GridGov.Testing;

namespace GridGov.Api.Tests.Exports;

/// <summary>
/// Issue 13's exports read back with openpyxl (and CSV as bytes): the cadre ranking (第一书记季度考核排名表), 到岗到位台账 and
/// 工作实绩台账 hold the rows the GraphQL cadreRanking, cadreCompliance and workLedger fields give the same caller.
/// </summary>
[Collection(ExportCollection.Name)]
public class ExportAssessmentTests(ExportFixture f)
{
    private const string Inspect = """
        import sys, json
        from openpyxl import load_workbook
        wb = load_workbook(sys.argv[1])
        out = []
        for ws in wb.worksheets:
            rows = list(ws.iter_rows(min_row=1, max_row=ws.max_row, values_only=True))
            out.append({"name": ws.title, "title": rows[0][0], "header": list(rows[1]), "rows": [list(r) for r in rows[2:]]})
        print(json.dumps(out, ensure_ascii=False, default=str))
        """;

    private static (List<string> Header, List<List<JsonElement>> Rows, string Title) Read(string path)
    {
        var sheets = JsonDocument.Parse(Openpyxl.Run(Inspect, path)).RootElement.EnumerateArray().ToList();
        var header = sheets[0].GetProperty("header").EnumerateArray().Select(h => h.GetString()!).ToList();
        Assert.All(sheets, s => Assert.Equal(header, s.GetProperty("header").EnumerateArray().Select(h => h.GetString()!)));
        var rows = sheets.SelectMany(s => s.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().ToList())).ToList();
        return (header, rows, sheets[0].GetProperty("title").GetString()!);
    }

    [Fact]
    public async Task The_cadre_ranking_sheet_has_the_rows_of_the_cadreRanking_field()
    {
        var client = await f.Api.LoginAsync("x-county");
        var (res, path) = await f.ExportAsync(client, "cadre-ranking", "area=520625000000&quarter=2026Q3", ".xlsx");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var (header, rows, title) = Read(path);
        Assert.Equal("印江土家族苗族自治县第一书记季度考核排名表（2026年第3季度）", title);
        var gql = await client.GraphQLAsync("{ cadreRanking(quarter: \"2026Q3\") { name villageCode rank score grade manualScore parts { part value applicable } } }");
        Assert.False(gql.HasErrors, gql.ToString());
        var expected = gql.Data.GetProperty("cadreRanking").EnumerateArray().ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Count, rows.Count);
        var grades = new Dictionary<string, string> { ["EXCELLENT"] = "优秀", ["QUALIFIED"] = "合格", ["BASICALLY_QUALIFIED"] = "基本合格", ["POOR"] = "差" };
        for (var i = 0; i < rows.Count; i++)
        {
            JsonElement Cell(string h) => rows[i][header.IndexOf(h)];
            Assert.Equal(expected[i].GetProperty("rank").GetInt32(), Cell("名次").GetInt32());
            Assert.Equal(expected[i].GetProperty("name").GetString(), Cell("姓名").GetString());
            Assert.Equal(expected[i].GetProperty("villageCode").GetString(), Cell("驻村代码").GetString());
            Assert.Equal(expected[i].GetProperty("score").GetDouble(), Cell("得分").GetDouble(), 6);
            Assert.Equal(grades[expected[i].GetProperty("grade").GetString()!], Cell("等次").GetString());
            var checkIn = expected[i].GetProperty("parts").EnumerateArray().Single(p => p.GetProperty("part").GetString() == "CHECK_IN");
            Assert.Equal(checkIn.GetProperty("value").GetDouble(), Cell("到岗到位").GetDouble(), 6);
            // The sample's townships scored the last ended quarter; whatever the field says, the sheet says.
            var manual = expected[i].GetProperty("manualScore");
            if (manual.ValueKind == JsonValueKind.Null) Assert.Equal(JsonValueKind.Null, Cell("乡镇评分").ValueKind);
            else Assert.Equal(manual.GetDouble() / 100, Cell("乡镇评分").GetDouble(), 6); // the sheet gives the part value, 0–1
        }
        // Ranks are shared ranks: never decreasing, and a rank equals 1 + the number of strictly better scores.
        var scores = expected.Select(e => e.GetProperty("score").GetDouble()).ToList();
        Assert.Equal(scores.Select(s => 1 + scores.Count(o => o > s)), expected.Select(e => e.GetProperty("rank").GetInt32()));

        // As the field: not for secretaries or members.
        Assert.Equal(HttpStatusCode.Forbidden, (await f.ExportAsync(await f.Api.LoginAsync("x-secretary"), "cadre-ranking", $"area={f.Village}&quarter=2026Q3", ".xlsx")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await f.ExportAsync(client, "cadre-ranking", "area=520625000000&quarter=2099Q1", ".xlsx")).Response.StatusCode);
    }

    [Fact]
    public async Task The_attendance_ledger_has_the_rows_of_cadreCompliance_per_village_sheet_and_as_csv()
    {
        var client = await f.Api.LoginAsync("x-town");
        var (res, path) = await f.ExportAsync(client, "attendance-ledger", $"area={f.Township}&month=2026-10", ".xlsx");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var (header, rows, title) = Read(path);
        Assert.EndsWith("驻村干部到岗到位台账（2026年10月）", title);
        var gql = await client.GraphQLAsync("query($a: String!) { cadreCompliance(areaCode: $a, month: \"2026-10\") { name villageCode trustedDays requiredDays compliance } }",
            new { a = f.Township });
        Assert.False(gql.HasErrors, gql.ToString());
        var expected = gql.Data.GetProperty("cadreCompliance").EnumerateArray()
            .Select(e => (e.GetProperty("villageCode").GetString(), e.GetProperty("name").GetString(), e.GetProperty("trustedDays").GetInt32(),
                e.GetProperty("requiredDays").GetDouble(), e.GetProperty("compliance").GetDouble())).Order().ToList();
        Assert.NotEmpty(expected);
        var got = rows.Select(r => (r[header.IndexOf("驻村代码")].GetString(), r[header.IndexOf("姓名")].GetString(), r[header.IndexOf("在岗天数")].GetInt32(),
            r[header.IndexOf("应在岗天数")].GetDouble(), r[header.IndexOf("到岗率")].GetDouble())).Order().ToList();
        Assert.Equal(expected, got);

        var (csvRes, csvPath) = await f.ExportAsync(client, "attendance-ledger", $"area={f.Township}&month=2026-10&format=csv", ".csv");
        Assert.Equal(HttpStatusCode.OK, csvRes.StatusCode);
        var bytes = await File.ReadAllBytesAsync(csvPath);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]); // UTF-8 with BOM, as Excel on Chinese Windows needs
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("驻村代码,驻村,姓名,类别,职级,签到次数,在岗天数,应在岗天数,到岗率", lines[0]);
        Assert.Equal(expected.Count, lines.Length - 1);
    }

    [Fact]
    public async Task The_work_ledger_has_the_rows_of_workLedger()
    {
        var client = await f.Api.LoginAsync("x-county");
        var (res, path) = await f.ExportAsync(client, "work-ledger", $"area={f.Township}&month=2026-10", ".xlsx");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var (header, rows, title) = Read(path);
        Assert.EndsWith("驻村干部工作实绩台账（2026年10月）", title);
        var gql = await client.GraphQLAsync("query($a: String!) { workLedger(areaCode: $a, month: \"2026-10\") { name villageCode entries householdsVisited branchDeclarations } }",
            new { a = f.Township });
        Assert.False(gql.HasErrors, gql.ToString());
        var expected = gql.Data.GetProperty("workLedger").EnumerateArray()
            .Select(e => (e.GetProperty("villageCode").GetString(), e.GetProperty("name").GetString(), e.GetProperty("entries").GetInt32(),
                e.GetProperty("householdsVisited").GetInt32(), e.GetProperty("branchDeclarations").GetInt32())).Order().ToList();
        Assert.NotEmpty(expected);
        var got = rows.Select(r => (r[header.IndexOf("驻村代码")].GetString(), r[header.IndexOf("姓名")].GetString(), r[header.IndexOf("工作信息条数")].GetInt32(),
            r[header.IndexOf("走访户数")].GetInt32(), r[header.IndexOf("支部业绩申报数")].GetInt32())).Order().ToList();
        Assert.Equal(expected, got);
        Assert.Contains(got, g => g.Item5 > 0); // the sample's branches declared in October
        Assert.Equal(HttpStatusCode.Forbidden, (await f.ExportAsync(await f.Api.LoginAsync("x-member"), "work-ledger", $"area={f.Village}", ".xlsx")).Response.StatusCode);
    }
}
