namespace GridGov.Import.Files;

/// <summary>
/// Every visible sheet of a workbook read as one table, sheet after sheet — what an export of a township or the county writes
/// (one sheet per village, each with its title row and the same header). Only when there are several sheets and every one has
/// the first one's header; otherwise the workbook is read as before (its first visible sheet, or the one --sheet names). Row
/// numbers stay each sheet's own, as Excel shows them; the village code column tells the sheets apart.
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
        foreach (var sheet in ExcelTabularSource.Sheets(path))
            foreach (var row in sheet.Rows())
                yield return row;
    }

    public void Dispose() { }
}
