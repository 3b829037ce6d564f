using GridGov.Import.Files;
using GridGov.Testing;

namespace GridGov.Import.Tests.Files;

/// <summary>A workbook with a sheet per village (as an export of a township writes it) reads as one table; mixed sheets do not.</summary>
public class WorkbookSheetsTests
{
    [Fact]
    public void Sheets_with_one_header_are_read_one_after_another_numbered_as_one_table()
    {
        using var dir = new TempDir();
        var path = dir.File("township.xlsx");
        Openpyxl.Write(path, """
            ws.title = '一村'
            ws.append(['一村户名册'])
            ws.append(['户编号', '户主姓名', '村代码'])
            ws.append(['0001', '张三', '520625101001'])
            ws.append(['0002', '李四', '520625101001'])
            hidden = wb.create_sheet('字典')
            hidden.append(['代码'])
            hidden.append(['1'])
            hidden.sheet_state = 'hidden'
            ws2 = wb.create_sheet('二村')
            ws2.append(['二村户名册'])
            ws2.append(['户编号', '户主姓名', '村代码'])
            ws2.append(['0001', '王五', '520625101002'])
            """);
        using var source = TabularFile.Open(path, new TabularOptions());
        Assert.Equal(["户编号", "户主姓名", "村代码"], source.Headers);
        var rows = source.Rows().ToList();
        Assert.Equal(["张三", "李四", "王五"], rows.Select(r => r.Values[1]));
        // As if the second sheet's rows were pasted under the first's: the rows of the error workbook (--errors).
        Assert.Equal([3, 4, 5], rows.Select(r => r.Number));
        // A second pass reads the same rows (the import reads a file more than once).
        Assert.Equal(3, source.Rows().Count());
        // The error workbook is that one table: the second sheet's row is its row 5, with the message beside it.
        var errors = dir.File("errors.xlsx");
        Assert.Equal(1, ErrorWorkbookWriter.Write(path, new TabularOptions(),
            new Dictionary<int, IReadOnlyList<string>> { [5] = ["户主姓名有误"] }, errors));
        var dumped = Openpyxl.Run("""
            import sys
            from openpyxl import load_workbook
            ws = load_workbook(sys.argv[1]).worksheets[0]
            print('|'.join(str(ws.cell(row=5, column=c).value) for c in range(1, 5)))
            """, errors).Trim();
        Assert.Equal("0001|王五|520625101002|户主姓名有误", dumped);
        // --sheet still picks one.
        using var one = TabularFile.Open(path, new TabularOptions(Sheet: "二村"));
        Assert.Equal(["王五"], one.Rows().Select(r => r.Values[1]));
    }

    [Fact]
    public void Sheets_of_different_tables_leave_the_first_sheet_alone()
    {
        using var dir = new TempDir();
        var path = dir.File("mixed.xlsx");
        Openpyxl.Write(path, """
            ws.title = '户'
            ws.append(['户编号', '户主姓名'])
            ws.append(['0001', '张三'])
            ws2 = wb.create_sheet('党员')
            ws2.append(['姓名', '身份证号'])
            ws2.append(['李四', '522229197502021234'])
            """);
        using var source = TabularFile.Open(path, new TabularOptions());
        Assert.Equal(["户编号", "户主姓名"], source.Headers);
        Assert.Equal(["张三"], source.Rows().Select(r => r.Values[1]));
    }
}
