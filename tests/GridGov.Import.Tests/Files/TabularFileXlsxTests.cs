using GridGov.Testing;
using GridGov.Domain.Import;
using GridGov.Import.Files;

namespace GridGov.Import.Tests.Files;

/// <summary>XLSX files written by openpyxl (an independent writer), read by <see cref="TabularFile"/>.</summary>
public class TabularFileXlsxTests
{
    static List<TabularRow> ReadAll(string path, TabularOptions? options = null)
    {
        using var source = TabularFile.Open(path, options ?? new TabularOptions());
        return source.Rows().ToList();
    }

    internal static void Cells(string?[] expected, string?[] actual) =>
        Assert.Equal(expected.AsEnumerable(), actual.AsEnumerable());

    [Fact]
    public void Title_row_and_two_row_merged_header_are_found()
    {
        using var dir = new TempDir();
        var path = dir.File("roster.xlsx");
        Openpyxl.Write(path, """
            ws['A1'] = '团山村住户花名册'
            ws.merge_cells('A1:E1')
            ws['A2'] = '户编号'
            ws.merge_cells('A2:A3')
            ws['B2'] = '户主信息'
            ws.merge_cells('B2:C2')
            ws['B3'] = '户主姓名'
            ws['C3'] = '户主身份证号'
            ws['D2'] = '村民小组'
            ws.merge_cells('D2:D3')
            ws['E2'] = '人口数'
            ws.merge_cells('E2:E3')
            for c, v in enumerate(['0001', '张三', '522229198001011234', '3组', 4], start=1):
                ws.cell(row=4, column=c, value=v)
            for c, v in enumerate(['0002', '李四', '52222919800101123X', None, 3], start=1):
                ws.cell(row=6, column=c, value=v)
            # trailing rows that only carry formatting, as Excel leaves them
            for r in range(7, 12):
                ws.cell(row=r, column=1).font = Font(bold=True)
            """);

        using var source = TabularFile.Open(path, new TabularOptions());
        Assert.Equal(["户编号", "户主姓名", "户主身份证号", "村民小组", "人口数"], source.Headers);
        Assert.Equal(3, source.HeaderRowNumber);
        var rows = source.Rows().ToList();
        Assert.Equal([4, 6], rows.Select(r => r.Number));
        Cells(["0001", "张三", "522229198001011234", "3组", "4"], rows[0].Values);
        Assert.Equal([false, false, false, false, true], rows[0].IsNumber);
        Assert.Null(rows[1].Values[3]);
        Assert.Equal("52222919800101123X", rows[1].Values[2]);

        // Rows() can be read again (the file is reopened).
        Assert.Equal(2, source.Rows().Count());

        var map = HeaderMap.Build(ImportKind.Households, source.Headers);
        Assert.Equal(0, map.IndexOf("householdNo"));
        Assert.Equal(2, map.IndexOf("headIdNumber"));
        Assert.Equal(4, map.IndexOf("size"));
        Assert.Equal(["villageCode"], map.MissingRequired.Select(c => c.Key));
    }

    [Fact]
    public void Group_header_over_lower_headers_uses_the_lower_text()
    {
        using var dir = new TempDir();
        var path = dir.File("members.xlsx");
        Openpyxl.Write(path, """
            ws['A1'] = '基本信息'
            ws.merge_cells('A1:C1')
            ws['D1'] = '组织信息'
            ws.merge_cells('D1:E1')
            for c, v in enumerate(['姓名', '身份证号', '性别', '所在支部', '入党日期'], start=1):
                ws.cell(row=2, column=c, value=v)
            for c, v in enumerate(['李四', '522229197502021234', '男', '520625100001', datetime.date(2001, 7, 1)], start=1):
                ws.cell(row=3, column=c, value=v)
            """);

        using var source = TabularFile.Open(path, new TabularOptions());
        Assert.Equal(["姓名", "身份证号", "性别", "所在支部", "入党日期"], source.Headers);
        var row = Assert.Single(source.Rows());
        Assert.Equal(3, row.Number);
        Assert.Equal("2001-07-01", row.Values[4]);
        Assert.False(row.IsNumber[4]);
    }

