using System.Diagnostics;
using GridGov.Domain.Geo;
using GridGov.Domain.Import;
using GridGov.Import;
using GridGov.Import.Files;

namespace GridGov.Cli;

/// <summary>
/// gridgov-cli import KIND FILE [--county CODE] [--crs CRS] [--sheet NAME] [--encoding ENC] [--code-field F]
///                               [--dry-run] [--report PATH.json] [--errors PATH.xlsx] [--actor NAME]
/// gridgov-cli import template KIND [--out PATH.xlsx]
/// The database comes from GRIDGOV_CONNECTION (the ./gridgov script sets it).
/// </summary>
public static class ImportCommand
{
    public const string Usage = """
        usage: gridgov import KIND FILE [options]      KIND: areas boundaries households members ties cells links cadres
               gridgov import template KIND [--out FILE.xlsx]
        options:
          --dry-run            check and count only; nothing is written
          --replace            households/members: the file is the full roster of the villages it names — households
                               it lacks are ended (注销), members it lacks become 转出 and their households are handed over
          --report PATH.json   write the report (counts, errors, warnings) as JSON
          --errors PATH.xlsx   write a copy of the spreadsheet with an added 「错误」 column (spreadsheets only)
          --county CODE        the county (12 digits); default: from the file's codes, or the only county
          --crs CRS            the coordinates' CRS when the file does not say (EPSG:4524, wgs84, cgcs2000, gcj02, bd09)
          --sheet NAME         the worksheet (default: the first)
          --layer NAME         the GeoPackage or Shapefile layer when the file holds several
          --encoding ENC       CSV / DBF encoding when not detected (utf-8, gbk, gb18030)
          --code-field NAME    boundaries: the attribute holding the 12-digit code
        exit codes: 0 done (or a clean dry run), 2 refused input (nothing written), 1 an unexpected failure
        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            (args.Length == 0 ? stderr : stdout).WriteLine(Usage);
            return args.Length == 0 ? Program.BadInput : Program.Ok;
        }
        if (args[0] == "template") return Template(args[1..], stdout, stderr);
        if (!TryKind(args[0], out var kind))
        {
            stderr.WriteLine($"gridgov import: unknown kind \"{args[0]}\"");
            stderr.WriteLine(Usage);
            return Program.BadInput;
        }
        if (args.Length < 2 || args[1].StartsWith("--", StringComparison.Ordinal))
        {
            stderr.WriteLine("gridgov import: give the file to import after the kind");
            return Program.BadInput;
        }
        var file = args[1];
        Dictionary<string, string?> opts;
        try { opts = Options(args[2..], ["dry-run", "replace"], ["report", "errors", "county", "crs", "sheet", "layer", "encoding", "code-field", "actor"]); }
        catch (ArgumentException e) { stderr.WriteLine("gridgov import: " + e.Message); return Program.BadInput; }

        CrsSpec? crs = null;
        if (opts.GetValueOrDefault("crs") is { } crsText && (!CrsSpec.TryParse(crsText, out crs) || crs is null))
        {
            stderr.WriteLine($"gridgov import: --crs \"{crsText}\" is not a CRS we know (try EPSG:4524, EPSG:4490, wgs84, gcj02, bd09)");
            return Program.BadInput;
        }
        var cs = Environment.GetEnvironmentVariable("GRIDGOV_CONNECTION");
        if (string.IsNullOrWhiteSpace(cs))
        {
            stderr.WriteLine("gridgov import: no database: run it through ./gridgov import (or set GRIDGOV_CONNECTION)");
            return Program.Failure;
        }
        var request = new ImportRequest
        {
            Kind = kind, Path = file, CountyCode = opts.GetValueOrDefault("county"), Crs = crs, Sheet = opts.GetValueOrDefault("sheet") ?? opts.GetValueOrDefault("layer"),
            Encoding = opts.GetValueOrDefault("encoding"), CodeField = opts.GetValueOrDefault("code-field"),
            DryRun = opts.ContainsKey("dry-run"), Replace = opts.ContainsKey("replace"), Actor = opts.GetValueOrDefault("actor") ?? "import-cli:" + Environment.UserName,
        };
        var bar = new ProgressBar(stderr);
        ImportReport report;
        try
        {
            // An empty production database can be bootstrapped by importing into it: migrate first (idempotent).
            Persistence.DatabaseSetup.MigrateAsync(cs).GetAwaiter().GetResult();
            report = Importer.RunAsync(cs, request, bar).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or System.Net.Sockets.SocketException or TimeoutException or Persistence.DatabaseSetupException)
        {
            bar.Clear();
            stderr.WriteLine("gridgov import: cannot use the database: " + e.Message);
            return Program.Failure;
        }
        bar.Clear();
        Print(report, stderr);
        if (opts.GetValueOrDefault("report") is { } reportPath) File.WriteAllText(reportPath, report.ToJson());
        if (opts.GetValueOrDefault("errors") is { } errorsPath && kind is not (ImportKind.Boundaries or ImportKind.Cells))
        {
            var byRow = report.Errors.Concat(report.Warnings).Where(i => i.Row > 1).GroupBy(i => i.Row)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(i => (i.Column is null ? "" : $"{i.Column}：") + i.Message).ToList());
            try { ErrorWorkbookWriter.Write(file, new TabularOptions(request.Sheet, request.Encoding), byRow, errorsPath); }
            catch (ImportFileException) { /* the file could not be read at all: the report says why */ }
        }
        return report.HasErrors ? Program.BadInput : Program.Ok;
    }

    private static void Print(ImportReport r, TextWriter w)
    {
        var what = r.HasErrors ? "refused: nothing was written" : r.DryRun ? "dry run: nothing was written" : "imported";
        w.WriteLine($"{r.Kind} {r.FileName}: {what}. {r.Total:N0} rows · new {r.Counts.New:N0} · changed {r.Counts.Changed:N0} · " +
                    $"unchanged {r.Counts.Unchanged:N0} · refused {r.Counts.Refused:N0}{(r.Counts.Ended > 0 ? $" · ended {r.Counts.Ended:N0}" : "")}{(r.Crs is null ? "" : " · CRS " + r.Crs)} · {r.Seconds:0.0} s");
        if (r.UnknownColumns.Count > 0) w.WriteLine($"ignored columns: {string.Join(", ", r.UnknownColumns)}");
        foreach (var e in r.Errors.Take(20)) w.WriteLine($"  error   row {e.Row,-6} {e.Column} {Quote(e.Value)} [{e.Code}] {e.Message}");
        if (r.ErrorCount > 20) w.WriteLine($"  … {r.ErrorCount - 20:N0} more errors (see --report / --errors)");
        foreach (var e in r.Warnings.Take(10)) w.WriteLine($"  warning row {e.Row,-6} {e.Column} {Quote(e.Value)} [{e.Code}] {e.Message}");
        if (r.WarningCount > 10) w.WriteLine($"  … {r.WarningCount - 10:N0} more warnings (see --report)");
    }

    private static string Quote(string? v) => v is null ? "" : $"\"{v}\"";

    private static int Template(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || !TryKind(args[0], out var kind) || kind is ImportKind.Boundaries or ImportKind.Cells)
        {
            stderr.WriteLine("gridgov import template: give a spreadsheet kind: areas, households, members, ties, links or cadres " +
                             "(boundaries and cells are GIS files: see docs/import.md)");
            return Program.BadInput;
        }
        Dictionary<string, string?> opts;
        try { opts = Options(args[1..], [], ["out"]); }
        catch (ArgumentException e) { stderr.WriteLine("gridgov import template: " + e.Message); return Program.BadInput; }
        var path = opts.GetValueOrDefault("out") ?? $"gridgov-{kind.ToString().ToLowerInvariant()}-template.xlsx";
        using (var f = File.Create(path)) TemplateWriter.Write(kind, f);
        stdout.WriteLine(path);
        return Program.Ok;
    }

    private static bool TryKind(string text, out ImportKind kind) =>
        Enum.TryParse(text, ignoreCase: true, out kind) && Enum.IsDefined(kind) && !int.TryParse(text, out _);

    /// <summary>The options; one this command does not know is refused rather than ignored (a typo must not go unnoticed).</summary>
    private static Dictionary<string, string?> Options(string[] args, string[] flags, string[] valued)
    {
        var map = new Dictionary<string, string?>();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"unexpected argument \"{args[i]}\"");
            var name = args[i][2..];
            if (flags.Contains(name)) { map[name] = null; continue; }
            if (!valued.Contains(name)) throw new ArgumentException($"unknown option {args[i]} (see gridgov import --help)");
            if (i + 1 >= args.Length) throw new ArgumentException($"{args[i]} needs a value");
            map[name] = args[++i];
        }
        return map;
    }

    /// <summary>One line on stderr, redrawn: phase, rows, rows per second, and an ETA once the total is known.</summary>
    private sealed class ProgressBar(TextWriter w) : IProgress<ImportProgress>
    {
        private readonly Stopwatch _sw = Stopwatch.StartNew();
        private bool _drawn;

        public void Report(ImportProgress p)
        {
            if (Console.IsErrorRedirected && !_drawn && p.Done == 0) return;
            var rate = p.Done / Math.Max(0.001, _sw.Elapsed.TotalSeconds);
            var eta = p.Total is { } t && t > p.Done && rate > 0 ? $" · ETA {TimeSpan.FromSeconds((t - p.Done) / rate):mm\\:ss}" : "";
            var bar = p.Total is { } total && total > 0 ? "[" + new string('#', 20 * p.Done / total).PadRight(20, '.') + "] " : "";
            w.Write($"\r{p.Phase,-5} {bar}{p.Done:N0}{(p.Total is { } tt ? "/" + tt.ToString("N0") : "")} rows · {rate:N0} rows/s{eta}   ");
            _drawn = true;
        }

        public void Clear()
        {
            if (_drawn) w.WriteLine();
            _drawn = false;
        }
    }
}
