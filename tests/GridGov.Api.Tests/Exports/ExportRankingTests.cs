using System.Net;
using System.Text.Json;
using GridGov.Testing;

namespace GridGov.Api.Tests.Exports;

/// <summary>
/// The quarter's ranking (季度考核排名表), read back with openpyxl: the same areas, ranks, scores and parts as the GraphQL
/// <c>ranking</c> field gives the same caller — townships first, then villages, each inside the exported area.
/// </summary>
[Collection(ExportCollection.Name)]
public class ExportRankingTests(ExportFixture f)
{
    private const string Inspect = """
        import sys, json
        from openpyxl import load_workbook
        wb = load_workbook(sys.argv[1])
        ws = wb.worksheets[0]
        rows = list(ws.iter_rows(min_row=1, max_row=ws.max_row))
        print(json.dumps({"sheets": wb.sheetnames, "title": rows[0][0].value, "header": [c.value for c in rows[1]],
                          "rows": [[[c.data_type, c.value] for c in r] for r in rows[2:]]}, ensure_ascii=False, default=str))
        """;

    private static readonly (string Part, string Header)[] Parts =
        [("COVERAGE", "联系户覆盖率"), ("CONTACT", "联系率"), ("REVIEW", "申报通过率"), ("CHECK_IN", "驻村干部到岗率")];

    [Theory]
    [InlineData("x-county", "county")]
    [InlineData("x-town", "township")]
    public async Task The_ranking_sheet_has_the_rows_the_graphql_ranking_field_gives(string who, string level)
    {
        var area = level == "county" ? "520625000000" : f.Township;
        var client = await f.Api.LoginAsync(who);
        var (res, path) = await f.ExportAsync(client, "ranking", $"area={area}&quarter=2026Q4", ".xlsx");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var doc = JsonDocument.Parse(Openpyxl.Run(Inspect, path)).RootElement;
        var name = (string)(await f.ScalarAsync("SELECT name FROM areas WHERE code = @a", ("a", area)))!;
        Assert.Equal($"{name}季度考核排名表（2026年第4季度）", doc.GetProperty("title").GetString());
        Assert.Single(doc.GetProperty("sheets").EnumerateArray());
        var header = doc.GetProperty("header").EnumerateArray().Select(h => h.GetString()!).ToList();
        var rows = doc.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().ToList()).ToList();
        JsonElement Cell(List<JsonElement> r, string h) => r[header.IndexOf(h)][1];
        string Type(List<JsonElement> r, string h) => r[header.IndexOf(h)][0].GetString()!;

        var expected = new List<(string Level, JsonElement Row)>();
        foreach (var (gqlLevel, word) in new[] { ("TOWNSHIP", "乡镇（街道）"), ("VILLAGE", "村（社区）") })
        {
            var gql = await client.GraphQLAsync("""
                query($l: RankingLevel!) { ranking(level: $l, quarter: "2026Q4") { areaCode name rank score bottom parts { part value points applicable } } }
                """, new { l = gqlLevel });
            Assert.False(gql.HasErrors, gql.ToString());
            // The field answers the caller's whole visible area (the county as context too); the export, what lies inside the area.
            expected.AddRange(gql.Data.GetProperty("ranking").EnumerateArray()
                .Where(r => r.GetProperty("areaCode").GetString()!.StartsWith(level == "county" ? "520625" : area[..9], StringComparison.Ordinal))
                .Select(r => (word, r)));
        }
        Assert.Equal(level == "county" ? 17 + 377 : 1 + expected.Count(e => e.Level == "村（社区）"), rows.Count);
        Assert.Equal(expected.Count, rows.Count);
        Assert.Contains(expected, e => e.Row.GetProperty("parts").EnumerateArray().Any(p => p.GetProperty("part").GetString() == "COVERAGE"
            && p.GetProperty("value").GetDouble() > 0));
        for (var i = 0; i < rows.Count; i++)
        {
            var (r, (word, e)) = (rows[i], expected[i]);
            Assert.Equal(word, Cell(r, "级别").GetString());
            Assert.Equal("s", Type(r, "区划代码"));
            Assert.Equal(e.GetProperty("areaCode").GetString(), Cell(r, "区划代码").GetString());
            Assert.Equal(e.GetProperty("name").GetString(), Cell(r, "名称").GetString());
            Assert.Equal(e.GetProperty("rank").GetInt32(), Cell(r, "名次").GetInt32());
            Assert.Equal(e.GetProperty("score").GetDouble(), Cell(r, "得分").GetDouble(), 6);
            Assert.Equal(e.GetProperty("bottom").GetBoolean() ? "是" : "否", Cell(r, "后五名").GetString());
            foreach (var (part, h) in Parts)
            {
                var p = e.GetProperty("parts").EnumerateArray().Single(x => x.GetProperty("part").GetString() == part);
                var value = Cell(r, h);
                if (!p.GetProperty("applicable").GetBoolean()) { Assert.Equal(JsonValueKind.Null, value.ValueKind); continue; }
                Assert.Equal(p.GetProperty("value").GetDouble(), value.GetDouble(), 6);
                Assert.Equal(p.GetProperty("points").GetDouble(), Cell(r, header.Single(x => x.StartsWith(h + "得分", StringComparison.Ordinal))).GetDouble(), 6);
            }
        }
    }

    [Fact]
    public async Task Members_may_not_export_the_ranking_and_a_bad_quarter_is_refused()
    {
        var member = await f.Api.LoginAsync("x-member");
        var (denied, _) = await f.ExportAsync(member, "ranking", $"area={f.Village}", ".xlsx");
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        var town = await f.Api.LoginAsync("x-town");
        foreach (var q in new[] { "quarter=2026Q5", "quarter=2999Q1", "quarter=2026Q3&month=2026-08" })
        {
            var (res, _) = await f.ExportAsync(town, "ranking", $"area={f.Township}&{q}", ".xlsx");
            Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
            Assert.Contains("\"BAD_QUARTER\"", await res.Content.ReadAsStringAsync());
        }
    }
}
