using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GridGov.Domain.Coverage;
using GridGov.Persistence;
using GridGov.Persistence.Sql;
using Npgsql;

// Benchmarks of issue 5 against a running server with the full sample county loaded:
//   GRIDGOV_PG_PORT=54369 GRIDGOV_PORT=5083 ./gridgov up
//   dotnet run -c Release --project bench/GridGov.Bench.Coverage -- --url http://127.0.0.1:5083 --db "<connection string>"
// Each figure has a baseline measured in the same run (the same SQL straight on the database).

var url = Arg("--url") ?? "http://127.0.0.1:5083";
var cs = Arg("--db") ?? Environment.GetEnvironmentVariable("GRIDGOV_DB") ?? throw new InvalidOperationException("pass --db <connection string>");
var runs = int.Parse(Arg("--runs") ?? "15");
await using var ds = GridGovDb.CreateDataSource(cs);
using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(5) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync("county"));

var county = await ScalarAsync<string>("SELECT code FROM areas WHERE level = 'county'");
var counts = await ScalarAsync<string>("SELECT (SELECT count(*) FROM areas WHERE level = 'village') || ' villages, ' || (SELECT count(*) FROM households) || ' households, ' || (SELECT count(*) FROM grid_cells) || ' cells, ' || (SELECT count(*) FROM links WHERE valid_to IS NULL) || ' current links'");
Console.WriteLine($"sample county {county}: {counts}; {Environment.ProcessorCount} cores; {runs} runs per figure\n");
var month = CoverageRules.CurrentMonth(DateTimeOffset.UtcNow);
var store = new CoverageStore(ds);
var rules = await store.RulesAsync(county, default);
var villages = await ListAsync("SELECT code FROM areas WHERE level = 'village' ORDER BY code");

// ---- 1. County coverage report
const string CoverageQuery = """
    query($a: String!) { coverage(areaCode: $a) { households linkedHouseholds contactedHouseholds linkedShare contactedShare uncoveredAreaM2
      householdsOutsideCells { count } cellsWithoutLeader { count } farLinks { count } overloadedMembers { count }
      staleVulnerableHouseholds { count } membersWithoutDeclaration { count }
      children { areaCode households linkedShare contactedShare farLinks { count } staleVulnerableHouseholds { count } } } }
    """;
await ExecAsync("DELETE FROM coverage_cache");
var cold = await TimeAsync(() => GraphQLAsync(CoverageQuery, new { a = county }));
await ExecAsync("DELETE FROM coverage_cache");
var coldSql = await TimeAsync(() => store.RecomputeAsync(villages, month, rules, DateTimeOffset.UtcNow, default));
var warm = await MedianAsync(runs, () => GraphQLAsync(CoverageQuery, new { a = county }));
var warmSql = await MedianAsync(runs, () => store.GetAsync(villages, month, rules, DateTimeOffset.UtcNow, default));
Console.WriteLine("## County coverage report (GraphQL `coverage(areaCode: county)` with township children)\n");
Console.WriteLine("| case | endpoint ms | baseline ms | baseline |");
Console.WriteLine("|---|---:|---:|---|");
Console.WriteLine($"| cold cache (every village computed) | {cold:F0} | {coldSql:F0} | coverage SQL for all villages, straight |");
Console.WriteLine($"| warm cache (median of {runs}) | {warm:F1} | {warmSql:F1} | cache read straight |\n");

