using GridGov.Domain.Import;
using GridGov.Import.Files;
using GridGov.Import.Sql;
using Npgsql;
using static GridGov.Import.Sql.ImportSql;

namespace GridGov.Import.Kinds;

/// <summary>
/// One kind of file: <see cref="ReadAsync"/> reads and checks every row (nothing touches the
/// database but look-ups), <see cref="MergeAsync"/> writes the good rows inside the import's one
/// transaction and counts new / changed / unchanged.
/// </summary>
internal abstract class KindImport
{
    public abstract ImportKind Kind { get; }
    /// <summary>True once the file could be read far enough to stage rows (so the merge can count them).</summary>
    public bool CanMerge { get; protected set; }
    /// <summary>A 12-digit code from the file's first rows, to tell which county it is for.</summary>
    public abstract string? PeekCode(ImportRequest request);
    /// <summary>Reads and checks the file; spreadsheet kinds stream the good rows into their staging table inside <paramref name="tx"/>.</summary>
    public abstract Task ReadAsync(ImportRequest request, CountyContext county, NpgsqlConnection conn, NpgsqlTransaction tx, ImportReport report,
        IProgress<ImportProgress>? progress, CancellationToken ct);
    public abstract Task MergeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CountyContext county, ImportRequest request,
        ImportReport report, CancellationToken ct);

    /// <summary>
    /// For a dry run's map: after <see cref="MergeAsync"/>, inside its transaction, a query of (row int, status text
    /// 'new'|'changed', label text, geometry GeoJSON text) of what the merge added or changed; null for kinds without geometry.
    /// </summary>
    public virtual string? PreviewSql => null;

    public static KindImport For(ImportKind kind) => kind switch
    {
        ImportKind.Areas => new AreaImport(),
        ImportKind.Households => new HouseholdImport(),
        ImportKind.Members => new MemberImport(),
        ImportKind.Ties => new TieImport(),
        ImportKind.Links => new LinkImport(),
        ImportKind.Boundaries => new BoundaryImport(),
        ImportKind.Cells => new CellImport(),
        ImportKind.Cadres => new CadreImport(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}

/// <summary>A row of a spreadsheet, read by column key; every error names the column as the file has it.</summary>
internal sealed class Cells(TabularRow row, HeaderMap map, IReadOnlyList<string> headers, ImportReport report)
{
    public int Row => row.Number;
    public bool Failed { get; private set; }

    public string? Get(string key)
    {
        var i = map.IndexOf(key);
        if (i is not { } ix || ix >= row.Values.Length) return null;
        var v = row.Values[ix]?.Trim();
        return string.IsNullOrEmpty(v) ? null : v;
    }

    public bool Has(string key) => map.IndexOf(key) is not null;
    public bool IsNumber(string key) => map.IndexOf(key) is { } i && i < row.IsNumber.Length && row.IsNumber[i];
    public string Header(string key) => map.IndexOf(key) is { } i ? headers[i] : key;

    public void Error(string key, string code, string message)
    {
        Failed = true;
        report.Error(row.Number, Header(key), Get(key), code, message);
    }

    public void Warn(string key, string code, string message) => report.Warn(row.Number, Header(key), Get(key), code, message);

    /// <summary>A required text; an error when empty.</summary>
    public string? Required(string key, string what)
    {
        var v = Get(key);
        if (v is null) Error(key, "REQUIRED", $"{what}不能为空");
        return v;
    }

    public string? IdNumber(string key, bool required)
    {
        var text = Get(key);
        if (text is null)
        {
            if (required) Error(key, "REQUIRED", "身份证号不能为空");
            return null;
        }
        var id = ResidentId.Normalise(text, out var e);
        // Excel keeps 15 significant digits of a number: an 18-digit ID typed as a number has lost its end.
        if (IsNumber(key)) { id = null; e = ResidentIdError.StoredAsNumber; }
        if (id is null) Error(key, e == ResidentIdError.StoredAsNumber ? "ID_STORED_AS_NUMBER" : "ID_NUMBER", ResidentId.Message(e));
        return id;
    }

    public string? Phone(string key)
    {
        var text = Get(key);
        if (text is null) return null;
        var p = ImportValues.NormalisePhone(text);
        if (p is null) Error(key, "PHONE", "电话号码格式不对：手机号为11位数字，座机请带区号（如 0856-6221234）");
        return p;
    }

    public int? Int(string key, int min, int max, string what)
    {
        var text = Get(key);
        if (text is null) return null;
        if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d)
            && d == Math.Floor(d) && d >= min && d <= max) return (int)d;
        Error(key, "NUMBER", $"{what}应为 {min}–{max} 之间的整数");
        return null;
    }

    public double? Double(string key)
    {
        var text = Get(key);
        if (text is null) return null;
        if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d)
            && double.IsFinite(d)) return d;
        Error(key, "NUMBER", "应为数字");
        return null;
    }

    public DateOnly? Date(string key, string what)
    {
        var text = Get(key);
        if (text is null) return null;
        var d = ImportValues.ParseDate(text);
        if (d is null) Error(key, "DATE", $"{what}不是有效日期，请写成 2001-07-01 的形式");
        else if (d > DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8))) { Error(key, "DATE", $"{what}在今天之后"); d = null; }
        return d;
    }
}

