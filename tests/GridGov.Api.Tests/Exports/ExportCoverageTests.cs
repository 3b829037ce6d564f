using System.Net;
using System.Text.Json;
using GridGov.Testing;

namespace GridGov.Api.Tests.Exports;

/// <summary>
/// The coverage export (覆盖情况表): read back with openpyxl, its figures are the GraphQL <c>coverage</c> field's for the same area
/// and month — the area's own row (合计) and one row per child (villages of a township, cells of a village).
/// </summary>
[Collection(ExportCollection.Name)]
public class ExportCoverageTests(ExportFixture f)
{
    /// <summary>Sheets: name, title, freeze pane, bold header, and every row after the header as [type, value] pairs.</summary>
    private const string Inspect = """
        import sys, json
        from openpyxl import load_workbook
        wb = load_workbook(sys.argv[1])
        out = []
        for ws in wb.worksheets:
            rows = list(ws.iter_rows(min_row=1, max_row=ws.max_row))
            out.append({"name": ws.title, "title": rows[0][0].value, "freeze": ws.freeze_panes, "bold": bool(rows[1][0].font.b),
                        "header": [c.value for c in rows[1]],
                        "rows": [[[c.data_type, c.value] for c in r] for r in rows[2:]]})
        print(json.dumps(out, ensure_ascii=False))
        """;

    private const string Figures = """
        areaCode name cellId households linkedHouseholds contactedHouseholds linkedShare contactedShare uncoveredAreaM2
        householdsOutsideCells { count } cellsWithoutLeader { count } farLinks { count } overloadedMembers { count }
        staleVulnerableHouseholds { count } membersWithoutDeclaration { count }
        """;

    private static readonly string[] Counts =
        ["householdsOutsideCells", "cellsWithoutLeader", "farLinks", "overloadedMembers", "staleVulnerableHouseholds", "membersWithoutDeclaration"];