// ---- 2. Re-scoring after one cell edit
var cells = await ListAsync("SELECT id || ':' || village_code FROM grid_cells ORDER BY id LIMIT 400");
var rescoreSql = new List<double>();
var rescoreApi = new List<double>();
for (var i = 0; i < runs; i++)
{
    var parts = cells[(i * 37) % cells.Count].Split(':');
    // A rename is a write like any other: the trigger moves only this village's epoch.
    await ExecAsync($"UPDATE grid_cells SET name = name WHERE id = {parts[0]}");
    rescoreApi.Add(await TimeAsync(() => GraphQLAsync(CoverageQuery, new { a = county })));
    await ExecAsync($"UPDATE grid_cells SET name = name WHERE id = {parts[0]}");
    rescoreSql.Add(await TimeAsync(() => store.GetAsync([parts[1]], month, rules, DateTimeOffset.UtcNow, default)));
}
Console.WriteLine("## Re-scoring after one cell edit\n");
Console.WriteLine("| case | median ms | baseline (warm county report) ms |");
Console.WriteLine("|---|---:|---:|");
Console.WriteLine($"| re-score the edited village (store, SQL) | {Median(rescoreSql):F1} | – |");
Console.WriteLine($"| county report right after the edit (endpoint) | {Median(rescoreApi):F1} | {warm:F1} |\n");

