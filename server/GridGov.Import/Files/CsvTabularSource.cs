using System.Text;
using CsvHelper;

namespace GridGov.Import.Files;

/// <summary>
/// A CSV (or tab/semicolon separated text) read with CsvHelper. Encoding: the one asked for, else a BOM,
/// else UTF-8 when the whole file is valid UTF-8, else GB18030 (a superset of GBK, what Excel on Chinese
/// Windows writes). Row numbers are the line where each record starts (header line = 1), so a quoted
/// field spanning lines keeps its record's first line.
/// </summary>
internal static class CsvTabularSource
{
    public static ITabularSource Open(string path, TabularOptions options)
    {
        var fileName = Path.GetFileName(path);
        var encoding = options.Encoding != null ? TabularFile.ResolveEncoding(options.Encoding) : Detect(path);
        var separator = DetectSeparator(path, encoding);
        string? asked = options.Encoding;
        return StreamedTabularSource.Create(() => new CsvCursor(path, encoding, separator, asked), [], fileName);
    }

    /// <summary>BOM, then strict UTF-8 over the whole file (streamed), else GB18030.</summary>
    internal static Encoding Detect(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var buffer = new byte[1 << 16];
        int n = fs.ReadAtLeast(buffer, 3, throwOnEndOfStream: false);
        var head = buffer.AsSpan(0, n);
        if (head.StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }))
            return new UTF8Encoding(false, true);
        if (head.StartsWith(new byte[] { 0xFF, 0xFE }))
            return new UnicodeEncoding(false, true, true);
        if (head.StartsWith(new byte[] { 0xFE, 0xFF }))
            return new UnicodeEncoding(true, true, true);

        var decoder = new UTF8Encoding(false, true).GetDecoder();
        var chars = new char[buffer.Length + 4];
        try
        {
            while (n > 0)
            {
                decoder.GetChars(buffer, 0, n, chars, 0, flush: false);
                n = fs.Read(buffer, 0, buffer.Length);
            }
            decoder.GetChars(buffer, 0, 0, chars, 0, flush: true);
            return new UTF8Encoding(false, true);
        }
        catch (DecoderFallbackException)
        {
            return TabularFile.Gb18030Strict();
        }
    }

    /// <summary>Comma, unless the first lines clearly use tabs or semicolons more (counted outside quotes).</summary>
    internal static char DetectSeparator(string path, Encoding encoding)
    {
        var lenient = Encoding.GetEncoding(encoding.CodePage);
        using var sr = new StreamReader(path, lenient, detectEncodingFromByteOrderMarks: true);
        int comma = 0, tab = 0, semicolon = 0;
        for (int lines = 0; lines < 10 && sr.ReadLine() is { } line;)
        {
            if (line.Trim().Length == 0)
                continue;
            lines++;
            int c = 0, t = 0, s = 0;
            bool quoted = false;
            foreach (var ch in line)
            {
                if (ch == '"')
                    quoted = !quoted;
                else if (!quoted)
                {
                    if (ch == ',') c++;
                    else if (ch == '\t') t++;
                    else if (ch == ';') s++;
                }
            }
            (comma, tab, semicolon) = (Math.Max(comma, c), Math.Max(tab, t), Math.Max(semicolon, s));
        }
        if (tab > comma && tab >= semicolon)
            return '\t';
        if (semicolon > comma)
            return ';';
        return ',';
    }

    sealed class CsvCursor : RowCursor
    {
        readonly StreamReader text;
        readonly CsvReader reader;
        readonly string? asked;
        readonly string fileName;
        int lastLine;
        bool disposed;

        public CsvCursor(string path, Encoding encoding, char separator, string? asked)
        {
            this.asked = asked;
            fileName = Path.GetFileName(path);
            text = new StreamReader(path, encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
            reader = CsvReader.Create(text, CsvReaderOptions.Default with
            {
                Separator = separator,
                HasHeader = false,
                TrackLineNumbers = true,
                AllowLineBreaksInQuotes = true,
                DetectSeparatorHint = false,
            }, leaveOpen: false);
        }

        public override RawRow? Next()
        {
            try
            {
                if (!reader.Read())
                    return null;
            }
            catch (Exception e) when (IsDecoding(e))
            {
                throw new ImportFileException("ENCODING", asked != null
                    ? $"文件「{fileName}」第 {lastLine + 1} 行附近的内容不是「{asked}」编码。请确认文件的编码，或不写 --encoding 让系统自动识别。"
                    : $"文件「{fileName}」第 {lastLine + 1} 行附近的内容既不是 UTF-8 也不是 GBK/GB18030 编码。请在 Excel 中打开后「另存为」「CSV UTF-8（逗号分隔）」或 Excel 工作簿（.xlsx）再导入。", e);
            }
            catch (Exception e) when (e is not ImportFileException)
            {
                throw new ImportFileException("FILE_FORMAT",
                    $"文件「{fileName}」第 {lastLine + 1} 行附近的 CSV 格式有误（常见原因：引号没有成对）。请用 Excel 打开检查后重新保存。", e);
            }
            lastLine = (int)reader.LineNumber;
            int width = Math.Min(reader.FieldCount, Width);
            var values = new string?[width];
            for (int c = 0; c < width; c++)
                values[c] = reader.GetString(c);
            return new RawRow(lastLine, values, new bool[width]);
        }

        static bool IsDecoding(Exception? e)
        {
            for (; e != null; e = e.InnerException)
                if (e is DecoderFallbackException)
                    return true;
            return false;
        }

        public override void Dispose()
        {
            if (disposed)
                return;
            disposed = true;
            reader.Dispose();
            text.Dispose();
        }
    }
}
