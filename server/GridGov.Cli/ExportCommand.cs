using System.Diagnostics;
using System.Text.Json;
using GridGov.Domain.Coverage;
using GridGov.Domain.Geo;
using GridGov.Export;
using GridGov.Persistence;
using Npgsql;

namespace GridGov.Cli;

/// <summary>
/// gridgov-cli export KIND --area CODE [--format xlsx|csv|geojson|gpkg|shp] [--crs CRS] [--month YYYY-MM | --quarter YYYYQN] [--encoding gbk]
///                         [--out FILE] [--masked] [--actor NAME]
/// The operator's export: the whole area, personal data in clear unless --masked; audited like the API's.
/// The database comes from GRIDGOV_CONNECTION (the ./gridgov script sets it).
/// </summary>
public static class ExportCommand
{
    public const string Usage = """
        usage: gridgov export KIND --area CODE [options]
          KIND: households members links cells areas ties coverage declarations board ranking
                cadre-ranking attendance-ledger work-ledger
        options:
          --format F       xlsx (default), csv, geojson, gpkg or shp (a zipped Shapefile)
          --crs CRS        coordinates: EPSG:4326 (default), EPSG:4490, EPSG:3857, a Gauss-Krüger zone such as EPSG:4524 or
                           EPSG:4545, gcj02, bd09 (the last two only in xlsx, csv and geojson)
          --month YYYY-MM  the roster as at the end of that month (default: now); for ranking, the quarter holding it
          --quarter YYYYQN the ranking's (or cadre-ranking's) quarter, e.g. 2026Q3 (instead of --month)
          --encoding gbk   CSV in GBK instead of UTF-8 with BOM
          --out FILE       where to write (default: KIND-AREA-MONTH.EXT in the current folder)
          --masked         mask ID numbers and phones (default: in clear — this is the operator's tool)
          --actor NAME     who to name in the audit log (default: export-cli:USER)
        exit codes: 0 written, 2 refused input (nothing written), 1 an unexpected failure
        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            (args.Length == 0 ? stderr : stdout).WriteLine(Usage);
            return args.Length == 0 ? Program.BadInput : Program.Ok;
        }
        if (!ExportNames.TryKind(args[0], out var kind))
        {
            stderr.WriteLine($"gridgov export: unknown kind \"{args[0]}\"");
            stderr.WriteLine(Usage);
            return Program.BadInput;
        }
        var opts = new Dictionary<string, string?>();
        for (var i = 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) return Bad(stderr, $"unexpected argument \"{args[i]}\"");
            var name = args[i][2..];
            if (name is "masked") { opts[name] = null; continue; }
            if (name is not ("area" or "format" or "crs" or "month" or "quarter" or "encoding" or "out" or "actor")) return Bad(stderr, $"unknown option --{name}");
            if (i + 1 >= args.Length) return Bad(stderr, $"--{name} needs a value");
            opts[name] = args[++i];
        }
        if (opts.GetValueOrDefault("area") is not { } area) return Bad(stderr, "give the area: --area CODE (12 digits)");
        if (!GridGov.Domain.Areas.Area.IsValidCode(area)) return Bad(stderr, $"area code {area} is invalid: it has 12 digits");
        var format = ExportFormat.Xlsx;
        if (opts.GetValueOrDefault("format") is { } f && !ExportNames.TryFormat(f, out format))
            return Bad(stderr, $"unknown format \"{f}\": xlsx, csv, geojson, gpkg or shp");
        CrsSpec? crs = null;
        if (opts.GetValueOrDefault("crs") is { } c)
        {
            if (!CrsSpec.TryParse(c, out crs) || crs is null) return Bad(stderr, $"unknown CRS \"{c}\"");
            if (!Exporter.Supports(format, crs)) return Bad(stderr, $"a {format.Name()} file cannot name the CRS {crs.Name}: choose another");
        }
        var now = DateTimeOffset.UtcNow;
        DateOnly? month = null;
        if (opts.GetValueOrDefault("month") is { } m)
        {
            if (!CoverageRules.TryParseMonth(m, out var mm) || mm.Year < 2000 || CoverageRules.IsFuture(mm, now))
                return Bad(stderr, $"month {m} is invalid: YYYY-MM, not in the future");
            month = mm;
        }
        if (opts.GetValueOrDefault("quarter") is { } qt)
        {
            if (month is not null) return Bad(stderr, "give --month or --quarter, not both");
            if (!GridGov.Domain.Ranking.RankingRules.TryParseQuarter(qt, out var first) || CoverageRules.IsFuture(first, now))
                return Bad(stderr, $"quarter {qt} is invalid: YYYYQN such as 2026Q3, not in the future");
            month = first;
        }
        var gbk = false;
        if (opts.GetValueOrDefault("encoding") is { } enc)
        {
            if (enc.ToLowerInvariant() is "gbk" or "cp936" or "936") gbk = true;
            else if (enc.ToLowerInvariant() is not ("utf-8" or "utf8")) return Bad(stderr, $"unknown encoding \"{enc}\": utf-8 or gbk");
        }
        var cs = Environment.GetEnvironmentVariable("GRIDGOV_CONNECTION");
        if (string.IsNullOrEmpty(cs))
        {
            stderr.WriteLine("gridgov export: no database: run it through ./gridgov export (or set GRIDGOV_CONNECTION)");
            return Program.BadInput;
        }
        var monthText = (month ?? CoverageRules.CurrentMonth(now)).ToString("yyyy-MM");
        var output = opts.GetValueOrDefault("out") ?? $"{kind.Name()}-{area}-{monthText}{format.Extension()}";
        var request = new ExportRequest(kind, new ExportScope(area, IncludePersonalData: !opts.ContainsKey("masked")), format, crs, month, gbk);
        var actor = opts.GetValueOrDefault("actor") ?? "export-cli:" + Environment.UserName;
        var sw = Stopwatch.StartNew();
        var temp = output + ".part";
        try
        {
            using var db = GridGovDb.CreateDataSource(cs);
            var result = Exporter.WriteAsync(db, request, temp, now, CancellationToken.None).GetAwaiter().GetResult();
            AuditAsync(db, actor, request, result).GetAwaiter().GetResult();
            File.Move(temp, output, overwrite: true);
            stdout.WriteLine($"{output}: {kind.Name()} of {area}, {result.Rows:N0} rows, {format.Name()}{(crs is null ? "" : " " + crs.Name)}" +
                             $"{(result.IncludedPersonalData ? "" : ", ID numbers and phones masked")} · {sw.Elapsed.TotalSeconds:0.0} s");
            return Program.Ok;
        }
        catch (ExportRefusedException e) when (e.Reason == ExportRefusal.UnknownArea)
        {
            File.Delete(temp);
            return Bad(stderr, $"there is no area with the code {area}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(temp);
            stderr.WriteLine($"gridgov export: {output}: cannot write: {e.Message}");
            return Program.Failure;
        }
    }

    private static int Bad(TextWriter stderr, string message)
    {
        stderr.WriteLine("gridgov export: " + message);
        return Program.BadInput;
    }

    /// <summary>The same audit row as GET /exports/{kind} writes (action export.KIND, entity Export).</summary>
    private static async Task AuditAsync(NpgsqlDataSource db, string actor, ExportRequest r, ExportResult result)
    {
        await using var cmd = db.CreateCommand("""
            INSERT INTO audit_events (at, actor, action, entity_type, entity_id, area_code, before_json, after_json)
            VALUES (now(), @actor, @action, 'Export', @kind, @area, NULL, @after::jsonb)
            """);
        cmd.Parameters.AddWithValue("actor", actor.Length > 100 ? actor[..100] : actor);
        cmd.Parameters.AddWithValue("action", "export." + r.Kind.Name());
        cmd.Parameters.AddWithValue("kind", r.Kind.Name());
        cmd.Parameters.AddWithValue("area", r.Scope.AreaCode);
        cmd.Parameters.AddWithValue("after", JsonSerializer.Serialize(new
        {
            kind = r.Kind.Name(), area = r.Scope.AreaCode, format = r.Format.Name(), crs = r.Crs?.Name, month = r.Month?.ToString("yyyy-MM"),
            rows = result.Rows, personalData = result.IncludedPersonalData,
        }));
        await cmd.ExecuteNonQueryAsync();
    }
}
