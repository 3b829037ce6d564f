using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace GridGov.Export.Writers;

/// <summary>The cell styles of <see cref="XlsxStyles"/>, by index.</summary>
internal enum XlsxStyle : uint { Default = 0, Title = 1, Header = 2, Text = 3, Integer = 4, Number = 5, Date = 6, Block = 7, Plain = 8 }

/// <summary>
/// One worksheet written forward as SpreadsheetML text straight into its zip entry: nothing of the sheet is kept in memory but
/// the merges. (The SDK's OpenXmlWriter did the same at a fifth of the speed — two million cells of a county roster are two
/// million element writes.) Frozen rows and widths go before the data, merges and page setup after it, as the schema orders them.
/// </summary>
internal sealed class XlsxSheet : IDisposable
{
    private readonly StreamWriter _w;
    private readonly List<string> _merges = [];
    private uint _row;
    private bool _closed;

    public XlsxSheet(Stream entry, IReadOnlyList<double> widths, uint frozenRows)
    {
        _w = new StreamWriter(entry, new UTF8Encoding(false), 1 << 16);
        _w.Write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n");
        _w.Write("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetViews><sheetView workbookViewId=\"0\">");
        if (frozenRows > 0)
            _w.Write($"<pane ySplit=\"{frozenRows}\" topLeftCell=\"A{frozenRows + 1}\" activePane=\"bottomLeft\" state=\"frozen\"/>");
        _w.Write("</sheetView></sheetViews><cols>");
        for (var i = 0; i < widths.Count; i++)
            _w.Write($"<col min=\"{i + 1}\" max=\"{i + 1}\" width=\"{widths[i].ToString(CultureInfo.InvariantCulture)}\" customWidth=\"1\"/>");
        _w.Write("</cols><sheetData>");
    }

    public uint RowNumber => _row;

    /// <summary>A row of one text merged over <paramref name="span"/> columns (titles, block headers, signature lines).</summary>
    public void Banner(string text, int span, XlsxStyle style, double? height = null)
    {
        StartRow(height);
        WriteText(0, text, style);
        _w.Write("</row>");
        if (span > 1) _merges.Add($"A{_row}:{ColumnName(span - 1)}{_row}");
    }

    public void Header(IEnumerable<string> headers)
    {
        StartRow(null);
        var i = 0;
        foreach (var h in headers) WriteText(i++, h, XlsxStyle.Header);
        _w.Write("</row>");
    }

    public void Values(IReadOnlyList<ExportColumn> columns, IReadOnlyList<object?> values)
    {
        StartRow(null);
        for (var i = 0; i < columns.Count; i++)
        {
            // Excel keeps 15 significant digits of a number; a coordinate stored with 17 would change on the way back in.
            if (columns[i].Exact && values[i] is double d) WriteText(i, d.ToString("R", CultureInfo.InvariantCulture), XlsxStyle.Text);
            else WriteValue(i, columns[i].Type, values[i]);
        }
        _w.Write("</row>");
    }

    public void Blank() => _row++;

    private void StartRow(double? height)
    {
        _row++;
        _w.Write("<row r=\"");
        _w.Write(_row);
        if (height is { } h) _w.Write($"\" ht=\"{h.ToString(CultureInfo.InvariantCulture)}\" customHeight=\"1");
        _w.Write("\">");
    }

    private void WriteValue(int col, ColumnType type, object? value)
    {
        switch (value)
        {
            case null:
                // An empty bordered cell keeps the form's grid.
                StartCell(col, StyleOf(type));
                _w.Write("/>");
                break;
            case string s:
                WriteText(col, s, StyleOf(type));
                break;
            case DateOnly d:
                WriteNumber(col, d.ToDateTime(TimeOnly.MinValue).ToOADate(), XlsxStyle.Date);
                break;
            case int n:
                WriteNumber(col, n, XlsxStyle.Integer);
                break;
            case long n:
                WriteNumber(col, n, XlsxStyle.Integer);
                break;
            case double d:
                WriteNumber(col, d, type == ColumnType.Integer ? XlsxStyle.Integer : XlsxStyle.Number);
                break;
            default:
                WriteText(col, Convert.ToString(value, CultureInfo.InvariantCulture) ?? "", StyleOf(type));
                break;
        }
    }

    private static XlsxStyle StyleOf(ColumnType t) => t switch
    {
        ColumnType.Integer => XlsxStyle.Integer, ColumnType.Number => XlsxStyle.Number, ColumnType.Date => XlsxStyle.Date, _ => XlsxStyle.Text,
    };

