using System.Globalization;
using System.Text;
using ExcelDataReader;

namespace GridGov.Import.Files;

/// <summary>An .xlsx (or .xls) sheet read row by row with ExcelDataReader (why: see TabularFile.cs).</summary>
internal static class ExcelTabularSource
{
    public static ITabularSource Open(string path, TabularOptions options)
    {
        // A workbook of a township or the county has one sheet per village with the same header: read them all, in order.
        if (options.Sheet is null && WorkbookTabularSource.TryCreate(path) is { } all)
            return all;
        return OpenSheet(path, options);
    }

    /// <summary>
    /// Each visible sheet of the workbook in order, as a table over one shared reader (one pass over the file, whatever the
    /// number of sheets): a sheet's rows must be read before the next is asked for.
    /// </summary>
    internal static IEnumerable<ITabularSource> Sheets(string path)
    {
        var fileName = Path.GetFileName(path);
        using var cursor = ExcelCursor.Create(path);
        do
        {
            if (!cursor.Visible) continue;
            var merges = cursor.Merges();
            cursor.StartSheet(merges);
            using var sheet = StreamedTabularSource.Create(() => new BorrowedCursor(cursor), merges, fileName);
            yield return sheet;
        } while (cursor.NextSheet());
    }

    /// <summary>The shared reader, positioned at one sheet; disposing it leaves the reader to its owner.</summary>
    sealed class BorrowedCursor(ExcelCursor inner) : RowCursor
    {
        public override RawRow? Next()
        {
            inner.Width = Width;
            return inner.Next();
        }

        public override void Dispose() { }
    }

    static ITabularSource OpenSheet(string path, TabularOptions options)
    {
        var fileName = Path.GetFileName(path);
        // Which sheet (by its position) and its merged ranges are learnt once; reopening goes straight there.
        int sheetIndex = -1;
        IReadOnlyList<MergedRange> merges = [];
        RowCursor Open()
        {
            var cursor = ExcelCursor.Create(path);
            try
            {
                if (sheetIndex < 0)
                {
                    sheetIndex = cursor.SelectSheet(options.Sheet, fileName);
                    merges = cursor.Merges();
                }
                else
                    cursor.SkipSheets(sheetIndex);
                cursor.StartFilling(merges);
                return cursor;
            }
            catch
            {
                cursor.Dispose();
                throw;
            }
        }
        // The first cursor (which chose the sheet) is handed to Create; later calls reopen.
        RowCursor? spare = Open();
        return StreamedTabularSource.Create(() =>
        {
            var c = spare ?? Open();
            spare = null;
            return c;
        }, merges, fileName);
    }

    internal static string FormatNumber(double d)
    {
        if (double.IsNaN(d) || double.IsInfinity(d))
            return d.ToString(CultureInfo.InvariantCulture);
        // Excel keeps and shows 15 significant digits: an 18-digit ID typed as a number reads as
        // Excel shows it (last digits 0), so the pipeline can see it was damaged and refuse it.
        var g = d.ToString("G15", CultureInfo.InvariantCulture);
        if (Math.Abs(d) < 7.9e27 && decimal.TryParse(g, NumberStyles.Float, CultureInfo.InvariantCulture, out var m))
            return m.ToString(CultureInfo.InvariantCulture);
        return g;
    }

