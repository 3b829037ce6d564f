namespace GridGov.Export.Writers;

/// <summary>
/// Spreadsheets like the county's own forms: a title row 「团山村户名册（2026年11月）」, a bold frozen header, widths, IDs and
/// codes as text, dates as dates; one sheet per village when the area is larger than a village. Written with
/// DocumentFormat.OpenXml's forward-only OpenXmlWriter into a zip entry (<see cref="XlsxPackage"/>): rows stream from the database to disk, so
/// memory stays flat (docs/exports.md says why this and not MiniExcel or ClosedXML).
/// </summary>
internal static class XlsxWriter
{
    public static async Task<int> WriteAsync(string path, ExportSource source, Func<IAsyncEnumerable<ExportRow>> rows, ExportContext context,
        string areaName, bool perVillage, CancellationToken ct)
    {
        using var book = new XlsxPackage(path);
        var columns = source.Columns(context);
        int count;
        if (source is Kinds.LinkExport)
        {
            count = await LinkRoster.WriteAsync(book, rows(), context, areaName, perVillage, ct);
            // The same links as a flat table with the import's columns, so the roster goes back in (--sheet 联系户).
            await Table(book, source, columns, rows(), context, areaName, perVillage: false, sheetName: LinkRoster.FlatSheet, ct);
        }
        else count = await Table(book, source, columns, rows(), context, areaName, perVillage, sheetName: null, ct);
        return count;
    }

    private static async Task<int> Table(XlsxPackage book, ExportSource source,
        IReadOnlyList<ExportColumn> columns, IAsyncEnumerable<ExportRow> rows, ExportContext context, string areaName, bool perVillage,
        string? sheetName, CancellationToken ct)
    {
        var widths = columns.Select(c => c.Width).ToArray();
        XlsxSheet? sheet = null;
        string? village = null;
        var count = 0;
        try
        {
            await foreach (var row in rows.WithCancellation(ct))
            {
                if (sheet is null || (perVillage && row.VillageCode != village))
                {
                    sheet?.Dispose();
                    village = row.VillageCode;
                    sheet = Start(perVillage ? row.VillageName : areaName, sheetName ?? (perVillage ? row.VillageName : areaName));
                }
                sheet.Values(columns, row.Values);
                count++;
            }
            sheet ??= Start(areaName, sheetName ?? areaName);
        }
        finally { sheet?.Dispose(); }
        return count;

        XlsxSheet Start(string titleName, string name)
        {
            var s = book.AddSheet(name, widths, frozenRows: 2);
            s.Banner($"{titleName}{source.TitleWord}（{source.Period(context.Month)}）", columns.Count, XlsxStyle.Title, height: 30);
            s.Header(columns.Select(c => c.Header));
            return s;
        }
    }

    public static string Title(string areaName, string word, DateOnly month) => $"{areaName}{word}（{month.Year}年{month.Month}月）";

    /// <summary>Excel's rules: at most 31 characters, none of []:*?/\, unique ignoring case.</summary>
    internal static string UniqueName(HashSet<string> taken, string name)
    {
        var clean = new string(name.Where(ch => "[]:*?/\\".IndexOf(ch) < 0).ToArray()).Trim('\'');
        if (clean.Length == 0) clean = "Sheet";
        if (clean.Length > 31) clean = clean[..31];
        var candidate = clean;
        for (var i = 2; !taken.Add(candidate.ToUpperInvariant()); i++)
        {
            var suffix = $"({i})";
            candidate = (clean.Length + suffix.Length > 31 ? clean[..(31 - suffix.Length)] : clean) + suffix;
        }
        return candidate;
    }
}
