namespace GridGov.Import.Files;

/// <summary>Physical rows of one file in order (blank ones included, merged ranges filled), read lazily.</summary>
internal abstract class RowCursor : IDisposable
{
    /// <summary>How many columns to read from here on (the header's width once it is known).</summary>
    public int Width { get; set; } = 1024;
    /// <summary>The next row, or null at the end. Errors come out as <see cref="ImportFileException"/>.</summary>
    public abstract RawRow? Next();
    public abstract void Dispose();
}

/// <summary>
/// The shared part of CSV and Excel sources: finds the header, makes sure a data row follows, and streams
/// the rest. The cursor that found the header serves the first <see cref="Rows"/>; later calls reopen the file.
/// </summary>
internal sealed class StreamedTabularSource : ITabularSource
{
    readonly Func<RowCursor> reopen;
    readonly HeaderInfo header;
    readonly List<RowCursor> opened = [];
    RowCursor? live;
    List<RawRow>? buffered;

    StreamedTabularSource(Func<RowCursor> reopen, HeaderInfo header, RowCursor live, List<RawRow> buffered)
    {
        this.reopen = reopen;
        this.header = header;
        this.live = live;
        this.buffered = buffered;
        opened.Add(live);
    }

    public IReadOnlyList<string> Headers => header.Headers;
    public int HeaderRowNumber => header.LastRow;

    public static StreamedTabularSource Create(Func<RowCursor> open, IReadOnlyList<MergedRange> merges, string fileName)
    {
        var cursor = open();
        try
        {
            var scanned = new List<RawRow>();
            while (scanned.Count < HeaderLocator.ScanRows && cursor.Next() is { } row)
                scanned.Add(row);
            var header = HeaderLocator.Locate(scanned, merges) ?? throw new ImportFileException("FILE_EMPTY",
                $"文件「{fileName}」是空的：没有找到表头。请把表头（如「户编号」「户主姓名」）放在第一行，数据从第二行开始。");
            cursor.Width = header.Headers.Length;
            var buffered = scanned.Where(r => r.Number > header.LastRow && !r.IsBlank).ToList();
            while (buffered.Count == 0 && cursor.Next() is { } more)
                if (!more.IsBlank)
                    buffered.Add(more);
            if (buffered.Count == 0)
                throw new ImportFileException("FILE_EMPTY",
                    $"文件「{fileName}」只有表头（第 {header.LastRow} 行），没有数据行。请在表头下面填写数据后再导入。");
            return new StreamedTabularSource(open, header, cursor, buffered);
        }
        catch
        {
            cursor.Dispose();
            throw;
        }
    }

    public IEnumerable<TabularRow> Rows()
    {
        if (live != null && buffered != null)
        {
            var (cursor, first) = (live, buffered);
            (live, buffered) = (null, null);
            return Enumerate(cursor, first);
        }
        return Enumerate(null, null);
    }

    IEnumerable<TabularRow> Enumerate(RowCursor? cursor, List<RawRow>? first)
    {
        if (cursor == null)
        {
            cursor = reopen();
            cursor.Width = header.Headers.Length;
            lock (opened)
                opened.Add(cursor);
        }
        try
        {
            foreach (var row in first ?? [])
                yield return ToRow(row);
            while (cursor.Next() is { } row)
                if (row.Number > header.LastRow && !row.IsBlank)
                    yield return ToRow(row);
        }
        finally
        {
            cursor.Dispose();
        }
    }

    TabularRow ToRow(RawRow row)
    {
        int width = header.Headers.Length;
        var values = new string?[width];
        var isNumber = new bool[width];
        for (int c = 0; c < width && c < row.Values.Length; c++)
        {
            var v = row.Values[c]?.Trim();
            values[c] = string.IsNullOrEmpty(v) ? null : v;
            isNumber[c] = values[c] != null && row.IsNumber[c];
        }
        return new TabularRow(row.Number, values, isNumber);
    }

    public void Dispose()
    {
        lock (opened)
        {
            foreach (var c in opened)
                c.Dispose();
            opened.Clear();
        }
    }
}
