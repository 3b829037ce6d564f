using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace GridGov.Export.Writers;

/// <summary>The cell styles of <see cref="XlsxStyles"/>, by index.</summary>
internal enum XlsxStyle : uint { Default = 0, Title = 1, Header = 2, Text = 3, Integer = 4, Number = 5, Date = 6, Block = 7, Plain = 8 }

/// <summary>
/// One worksheet written forward with the SDK's <see cref="OpenXmlWriter"/> (SAX-style: nothing of the sheet is kept in
/// memory but the merges). Frozen rows and widths go before the data, merges after it, as the schema orders them.
/// </summary>
internal sealed class XlsxSheet : IDisposable
{
    private readonly OpenXmlWriter _w;
    private readonly Stream _entry;
    private readonly List<string> _merges = [];
    private uint _row;
    private bool _closed;

    public XlsxSheet(Stream entry, IReadOnlyList<double> widths, uint frozenRows)
    {
        _entry = entry;
        _w = OpenXmlWriter.Create(entry);
        _w.WriteStartElement(new Worksheet());
        var view = new SheetView { WorkbookViewId = 0 };
        if (frozenRows > 0)
            view.Append(new Pane
            {
                VerticalSplit = frozenRows, TopLeftCell = $"A{frozenRows + 1}", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen,
            });
        _w.WriteElement(new SheetViews(view));
        var cols = new Columns();
        for (var i = 0; i < widths.Count; i++)
            cols.Append(new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = widths[i], CustomWidth = true });
        _w.WriteElement(cols);
        _w.WriteStartElement(new SheetData());
    }

    public uint RowNumber => _row;

    /// <summary>A row of one text merged over <paramref name="span"/> columns (titles, block headers, signature lines).</summary>
    public void Banner(string text, int span, XlsxStyle style, double? height = null)
    {
        _row++;
        var row = new Row { RowIndex = _row };
        if (height is { } h) { row.Height = h; row.CustomHeight = true; }
        _w.WriteStartElement(row);
        WriteText(0, text, style);
        _w.WriteEndElement();
        if (span > 1) _merges.Add($"A{_row}:{ColumnName(span - 1)}{_row}");
    }

    public void Header(IEnumerable<string> headers)
    {
        _row++;
        _w.WriteStartElement(new Row { RowIndex = _row });
        var i = 0;
        foreach (var h in headers) WriteText(i++, h, XlsxStyle.Header);
        _w.WriteEndElement();
    }

    public void Values(IReadOnlyList<ExportColumn> columns, IReadOnlyList<object?> values)
    {
        _row++;
        _w.WriteStartElement(new Row { RowIndex = _row });
        for (var i = 0; i < columns.Count; i++)
        {
            // Excel keeps 15 significant digits of a number; a coordinate stored with 17 would change on the way back in.
            if (columns[i].Exact && values[i] is double d) WriteText(i, d.ToString("R", CultureInfo.InvariantCulture), XlsxStyle.Text);
            else WriteValue(i, columns[i].Type, values[i]);
        }
        _w.WriteEndElement();
    }

    public void Blank() => _row++;

    private void WriteValue(int col, ColumnType type, object? value)
    {
        switch (value)
        {
            case null:
                // An empty bordered cell keeps the form's grid.
                _w.WriteStartElement(CellTag, [new("r", "", Ref(col)), new("s", "", StyleText[(int)StyleOf(type)])]);
                _w.WriteEndElement();
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

    // Elements are written from reused empty prototypes with their attributes, not built as objects per cell: two million
    // cells of a county roster would otherwise be two million small DOM trees for the collector.
    private static readonly Cell CellTag = new();
    private static readonly InlineString InlineTag = new();
    private static readonly Text TextTag = new();
    private static readonly CellValue ValueTag = new();
    private static readonly OpenXmlAttribute[] Preserve = [new("xml", "space", "http://www.w3.org/XML/1998/namespace", "preserve")];
    private static readonly string[] StyleText = [.. Enumerable.Range(0, 16).Select(i => i.ToString(CultureInfo.InvariantCulture))];

    // Inline strings: no shared-string table to hold in memory while the sheet streams.
    private void WriteText(int col, string text, XlsxStyle style)
    {
        _w.WriteStartElement(CellTag, [new("r", "", Ref(col)), new("s", "", StyleText[(int)style]), new("t", "", "inlineStr")]);
        _w.WriteStartElement(InlineTag);
        _w.WriteStartElement(TextTag, Preserve);
        _w.WriteString(text);
        _w.WriteEndElement();
        _w.WriteEndElement();
        _w.WriteEndElement();
    }

    private void WriteNumber(int col, double value, XlsxStyle style)
    {
        _w.WriteStartElement(CellTag, [new("r", "", Ref(col)), new("s", "", StyleText[(int)style])]);
        _w.WriteStartElement(ValueTag);
        _w.WriteString(value.ToString("R", CultureInfo.InvariantCulture));
        _w.WriteEndElement();
        _w.WriteEndElement();
    }

    private string Ref(int col) => ColumnName(col) + _row.ToString(CultureInfo.InvariantCulture);

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
        _w.WriteEndElement(); // sheetData
        if (_merges.Count > 0) _w.WriteElement(new MergeCells(_merges.Select(m => new MergeCell { Reference = m })) { Count = (uint)_merges.Count });
        _w.WriteElement(new PageSetup { Orientation = OrientationValues.Landscape, FitToWidth = 1, FitToHeight = 0 });
        _w.WriteEndElement(); // worksheet
        _w.Close();
        _entry.Dispose(); // the zip takes the next entry only once this one is closed
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
