namespace GridGov.Import.Files;

/// <summary>How to open a spreadsheet or CSV: the sheet (XLSX; first when null) and the encoding (CSV; detected when null).</summary>
public sealed record TabularOptions(string? Sheet = null, string? Encoding = null);

/// <summary>
/// One data row as the spreadsheet shows it. <see cref="Number"/> is the row number a person sees
/// in Excel (header = 1 unless the header sits lower). <see cref="Values"/> line up with
/// <see cref="ITabularSource.Headers"/>; null or "" for an empty cell. <see cref="IsNumber"/> marks
/// cells that were stored as numbers (so an ID number typed as a number can be told apart).
/// </summary>
public sealed record TabularRow(int Number, string?[] Values, bool[] IsNumber);

/// <summary>A CSV or XLSX file read row by row (streamed: a million-row file never sits in memory).</summary>
public interface ITabularSource : IDisposable
{
    /// <summary>The header texts as in the file, trimmed (merged header cells repeated or joined).</summary>
    IReadOnlyList<string> Headers { get; }
    /// <summary>The row number (as in <see cref="TabularRow.Number"/>) of the header's last row: 1 unless a title sits above it or the header has two rows.</summary>
    int HeaderRowNumber => 1;
    /// <summary>Data rows in file order; blank rows are skipped (trailing blank rows never appear).</summary>
    IEnumerable<TabularRow> Rows();
}
