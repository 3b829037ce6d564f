using GridGov.Domain.Import;
using GridGov.Import.Files;
using Npgsql;

namespace GridGov.Import.Kinds;

/// <summary>
/// One kind of file: <see cref="ReadAsync"/> reads and checks every row (nothing touches the
/// database but look-ups), <see cref="MergeAsync"/> writes the good rows inside the import's one
/// transaction and counts new / changed / unchanged.
/// </summary>
internal abstract class KindImport
{
    public abstract ImportKind Kind { get; }
    /// <summary>A 12-digit code from the file's first rows, to tell which county it is for.</summary>
    public abstract string? PeekCode(ImportRequest request);
    public abstract Task ReadAsync(ImportRequest request, CountyContext county, NpgsqlConnection conn, ImportReport report,
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

/// <summary>The shared part of every spreadsheet kind: open, map headers, read rows, report column problems.</summary>
internal abstract class TabularImport : KindImport
{
    protected int Rows;
    protected ImportRequest Request { get; private set; } = null!;

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

    public override Task ReadAsync(ImportRequest request, CountyContext county, NpgsqlConnection conn, ImportReport report,
        IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        Request = request;
        using var source = Open(request);
        var headers = source.Headers;
        var map = HeaderMap.Build(Kind, headers);
        report.UnknownColumns.AddRange(map.Unknown);
        foreach (var d in map.Duplicates)
            report.Error(1, d, null, "DUPLICATE_COLUMN", $"表头「{d}」出现了不止一次：请只保留一列");
        foreach (var c in map.MissingRequired)
            report.Error(1, c.Header, null, "MISSING_COLUMN",
                c.OrKey is null ? $"缺少必填列「{c.Header}」" : $"缺少必填列「{c.Header}」（或「{Domain.Import.ImportColumns.For(Kind).First(x => x.Key == c.OrKey).Header}」）");
        if (report.HasErrors) return Task.CompletedTask;
        foreach (var row in source.Rows())
        {
            ct.ThrowIfCancellationRequested();
            Rows++;
            var cells = new Cells(row, map, headers, report);
            ReadRow(cells, county, report);
            if (cells.Failed) report.Counts.Refused++;
            if (Rows % 5000 == 0) progress?.Report(new ImportProgress("read", Rows, null));
        }
        report.Total = Rows;
        if (Rows == 0) report.Error(0, null, null, "FILE_EMPTY", "文件里没有数据行（只有表头）");
        progress?.Report(new ImportProgress("read", Rows, Rows));
        return AfterReadAsync(county, conn, report, ct);
    }

    protected abstract void ReadRow(Cells cells, CountyContext county, ImportReport report);

    /// <summary>Checks across rows (duplicates, coordinate systems) once every row is read.</summary>
    protected virtual Task AfterReadAsync(CountyContext county, NpgsqlConnection conn, ImportReport report, CancellationToken ct) => Task.CompletedTask;
}
