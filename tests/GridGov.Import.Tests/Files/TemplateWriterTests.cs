using GridGov.Testing;
using System.Text.Json;
using GridGov.Domain.Import;
using GridGov.Import.Files;

namespace GridGov.Import.Tests.Files;

/// <summary>Templates read back by openpyxl (an independent reader) and by our own <see cref="TabularFile"/>.</summary>
public class TemplateWriterTests
{
    public static TheoryData<ImportKind> Kinds => [.. TemplateWriter.TabularKinds];

    const string Inspect = """
        import sys, json
        from openpyxl import load_workbook
        wb = load_workbook(sys.argv[1])
        ws = wb.worksheets[0]
        out = {
            'sheets': wb.sheetnames,
            'freeze': ws.freeze_panes,
            'header': [c.value for c in ws[1]],
            'bold': [bool(c.font.b) for c in ws[1]],
            'example': [c.value for c in ws[2]],
            'exampleFormats': [c.number_format for c in ws[2]],
            'validations': [{'type': v.type, 'sqref': str(v.sqref), 'formula1': v.formula1} for v in ws.data_validations.dataValidation],
            'columnFormats': {k: d.number_format for k, d in ws.column_dimensions.items()},
            'widths': {k: d.width for k, d in ws.column_dimensions.items()},
            'notes': [[c for c in r] for r in wb['说明'].iter_rows(values_only=True)],
        }
        print(json.dumps(out, ensure_ascii=False))
        """;

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Openpyxl_sees_headers_examples_validations_and_text_columns(ImportKind kind)
    {
        using var dir = new TempDir();
        var path = dir.File($"{kind}.xlsx");
        using (var fs = File.Create(path))
            TemplateWriter.Write(kind, fs);

        using var json = JsonDocument.Parse(Openpyxl.Run(Inspect, path));
        var root = json.RootElement;
        var columns = ImportColumns.For(kind);

        Assert.Equal([TemplateWriter.SheetName(kind), "说明"], Strings(root.GetProperty("sheets")));
        Assert.Equal("A2", root.GetProperty("freeze").GetString());

        var header = Strings(root.GetProperty("header"));
        Assert.Equal(columns.Select(c => $"{c.Header}({c.Key}){(c.Required ? "*" : "")}"), header);
        Assert.Contains($"{columns[0].Header}({columns[0].Key})", header[0]);
        var bold = root.GetProperty("bold").EnumerateArray().Select(b => b.GetBoolean()).ToList();
        Assert.All(bold, Assert.True);

        // The example row: texts as text, numbers as numbers; openpyxl gives a number as int/float.
        var example = root.GetProperty("example").EnumerateArray().ToList();
        var formats = Strings(root.GetProperty("exampleFormats"));
        var columnFormats = root.GetProperty("columnFormats");
        for (int i = 0; i < columns.Count; i++)
        {
            var c = columns[i];
            var cell = example[i];
            if (c.Example.Length == 0)
                Assert.Equal(JsonValueKind.Null, cell.ValueKind);
            else if (cell.ValueKind == JsonValueKind.Number)
                Assert.Equal(double.Parse(c.Example, System.Globalization.CultureInfo.InvariantCulture), cell.GetDouble());
            else
                Assert.Equal(c.Example, cell.GetString());

            var letter = ((char)('A' + i)).ToString();
            if (TemplateWriter.IsTextColumn(c))
            {
                Assert.Equal(JsonValueKind.String, cell.ValueKind);
                Assert.Equal("@", formats[i]);
                Assert.Equal("@", columnFormats.GetProperty(letter).GetString());
            }
            Assert.True(root.GetProperty("widths").GetProperty(letter).GetDouble() >= 10);
        }
        // ID numbers, codes, phones and household numbers are among the text columns.
        foreach (var key in new[] { "householdNo", "headIdNumber", "idNumber", "memberIdNumber", "phone", "villageCode", "code", "parent", "branch" })
            if (columns.FirstOrDefault(c => c.Key == key) is { } col)
                Assert.True(TemplateWriter.IsTextColumn(col), key);

        // One list validation per enum column, over rows 2..10001, with exactly the choices.
        var validations = root.GetProperty("validations").EnumerateArray().ToList();
        var enums = columns.Select((c, i) => (c, i)).Where(x => x.c.Choices != null).ToList();
        Assert.Equal(enums.Count, validations.Count);
        foreach (var (c, i) in enums)
        {
            var letter = ((char)('A' + i)).ToString();
            var v = validations.Single(v => v.GetProperty("sqref").GetString() == $"{letter}2:{letter}10001");
            Assert.Equal("list", v.GetProperty("type").GetString());
            Assert.Equal($"\"{string.Join(",", c.Choices!)}\"", v.GetProperty("formula1").GetString());
        }

        // The 「说明」 sheet has a line per column.
        var notes = root.GetProperty("notes").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : null).ToList()).ToList();
        foreach (var c in columns)
        {
            var line = notes.Single(r => r.Count > 1 && r[1] == c.Key);
            Assert.Equal(c.Header, line[0]);
            Assert.StartsWith(c.Required ? "必填" : "选填", line[2]);
            Assert.False(string.IsNullOrEmpty(line[3]));
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Our_reader_maps_the_template_headers_and_reads_the_example(ImportKind kind)
    {
        using var dir = new TempDir();
        var path = dir.File($"{kind}.xlsx");
        using (var fs = File.Create(path))
            TemplateWriter.Write(kind, fs);

        using var source = TabularFile.Open(path, new TabularOptions());
        var map = HeaderMap.Build(kind, source.Headers);
        var columns = ImportColumns.For(kind);
        Assert.Empty(map.Unknown);
        Assert.Empty(map.MissingRequired);
        Assert.Empty(map.Duplicates);
        for (int i = 0; i < columns.Count; i++)
            Assert.Equal(i, map.IndexOf(columns[i].Key));

        var row = Assert.Single(source.Rows());
        Assert.Equal(2, row.Number);
        foreach (var c in columns)
        {
            var value = map.Get(row, c.Key);
            Assert.Equal(c.Example.Length == 0 ? null : c.Example, value);
            if (TemplateWriter.IsTextColumn(c))
                Assert.False(row.IsNumber[map.IndexOf(c.Key)!.Value]);
        }
    }

    [Fact]
    public void Non_tabular_kinds_have_no_template()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TemplateWriter.Write(ImportKind.Boundaries, new MemoryStream()));
    }

    static List<string?> Strings(JsonElement array) =>
        array.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Null ? null : e.GetString()).ToList();
}
