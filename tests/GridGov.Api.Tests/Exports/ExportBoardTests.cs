using System.Net;
using System.Text.Json;
using GridGov.Testing;

namespace GridGov.Api.Tests.Exports;

/// <summary>The branch board of a month (支部活动日展示表), read back with openpyxl: the same rows and figures as GraphQL branchBoard.</summary>
[Collection(ExportCollection.Name)]
public class ExportBoardTests(ExportFixture f)
{
    private const string Inspect = """
        import sys, json
        from openpyxl import load_workbook
        wb = load_workbook(sys.argv[1])
        ws = wb.worksheets[0]
        rows = list(ws.iter_rows(min_row=1, max_row=ws.max_row, values_only=True))
        print(json.dumps({"sheets": wb.sheetnames, "title": rows[0][0], "header": list(rows[1]), "rows": [list(r) for r in rows[2:]]},
                         ensure_ascii=False, default=str))
        """;

    [Fact]
    public async Task The_board_sheet_has_the_members_and_figures_of_the_graphql_branch_board()
    {
        var town = await f.Api.LoginAsync("x-town");
        var (res, path) = await f.ExportAsync(town, "board", $"area={f.Village}&month=2026-10", ".xlsx");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var doc = JsonDocument.Parse(Openpyxl.Run(Inspect, path)).RootElement;
        var name = (string)(await f.ScalarAsync("SELECT name FROM areas WHERE code = @a", ("a", f.Village)))!;
        Assert.Equal($"{name}支部活动日展示表（2026年10月）", doc.GetProperty("title").GetString());
        var header = doc.GetProperty("header").EnumerateArray().Select(h => h.GetString()!).ToList();
        var rows = doc.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().ToList()).ToList();
        JsonElement Cell(List<JsonElement> r, string h) => r[header.IndexOf(h)];

        var gql = await town.GraphQLAsync("""
            query($v: String!) { branchBoard(villageCode: $v, month: "2026-10") { members { member { id name } householdsLinked householdsContacted
              declarations { category submitted approved returned } rating } } }
            """, new { v = f.Village });
        Assert.False(gql.HasErrors, gql.ToString());
        var members = gql.Data.GetProperty("branchBoard").GetProperty("members").EnumerateArray().ToList();
        Assert.NotEmpty(members);
        Assert.Equal(members.Count, rows.Count);
        Assert.True(members.Sum(m => m.GetProperty("declarations").EnumerateArray().Sum(d => d.GetProperty("approved").GetInt32())) > 0,
            "the sample has approved declarations in October");
        var words = new Dictionary<string, string> { ["EDUCATION"] = "思想教育", ["POLICY"] = "政策宣传", ["MEDIATION"] = "矛盾化解", ["INDUSTRY"] = "产业发展", ["VISIT"] = "走访" };
        for (var i = 0; i < rows.Count; i++)
        {
            var (r, m) = (rows[i], members[i]);
            Assert.Equal(m.GetProperty("member").GetProperty("id").GetString(), Cell(r, "党员编号").GetString());
            Assert.Equal(m.GetProperty("member").GetProperty("name").GetString(), Cell(r, "党员姓名").GetString());
            Assert.Equal(m.GetProperty("householdsLinked").GetInt32(), Cell(r, "联系户数").GetInt32());
            Assert.Equal(m.GetProperty("householdsContacted").GetInt32(), Cell(r, "本月已联系户数").GetInt32());
            var ds = m.GetProperty("declarations").EnumerateArray().ToList();
            foreach (var d in ds)
                Assert.Equal(d.GetProperty("approved").GetInt32(), Cell(r, words[d.GetProperty("category").GetString()!] + "（通过）").GetInt32());
            Assert.Equal(ds.Sum(d => d.GetProperty("submitted").GetInt32()), Cell(r, "待评议申报").GetInt32());
            Assert.Equal(ds.Sum(d => d.GetProperty("returned").GetInt32()), Cell(r, "退回申报").GetInt32());
            var rating = m.GetProperty("rating").ValueKind == JsonValueKind.Null ? null : m.GetProperty("rating").GetString() switch
            {
                "EXCELLENT" => "优秀", "QUALIFIED" => "合格", "BASICALLY_QUALIFIED" => "基本合格", _ => "不合格",
            };
            Assert.Equal(rating, Cell(r, "评定等次").ValueKind == JsonValueKind.Null ? null : Cell(r, "评定等次").GetString());
        }
    }
}
