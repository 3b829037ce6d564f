// The file handed back to the clerk: their rows as they sent them, with a 「错误」 column saying what is
// wrong. Written as raw SpreadsheetML through ZipArchive in create mode and an XmlWriter, not with the
// OpenXML SDK or MiniExcel: the SDK's package opens read-write and keeps every part in memory until it
// is saved, and MiniExcel 1.x cannot colour single rows. This way a million-row input streams through
// in constant memory (the zip entry is compressed as it is written), and the output stream need not seek.
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace GridGov.Import.Files;

/// <summary>Writes an .xlsx copy of an imported file with the reasons each row was refused.</summary>
public static class ErrorWorkbookWriter
{
    public const string ErrorHeader = "错误";
    const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const string RelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    // Style indexes (styles.xml below).
    const int StyleHeader = 1, StyleErrorHeader = 2, StyleErrorRow = 3, StyleErrorText = 4;

    /// <summary>
    /// Copies the rows of <paramref name="sourcePath"/> (read with <see cref="TabularFile"/>, so the same header
    /// and rows the import saw) to <paramref name="output"/> as text, each at its original row number, adding a
    /// last column 「错误」 with the messages of that row joined by 「；」, and colouring rows that have any.
    /// Messages for the header's row number go on the header row, right of 「错误」; messages for row numbers the file does
    /// not have (blank rows, title rows) are not written. Returns how many rows got messages.
    /// </summary>
    public static int Write(string sourcePath, TabularOptions options,
        IReadOnlyDictionary<int, IReadOnlyList<string>> messagesByRow, Stream output)
    {
        ArgumentNullException.ThrowIfNull(messagesByRow);
        ArgumentNullException.ThrowIfNull(output);
        using var source = TabularFile.Open(sourcePath, options);
        return Write(source, messagesByRow, output);
    }

