// The blank workbook a county fills in. Written with DocumentFormat.OpenXml (pinned 3.3.0) rather than
// MiniExcel: MiniExcel 1.x writes values but has no API for data validation (the drop-down lists),
// per-column number formats (ID numbers as Text), frozen panes or per-cell fonts, all of which this
// template needs; the file is small, so the SDK's in-memory DOM costs nothing.
using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using GridGov.Domain.Import;

namespace GridGov.Import.Files;

/// <summary>Writes the .xlsx template of a tabular kind: headers, an example row, drop-downs, a 「说明」 sheet.</summary>
public static class TemplateWriter
{
    /// <summary>Rows (after the header) that get the drop-down lists.</summary>
    public const int ValidatedRows = 10000;

    public static readonly IReadOnlyList<ImportKind> TabularKinds =
        [ImportKind.Areas, ImportKind.Households, ImportKind.Members, ImportKind.Ties, ImportKind.Links, ImportKind.Cadres];

    /// <summary>The sheet name (Chinese) of a kind's template.</summary>
    public static string SheetName(ImportKind kind) => kind switch
    {
        ImportKind.Areas => "行政区划",
        ImportKind.Households => "户",
        ImportKind.Members => "党员",
        ImportKind.Ties => "关系",
        ImportKind.Links => "联系户",
        ImportKind.Cadres => "驻村干部",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only tabular kinds have a spreadsheet template."),
    };

    /// <summary>The header a template writes: 「户编号(householdNo)」, with 「*」 after a required one.</summary>
    public static string TemplateHeader(ImportColumn column) =>
        $"{column.Header}({column.Key}){(column.Required ? "*" : "")}";

    /// <summary>Columns Excel must keep as text: ID numbers, codes, phones, household numbers (leading zeros, 18 digits).</summary>
    public static bool IsTextColumn(ImportColumn column) =>
        column.Key.EndsWith("IdNumber", StringComparison.OrdinalIgnoreCase)
        || column.Key.EndsWith("Code", StringComparison.OrdinalIgnoreCase)
        || column.Key.EndsWith("No", StringComparison.Ordinal)
        || column.Key is "code" or "parent" or "phone" or "branch";

    static bool IsNumberColumn(ImportColumn column) => column.Key is "size" or "capacity" or "lon" or "lat" or "x" or "y";

    // Style indexes in the stylesheet below.
    const uint StyleHeader = 1, StyleHeaderRequired = 2, StyleText = 3, StyleWrap = 4, StyleTitle = 5;