/// <summary>
/// The shared part of every spreadsheet kind: open, map headers, check each row and stream it
/// straight into a COPY to the kind's staging table (inside the import's transaction), so a
/// million-row roster never sits in memory. Duplicate keys are then found by SQL.
/// </summary>
internal abstract class TabularImport<TRow> : KindImport where TRow : class
{
    protected int Staged { get; private set; }
    protected ImportRequest Request { get; private set; } = null!;

    /// <summary>The staging table, its columns filled from each row, and columns the merge fills later.</summary>
    protected abstract string StageTable { get; }
    protected abstract Col<TRow>[] StageColumns { get; }
    protected virtual string ExtraColumns => "";

    /// <summary>SQL over the staging table (alias s) that names a row's key, e.g. "s.village_code, s.household_no".</summary>
    protected abstract string KeySql { get; }
    protected abstract (string Column, string Message) DuplicateMessage { get; }

    protected static ITabularSource Open(ImportRequest request) =>
        TabularFile.Open(request.Path, new TabularOptions(request.Sheet, request.Encoding));

    public override string? PeekCode(ImportRequest request)
    {
        using var source = Open(request);
        var map = HeaderMap.Build(Kind, source.Headers);
        foreach (var key in new[] { "code", "villageCode", "branch" })
            if (map.IndexOf(key) is { } i)
                foreach (var row in source.Rows().Take(50))
                    if (i < row.Values.Length && row.Values[i]?.Trim() is { Length: 12 } v && v.All(char.IsAsciiDigit)) return v;
        return null;
    }

    public override async Task ReadAsync(ImportRequest request, CountyContext county, NpgsqlConnection conn, NpgsqlTransaction tx,
        ImportReport report, IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        Request = request;
        HeaderMap map;
        IReadOnlyList<string> headers;
        using (var probe = Open(request))
        {
            headers = probe.Headers;
            map = HeaderMap.Build(Kind, headers);
        }
        report.UnknownColumns.AddRange(map.Unknown);
        foreach (var d in map.Duplicates)
            report.Error(1, d, null, "DUPLICATE_COLUMN", $"表头「{d}」出现了不止一次：请只保留一列");
        foreach (var c in map.MissingRequired)
            report.Error(1, c.Header, null, "MISSING_COLUMN",
                c.OrKey is null ? $"缺少必填列「{c.Header}」" : $"缺少必填列「{c.Header}」（或「{ImportColumns.For(Kind).First(x => x.Key == c.OrKey).Header}」）");
        if (report.HasErrors) return;
        if (!await PrepareAsync(map, headers, county, report, ct)) return;

        var cols = StageColumns;
        await ExecAsync(conn, tx, $"CREATE TEMP TABLE {StageTable} ({string.Join(", ", cols.Select(c => $"{c.Name} {c.SqlType}"))}" +
                                  $"{(ExtraColumns.Length > 0 ? ", " + ExtraColumns : "")}) ON COMMIT DROP", ct);
        var rows = 0;
        await using (var copy = await conn.BeginBinaryImportAsync(
                         $"COPY {StageTable} ({string.Join(", ", cols.Select(c => c.Name))}) FROM STDIN (FORMAT BINARY)", ct))
        {
            using var source = Open(request);
            foreach (var tabular in source.Rows())
            {
                ct.ThrowIfCancellationRequested();
                rows++;
                var cells = new Cells(tabular, map, headers, report);
                var row = ReadRow(cells, county, report);
                if (cells.Failed || row is null) report.Counts.Refused++;
                else
                {
                    await WriteRowAsync(copy, cols, row, ct);
                    Staged++;
                }
                if (rows % 5000 == 0) progress?.Report(new ImportProgress("read", rows, null));
            }
            await copy.CompleteAsync(ct);
        }
        CanMerge = true;
        report.Total = rows;
        if (rows == 0) report.Error(0, null, null, "FILE_EMPTY", "文件里没有数据行（只有表头）");
        progress?.Report(new ImportProgress("read", rows, rows));
        await ExecAsync(conn, tx, $"ANALYZE {StageTable}", ct);
        var (column, message) = DuplicateMessage;
        var duplicates = await RowsAsync(conn, tx, $"""
            SELECT row, first::text FROM (
              SELECT s.row, min(s.row) OVER (PARTITION BY {KeySql}) AS first FROM {StageTable} s) x
            WHERE row <> first ORDER BY row
            """, ct);
        foreach (var (row, first) in duplicates)
        {
            report.Error(row, column, null, "DUPLICATE_KEY", $"{message}（第 {first} 行已有）");
            report.Counts.Refused++;
        }
        if (duplicates.Count > 0)
        {
            // Only the first of each key stays staged, so the merge can still count what the file would do.
            await ExecAsync(conn, tx, $"DELETE FROM {StageTable} s WHERE s.row = ANY(@rows)", ct, ("rows", duplicates.Select(d => d.Row).ToArray()));
            Staged -= duplicates.Count;
        }
    }

    /// <summary>Work before the rows stream (e.g. decide the coordinates' CRS from a sample); false stops the import.</summary>
    protected virtual Task<bool> PrepareAsync(HeaderMap map, IReadOnlyList<string> headers, CountyContext county, ImportReport report,
        CancellationToken ct) => Task.FromResult(true);

    /// <summary>Checks one row; returns what to stage, or null (the errors are in the report).</summary>
    protected abstract TRow? ReadRow(Cells cells, CountyContext county, ImportReport report);
}