    [Fact]
    public void Numbers_text_dates_and_formulas_read_as_excel_shows_them()
    {
        using var dir = new TempDir();
        var path = dir.File("values.xlsx");
        Openpyxl.Write(path, """
            ws.append(['区划代码', '名称', '身份证号', '经度', '出生日期', '登记时间', '合计', '备注'])
            ws.append([520625100001, '峨岭街道', 522229198001011234, 108.40512, datetime.date(1975, 2, 2), datetime.datetime(2024, 1, 1, 8, 30), '=3+4', None])
            ws.append(['520625100002', '团山村', '522229198001011234', '108.5', None, None, None, '  有空格  '])
            ws['A3'].number_format = '@'
            ws['C3'].number_format = '@'
            ws['E2'].number_format = 'yyyy/m/d'
            ws.cell(row=4, column=1, value=1e-3)
            ws.cell(row=4, column=2, value=True)
            ws.cell(row=4, column=3, value=123456789012345)
            ws.cell(row=4, column=4, value=-0.5)
            """);
        // openpyxl writes no cached value for a formula; Excel would: put one in as Excel does.
        Openpyxl.Run("""
            import sys, zipfile
            p = sys.argv[1]
            with zipfile.ZipFile(p) as z:
                items = [(i, z.read(i.filename)) for i in z.infolist()]
            with zipfile.ZipFile(p, 'w', zipfile.ZIP_DEFLATED) as z:
                for info, data in items:
                    if info.filename == 'xl/worksheets/sheet1.xml':
                        assert b'<f>3+4</f><v></v>' in data, data
                        data = data.replace(b'<f>3+4</f><v></v>', b'<f>3+4</f><v>7</v>')
                    z.writestr(info, data)
            """, path);

        var rows = ReadAll(path);
        Assert.Equal([2, 3, 4], rows.Select(r => r.Number));

        var numbers = rows[0];
        Assert.Equal("520625100001", numbers.Values[0]);
        Assert.True(numbers.IsNumber[0]);
        // An 18-digit ID typed as a number: Excel keeps 15 digits. Read as Excel shows it, flagged as a number,
        // so the pipeline can refuse it.
        Assert.Equal("522229198001011000", numbers.Values[2]);
        Assert.True(numbers.IsNumber[2]);
        Assert.Equal("108.40512", numbers.Values[3]);
        Assert.Equal("1975-02-02", numbers.Values[4]);
        Assert.False(numbers.IsNumber[4]);
        Assert.Equal("2024-01-01 08:30:00", numbers.Values[5]);
        Assert.Equal("7", numbers.Values[6]);
        Assert.Null(numbers.Values[7]);

        var texts = rows[1];
        Cells(["520625100002", "团山村", "522229198001011234", "108.5", null, null, null, "有空格"], texts.Values);
        Assert.All(texts.IsNumber, Assert.False);

        Cells(["0.001", "TRUE", "123456789012345", "-0.5", null, null, null, null], rows[2].Values);
    }

    [Fact]
    public void Vertically_merged_data_cells_repeat_their_value()
    {
        using var dir = new TempDir();
        var path = dir.File("groups.xlsx");
        Openpyxl.Write(path, """
            ws.append(['村民小组', '户编号', '户主姓名'])
            ws.append(['1组', '0001', '张三'])
            ws.append([None, '0002', '李四'])
            ws.append([None, '0003', '王五'])
            ws.merge_cells('A2:A4')
            """);
        Assert.Equal(["1组", "1组", "1组"], ReadAll(path).Select(r => r.Values[0]));
    }

    [Fact]
    public void Sheet_is_chosen_by_name_and_an_unknown_one_is_refused_with_the_list()
    {
        using var dir = new TempDir();
        var path = dir.File("two.xlsx");
        Openpyxl.Write(path, """
            ws.title = '说明'
            ws['A1'] = '本表由组织部下发'
            ws2 = wb.create_sheet('党员')
            ws2.append(['姓名', '身份证号'])
            ws2.append(['李四', '522229197502021234'])
            ws2.append(['王五', '522229197502021235'])
            """);

        var rows = ReadAll(path, new TabularOptions(Sheet: "党员"));
        Assert.Equal(["李四", "王五"], rows.Select(r => r.Values[0]));

        var e = Assert.Throws<ImportFileException>(() => TabularFile.Open(path, new TabularOptions(Sheet: "户")));
        Assert.Equal("SHEET_NOT_FOUND", e.Code);
        Assert.Contains("「说明」", e.Message);
        Assert.Contains("「党员」", e.Message);

        // Without a sheet name the first sheet is read: a lone title there is no table.
        var empty = Assert.Throws<ImportFileException>(() => TabularFile.Open(path, new TabularOptions()));
        Assert.Equal("FILE_EMPTY", empty.Code);
    }

