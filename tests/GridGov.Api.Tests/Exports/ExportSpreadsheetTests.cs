using System.Net;
using System.Text;
using System.Text.Json;
using GridGov.Testing;

namespace GridGov.Api.Tests.Exports;

/// <summary>
/// Rosters as spreadsheets, read back with openpyxl (an independent reader; we write with DocumentFormat.OpenXml): titles,
/// frozen bold header, ID numbers as text, one sheet per village, masking per role, the audit row of each export.
/// </summary>
[Collection(ExportCollection.Name)]
public class ExportSpreadsheetTests(ExportFixture f)
{
    /// <summary>Every sheet: name, A1, freeze pane, header row, whether the header is bold, rows, and the 户主身份证号 column's cells.</summary>
    private const string Inspect = """
        import sys, json
        from openpyxl import load_workbook
        wb = load_workbook(sys.argv[1])
        out = []
        for ws in wb.worksheets:
            rows = list(ws.iter_rows(min_row=1, max_row=ws.max_row))
            header = [c.value for c in rows[1]] if len(rows) > 1 else []
            idcol = header.index(sys.argv[2]) if sys.argv[2] in header else None
            ids = [] if idcol is None else [[r[idcol].data_type, r[idcol].number_format, r[idcol].value] for r in rows[2:]]
            out.append({"name": ws.title, "title": rows[0][0].value, "freeze": ws.freeze_panes, "header": header,
                        "bold": bool(rows[1][0].font.b) if len(rows) > 1 else False, "rows": len(rows) - 2, "ids": ids,
                        "merged": [str(m) for m in ws.merged_cells.ranges]})
        print(json.dumps(out, ensure_ascii=False))
        """;

    private static JsonElement Read(string path, string idHeader) => JsonDocument.Parse(Openpyxl.Run(Inspect, path, idHeader)).RootElement;

    [Fact]
    public async Task A_township_households_roster_has_one_titled_sheet_per_village_with_ids_as_text()
    {
        var admin = await f.Api.LoginAsync("x-admin");
        var (res, path) = await f.ExportAsync(admin, "households", $"area={f.Township}&month=2026-11", ".xlsx");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", res.Content.Headers.ContentType?.MediaType);
        var sheets = Read(path, "户主身份证号").EnumerateArray().ToList();

        var villages = await f.ScalarAsync("""
            SELECT string_agg(a.name || ':' || (SELECT count(*) FROM households h WHERE h.village_code = a.code AND h.ended_at IS NULL), ',' ORDER BY a.code)
            FROM areas a WHERE a.level = 'village' AND a.code LIKE left(@t, 9) || '%'
              AND EXISTS (SELECT 1 FROM households h WHERE h.village_code = a.code AND h.ended_at IS NULL)
            """, ("t", f.Township));
        Assert.Equal(villages, string.Join(",", sheets.Select(s => s.GetProperty("name").GetString() + ":" + s.GetProperty("rows").GetInt32())));
        Assert.True(sheets.Count > 1, "a township has several villages");
        Assert.Equal(int.Parse(res.Headers.GetValues("X-Export-Rows").Single()), sheets.Sum(s => s.GetProperty("rows").GetInt32()));

        foreach (var s in sheets)
        {
            Assert.Equal($"{s.GetProperty("name").GetString()}户名册（2026年11月）", s.GetProperty("title").GetString());
            Assert.Equal("A3", s.GetProperty("freeze").GetString());
            Assert.True(s.GetProperty("bold").GetBoolean());
            Assert.Contains(s.GetProperty("merged").EnumerateArray(), m => m.GetString()!.StartsWith("A1:", StringComparison.Ordinal));
            Assert.Equal(["户编号", "户主姓名", "户主身份证号", "联系电话", "村代码", "村名称"],
                s.GetProperty("header").EnumerateArray().Take(6).Select(h => h.GetString()!).ToArray());
        }
        // ID numbers are text cells in text format: all 18 characters, never 5.2e17; the admin sees them in clear.
        var ids = sheets.SelectMany(s => s.GetProperty("ids").EnumerateArray()).Where(c => c[2].ValueKind == JsonValueKind.String).ToList();
        Assert.NotEmpty(ids);
        Assert.All(ids, c =>
        {
            Assert.Equal("s", c[0].GetString());
            Assert.Equal("@", c[1].GetString());
            Assert.Matches("^[0-9]{17}[0-9X]$", c[2].GetString()!);
        });
    }

