namespace GridGov.Import.Files;

/// <summary>
/// Every visible sheet of a workbook read as one table, sheet after sheet — what an export of a township or the county writes
/// (one sheet per village, each with its title row and the same header). Only when there are several sheets and every one has
/// the first one's header; otherwise the workbook is read as before (its first visible sheet, or the one --sheet names). Rows
/// are numbered as if the sheets were pasted one under another below the first sheet's header — the table the error
/// workbook (--errors) writes back, so an error's row number is that workbook's row; the village code column tells the
/// villages apart.
/// </summary>
internal sealed class WorkbookTabularSource : ITabularSource
{
    readonly string path;

    WorkbookTabularSource(string path, IReadOnlyList<string> headers, int headerRow) =>
        (this.path, Headers, HeaderRowNumber) = (path, headers, headerRow);

    public IReadOnlyList<string> Headers { get; }
    public int HeaderRowNumber { get; }

    /// <summary>The workbook as one table, or null when it has one sheet or sheets of different kinds (a roster and a flat table, notes…).</summary>
    public static ITabularSource? TryCreate(string path)
    {
        IReadOnlyList<string>? headers = null;
        var (headerRow, count) = (0, 0);
        try
        {
            foreach (var sheet in ExcelTabularSource.Sheets(path))
            {
                headers ??= sheet.Headers.ToList();
                if (count++ == 0) headerRow = sheet.HeaderRowNumber;
                else if (sheet.HeaderRowNumber != headerRow || !sheet.Headers.SequenceEqual(headers)) return null;
            }
        }
        catch (ImportFileException)
        {
            // A sheet without a header or without data: not a workbook of one table.
            return null;
        }
        return count > 1 ? new WorkbookTabularSource(path, headers!, headerRow) : null;
    }

    public IEnumerable<TabularRow> Rows()
    {
        var last = 0;
        foreach (var sheet in ExcelTabularSource.Sheets(path))
        {
            // The first sheet keeps Excel's numbers; a later sheet's rows follow on after the last row so far.
            var offset = last == 0 ? 0 : last - sheet.HeaderRowNumber;
            foreach (var row in sheet.Rows())
            {
                var numbered = offset == 0 ? row : row with { Number = row.Number + offset };
                last = Math.Max(last, numbered.Number);
                yield return numbered;
            }
            if (last == 0) last = sheet.HeaderRowNumber;
        }
    }

    public void Dispose() { }
}