    [Fact]
    public void Hidden_first_sheet_is_passed_over()
    {
        using var dir = new TempDir();
        var path = dir.File("hidden.xlsx");
        Openpyxl.Write(path, """
            ws.title = '字典'
            ws.append(['代码', '名称'])
            ws.append(['1', '一'])
            ws.sheet_state = 'hidden'
            ws2 = wb.create_sheet('户')
            ws2.append(['户编号', '户主姓名'])
            ws2.append(['0001', '张三'])
            wb.active = 1
            """);
        using var source = TabularFile.Open(path, new TabularOptions());
        Assert.Equal(["户编号", "户主姓名"], source.Headers);
    }

    [Theory]
    [InlineData("old.xls", "garbage")]
    [InlineData("roster.xlsx", "garbage")]
    [InlineData("roster.xlsx", "zip")]
    [InlineData("old.xls", "ole")]
    [InlineData("data.csv", "binary")]
    public void Files_that_are_not_spreadsheets_are_refused(string name, string content)
    {
        using var dir = new TempDir();
        var path = dir.File(name);
        switch (content)
        {
            case "garbage":
                File.WriteAllText(path, "这不是表格 just text");
                break;
            case "zip":
                Openpyxl.Run("""
                    import sys, zipfile
                    with zipfile.ZipFile(sys.argv[1], 'w') as z:
                        z.writestr('readme.txt', 'not a workbook')
                    """, path);
                break;
            case "ole":
                File.WriteAllBytes(path, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[600]]);
                break;
            case "binary":
                File.WriteAllBytes(path, [0x00, 0x01, 0x02, 0xFF, 0x00, 0x41]);
                break;
        }
        var e = Assert.Throws<ImportFileException>(() => TabularFile.Open(path, new TabularOptions()));
        Assert.Equal("FILE_FORMAT", e.Code);
        Assert.Contains(".xlsx", e.Message);
    }

    [Fact]
    public void Empty_workbook_and_header_only_workbook_are_empty()
    {
        using var dir = new TempDir();
        var blank = dir.File("blank.xlsx");
        Openpyxl.Write(blank, "pass");
        Assert.Equal("FILE_EMPTY", Assert.Throws<ImportFileException>(() => TabularFile.Open(blank, new TabularOptions())).Code);

        var headerOnly = dir.File("header.xlsx");
        Openpyxl.Write(headerOnly, """
            ws.append(['户编号', '户主姓名', '村代码'])
            ws.cell(row=20, column=1).font = Font(bold=True)
            """);
        var e = Assert.Throws<ImportFileException>(() => TabularFile.Open(headerOnly, new TabularOptions()));
        Assert.Equal("FILE_EMPTY", e.Code);
        Assert.Contains("没有数据行", e.Message);
    }

    [Fact]
    public void Missing_file_is_reported()
    {
        var e = Assert.Throws<ImportFileException>(() => TabularFile.Open("/nonexistent/户.xlsx", new TabularOptions()));
        Assert.Equal("FILE_NOT_FOUND", e.Code);
    }

    [Fact]
    public void Data_far_below_a_long_title_block_is_found()
    {
        using var dir = new TempDir();
        var path = dir.File("late.xlsx");
        Openpyxl.Write(path, """
            ws['A1'] = '花名册'
            ws['A2'] = '制表单位：团山村'
            ws['D2'] = '制表日期：2024年5月'
            ws.append(['户编号', '户主姓名', '村代码', '人口数', '地址'])
            for i in range(1, 101):
                ws.cell(row=100 + i, column=1, value='%04d' % i)
                ws.cell(row=100 + i, column=2, value='户主%d' % i)
            """);
        using var source = TabularFile.Open(path, new TabularOptions());
        Assert.Equal(3, source.HeaderRowNumber);
        var rows = source.Rows().ToList();
        Assert.Equal(100, rows.Count);
        Assert.Equal(101, rows[0].Number);
        Assert.Equal("0100", rows[^1].Values[0]);
    }
}