    [Fact]
    public async Task The_links_roster_prints_one_block_per_member_with_a_signature_line_and_a_flat_sheet_to_reimport()
    {
        var secretary = await f.Api.LoginAsync("x-secretary");
        var (res, path) = await f.ExportAsync(secretary, "links", $"area={f.Village}&month=2026-11", ".xlsx");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var name = (string)(await f.ScalarAsync("SELECT name FROM areas WHERE code = @v", ("v", f.Village)))!;
        var text = Openpyxl.Run("""
            import sys, json
            from openpyxl import load_workbook
            wb = load_workbook(sys.argv[1])
            print(json.dumps({"sheets": wb.sheetnames,
                              "cells": [[("" if c is None else str(c)) for c in r] for r in wb.worksheets[0].iter_rows(values_only=True)]},
                             ensure_ascii=False))
            """, path);
        var doc = JsonDocument.Parse(text).RootElement;
        Assert.Equal([name, "联系户"], doc.GetProperty("sheets").EnumerateArray().Select(s => s.GetString()!).ToArray());
        var first = doc.GetProperty("cells").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetString()!).ToArray()).ToList();
        Assert.Equal($"{name}党员联系户名册（2026年11月）", first[0][0]);
        var blocks = first.Count(r => r[0].StartsWith("党员：", StringComparison.Ordinal));
        var signatures = first.Count(r => r[0].StartsWith("党员签字", StringComparison.Ordinal));
        var members = Convert.ToInt32(await f.ScalarAsync("""
            SELECT count(DISTINCT l.member_id) FROM links l JOIN households h ON h.id = l.household_id
            WHERE h.village_code = @v AND l.valid_from <= @t AND (l.valid_to IS NULL OR l.valid_to > @t) AND h.ended_at IS NULL
            """, ("v", f.Village), ("t", new DateTimeOffset(2026, 11, 30, 16, 0, 0, TimeSpan.Zero))));
        Assert.True(members > 0);
        Assert.Equal(members, blocks);
        Assert.Equal(members, signatures);
        Assert.StartsWith("支部书记（签字）", first[^1][0]);
        // Each block's rows: 序号 1.., the household's number, its head, basis and distance in metres.
        var households = first.Count(r => r[0] is { Length: > 0 } n && n.All(char.IsAsciiDigit));
        Assert.Equal(int.Parse(res.Headers.GetValues("X-Export-Rows").Single()), households);
    }

    [Theory]
    [InlineData("x-county", false)]
    [InlineData("x-town", false)]
    [InlineData("x-admin", true)]
    [InlineData("x-secretary", true)]
    [InlineData("key-read", false)]
    [InlineData("key-pii", true)]
    public async Task Id_numbers_and_phones_are_masked_unless_the_caller_may_see_them_and_the_audit_says_which(string who, bool clear)
    {
        var client = who switch
        {
            "key-read" => f.Api.WithKey(f.ReadKey),
            "key-pii" => f.Api.WithKey(f.PiiKey),
            _ => await f.Api.LoginAsync(who),
        };
        var before = Convert.ToInt64(await f.ScalarAsync("SELECT count(*) FROM audit_events WHERE action = 'export.households'"));
        var (res, path) = await f.ExportAsync(client, "households", $"area={f.Village}&format=csv", ".csv");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var bytes = await File.ReadAllBytesAsync(path);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        var (idCol, phoneCol) = (Array.IndexOf(header, "户主身份证号"), Array.IndexOf(header, "联系电话"));
        var ids = lines[1..].Select(l => l.Split(',')[idCol]).Where(v => v.Length > 0).ToList();
        var phones = lines[1..].Select(l => l.Split(',')[phoneCol]).Where(v => v.Length > 0).ToList();
        Assert.NotEmpty(ids);
        Assert.NotEmpty(phones);
        if (clear)
        {
            Assert.All(ids, id => Assert.Matches("^[0-9]{17}[0-9X]$", id));
            Assert.All(phones, p => Assert.DoesNotContain('*', p));
        }
        else
        {
            Assert.All(ids, id => Assert.Matches(@"^[0-9]{4}\*{10}[0-9]{3}[0-9X]$", id));
            Assert.All(phones, p => Assert.Contains("****", p));
        }

        var audit = JsonDocument.Parse((string)(await f.ScalarAsync("""
            SELECT json_build_object('n', (SELECT count(*) FROM audit_events WHERE action = 'export.households'), 'actor', actor,
                                     'area', area_code, 'after', after_json)::text
            FROM audit_events WHERE action = 'export.households' ORDER BY id DESC LIMIT 1
            """))!).RootElement;
        Assert.Equal(before + 1, audit.GetProperty("n").GetInt64());
        Assert.Equal(f.Village, audit.GetProperty("area").GetString());
        var after = audit.GetProperty("after");
        Assert.Equal("csv", after.GetProperty("format").GetString());
        Assert.Equal(lines.Length - 1, after.GetProperty("rows").GetInt32());
        Assert.Equal(clear, after.GetProperty("personalData").GetBoolean());
        if (!who.StartsWith("key", StringComparison.Ordinal)) Assert.Equal(who, audit.GetProperty("actor").GetString());
    }

    [Fact]
    public async Task Gbk_on_request_is_what_excel_on_chinese_windows_reads()
    {
        var admin = await f.Api.LoginAsync("x-admin");
        var (res, path) = await f.ExportAsync(admin, "members", $"area={f.Village}&format=csv&encoding=gbk", ".csv");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var bytes = await File.ReadAllBytesAsync(path);
        Assert.NotEqual(0xEF, bytes[0]);
        var text = Encoding.GetEncoding("GBK").GetString(bytes);
        Assert.StartsWith("姓名,身份证号,性别", text);
        Assert.Throws<DecoderFallbackException>(() => new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes));
    }

    [Theory]
    [InlineData("x-admin", "nonsense", "area={village}", 404, "UNKNOWN_KIND")]
    [InlineData("x-admin", "households", "", 400, "BAD_AREA")]
    [InlineData("x-admin", "households", "area=52062", 400, "BAD_AREA")]
    [InlineData("x-admin", "households", "area=520625999999", 404, "UNKNOWN_AREA")]
    [InlineData("x-secretary", "households", "area={foreign}", 403, "FORBIDDEN")]
    [InlineData("x-secretary", "households", "area=520625000000", 403, "FORBIDDEN")]
    [InlineData("x-member", "households", "area={village}", 403, "FORBIDDEN")]
    [InlineData("x-admin", "households", "area={village}&format=pdf", 400, "BAD_FORMAT")]
    [InlineData("x-admin", "households", "area={village}&crs=EPSG:2000", 400, "BAD_CRS")]
    [InlineData("x-admin", "households", "area={village}&format=gpkg&crs=gcj02", 400, "BAD_CRS")]
    [InlineData("x-admin", "households", "area={village}&month=2026-13", 400, "BAD_MONTH")]
    [InlineData("x-admin", "households", "area={village}&month=2999-01", 400, "BAD_MONTH")]
    [InlineData("x-admin", "households", "area={village}&format=csv&encoding=latin1", 400, "BAD_ENCODING")]
    public async Task Bad_requests_get_a_stable_code_and_a_chinese_message_and_write_no_audit_row(string who, string kind, string query, int status, string code)
    {
        var client = await f.Api.LoginAsync(who);
        var before = await f.ScalarAsync("SELECT count(*) FROM audit_events WHERE action LIKE 'export.%'");
        var res = await client.GetAsync($"/exports/{kind}?{query.Replace("{village}", f.Village).Replace("{foreign}", f.ForeignVillage)}");
        Assert.Equal(status, (int)res.StatusCode);
        var error = JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement.GetProperty("errors")[0];
        Assert.Equal(code, error.GetProperty("extensions").GetProperty("code").GetString());
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", error.GetProperty("message").GetString()!);
        Assert.Equal(before, await f.ScalarAsync("SELECT count(*) FROM audit_events WHERE action LIKE 'export.%'"));
    }

    [Fact]
    public async Task Anonymous_callers_get_nothing()
    {
        var res = await f.Api.CreateClient().GetAsync($"/exports/households?area={f.Village}");
        Assert.Equal(HttpStatusCode.Unauthorized, res.StatusCode);
    }
}
