using GridGov.Testing;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using GridGov.Import.Files;

namespace GridGov.Import.Tests.Files;

/// <summary>Error workbooks read back by openpyxl (an independent reader).</summary>
public class ErrorWorkbookWriterTests
{
    const string Dump = """
        import sys, json
        from openpyxl import load_workbook
        ws = load_workbook(sys.argv[1]).worksheets[0]
        rows = {}
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    rows.setdefault(str(c.row), {})[c.column_letter] = {
                        'v': c.value, 'fill': c.fill.fgColor.rgb if c.fill.fill_type == 'solid' else None}
        print(json.dumps({'max_column': ws.max_column, 'freeze': ws.freeze_panes, 'rows': rows}, ensure_ascii=False))
        """;

    [Fact]
    public void Error_column_sits_on_the_original_row_numbers()
    {
        using var dir = new TempDir();
        var input = dir.File("roster.xlsx");
        Openpyxl.Write(input, """
            ws['A1'] = '团山村住户花名册'
            ws.merge_cells('A1:D1')
            ws.append(['户编号', '户主姓名', '户主身份证号', '人口数'])
            ws.append(['0001', '张三', '522229198001011234', 4])
            ws.append(['0002', None, 522229198001011234, 3])
            ws.cell(row=6, column=1, value='0003')
            ws.cell(row=6, column=2, value='王五')
            """);
        var messages = new Dictionary<int, IReadOnlyList<string>>
        {
            [4] = ["户主姓名不能为空", "户主身份证号被 Excel 存成了数字，末尾几位已丢失"],
            [6] = ["户编号重复"],
            [5] = ["第 5 行是空行，不会写出"],
        };
        var output = dir.File("errors.xlsx");
        int marked = ErrorWorkbookWriter.Write(input, new TabularOptions(), messages, output);
        Assert.Equal(2, marked);

        using var json = JsonDocument.Parse(Openpyxl.Run(Dump, output));
        var root = json.RootElement;
        var rows = root.GetProperty("rows");
        Assert.Equal(5, root.GetProperty("max_column").GetInt32());
        Assert.Equal("A3", root.GetProperty("freeze").GetString());

        string? Cell(int row, string col) =>
            rows.TryGetProperty(row.ToString(), out var r) && r.TryGetProperty(col, out var c) ? c.GetProperty("v").ToString() : null;
        string? Fill(int row, string col) =>
            rows.GetProperty(row.ToString()).GetProperty(col).GetProperty("fill").GetString();

        Assert.False(rows.TryGetProperty("1", out _));
        Assert.Equal(["户编号", "户主姓名", "户主身份证号", "人口数", "错误"], new[] { "A", "B", "C", "D", "E" }.Select(c => Cell(2, c)));

        Assert.Equal("0001", Cell(3, "A"));
        Assert.Null(Cell(3, "E"));
        Assert.Null(Fill(3, "A"));

        Assert.Equal("0002", Cell(4, "A"));
        Assert.Equal("522229198001011000", Cell(4, "C"));
        Assert.Equal(JsonValueKind.String, rows.GetProperty("4").GetProperty("D").GetProperty("v").ValueKind);
        Assert.Equal("户主姓名不能为空；户主身份证号被 Excel 存成了数字，末尾几位已丢失", Cell(4, "E"));
        Assert.Equal("FFFFC7CE", Fill(4, "A"));
        Assert.Equal("FFFFC7CE", Fill(4, "E"));

        Assert.False(rows.TryGetProperty("5", out _));
        Assert.Equal("王五", Cell(6, "B"));
        Assert.Equal("户编号重复", Cell(6, "E"));

        AssertValidOpenXml(output);
    }

    [Fact]
    public void Csv_input_keeps_its_line_numbers_and_streams_to_a_forward_only_stream()
    {
        using var dir = new TempDir();
        var input = dir.File("ties.csv");
        File.WriteAllText(input, "党员身份证号,户编号,关系\n522229197502021234,0001,血缘\n522229197502021234,\"00\n02\",朋友\n");
        var messages = new Dictionary<int, IReadOnlyList<string>> { [3] = ["「关系」只能填：血缘、亲缘、姻亲、人缘"] };

        var output = dir.File("errors.xlsx");
        using (var fs = File.Create(output))
        using (var forwardOnly = new ForwardOnlyStream(fs))
            Assert.Equal(1, ErrorWorkbookWriter.Write(input, new TabularOptions(), messages, forwardOnly));

        using var json = JsonDocument.Parse(Openpyxl.Run(Dump, output));
        var rows = json.RootElement.GetProperty("rows");
        Assert.Equal("00\n02", rows.GetProperty("3").GetProperty("B").GetProperty("v").GetString());
        Assert.Equal("「关系」只能填：血缘、亲缘、姻亲、人缘", rows.GetProperty("3").GetProperty("D").GetProperty("v").GetString());
        Assert.False(rows.GetProperty("2").TryGetProperty("D", out _));
        AssertValidOpenXml(output);
    }

    [Fact]
    public void Templates_are_valid_open_xml()
    {
        using var dir = new TempDir();
        foreach (var kind in TemplateWriter.TabularKinds)
        {
            var path = dir.File($"{kind}.xlsx");
            using (var fs = File.Create(path))
                TemplateWriter.Write(kind, fs);
            AssertValidOpenXml(path);
        }
    }

    /// <summary>The SDK's schema check: what makes Excel say "we found a problem with some content".</summary>
    static void AssertValidOpenXml(string path)
    {
        using var doc = SpreadsheetDocument.Open(path, false);
        var errors = new OpenXmlValidator().Validate(doc).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}
