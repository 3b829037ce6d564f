using GridGov.Testing;
using System.Text;
using GridGov.Import.Files;

namespace GridGov.Import.Tests.Files;

/// <summary>CSV files; the GBK ones are encoded by Python (<c>str.encode('gbk')</c>), not by .NET.</summary>
public class TabularFileCsvTests
{
    const string Roster = "户编号,户主姓名,村代码\n0001,张三,520625100001\n0002,李四,520625100001\n";

    static List<TabularRow> ReadAll(string path, TabularOptions? options = null)
    {
        using var source = TabularFile.Open(path, options ?? new TabularOptions());
        Assert.Equal(["户编号", "户主姓名", "村代码"], source.Headers);
        return source.Rows().ToList();
    }

    static void AssertRoster(List<TabularRow> rows)
    {
        Assert.Equal([2, 3], rows.Select(r => r.Number));
        TabularFileXlsxTests.Cells(["0001", "张三", "520625100001"], rows[0].Values);
        Assert.All(rows, r => Assert.All(r.IsNumber, Assert.False));
        Assert.Equal("李四", rows[1].Values[1]);
    }

    [Fact]
    public void Utf8_without_and_with_bom()
    {
        using var dir = new TempDir();
        var plain = dir.File("plain.csv");
        File.WriteAllBytes(plain, Encoding.UTF8.GetBytes(Roster));
        AssertRoster(ReadAll(plain));

        var bom = dir.File("bom.csv");
        File.WriteAllBytes(bom, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Roster)]);
        AssertRoster(ReadAll(bom));
        AssertRoster(ReadAll(bom, new TabularOptions(Encoding: "utf-8")));
    }

    static string WriteGbk(TempDir dir, string name, string text)
    {
        var path = dir.File(name);
        Openpyxl.Run("""
            import sys
            with open(sys.argv[1], 'wb') as f:
                f.write(sys.argv[2].encode('gbk'))
            """, path, text);
        return path;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("gbk")]
    [InlineData("GBK")]
    [InlineData("gb18030")]
    [InlineData("cp936")]
    [InlineData("936")]
    public void Gbk_is_detected_or_taken_by_name(string? encoding)
    {
        using var dir = new TempDir();
        var path = WriteGbk(dir, "gbk.csv", Roster.Replace("\n", "\r\n"));
        Assert.NotEqual(Encoding.UTF8.GetBytes(Roster).Length, new FileInfo(path).Length);
        AssertRoster(ReadAll(path, new TabularOptions(Encoding: encoding)));
    }

    [Fact]
    public void Gbk_read_as_utf8_on_request_is_an_encoding_error()
    {
        using var dir = new TempDir();
        var path = WriteGbk(dir, "gbk.csv", Roster);
        var e = Assert.Throws<ImportFileException>(() =>
        {
            using var source = TabularFile.Open(path, new TabularOptions(Encoding: "utf-8"));
            source.Rows().ToList();
        });
        Assert.Equal("ENCODING", e.Code);
        Assert.Contains("utf-8", e.Message);
    }

    [Fact]
    public void Unknown_encoding_name_is_refused()
    {
        using var dir = new TempDir();
        var path = dir.File("a.csv");
        File.WriteAllText(path, Roster);
        var e = Assert.Throws<ImportFileException>(() => TabularFile.Open(path, new TabularOptions(Encoding: "big5x")));
        Assert.Equal("ENCODING", e.Code);
        Assert.Contains("gbk", e.Message);
    }

    [Fact]
    public void Quoted_field_over_several_lines_keeps_its_starting_line_and_blank_lines_are_skipped()
    {
        using var dir = new TempDir();
        var path = dir.File("multi.csv");
        File.WriteAllText(path,
            "户编号,户主姓名,地址\r\n" +
            "0001,张三,\"团山村3组\r\n12号\r\n（老屋）\"\r\n" +
            "\r\n" +
            ",,\r\n" +
            "0002,\"李\"\"四\",团山村\r\n" +
            "\r\n\r\n", new UTF8Encoding(false));
        using var source = TabularFile.Open(path, new TabularOptions());
        var rows = source.Rows().ToList();
        Assert.Equal([2, 7], rows.Select(r => r.Number));
        Assert.Equal("团山村3组\r\n12号\r\n（老屋）", rows[0].Values[2]);
        Assert.Equal("李\"四", rows[1].Values[1]);
    }

    [Theory]
    [InlineData('\t')]
    [InlineData(';')]
    public void Tab_and_semicolon_separated_files_are_recognised(char separator)
    {
        using var dir = new TempDir();
        var path = dir.File("sep.csv");
        // A comma inside a value must not sway the choice.
        File.WriteAllText(path, $"户编号{separator}户主姓名{separator}村代码\n0001{separator}张三,李四{separator}520625100001\n");
        using var source = TabularFile.Open(path, new TabularOptions());
        Assert.Equal(["户编号", "户主姓名", "村代码"], source.Headers);
        Assert.Equal("张三,李四", Assert.Single(source.Rows()).Values[1]);
    }

    [Fact]
    public void Title_line_above_the_header_and_short_records()
    {
        using var dir = new TempDir();
        var path = dir.File("title.csv");
        File.WriteAllText(path, "团山村住户花名册,,\n户编号,户主姓名,村代码\n0001,张三\n");
        using var source = TabularFile.Open(path, new TabularOptions());
        Assert.Equal(2, source.HeaderRowNumber);
        var row = Assert.Single(source.Rows());
        Assert.Equal(3, row.Number);
        TabularFileXlsxTests.Cells(["0001", "张三", null], row.Values);
    }

    [Fact]
    public void Empty_and_header_only_csv_are_empty()
    {
        using var dir = new TempDir();
        var empty = dir.File("empty.csv");
        File.WriteAllBytes(empty, []);
        Assert.Equal("FILE_EMPTY", Assert.Throws<ImportFileException>(() => TabularFile.Open(empty, new TabularOptions())).Code);

        var header = dir.File("header.csv");
        File.WriteAllText(header, "\uFEFF户编号,户主姓名\r\n\r\n");
        Assert.Equal("FILE_EMPTY", Assert.Throws<ImportFileException>(() => TabularFile.Open(header, new TabularOptions())).Code);
    }
}
