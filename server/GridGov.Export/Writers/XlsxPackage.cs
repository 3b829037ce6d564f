using System.IO.Compression;
using System.Security;
using System.Text;

namespace GridGov.Export.Writers;

/// <summary>
/// The .xlsx container written as a plain zip in create mode: each worksheet streams into its own entry and is closed before
/// the next begins. (The SDK's SpreadsheetDocument opens a file read-write, where the zip keeps every entry in memory until the
/// end — 326 MB for the county's households; on a write-only stream it refuses to work.) The small parts — content types,
/// relationships, workbook, styles — are written at the end, when the sheet names are known.
/// </summary>
internal sealed class XlsxPackage : IDisposable
{
    private readonly ZipArchive _zip;
    private readonly List<string> _sheets = [];
    private readonly HashSet<string> _names = [];

    public XlsxPackage(string path) =>
        _zip = new ZipArchive(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16), ZipArchiveMode.Create);

    public XlsxSheet AddSheet(string name, IReadOnlyList<double> widths, uint frozenRows)
    {
        _sheets.Add(XlsxWriter.UniqueName(_names, name));
        var entry = _zip.CreateEntry($"xl/worksheets/sheet{_sheets.Count}.xml", CompressionLevel.Fastest);
        return new XlsxSheet(entry.Open(), widths, frozenRows);
    }

    private void Part(string name, string xml)
    {
        using var w = new StreamWriter(_zip.CreateEntry(name, CompressionLevel.Fastest).Open(), new UTF8Encoding(false));
        w.Write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n");
        w.Write(xml);
    }

    public void Dispose()
    {
        const string main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        const string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        var sheets = Enumerable.Range(1, _sheets.Count).ToList();
        Part("[Content_Types].xml",
            "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" +
            "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>" +
            "<Default Extension=\"xml\" ContentType=\"application/xml\"/>" +
            "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>" +
            "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>" +
            string.Concat(sheets.Select(i =>
                $"<Override PartName=\"/xl/worksheets/sheet{i}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>")) +
            "</Types>");
        Part("_rels/.rels",
            "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
            $"<Relationship Id=\"rId1\" Type=\"{rel}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
        Part("xl/_rels/workbook.xml.rels",
            "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
            string.Concat(sheets.Select(i => $"<Relationship Id=\"rId{i}\" Type=\"{rel}/worksheet\" Target=\"worksheets/sheet{i}.xml\"/>")) +
            $"<Relationship Id=\"rId{sheets.Count + 1}\" Type=\"{rel}/styles\" Target=\"styles.xml\"/></Relationships>");
        Part("xl/workbook.xml",
            $"<workbook xmlns=\"{main}\" xmlns:r=\"{rel}\"><sheets>" +
            string.Concat(sheets.Select(i => $"<sheet name=\"{SecurityElement.Escape(_sheets[i - 1])}\" sheetId=\"{i}\" r:id=\"rId{i}\"/>")) +
            "</sheets></workbook>");
        Part("xl/styles.xml", XlsxStyles.Create().OuterXml);
        _zip.Dispose();
    }
}
