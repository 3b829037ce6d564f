using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace GridGov.Export.Writers;

/// <summary>
/// Spreadsheets like the county's own forms: a title row 「团山村户名册（2026年11月）」, a bold frozen header, widths, IDs and
/// codes as text, dates as dates; one sheet per village when the area is larger than a village. Written with
/// DocumentFormat.OpenXml's forward-only <see cref="OpenXmlWriter"/>: rows stream from the database into the zip entry, so
/// memory stays flat (docs/exports.md says why this and not MiniExcel or ClosedXML).
/// </summary>
internal static class XlsxWriter
{
    public static async Task<int> WriteAsync(string path, ExportSource source, Func<IAsyncEnumerable<ExportRow>> rows, ExportContext context,
        string areaName, bool perVillage, CancellationToken ct)
    {
        using var doc = SpreadsheetDocument.Create(path, SpreadsheetDocumentType.Workbook);
        var book = doc.AddWorkbookPart();
        book.AddNewPart<WorkbookStylesPart>().Stylesheet = XlsxStyles.Create();
        var sheets = new List<(string Name, string PartId)>();
        var names = new HashSet<string>();
        var columns = source.Columns(context);
        int count;
        if (source is Kinds.LinkExport)
        {
            count = await LinkRoster.WriteAsync(book, sheets, names, rows(), context, areaName, perVillage, ct);
            // The same links as a flat table with the import's columns, so the roster goes back in (--sheet 联系户).
            await Table(book, sheets, names, source, columns, rows(), context, areaName, perVillage: false, sheetName: LinkRoster.FlatSheet, ct);
        }
        else count = await Table(book, sheets, names, source, columns, rows(), context, areaName, perVillage, sheetName: null, ct);

        book.Workbook = new Workbook(new Sheets(sheets.Select((s, i) => new Sheet { Name = s.Name, SheetId = (uint)i + 1, Id = s.PartId })));
        book.Workbook.Save();
        return count;
    }

    private static async Task<int> Table(WorkbookPart book, List<(string, string)> sheets, HashSet<string> names, ExportSource source,
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
            var part = book.AddNewPart<WorksheetPart>();
            sheets.Add((UniqueName(names, name), book.GetIdOfPart(part)));
            var s = new XlsxSheet(part, widths, frozenRows: 2);
            s.Banner(Title(titleName, source.TitleWord, context.Month), columns.Count, XlsxStyle.Title, height: 30);
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
