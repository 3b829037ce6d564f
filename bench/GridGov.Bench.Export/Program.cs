using System.Diagnostics;
using System.Globalization;
using GridGov.Export;
using GridGov.Persistence;

// Usage: dotnet run -c Release --project bench/GridGov.Bench.Export -- "<connection string of the loaded sample>" [--area 520625000000]
//        dotnet run -c Release --project bench/GridGov.Bench.Export -- --load "<server connection string>"   (loads the 110,000-household
//        sample into a fresh database first, as ./gridgov up would, and drops it at the end; with --keep it stays, and its
//        connection string is printed for the next runs)
// Exports the area's households (the whole county by default: ./gridgov up loads 110,000) to xlsx and to gpkg through
// Exporter.WriteAsync, as GET /exports/households and ./gridgov export do, and reports the time, the rows, the file size
// and memory: the peak managed heap and the peak working set sampled every 50 ms, for one village and for the county, so a
// heap that grows with the rows would show.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
string? loaded = null;
var cs = args.Length > 0 && !args[0].StartsWith("--") ? args[0] : Environment.GetEnvironmentVariable("GRIDGOV_DB");
if (Array.IndexOf(args, "--load") is var l and >= 0 && l + 1 < args.Length)
{
    var server = args[l + 1];
    loaded = $"gg_bench_export_{Guid.NewGuid():N}"[..32];
    await using (var c = new Npgsql.NpgsqlConnection(server))
    {
        await c.OpenAsync();
        await new Npgsql.NpgsqlCommand($"CREATE DATABASE \"{loaded}\"", c).ExecuteNonQueryAsync();
    }
    cs = new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = loaded }.ConnectionString;
    var load = Stopwatch.StartNew();
    await DatabaseSetup.MigrateAsync(cs);
    await GridGov.Sample.SampleLoader.LoadAsync(cs, GridGov.Sample.SampleBuilder.Build(new GridGov.Sample.SampleOptions
    {
        GeodataFolder = GridGov.Sample.GeodataSource.ResolveFolder(null),
    }));
    Console.Error.WriteLine($"sample loaded in {load.Elapsed.TotalSeconds:0} s");
}
if (cs is null) throw new ArgumentException("pass the connection string of a database with the sample county, or --load SERVER");
var county = Array.IndexOf(args, "--area") is var a and >= 0 && a + 1 < args.Length ? args[a + 1] : "520625000000";
await using var db = GridGovDb.CreateDataSource(cs);
string village;
await using (var cmd = db.CreateCommand("SELECT village_code FROM households WHERE ended_at IS NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"))
    village = (string)(await cmd.ExecuteScalarAsync())!;
var folder = Directory.CreateTempSubdirectory("gridgov-bench-export-").FullName;

// Warm-up: JIT and the connection pool are not part of the figures.
await RunAsync(village, ExportFormat.Xlsx);

Console.WriteLine("| area | format | rows | seconds | rows/s | file MB | peak managed MB | peak working set MB |");
Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|");
foreach (var (area, label) in new[] { (village, "one village"), (county, "county") })
    foreach (var format in new[] { ExportFormat.Xlsx, ExportFormat.Gpkg, ExportFormat.Csv, ExportFormat.GeoJson })
    {
        var (rows, seconds, bytes, managed, working) = await RunAsync(area, format);
        Console.WriteLine($"| {label} | {format.Name()} | {rows:N0} | {seconds:0.0} | {rows / seconds:N0} | {bytes / 1e6:0.0} | {managed / 1e6:0} | {working / 1e6:0} |");
    }
Directory.Delete(folder, recursive: true);
if (loaded is not null && Array.IndexOf(args, "--keep") >= 0) Console.Error.WriteLine($"kept: {cs}");
else if (loaded is not null)
{
    Npgsql.NpgsqlConnection.ClearAllPools();
    await using var c = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(cs) { Database = "postgres" }.ConnectionString);
    await c.OpenAsync();
    await new Npgsql.NpgsqlCommand($"DROP DATABASE \"{loaded}\" WITH (FORCE)", c).ExecuteNonQueryAsync();
}

async Task<(int Rows, double Seconds, long Bytes, long PeakManaged, long PeakWorkingSet)> RunAsync(string area, ExportFormat format)
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    long peakManaged = 0, peakWorking = 0;
    using var stop = new CancellationTokenSource();
    var sampler = Task.Run(async () =>
    {
        var me = Process.GetCurrentProcess();
        while (!stop.IsCancellationRequested)
        {
            me.Refresh();
            peakManaged = Math.Max(peakManaged, GC.GetTotalMemory(false));
            peakWorking = Math.Max(peakWorking, me.WorkingSet64);
            try { await Task.Delay(50, stop.Token); } catch (TaskCanceledException) { }
        }
    });
    var path = Path.Combine(folder, $"{area}{format.Extension()}");
    var sw = Stopwatch.StartNew();
    var result = await Exporter.WriteAsync(db, new ExportRequest(ExportKind.Households, new ExportScope(area, true), format), path,
        DateTimeOffset.UtcNow, CancellationToken.None);
    sw.Stop();
    await stop.CancelAsync();
    await sampler;
    return (result.Rows, sw.Elapsed.TotalSeconds, new FileInfo(path).Length, peakManaged, peakWorking);
}