    internal static (string? Text, bool IsNumber) Cell(object? value) => value switch
    {
        null => (null, false),
        string s => (s, false),
        double d => (FormatNumber(d), true),
        float f => (FormatNumber(f), true),
        int or long or short or byte or decimal => (FormatNumber(Convert.ToDouble(value, CultureInfo.InvariantCulture)), true),
        DateTime dt => (dt.TimeOfDay == TimeSpan.Zero
            ? dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : dt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), false),
        TimeSpan ts => (ts.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture), false),
        bool b => (b ? "TRUE" : "FALSE", false),
        _ => (Convert.ToString(value, CultureInfo.InvariantCulture), false),
    };

    sealed class ExcelCursor : RowCursor
    {
        readonly FileStream stream;
        readonly IExcelDataReader reader;
        MergeFiller? filler;
        int number;
        bool disposed;

        ExcelCursor(FileStream stream, IExcelDataReader reader) => (this.stream, this.reader) = (stream, reader);

        public static ExcelCursor Create(string path)
        {
            var stream = File.OpenRead(path);
            try
            {
                // Old Chinese .xls without a code page record are GBK.
                var reader = ExcelReaderFactory.CreateReader(stream, new ExcelReaderConfiguration { FallbackEncoding = Encoding.GetEncoding(936) });
                return new ExcelCursor(stream, reader);
            }
            catch (Exception e)
            {
                stream.Dispose();
                throw Unreadable(path, e);
            }
        }

        static ImportFileException Unreadable(string path, Exception e) => new("FILE_FORMAT",
            $"无法读取 Excel 文件「{Path.GetFileName(path)}」：文件已损坏、设置了打开密码，或并不是 Excel 文件。" +
            "请用 Excel 或 WPS 打开它，取消密码后「另存为」Excel 工作簿（.xlsx）再导入。", e);

        /// <summary>Moves to the sheet asked for (by name), or the first visible one; returns its position.</summary>
        public int SelectSheet(string? name, string fileName)
        {
            var names = new List<string>();
            int index = 0;
            do
            {
                var sheet = reader.Name ?? "";
                names.Add(sheet);
                if (name == null ? string.Equals(reader.VisibleState, "visible", StringComparison.OrdinalIgnoreCase) || reader.VisibleState == null
                                 : SameName(sheet, name))
                    return index;
                index++;
            } while (reader.NextResult());

            if (name == null)
            {
                // Every sheet hidden: take the first anyway.
                reader.Reset();
                return 0;
            }
            throw new ImportFileException("SHEET_NOT_FOUND",
                $"文件「{fileName}」里没有名为「{name}」的工作表。文件中的工作表有：{string.Join("、", names.Select(n => $"「{n}」"))}。请用 --sheet 指定其中之一。");
        }

        public bool Visible => string.Equals(reader.VisibleState, "visible", StringComparison.OrdinalIgnoreCase) || reader.VisibleState == null;

        public void StartSheet(IReadOnlyList<MergedRange> merges)
        {
            number = 0;
            Width = 1024;
            StartFilling(merges);
        }

        public bool NextSheet() => reader.NextResult();

        static bool SameName(string a, string b) =>
            string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

        public void SkipSheets(int count)
        {
            for (int i = 0; i < count; i++)
                reader.NextResult();
        }

        public IReadOnlyList<MergedRange> Merges() =>
            (reader.MergeCells ?? [])
            .Select(m => new MergedRange(m.FromRow + 1, m.ToRow + 1, m.FromColumn, m.ToColumn))
            .ToList();

        public void StartFilling(IReadOnlyList<MergedRange> merges) => filler = new MergeFiller(merges);

        public override RawRow? Next()
        {
            try
            {
                if (!reader.Read())
                    return null;
                number++;
                int width = Math.Min(reader.FieldCount, Width);
                var values = new string?[width];
                var isNumber = new bool[width];
                for (int c = 0; c < width; c++)
                    (values[c], isNumber[c]) = Cell(reader.GetValue(c));
                var row = new RawRow(number, values, isNumber);
                filler?.Fill(row);
                return row;
            }
            catch (Exception e) when (e is not ImportFileException)
            {
                throw new ImportFileException("FILE_FORMAT",
                    $"Excel 文件在第 {number} 行附近无法读取（文件可能已损坏）。请用 Excel 打开后「另存为」.xlsx 再导入。", e);
            }
        }

        public override void Dispose()
        {
            if (disposed)
                return;
            disposed = true;
            reader.Dispose();
            stream.Dispose();
        }
    }
}
