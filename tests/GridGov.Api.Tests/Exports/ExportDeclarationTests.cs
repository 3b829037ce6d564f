using System.Net;
using System.Text;
using System.Text.Json;
using GridGov.Testing;

namespace GridGov.Api.Tests.Exports;

/// <summary>The month's declarations with review state (业绩申报表), read back with openpyxl and compared with the GraphQL review queue.</summary>
[Collection(ExportCollection.Name)]
public class ExportDeclarationTests(ExportFixture f)
{
    private const string Inspect = """
        import sys, json
        from openpyxl import load_workbook
        wb = load_workbook(sys.argv[1])
        ws = wb.worksheets[0]
        rows = list(ws.iter_rows(min_row=1, max_row=ws.max_row))
        print(json.dumps({"title": rows[0][0].value, "freeze": ws.freeze_panes, "header": [c.value for c in rows[1]],
                          "rows": [[[c.data_type, c.is_date, None if c.value is None else str(c.value)] for c in r] for r in rows[2:]]},
                         ensure_ascii=False))
        """;

    [Fact]
    public async Task The_declarations_of_a_village_month_carry_their_review_state_and_the_submitted_ones_are_the_review_queue()
    {
        var secretary = await f.Api.LoginAsync("x-secretary");
        var (res, path) = await f.ExportAsync(secretary, "declarations", $"area={f.Village}&month=2026-10", ".xlsx");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var doc = JsonDocument.Parse(Openpyxl.Run(Inspect, path)).RootElement;
        var name = (string)(await f.ScalarAsync("SELECT name FROM areas WHERE code = @a", ("a", f.Village)))!;
        Assert.Equal($"{name}党员业绩申报表（2026年10月）", doc.GetProperty("title").GetString());
        Assert.Equal("A3", doc.GetProperty("freeze").GetString());
        var header = doc.GetProperty("header").EnumerateArray().Select(h => h.GetString()!).ToList();
        var rows = doc.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().ToList()).ToList();
        string? Cell(List<JsonElement> r, string h) => r[header.IndexOf(h)][2].GetString();

        var expected = Convert.ToInt32(await f.ScalarAsync("""
            SELECT count(*) FROM declarations d JOIN households h ON h.id = d.household_id
            WHERE h.village_code = @v AND d.month = DATE '2026-10-01'
            """, ("v", f.Village)));
        Assert.True(expected > 0, "the sample has declarations in October");
        Assert.Equal(expected, rows.Count);
        Assert.Equal(expected, int.Parse(res.Headers.GetValues("X-Export-Rows").Single()));
        // Dates are dates, ID numbers text in clear for the village's secretary.
        Assert.All(rows, r => Assert.True(r[header.IndexOf("日期")][1].GetBoolean()));
        Assert.All(rows, r => Assert.Matches("^[0-9]{17}[0-9X]$", Cell(r, "党员身份证号")!));

        // Each row's status and reason are the database's latest review; the submitted ones are exactly the GraphQL review queue.
        var states = JsonDocument.Parse((string)(await f.ScalarAsync("""
            SELECT coalesce(json_object_agg(d.id::text, json_build_object('status', d.status, 'category', d.category, 'reason',
                   (SELECT r.reason FROM reviews r WHERE r.declaration_id = d.id ORDER BY r.at DESC, r.id DESC LIMIT 1))), '{}')::text
            FROM declarations d JOIN households h ON h.id = d.household_id WHERE h.village_code = @v AND d.month = DATE '2026-10-01'
            """, ("v", f.Village)))!).RootElement;
        foreach (var r in rows)
        {
            var s = states.GetProperty(Cell(r, "申报编号")!);
            var status = s.GetProperty("status").GetString();
            Assert.Equal(status switch { "approved" => "已通过", "returned" => "已退回", _ => "待评议" }, Cell(r, "评议状态"));
            Assert.Equal(s.GetProperty("reason").GetString() is { Length: > 0 } reason ? reason : null, Cell(r, "退回理由"));
            Assert.NotNull(Cell(r, "类别"));
        }
        var queue = await secretary.GraphQLAsync("""
            query($v: String!) { reviewQueue(villageCode: $v, month: "2026-10") { id category } }
            """, new { v = f.Village });
        Assert.False(queue.HasErrors, queue.ToString());
        Assert.Equal(queue.Data.GetProperty("reviewQueue").EnumerateArray().Select(d => d.GetProperty("id").GetString()!).Order(),
            rows.Where(r => Cell(r, "评议状态") == "待评议").Select(r => Cell(r, "申报编号")!).Order());
    }

    [Fact]
    public async Task A_county_leader_gets_member_id_numbers_masked_and_a_party_member_gets_nothing()
    {
        var county = await f.Api.LoginAsync("x-county");
        var (res, path) = await f.ExportAsync(county, "declarations", $"area={f.Township}&month=2026-10&format=csv", ".csv");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var lines = Encoding.UTF8.GetString((await File.ReadAllBytesAsync(path))[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var col = Array.IndexOf(lines[0].Split(','), "党员身份证号");
        Assert.True(lines.Length > 1);
        Assert.All(lines[1..], l => Assert.Matches(@"^[0-9]{4}\*{10}[0-9]{3}[0-9X]$", l.Split(',')[col]));

        var member = await f.Api.LoginAsync("x-member");
        var refused = await member.GetAsync($"/exports/declarations?area={f.Village}&month=2026-10");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }
}