    private void StartCell(int col, XlsxStyle style)
    {
        _w.Write("<c r=\"");
        _w.Write(ColumnName(col));
        _w.Write(_row);
        _w.Write("\" s=\"");
        _w.Write((int)style);
        _w.Write('"');
    }

    // Inline strings: no shared-string table to hold in memory while the sheet streams.
    private void WriteText(int col, string text, XlsxStyle style)
    {
        StartCell(col, style);
        _w.Write(" t=\"inlineStr\"><is><t xml:space=\"preserve\">");
        foreach (var ch in text)
        {
            switch (ch)
            {
                case '&': _w.Write("&amp;"); break;
                case '<': _w.Write("&lt;"); break;
                case '>': _w.Write("&gt;"); break;
                // Control characters are not allowed in XML 1.0; a stray one in a name must not break the workbook.
                case < ' ' and not ('\t' or '\n' or '\r'): break;
                default: _w.Write(ch); break;
            }
        }
        _w.Write("</t></is></c>");
    }

    private void WriteNumber(int col, double value, XlsxStyle style)
    {
        StartCell(col, style);
        _w.Write("><v>");
        _w.Write(value.ToString("R", CultureInfo.InvariantCulture));
        _w.Write("</v></c>");
    }

    public static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26) name = (char)('A' + (n - 1) % 26) + name;
        return name;
    }

    public void Dispose()
    {
        if (_closed) return;
        _closed = true;
        _w.Write("</sheetData>");
        if (_merges.Count > 0)
        {
            _w.Write($"<mergeCells count=\"{_merges.Count}\">");
            foreach (var m in _merges) _w.Write($"<mergeCell ref=\"{m}\"/>");
            _w.Write("</mergeCells>");
        }
        _w.Write("<pageSetup orientation=\"landscape\" fitToWidth=\"1\" fitToHeight=\"0\"/></worksheet>");
        _w.Dispose(); // closes the entry: the zip takes the next one only then
    }
}

/// <summary>Fonts, borders and number formats of a government form: bold title and header, thin borders, text-typed IDs, dates.</summary>
internal static class XlsxStyles
{
    public static Stylesheet Create()
    {
        const uint dateFormat = 164;
        var fonts = new Fonts(
            new Font(new FontSize { Val = 11 }, new FontName { Val = "宋体" }),
            new Font(new Bold(), new FontSize { Val = 16 }, new FontName { Val = "宋体" }),
            new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "宋体" }));
        var fills = new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
            new Fill(new PatternFill(new ForegroundColor { Rgb = "FFD9E1F2" }) { PatternType = PatternValues.Solid }));
        var thin = new Border(
            new LeftBorder { Style = BorderStyleValues.Thin }, new RightBorder { Style = BorderStyleValues.Thin },
            new TopBorder { Style = BorderStyleValues.Thin }, new BottomBorder { Style = BorderStyleValues.Thin }, new DiagonalBorder());
        var borders = new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()), thin);
        CellFormat F(uint numFmt, uint font, uint fill, uint border, HorizontalAlignmentValues? h = null, bool wrap = false) =>
            new(new Alignment { Horizontal = h, Vertical = VerticalAlignmentValues.Center, WrapText = wrap })
            {
                NumberFormatId = numFmt, FontId = font, FillId = fill, BorderId = border,
                ApplyNumberFormat = numFmt != 0, ApplyFont = font != 0, ApplyFill = fill != 0, ApplyBorder = border != 0, ApplyAlignment = true,
            };
        var formats = new CellFormats(
            new CellFormat(),                                             // Default
            F(0, 1, 0, 0, HorizontalAlignmentValues.Center),              // Title
            F(49, 2, 2, 1, HorizontalAlignmentValues.Center, wrap: true), // Header
            F(49, 0, 0, 1),                                               // Text: format "@" keeps 18-digit IDs and codes as text
            F(1, 0, 0, 1),                                                // Integer "0"
            F(0, 0, 0, 1),                                                // Number (General: every digit of a coordinate)
            F(dateFormat, 0, 0, 1, HorizontalAlignmentValues.Center),     // Date
            F(49, 2, 0, 0, HorizontalAlignmentValues.Left),               // Block header
            F(49, 0, 0, 0, HorizontalAlignmentValues.Left));              // Plain (signature lines)
        return new Stylesheet(
            new NumberingFormats(new NumberingFormat { NumberFormatId = dateFormat, FormatCode = "yyyy-mm-dd" }) { Count = 1 },
            fonts, fills, borders,
            new CellStyleFormats(new CellFormat()),
            formats,
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }));
    }
}
