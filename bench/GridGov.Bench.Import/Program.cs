using System.Diagnostics;
using System.Globalization;
using System.Text;
using GridGov.Domain.Import;
using GridGov.Import;
using GridGov.Persistence;
using Npgsql;
using NpgsqlTypes;

// Usage: dotnet run -c Release --project bench/GridGov.Bench.Import -- "<server connection string>" [--households 110000] [--memory-rows 1000000]
// Makes a county of 300 villages in fresh databases, writes a household roster as CSV, and times:
//   baseline  a bare binary COPY of the same rows into households (parsing included): the floor
//   import    ./gridgov import households (all new), again unchanged, and again with 1% of rows changed
// then imports a much larger file to show the importer's memory does not grow with the file.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var server = args.Length > 0 && !args[0].StartsWith("--") ? args[0] : Environment.GetEnvironmentVariable("GRIDGOV_DB")
    ?? throw new ArgumentException("pass a server connection string (the database in it is not touched; fresh ones are created)");
var households = Option("--households", 110_000);
var memoryRows = Option("--memory-rows", 1_000_000);
int Option(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback;

var folder = Directory.CreateTempSubdirectory("gridgov-bench-import-").FullName;
const string Prefix = "522290";
var villages = new List<(string Code, double X0, double Y0)>();
for (var t = 0; t < 10; t++)
    for (var v = 1; v <= 30; v++)
        villages.Add(($"{Prefix}{100 + t:D3}{v:D3}", 108.0 + v * 0.02, 27.0 + t * 0.02));

var areasCsv = Path.Combine(folder, "areas.csv");
await using (var w = new StreamWriter(areasCsv, false, new UTF8Encoding(true)))
{
    await w.WriteLineAsync("区划代码,名称,上级代码");
    await w.WriteLineAsync($"{Prefix}000000,基准县,");
    for (var t = 0; t < 10; t++) await w.WriteLineAsync($"{Prefix}{100 + t:D3}000,镇{t},{Prefix}000000");
    foreach (var (code, _, _) in villages) await w.WriteLineAsync($"{code},村{code[^5..]},{code[..9]}000");
}
var boundaries = Path.Combine(folder, "villages.geojson");
await File.WriteAllTextAsync(boundaries, "{\"type\":\"FeatureCollection\",\"features\":[" + string.Join(",", villages.Select(v =>
    $"{{\"type\":\"Feature\",\"properties\":{{\"区划代码\":\"{v.Code}\"}},\"geometry\":{{\"type\":\"Polygon\",\"coordinates\":[[[{v.X0},{v.Y0}],[{v.X0 + 0.02},{v.Y0}],[{v.X0 + 0.02},{v.Y0 + 0.02}],[{v.X0},{v.Y0 + 0.02}],[{v.X0},{v.Y0}]]]}}}}")) + "]}");

string Roster(string name, int rows, int changedEvery = 0)
{
    var path = Path.Combine(folder, name);
    using var w = new StreamWriter(path, false, new UTF8Encoding(true));
    w.WriteLine("户编号,户主姓名,户主身份证号,联系电话,村代码,村民小组,人口数,户类别,经度,纬度");
    var rnd = new Random(11);
    for (var i = 0; i < rows; i++)
    {
        var (code, x0, y0) = villages[i % villages.Count];
        var body = $"{Prefix}19{50 + i % 50:D2}{1 + i % 12:D2}{1 + i % 28:D2}{i % 1000:D3}";
        var id = body + ResidentId.CheckDigit(body);
        var head = changedEvery > 0 && i % changedEvery == 0 ? $"改名{i}" : $"户主{i}";
        w.WriteLine($"{i / villages.Count + 1:D5},{head},{id},138{i % 100_000_000:D8},{code},{1 + i % 6}组,{1 + i % 6},一般户," +
                    $"{x0 + 0.001 + rnd.NextDouble() * 0.018:F6},{y0 + 0.001 + rnd.NextDouble() * 0.018:F6}");
    }
    return path;
}

async Task<string> FreshCountyAsync(string tag)
{
    var name = $"gg_bench_import_{tag}_{Guid.NewGuid():N}"[..40];
    await using (var c = new NpgsqlConnection(server))
    {
        await c.OpenAsync();
        await new NpgsqlCommand($"CREATE DATABASE \"{name}\"", c).ExecuteNonQueryAsync();
    }
    var cs = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    await DatabaseSetup.MigrateAsync(cs);
    foreach (var (kind, path) in new[] { (ImportKind.Areas, areasCsv), (ImportKind.Boundaries, boundaries) })
    {
        var r = await Importer.RunAsync(cs, new ImportRequest { Kind = kind, Path = path, Actor = "bench" });
        if (r.HasErrors) throw new InvalidOperationException(r.ToJson());
    }
    return cs;
}

async Task<(double Seconds, ImportReport Report)> ImportAsync(string cs, string path)
{
    var sw = Stopwatch.StartNew();
    var r = await Importer.RunAsync(cs, new ImportRequest { Kind = ImportKind.Households, Path = path, Actor = "bench" });
    if (r.HasErrors) throw new InvalidOperationException(string.Join("\n", r.Errors.Take(5).Select(e => e.Message)));
    return (sw.Elapsed.TotalSeconds, r);
}

// The floor: parse the same CSV and COPY it straight into households (no checks, no merge, no audit).
async Task<double> BaselineAsync(string cs, string path)
{
    var sw = Stopwatch.StartNew();
    await using var ds = GridGovDb.CreateDataSource(cs);
    await using var conn = await ds.OpenConnectionAsync();
    await using var tx = await conn.BeginTransactionAsync();
    var factory = NetTopologySuite.NtsGeometryServices.Instance.CreateGeometryFactory(4326);
    await using (var copy = await conn.BeginBinaryImportAsync(
        "COPY households (village_code, household_no, head_name, id_number, phone, size, poverty_status, assistance, location, source) FROM STDIN (FORMAT BINARY)"))
    {
        using var reader = new StreamReader(path);
        await reader.ReadLineAsync();
        while (await reader.ReadLineAsync() is { } line)
        {
            var f = line.Split(',');
            await copy.StartRowAsync();
            await copy.WriteAsync(f[4], NpgsqlDbType.Char);
            await copy.WriteAsync(f[0], NpgsqlDbType.Text);
            await copy.WriteAsync(f[1], NpgsqlDbType.Text);
            await copy.WriteAsync(f[2], NpgsqlDbType.Text);
            await copy.WriteAsync(f[3], NpgsqlDbType.Text);
            await copy.WriteAsync(int.Parse(f[6]), NpgsqlDbType.Integer);
            await copy.WriteAsync("none", NpgsqlDbType.Text);
            await copy.WriteAsync("none", NpgsqlDbType.Text);
            await copy.WriteAsync(factory.CreatePoint(new NetTopologySuite.Geometries.Coordinate(double.Parse(f[8]), double.Parse(f[9]))), NpgsqlDbType.Geometry);
            await copy.WriteAsync("imported", NpgsqlDbType.Text);
        }
        await copy.CompleteAsync();
    }
    await tx.CommitAsync();
    return sw.Elapsed.TotalSeconds;
}

static double PeakMb() => Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;

var roster = Roster("households.csv", households);
var changed = Roster("households-1pct.csv", households, changedEvery: 100);
// Warm-up on a small file so JIT and first connections are not timed.
await ImportAsync(await FreshCountyAsync("warm"), Roster("warm.csv", 2000));

var baseCs = await FreshCountyAsync("base");
var baseline = await BaselineAsync(baseCs, roster);
var cs = await FreshCountyAsync("run");
var first = await ImportAsync(cs, roster);
var again = await ImportAsync(cs, roster);
var onePct = await ImportAsync(cs, changed);
var peakSmall = PeakMb();

Console.WriteLine($"households: {households:N0} rows, {villages.Count} villages ({new FileInfo(roster).Length / 1048576.0:0.0} MB CSV)");
Console.WriteLine();
Console.WriteLine("| run | time | rows/s | vs bare COPY | new / changed / unchanged |");
Console.WriteLine("|---|---:|---:|---:|---|");
Console.WriteLine($"| baseline: bare COPY of the rows | {baseline:0.0} s | {households / baseline:N0} | 1.00× | — |");
foreach (var (label, run) in new[] { ("import, all new", first), ("import again, unchanged", again), ("import again, 1% changed", onePct) })
    Console.WriteLine($"| {label} | {run.Seconds:0.0} s | {households / run.Seconds:N0} | {run.Seconds / baseline:0.00}× | " +
                      $"{run.Report.Counts.New:N0} / {run.Report.Counts.Changed:N0} / {run.Report.Counts.Unchanged:N0} |");

if (memoryRows > 0)
{
    var big = Roster("households-big.csv", memoryRows);
    var bigCs = await FreshCountyAsync("big");
    var bigRun = await ImportAsync(bigCs, big);
    Console.WriteLine();
    Console.WriteLine($"| memory | rows | peak working set of the process |");
    Console.WriteLine("|---|---:|---:|");
    Console.WriteLine($"| after the {households:N0}-row imports | {households:N0} | {peakSmall:N0} MB |");
    Console.WriteLine($"| after a {memoryRows:N0}-row import ({new FileInfo(big).Length / 1048576.0:0} MB CSV, {bigRun.Seconds:0.0} s) | {memoryRows:N0} | {PeakMb():N0} MB |");
}
Directory.Delete(folder, true);
return 0;