    public static void Write(ImportKind kind, Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var sheetName = SheetName(kind);
        var columns = ImportColumns.For(kind);

        // The package needs a seekable stream; the file is small.
        using var buffer = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var wbPart = doc.AddWorkbookPart();
            wbPart.Workbook = new Workbook();
            var styles = wbPart.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Stylesheet();

            var dataPart = wbPart.AddNewPart<WorksheetPart>();
            dataPart.Worksheet = DataSheet(columns);
            var notesPart = wbPart.AddNewPart<WorksheetPart>();
            notesPart.Worksheet = NotesSheet(kind, columns);

            wbPart.Workbook.AppendChild(new Sheets(
                new Sheet { Id = wbPart.GetIdOfPart(dataPart), SheetId = 1, Name = sheetName },
                new Sheet { Id = wbPart.GetIdOfPart(notesPart), SheetId = 2, Name = "说明" }));
        }
        buffer.Position = 0;
        buffer.CopyTo(output);
    }

    static Worksheet DataSheet(IReadOnlyList<ImportColumn> columns)
    {
        var cols = new Columns();
        for (int i = 0; i < columns.Count; i++)
        {
            var c = columns[i];
            double width = Math.Clamp(Xlsx.DisplayWidth(TemplateHeader(c)) + 3, 10, 40);
            if (c.Key.EndsWith("IdNumber", StringComparison.OrdinalIgnoreCase))
                width = Math.Max(width, 22);
            var col = new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = width, CustomWidth = true };
            if (IsTextColumn(c))
                col.Style = StyleText;
            cols.Append(col);
        }

        var header = new Row { RowIndex = 1 };
        var example = new Row { RowIndex = 2 };
        for (int i = 0; i < columns.Count; i++)
        {
            var c = columns[i];
            var letter = Xlsx.ColumnLetter(i);
            header.Append(TextCell($"{letter}1", TemplateHeader(c), c.Required ? StyleHeaderRequired : StyleHeader));
            if (c.Example.Length == 0)
                continue;
            if (IsNumberColumn(c) && double.TryParse(c.Example, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                example.Append(new Cell { CellReference = $"{letter}2", DataType = CellValues.Number, CellValue = new CellValue(c.Example) });
            else
                example.Append(TextCell($"{letter}2", c.Example, IsTextColumn(c) ? StyleText : 0));
        }

        var sheet = new Worksheet(
            new SheetViews(new SheetView(
                new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
                new Selection { Pane = PaneValues.BottomLeft, ActiveCell = "A2", SequenceOfReferences = new ListValue<StringValue> { InnerText = "A2" } })
            { WorkbookViewId = 0 }),
            new SheetFormatProperties { DefaultRowHeight = 15 },
            cols,
            new SheetData(header, example));

        var validations = new DataValidations();
        for (int i = 0; i < columns.Count; i++)
        {
            var c = columns[i];
            if (c.Choices is not { Count: > 0 } choices)
                continue;
            var letter = Xlsx.ColumnLetter(i);
            var list = string.Join("、", choices);
            validations.Append(new DataValidation
            {
                Type = DataValidationValues.List,
                AllowBlank = true,
                ShowErrorMessage = true,
                ShowInputMessage = true,
                ErrorTitle = "填写有误",
                Error = $"「{c.Header}」只能填：{list}",
                PromptTitle = c.Header,
                Prompt = $"请从下拉列表中选择：{list}",
                SequenceOfReferences = new ListValue<StringValue> { InnerText = $"{letter}2:{letter}{ValidatedRows + 1}" },
                Formula1 = new Formula1($"\"{string.Join(",", choices)}\""),
            });
        }
        if (validations.HasChildren)
        {
            validations.Count = (uint)validations.ChildElements.Count;
            sheet.Append(validations);
        }
        sheet.Append(new PageMargins { Left = 0.7, Right = 0.7, Top = 0.75, Bottom = 0.75, Header = 0.3, Footer = 0.3 });
        return sheet;
    }

    static Worksheet NotesSheet(ImportKind kind, IReadOnlyList<ImportColumn> columns)
    {
        var rows = new List<Row>();
        uint r = 1;
        Row Line(uint style, params string[] texts)
        {
            var row = new Row { RowIndex = r };
            for (int i = 0; i < texts.Length; i++)
                if (texts[i].Length > 0)
                    row.Append(TextCell($"{Xlsx.ColumnLetter(i)}{r}", texts[i], style));
            r++;
            rows.Add(row);
            return row;
        }

        Line(StyleTitle, $"「{SheetName(kind)}」导入模板填写说明");
        Line(StyleWrap, "1. 在第一个工作表中从第 2 行起逐行填写，第 2 行是示例，导入前请删除或改成真实数据。");
        Line(StyleWrap, "2. 带「*」的列必须填写；列名可以只写中文（如「户编号」），不要改动、合并或删除表头。");
        Line(StyleWrap, "3. 身份证号、区划代码、电话、户编号等列已设为「文本」格式，请直接输入，不要让 Excel 转成数字（否则会丢失开头的 0 或身份证号的末尾几位）。");
        Line(StyleWrap, "4. 有下拉列表的列只能从列表中选择。日期请写成 2024-01-01 的形式。");
        r++;
        Line(StyleHeader, "列名", "英文名", "是否必填", "说明", "可选值", "示例");
        foreach (var c in columns)
            Line(StyleWrap, c.Header, c.Key, Requirement(c, columns), Explain(c), c.Choices is { } ch ? string.Join("、", ch) : "", c.Example);

        return new Worksheet(
            new Columns(
                new Column { Min = 1, Max = 1, Width = 16, CustomWidth = true },
                new Column { Min = 2, Max = 2, Width = 16, CustomWidth = true },
                new Column { Min = 3, Max = 3, Width = 18, CustomWidth = true },
                new Column { Min = 4, Max = 4, Width = 60, CustomWidth = true },
                new Column { Min = 5, Max = 5, Width = 30, CustomWidth = true },
                new Column { Min = 6, Max = 6, Width = 22, CustomWidth = true }),
            new SheetData(rows));
    }

    static string Requirement(ImportColumn c, IReadOnlyList<ImportColumn> columns)
    {
        var other = c.OrKey == null ? null : columns.FirstOrDefault(o => o.Key == c.OrKey);
        if (other != null)
            return c.Required ? $"必填（或填「{other.Header}」）" : $"选填（未填「{other.Header}」时必填）";
        return c.Required ? "必填" : "选填";
    }

    static string Explain(ImportColumn c)
    {
        var parts = new List<string>();
        parts.Add(c.Key switch
        {
            "code" => "12 位统计用区划代码",
            "parent" => "上级区划的 12 位代码（县、乡镇可不填）",
            "villageCode" => "所在村（社区）的 12 位统计用区划代码",
            "villageName" => "所在村（社区）的名称",
            "householdNo" => "户在本村内的编号，同一村内不能重复",
            "headIdNumber" or "idNumber" or "memberIdNumber" => "18 位公民身份号码，末位可以是 X",
            "phone" => "手机号或固定电话",
            "size" or "capacity" => "整数",
            "lon" or "lat" => "经纬度（度，小数），与 X/Y 填一种即可",
            "x" or "y" => "投影坐标（米），与经纬度填一种即可",
            "birthDate" or "joinedOn" or "startDate" => "日期，如 2024-01-01",
            "branch" => "所在党支部（按示例填写）",
            "kind" => "党员与这户的关系类别",
            "cadreKind" => "驻村干部的类别；第一书记同一时间只驻一个村，包村干部可同时包几个村",
            "rank" => "干部职级",
            "endDate" => "驻村的最后一天，如 2025-12-31；仍在驻村的不填",
            _ => c.Header,
        });
        if (IsTextColumn(c))
            parts.Add("按文本填写");
        if (c.Aliases.Length > 0)
            parts.Add($"表头也可写作：{string.Join("、", c.Aliases.Select(a => $"「{a}」"))}");
        return string.Join("；", parts);
    }

    static Cell TextCell(string reference, string text, uint style) => new()
    {
        CellReference = reference,
        DataType = CellValues.InlineString,
        InlineString = new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve }),
        StyleIndex = style == 0 ? null : style,
    };

    static Stylesheet Stylesheet() => new(
        new Fonts(
            new Font(new FontSize { Val = 11 }, new FontName { Val = "宋体" }),
            new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "宋体" }),
            new Font(new Bold(), new FontSize { Val = 11 }, new Color { Rgb = "FFC00000" }, new FontName { Val = "宋体" }),
            new Font(new Bold(), new FontSize { Val = 14 }, new FontName { Val = "宋体" }))
        { Count = 4 },
        new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
            new Fill(new PatternFill(new ForegroundColor { Rgb = "FFDDEBF7" }, new BackgroundColor { Indexed = 64 }) { PatternType = PatternValues.Solid }))
        { Count = 3 },
        new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1 },
        new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
        new CellFormats(
            new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0 },
            new CellFormat(new Alignment { Horizontal = HorizontalAlignmentValues.Center, Vertical = VerticalAlignmentValues.Center, WrapText = true })
            { NumberFormatId = 49, FontId = 1, FillId = 2, BorderId = 0, FormatId = 0, ApplyFont = true, ApplyFill = true, ApplyNumberFormat = true, ApplyAlignment = true },
            new CellFormat(new Alignment { Horizontal = HorizontalAlignmentValues.Center, Vertical = VerticalAlignmentValues.Center, WrapText = true })
            { NumberFormatId = 49, FontId = 2, FillId = 2, BorderId = 0, FormatId = 0, ApplyFont = true, ApplyFill = true, ApplyNumberFormat = true, ApplyAlignment = true },
            new CellFormat { NumberFormatId = 49, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true },
            new CellFormat(new Alignment { Vertical = VerticalAlignmentValues.Top, WrapText = true })
            { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyAlignment = true },
            new CellFormat { NumberFormatId = 0, FontId = 3, FillId = 0, BorderId = 0, FormatId = 0, ApplyFont = true })
        { Count = 6 },
        new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
}

/// <summary>Small helpers shared by the xlsx writers.</summary>
internal static class Xlsx
{
    /// <summary>0 → A, 25 → Z, 26 → AA.</summary>
    public static string ColumnLetter(int index)
    {
        var s = "";
        for (int n = index + 1; n > 0; n = (n - 1) / 26)
            s = (char)('A' + (n - 1) % 26) + s;
        return s;
    }

    /// <summary>Width in Excel character units: CJK and full-width characters take two.</summary>
    public static double DisplayWidth(string text) =>
        text.Sum(ch => ch >= 0x2E80 ? 2.0 : 1.0);
}