// ---- 3. Tiles: endpoint vs the same ST_AsMVT SQL
var bbox = await ListAsync("SELECT concat_ws(',', ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)) FROM (SELECT ST_Extent(boundary) AS e FROM areas WHERE level = 'village') x");
var b = bbox[0].Split(',').Select(double.Parse).ToArray();
Console.WriteLine("## Vector tiles (endpoint vs the same ST_AsMVT SQL on the database)\n");
// CPU time from /proc beside the wall clock: on a shared machine (load 10–40) a 3 ms tile's wall time is mostly waiting
// for a core, the more so the more processes a request wakes (client, server, database), while CPU time is its own cost.
var cpu = new CpuMeter(new Uri(url).Port, new NpgsqlConnectionStringBuilder(cs).Port);
Console.WriteLine($"(load average {LoadAverage()} before the tiles; CPU ms: the GridGov server + its PostgreSQL backends, against the backends alone for the SQL)\n");
// Two ways through the endpoint, each request beside the same SQL: a tile the server keeps in memory (TileCache: it is
// served again until something it reads changes), and the same request with Cache-Control: no-cache, which reads the
// database as every request did before the cache (the staleness check included). Four passes, interleaved per tile.
Console.WriteLine("| layer | z | tiles | non-empty | KB | kept ms | from the database ms | SQL ms | ratio kept | ratio from the database | CPU ms/tile kept (server + db) | from the database | SQL (db) | CPU ratio kept | CPU ratio from the database |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
double totalApi = 0, totalFresh = 0, totalSql = 0, totalApiCpu = 0, totalFreshCpu = 0, totalSqlCpu = 0;
const int Passes = 4;
foreach (var (layer, z) in new[] { ("villages", 9), ("villages", 11), ("gaps", 11), ("cells", 11), ("cells", 13), ("households", 13), ("households", 14) })
{
    var tiles = TilesOf(b, z, 48);
    foreach (var t in tiles) await http.GetAsync($"/tiles/{layer}/{z}/{t.X}/{t.Y}.pbf"); // warm-up (fills the coverage cache)
    double api = 0, fresh = 0, sql = 0, apiCpu = 0, apiServer = 0, freshCpu = 0, freshServer = 0, sqlCpu = 0; long bytes = 0; var nonEmpty = 0;
    for (var r = 0; r < Passes; r++)
        foreach (var t in tiles)
        {
            async Task<(byte[] Body, double Ms, double Server, double Db)> Endpoint(bool noCache)
            {
                using var req = new HttpRequestMessage(HttpMethod.Get, $"/tiles/{layer}/{z}/{t.X}/{t.Y}.pbf");
                if (noCache) req.Headers.CacheControl = new System.Net.Http.Headers.CacheControlHeaderValue { NoCache = true };
                var c0 = cpu.Read();
                var sw = Stopwatch.StartNew();
                using var res = await http.SendAsync(req);
                var body = await res.Content.ReadAsByteArrayAsync();
                var ms = sw.Elapsed.TotalMilliseconds;
                var (server, db) = CpuMeter.Since(c0, cpu.Read());
                return (body, ms, server, db);
            }
            var fromDb = await Endpoint(noCache: true);
            fresh += fromDb.Ms; freshCpu += fromDb.Server + fromDb.Db; freshServer += fromDb.Server;
            var kept = await Endpoint(noCache: false);
            api += kept.Ms; apiCpu += kept.Server + kept.Db; apiServer += kept.Server;
            var c1 = cpu.Read();
            var sw = Stopwatch.StartNew();
            await using var cmd = ds.CreateCommand(TileSql.For(layer));
            TileSql.Bind(cmd, z, t.X, t.Y, new TileArea(county[..6]), null, month, GridGov.Domain.Coverage.CoverageRules.AsOf(month, DateTimeOffset.UtcNow));
            var direct = await cmd.ExecuteScalarAsync() as byte[] ?? [];
            sql += sw.Elapsed.TotalMilliseconds;
            sqlCpu += CpuMeter.Since(c1, cpu.Read()).Db;
            if (r == 0) { bytes += kept.Body.Length; if (kept.Body.Length > 0) nonEmpty++; }
            // The same bytes, not only the same length: tiles are aggregated in key order (TileSql), so any plan gives one answer.
            foreach (var (way, body) in new[] { ("kept", kept.Body), ("from the database", fromDb.Body) })
                if (!body.AsSpan().SequenceEqual(direct))
                    throw new InvalidOperationException($"{layer}/{z}/{t.X}/{t.Y}: endpoint ({way}) {body.Length} B, SQL {direct.Length} B, not the same bytes");
        }
    totalApi += api; totalFresh += fresh; totalSql += sql; totalApiCpu += apiCpu; totalFreshCpu += freshCpu; totalSqlCpu += sqlCpu;
    var n = tiles.Count * Passes;
    Console.WriteLine($"| {layer} | {z} | {tiles.Count} | {nonEmpty} | {bytes / 1024.0:F0} | {api / Passes:F0} | {fresh / Passes:F0} | {sql / Passes:F0} | **{api / sql:F2}** | {fresh / sql:F2} | " +
        $"{apiServer / n:F2} + {(apiCpu - apiServer) / n:F2} | {freshServer / n:F2} + {(freshCpu - freshServer) / n:F2} | {sqlCpu / n:F2} | {apiCpu / sqlCpu:F2} | {freshCpu / sqlCpu:F2} |");
}
Console.WriteLine($"| **all** | | | | | {totalApi / Passes:F0} | {totalFresh / Passes:F0} | {totalSql / Passes:F0} | **{totalApi / totalSql:F2}** | {totalFresh / totalSql:F2} | " +
    $"{totalApiCpu / Passes:F0} (total) | {totalFreshCpu / Passes:F0} (total) | {totalSqlCpu / Passes:F0} (total) | **{totalApiCpu / totalSqlCpu:F2}** | {totalFreshCpu / totalSqlCpu:F2} |");
Console.WriteLine($"\n(load average {LoadAverage()} after the tiles)");
return;

static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

string? Arg(string name) { var i = Array.IndexOf(args, name); return i >= 0 && i + 1 < args.Length ? args[i + 1] : null; }

async Task<string> TokenAsync(string user)
{
    var res = await http.PostAsJsonAsync("/auth/token", new { username = user, password = "gridgov-demo" });
    res.EnsureSuccessStatusCode();
    return (await res.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
}

async Task GraphQLAsync(string query, object variables)
{
    var res = await http.PostAsJsonAsync("/graphql", new { query, variables });
    var body = await res.Content.ReadFromJsonAsync<JsonElement>();
    if (body.TryGetProperty("errors", out var e)) throw new InvalidOperationException(e.GetRawText());
}

async Task<double> TimeAsync(Func<Task> f) { var sw = Stopwatch.StartNew(); await f(); return sw.Elapsed.TotalMilliseconds; }

async Task<double> MedianAsync(int n, Func<Task> f)
{
    await f();
    var list = new List<double>();
    for (var i = 0; i < n; i++) list.Add(await TimeAsync(f));
    return Median(list);
}

static double Median(List<double> xs) { var s = xs.Order().ToList(); return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2; }

async Task<T> ScalarAsync<T>(string sql) { await using var cmd = ds.CreateCommand(sql); return (T)(await cmd.ExecuteScalarAsync())!; }
async Task ExecAsync(string sql) { await using var cmd = ds.CreateCommand(sql); await cmd.ExecuteNonQueryAsync(); }
async Task<List<string>> ListAsync(string sql)
{
    await using var cmd = ds.CreateCommand(sql);
    await using var r = await cmd.ExecuteReaderAsync();
    var l = new List<string>();
    while (await r.ReadAsync()) l.Add(r.GetString(0));
    return l;
}

// Tiles over the county's extent at zoom z; at most `max`, taken evenly so the sample spans the county.
static List<(int X, int Y)> TilesOf(double[] b, int z, int max)
{
    (int X, int Y) T(double lon, double lat)
    {
        var n = 1 << z;
        var rad = lat * Math.PI / 180;
        return ((int)Math.Floor((lon + 180) / 360 * n), (int)Math.Floor((1 - Math.Log(Math.Tan(rad) + 1 / Math.Cos(rad)) / Math.PI) / 2 * n));
    }
    var (x0, y0) = T(b[0], b[3]);
    var (x1, y1) = T(b[2], b[1]);
    var all = new List<(int, int)>();
    for (var x = x0; x <= x1; x++) for (var y = y0; y <= y1; y++) all.Add((x, y));
    if (all.Count <= max) return all;
    var step = (double)all.Count / max;
    return Enumerable.Range(0, max).Select(i => all[(int)(i * step)]).ToList();
}

/// <summary>
/// CPU milliseconds so far of the GridGov server on <c>serverPort</c> and of each process of the PostgreSQL cluster on
/// <c>pgPort</c> (its postmaster and backends), from /proc (10 ms ticks: unbiased over many requests, not for one).
/// </summary>
sealed class CpuMeter(int serverPort, int pgPort)
{
    private int _server, _postmaster;
    private DateTime _found;

    public (double Server, Dictionary<int, double> Db) Read()
    {
        if (_server == 0 || DateTime.UtcNow - _found > TimeSpan.FromSeconds(5)) Find();
        var db = new Dictionary<int, double>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            if (pid == _postmaster || Parent(pid) == _postmaster) db[pid] = Cpu(pid);
        }
        return (Cpu(_server), db);
    }

    /// <summary>CPU ms between two reads: a backend that started meanwhile counts from zero, one that ended (a pooled connection closed) is left out.</summary>
    public static (double Server, double Db) Since((double Server, Dictionary<int, double> Db) before, (double Server, Dictionary<int, double> Db) after) =>
        (after.Server - before.Server, after.Db.Sum(p => p.Value - before.Db.GetValueOrDefault(p.Key)));

    private void Find()
    {
        _found = DateTime.UtcNow;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string cmd;
            try { cmd = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' '); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            if (cmd.Contains("GridGov.Api.dll") && cmd.Contains($"127.0.0.1:{serverPort} ")) _server = pid;
            if (cmd.Contains("/bin/postgres") && cmd.Contains($"-p {pgPort} ")) _postmaster = pid;
        }
    }

    private static string[]? Stat(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    private static int Parent(int pid) => Stat(pid) is { } f ? int.Parse(f[1]) : 0;

    // utime and stime: the 12th and 13th fields after the command; USER_HZ is 100.
    private static double Cpu(int pid) => Stat(pid) is { } f ? (long.Parse(f[11]) + long.Parse(f[12])) * 10.0 : 0;
}