    /// <summary>As the other overload, to a file.</summary>
    public static int Write(string sourcePath, TabularOptions options,
        IReadOnlyDictionary<int, IReadOnlyList<string>> messagesByRow, string outputPath)
    {
        using var output = new FileStream(outputPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        return Write(sourcePath, options, messagesByRow, output);
    }

    /// <summary>From an open source (its <see cref="ITabularSource.Rows"/> is read once more).</summary>
    public static int Write(ITabularSource source, IReadOnlyDictionary<int, IReadOnlyList<string>> messagesByRow, Stream output)
    {
        var headers = source.Headers;
        int errorCol = headers.Count;
        int headerRow = Math.Max(1, source.HeaderRowNumber);
        int marked = 0;

        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8);
        Entry(zip, "[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>
            """);
        Entry(zip, "_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """);
        Entry(zip, "xl/workbook.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="错误标注" sheetId="1" r:id="rId1"/></sheets></workbook>
            """);
        Entry(zip, "xl/_rels/workbook.xml.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>
            """);
        Entry(zip, "xl/styles.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="3"><font><sz val="11"/><name val="宋体"/></font><font><b/><sz val="11"/><name val="宋体"/></font><font><b/><sz val="11"/><color rgb="FF9C0006"/><name val="宋体"/></font></fonts><fills count="4"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/></patternFill></fill><fill><patternFill patternType="solid"><fgColor rgb="FFFFC7CE"/><bgColor indexed="64"/></patternFill></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="5"><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="49" fontId="1" fillId="2" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1" applyFill="1"/><xf numFmtId="49" fontId="2" fillId="3" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1" applyFill="1"/><xf numFmtId="49" fontId="0" fillId="3" borderId="0" xfId="0" applyNumberFormat="1" applyFill="1"/><xf numFmtId="49" fontId="2" fillId="3" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1" applyFill="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>
            """);

        var entry = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest);
        using (var stream = entry.Open())
        using (var xml = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), CheckCharacters = false }))
        {
            xml.WriteStartDocument(true);
            xml.WriteStartElement("worksheet", Main);
            xml.WriteAttributeString("xmlns", "r", null, RelNs);

            // Header frozen so the clerk keeps the column names in view.
            xml.WriteStartElement("sheetViews", Main);
            xml.WriteStartElement("sheetView", Main);
            xml.WriteAttributeString("workbookViewId", "0");
            xml.WriteStartElement("pane", Main);
            xml.WriteAttributeString("ySplit", headerRow.ToString(System.Globalization.CultureInfo.InvariantCulture));
            xml.WriteAttributeString("topLeftCell", $"A{headerRow + 1}");
            xml.WriteAttributeString("activePane", "bottomLeft");
            xml.WriteAttributeString("state", "frozen");
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndElement();

            xml.WriteStartElement("cols", Main);
            for (int c = 0; c <= errorCol; c++)
            {
                double width = c == errorCol ? 60 : Math.Clamp(Xlsx.DisplayWidth(headers[c]) + 4, 10, 40);
                xml.WriteStartElement("col", Main);
                xml.WriteAttributeString("min", (c + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                xml.WriteAttributeString("max", (c + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                xml.WriteAttributeString("width", width.ToString(System.Globalization.CultureInfo.InvariantCulture));
                xml.WriteAttributeString("customWidth", "1");
                xml.WriteEndElement();
            }
            xml.WriteEndElement();

            xml.WriteStartElement("sheetData", Main);
            messagesByRow.TryGetValue(headerRow, out var headerMessages);
            WriteRow(xml, headerRow, headers, StyleHeader, ErrorHeader, StyleErrorHeader, errorCol, Joined(headerMessages));
            if (headerMessages is { Count: > 0 })
                marked++;

            foreach (var row in source.Rows())
            {
                messagesByRow.TryGetValue(row.Number, out var messages);
                var joined = Joined(messages);
                if (joined != null)
                    marked++;
                WriteRow(xml, row.Number, row.Values, joined != null ? StyleErrorRow : 0, joined, StyleErrorText, errorCol);
            }
            xml.WriteEndElement(); // sheetData

            xml.WriteStartElement("pageMargins", Main);
            foreach (var (name, value) in new[] { ("left", "0.7"), ("right", "0.7"), ("top", "0.75"), ("bottom", "0.75"), ("header", "0.3"), ("footer", "0.3") })
                xml.WriteAttributeString(name, value);
            xml.WriteEndElement();
            xml.WriteEndElement(); // worksheet
        }
        return marked;
    }

    static string? Joined(IReadOnlyList<string>? messages) =>
        messages is { Count: > 0 } ? string.Join("；", messages.Where(m => !string.IsNullOrWhiteSpace(m)).Select(m => m.Trim())) : null;

    /// <param name="beside">Text for the cell right of 「错误」 (the header row's own messages).</param>
    static void WriteRow(XmlWriter xml, int number, IReadOnlyList<string?> values, int style, string? error, int errorStyle, int errorCol, string? beside = null)
    {
        var n = number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        xml.WriteStartElement("row", Main);
        xml.WriteAttributeString("r", n);
        for (int c = 0; c < values.Count && c < errorCol; c++)
        {
            // Empty cells of a marked row still get the fill, so the whole row shows.
            if (string.IsNullOrEmpty(values[c]) && style == 0)
                continue;
            TextCell(xml, $"{Xlsx.ColumnLetter(c)}{n}", values[c] ?? "", style);
        }
        if (style != 0)
            for (int c = values.Count; c < errorCol; c++)
                TextCell(xml, $"{Xlsx.ColumnLetter(c)}{n}", "", style);
        if (error != null)
            TextCell(xml, $"{Xlsx.ColumnLetter(errorCol)}{n}", error, errorStyle);
        if (beside != null)
            TextCell(xml, $"{Xlsx.ColumnLetter(errorCol + 1)}{n}", beside, StyleErrorText);
        xml.WriteEndElement();
    }

    static void TextCell(XmlWriter xml, string reference, string text, int style)
    {
        xml.WriteStartElement("c", Main);
        xml.WriteAttributeString("r", reference);
        if (style != 0)
            xml.WriteAttributeString("s", style.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (text.Length == 0)
        {
            xml.WriteEndElement();
            return;
        }
        xml.WriteAttributeString("t", "inlineStr");
        xml.WriteStartElement("is", Main);
        xml.WriteStartElement("t", Main);
        xml.WriteAttributeString("xml", "space", null, "preserve");
        xml.WriteString(XmlSafe(text));
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    /// <summary>Control characters (other than tab and line breaks) and lone surrogates cannot be in XML.</summary>
    static string XmlSafe(string text)
    {
        bool clean = true;
        foreach (var ch in text)
            if ((ch < 0x20 && ch is not ('\t' or '\n' or '\r')) || char.IsSurrogate(ch) || ch is '\uFFFE' or '\uFFFF')
            {
                clean = false;
                break;
            }
        if (clean)
            return text;
        var sb = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char ch = text[i];
            if (char.IsHighSurrogate(ch) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(ch).Append(text[++i]);
                continue;
            }
            if ((ch < 0x20 && ch is not ('\t' or '\n' or '\r')) || char.IsSurrogate(ch) || ch is '\uFFFE' or '\uFFFF')
                continue;
            sb.Append(ch);
        }
        return sb.ToString();
    }

    static void Entry(ZipArchive zip, string name, string content)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
        using var stream = entry.Open();
        var bytes = new UTF8Encoding(false).GetBytes(content.Trim());
        stream.Write(bytes);
    }
}