    [Theory]
    [InlineData("x-town", "township")]
    [InlineData("x-secretary", "village")]
    public async Task The_coverage_sheet_has_the_figures_the_graphql_coverage_field_gives_for_the_area_and_month(string who, string level)
    {
        var area = level == "township" ? f.Township : f.Village;
        var client = await f.Api.LoginAsync(who);
        var (res, path) = await f.ExportAsync(client, "coverage", $"area={area}&month=2026-10", ".xlsx");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var sheets = JsonDocument.Parse(Openpyxl.Run(Inspect, path)).RootElement.EnumerateArray().ToList();
        var sheet = Assert.Single(sheets);
        var name = (string)(await f.ScalarAsync("SELECT name FROM areas WHERE code = @a", ("a", area)))!;
        Assert.Equal(name, sheet.GetProperty("name").GetString());
        Assert.Equal($"{name}覆盖情况表（2026年10月）", sheet.GetProperty("title").GetString());
        Assert.Equal("A3", sheet.GetProperty("freeze").GetString());
        Assert.True(sheet.GetProperty("bold").GetBoolean());
        var header = sheet.GetProperty("header").EnumerateArray().Select(h => h.GetString()!).ToList();

        var gql = await client.GraphQLAsync($$"""
            query($a: String!) { coverage(areaCode: $a, month: "2026-10") { {{Figures}} children { {{Figures}} } } }
            """, new { a = area });
        Assert.False(gql.HasErrors, gql.ToString());
        var node = gql.Data.GetProperty("coverage");
        var expected = new[] { node }.Concat(node.GetProperty("children").EnumerateArray()).ToList();
        var rows = sheet.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(expected.Count, rows.Count);
        Assert.Equal(int.Parse(res.Headers.GetValues("X-Export-Rows").Single()), rows.Count);
        Assert.True(rows.Count > 1, "the area has children");
        Assert.True(expected.Sum(e => e.GetProperty("households").GetInt32()) > 0, "the sample has households there");

        for (var i = 0; i < rows.Count; i++)
        {
            var cells = rows[i].EnumerateArray().ToList();
            JsonElement Cell(string h) => cells[header.IndexOf(h)][1];
            string Type(string h) => cells[header.IndexOf(h)][0].GetString()!;
            var e = expected[i];
            // Codes and cell numbers are text (as every ID in the exports), counts are numbers.
            Assert.Equal("s", Type("区划代码"));
            Assert.Equal(e.GetProperty("areaCode").GetString(), Cell("区划代码").GetString());
            if (e.GetProperty("cellId").ValueKind == JsonValueKind.String)
            {
                Assert.Equal("s", Type("网格编号"));
                Assert.Equal(e.GetProperty("cellId").GetString(), Cell("网格编号").GetString());
                Assert.Equal(e.GetProperty("name").GetString(), Cell("名称").GetString());
            }
            else Assert.Equal(i == 0 ? $"{name}（合计）" : e.GetProperty("name").GetString(), Cell("名称").GetString());
            Assert.Equal("n", Type("户数"));
            Assert.Equal(e.GetProperty("households").GetInt32(), Cell("户数").GetInt32());
            Assert.Equal(e.GetProperty("linkedHouseholds").GetInt32(), Cell("已落实联系党员户数").GetInt32());
            Assert.Equal(e.GetProperty("contactedHouseholds").GetInt32(), Cell("本月已联系户数").GetInt32());
            Assert.Equal(e.GetProperty("linkedShare").GetDouble(), Cell("联系户覆盖率").GetDouble(), 6);
            Assert.Equal(e.GetProperty("contactedShare").GetDouble(), Cell("本月联系率").GetDouble(), 6);
            Assert.InRange(Cell("未划入网格面积（平方米）").GetDouble() - e.GetProperty("uncoveredAreaM2").GetDouble(), -0.051, 0.051);
            var exported = new[] { "网格外户数", "无网格长网格数", "超距离联系数", "超负荷党员数", "30天未联系困难户数", "本月未申报党员数" }
                .Select(h => Cell(h).GetInt32()).ToArray();
            Assert.Equal(Counts.Select(c => e.GetProperty(c).GetProperty("count").GetInt32()).ToArray(), exported);
        }
    }

    [Fact]
    public async Task The_coverage_gpkg_has_one_feature_per_row_with_its_boundary()
    {
        var county = await f.Api.LoginAsync("x-county");
        var (res, path) = await f.ExportAsync(county, "coverage", $"area={f.Township}&format=gpkg&crs=EPSG:4524", ".gpkg");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var villages = Convert.ToInt32(await f.ScalarAsync("SELECT count(*) FROM areas WHERE parent_code = @t", ("t", f.Township)));
        var summary = Ogr.Info("-so", path, "coverage");
        Assert.Equal(villages + 1, Ogr.FeatureCount(summary));
        Assert.Contains("Multi Polygon", summary);
        Assert.Contains("Gauss", summary);
        Assert.Contains("4524", summary);
        Assert.Equal(villages + 1, int.Parse(res.Headers.GetValues("X-Export-Rows").Single()));
    }

    [Theory]
    [InlineData("x-member", "month=2026-10", 403, "FORBIDDEN")]
    [InlineData("x-town", "month=2999-01", 400, "BAD_MONTH")]
    public async Task Members_get_no_coverage_and_a_future_month_is_refused_as_the_api_refuses_it(string who, string query, int status, string code)
    {
        var client = await f.Api.LoginAsync(who);
        var area = who == "x-member" ? f.Village : f.Township;
        var res = await client.GetAsync($"/exports/coverage?area={area}&{query}");
        Assert.Equal(status, (int)res.StatusCode);
        var error = JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement.GetProperty("errors")[0];
        Assert.Equal(code, error.GetProperty("extensions").GetProperty("code").GetString());
        var gql = await client.GraphQLAsync($$"""{ coverage(areaCode: "{{area}}", month: "{{query[6..]}}") { households } }""");
        Assert.True(gql.HasErrors, "the GraphQL field refuses the same request");
    }
}
