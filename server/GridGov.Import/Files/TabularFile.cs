// Reading a county's rosters: CSV through CsvHelper 34, XLSX (and old .xls) through ExcelDataReader 3.6.0.
//
// Why ExcelDataReader and not MiniExcel for reading: it streams the sheet XML row by row like MiniExcel,
// but also gives what the import needs and MiniExcel's Query does not expose directly: each row in
// sheet order with gaps filled (so row numbers are Excel's own), the cell's type as stored (a number
// typed into a text-formatted cell stays a string; a number stays a double), dates already recognised
// from the cell's number format, the cached value of formula cells, the sheet's merged ranges (for
// title rows and two-row headers), sheet names and visibility, and the old binary .xls format at no
// extra cost (village clerks still save .xls from WPS and old Excel). Shared strings are held in
// memory by both libraries; rows are not.
using System.Text;

namespace GridGov.Import.Files;

/// <summary>Opens a CSV or Excel file as an <see cref="ITabularSource"/>, whatever its extension says.</summary>
public static class TabularFile
{
    static TabularFile() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>
    /// Opens <paramref name="path"/>: the header row is found (see <see cref="HeaderLocator"/>) and at least one
    /// data row must follow. Throws <see cref="ImportFileException"/> (FILE_NOT_FOUND, FILE_FORMAT, FILE_EMPTY,
    /// SHEET_NOT_FOUND, ENCODING).
    /// </summary>
    public static ITabularSource Open(string path, TabularOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= new TabularOptions();
        if (!File.Exists(path))
            throw new ImportFileException("FILE_NOT_FOUND", $"找不到文件：{path}");

        var kind = Sniff(path);
        return kind switch
        {
            FileKind.Excel => ExcelTabularSource.Open(path, options),
            FileKind.Text => CsvTabularSource.Open(path, options),
            _ => throw new ImportFileException("FILE_FORMAT",
                $"无法识别文件「{Path.GetFileName(path)}」的格式：它不是 Excel 表格（.xlsx/.xls），也不是 CSV 文本。请在 Excel 中打开后「另存为」Excel 工作簿（.xlsx）再导入。"),
        };
    }

    internal enum FileKind { Excel, Text, Unknown }

    /// <summary>By content first (a renamed file is common), the extension only to refuse binary junk named .xlsx.</summary>
    internal static FileKind Sniff(string path)
    {
        var head = new byte[4096];
        int n;
        using (var fs = File.OpenRead(path))
            n = fs.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var span = head.AsSpan(0, n);
        // ZIP (xlsx) and OLE2 compound file (xls, or an encrypted xlsx).
        if (span.StartsWith("PK\u0003\u0004"u8) || span.StartsWith(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }))
            return FileKind.Excel;
        var ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext is ".xlsx" or ".xlsm" or ".xls" or ".et" && n > 0)
            return FileKind.Unknown;
        // UTF-16 text (Excel's "Unicode 文本") has NULs; other binary junk too.
        bool utf16 = span.StartsWith(new byte[] { 0xFF, 0xFE }) || span.StartsWith(new byte[] { 0xFE, 0xFF });
        if (!utf16 && span.IndexOf((byte)0) >= 0)
            return FileKind.Unknown;
        return FileKind.Text;
    }

    /// <summary>An encoding name as people write it (--encoding), strict: bytes it cannot decode throw.</summary>
    internal static Encoding ResolveEncoding(string name)
    {
        var key = name.Trim().ToLowerInvariant().Replace("_", "-");
        Encoding? enc = key switch
        {
            "utf-8" or "utf8" or "65001" or "utf-8-bom" or "utf-8-sig" => new UTF8Encoding(false, true),
            "gbk" or "cp936" or "936" or "gb2312" or "windows-936" or "ms936" =>
                Encoding.GetEncoding(936, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback),
            "gb18030" or "54936" =>
                Encoding.GetEncoding(54936, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback),
            "utf-16" or "utf-16le" or "unicode" => new UnicodeEncoding(false, true, true),
            "utf-16be" => new UnicodeEncoding(true, true, true),
            _ => null,
        };
        return enc ?? throw new ImportFileException("ENCODING",
            $"不认识的编码「{name}」。可用的编码有：utf-8、gbk（即 cp936、936）、gb18030。");
    }

    internal static Encoding Gb18030Strict() =>
        Encoding.GetEncoding(54936, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
}
