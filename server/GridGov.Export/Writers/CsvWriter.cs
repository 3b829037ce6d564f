using System.Globalization;
using System.Text;

namespace GridGov.Export.Writers;

/// <summary>
/// CSV with the Chinese headers (the import template's): UTF-8 with a BOM, which Excel on Chinese Windows opens correctly,
/// or GBK on request. No title row: a CSV is for machines and for re-import. IDs stay text (quoted as written).
/// </summary>
internal static class CsvWriter
{
    static CsvWriter() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding EncodingFor(bool gbk) => gbk ? Encoding.GetEncoding("GBK") : new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

    public static async Task<int> WriteAsync(string path, IReadOnlyList<ExportColumn> columns, IAsyncEnumerable<ExportRow> rows, bool gbk,
        CancellationToken ct)
    {
        await using var w = new StreamWriter(path, append: false, EncodingFor(gbk), bufferSize: 1 << 16) { NewLine = "\r\n" };
        await w.WriteLineAsync(string.Join(",", columns.Select(c => Quote(c.Header))));
        var count = 0;
        var line = new StringBuilder();
        await foreach (var row in rows.WithCancellation(ct))
        {
            line.Clear();
            for (var i = 0; i < columns.Count; i++)
            {
                if (i > 0) line.Append(',');
                line.Append(Quote(Format(row.Values[i])));
            }
            await w.WriteLineAsync(line, ct);
            count++;
        }
        return count;
    }

    public static string Format(object? v) => v switch
    {
        null => "",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    private static string Quote(string s) =>
        s.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
