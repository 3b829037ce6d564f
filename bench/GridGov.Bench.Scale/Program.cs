using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using GridGov.Sample;
using Npgsql;

// ./gridgov bench scale [--scale 3[,10]] [--runs 7]   (or ./gridgov bench --scale N)
// dotnet run -c Release --project bench/GridGov.Bench.Scale -- --server "<cluster connection string>" --app DIR [--scale 3,10] [--runs 7]
// The growth table of issue 18. For 1× and each N asked, the sample county with N × 110,000 households in its own database
// `scale_N` on the given cluster (built and loaded once, then kept for the next run), served by the published API (--app) on a
// free port; then, through HTTP as the county leader, each figure below. Ratios are to 1× of the same run.
var server = Arg("--server") ?? throw new ArgumentException("pass --server <connection string of a cluster>");
var app = Path.GetFullPath(Arg("--app") ?? throw new ArgumentException("pass --app <folder of the published API>"));
var runs = int.Parse(Arg("--runs") ?? "7");
var scales = new List<int> { 1 };
scales.AddRange((Arg("--scale") ?? "3").Split(',').Select(int.Parse).Where(n => n > 1));

var results = new List<(int Scale, string Load, long Households, Dictionary<string, double> Figures)>();
foreach (var n in scales.Distinct())
{
    var cs = await EnsureSampleAsync(server, n);
    var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
    Log($"{n}×: measuring (load average {load})");
    var (households, figures) = await MeasureAsync(cs);
    results.Add((n, load, households, figures));
}

Console.WriteLine($"\n## Growth with the households ({Environment.ProcessorCount} cores; median of {runs} runs unless stated; ratio = N× ÷ 1×)\n");
Console.WriteLine("| figure | " + string.Join(" | ", results.Select(r => $"{r.Scale}× ({r.Households:N0} households)")) + " | " +
    string.Join(" | ", results.Skip(1).Select(r => $"ratio {r.Scale}×")) + " |");
Console.WriteLine("|---|" + string.Concat(Enumerable.Repeat("---:|", results.Count * 2 - 1)));
foreach (var key in results[0].Figures.Keys)
{
    var unit = key.EndsWith("KB", StringComparison.Ordinal) ? "" : " ms"; // times and CPU in ms
    Console.WriteLine($"| {key} | " + string.Join(" | ", results.Select(r => $"{r.Figures[key]:F1}{unit}")) + " | " +
        string.Join(" | ", results.Skip(1).Select(r => $"{r.Figures[key] / results[0].Figures[key]:F2}")) + " |");
}
Console.WriteLine("| load average (1 min) at the start | " + string.Join(" | ", results.Select(r => r.Load)) + " |" + string.Concat(Enumerable.Repeat(" |", results.Count - 1)));
return;

// The N× sample in its own database, kept: a database with areas is taken as loaded (the loader commits all or nothing).
async Task<string> EnsureSampleAsync(string serverCs, int n)
{
    var name = $"scale_{n}";
    var cs = new NpgsqlConnectionStringBuilder(serverCs) { Database = name }.ConnectionString;
    await using (var conn = new NpgsqlConnection(serverCs))
    {
        await conn.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @n", conn);
        exists.Parameters.AddWithValue("n", name);
        if ((long)(await exists.ExecuteScalarAsync())! == 0)
            await new NpgsqlCommand($"CREATE DATABASE {name}", conn).ExecuteNonQueryAsync();
    }
    await using (var conn = new NpgsqlConnection(cs))
    {
        await conn.OpenAsync();
        // Two statements: one naming `areas` does not parse in a database just created, without the table.
        await using var migrated = new NpgsqlCommand("SELECT to_regclass('areas') IS NOT NULL", conn);
        if ((bool)(await migrated.ExecuteScalarAsync())!)
        {
            await using var loaded = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM areas)", conn);
            if ((bool)(await loaded.ExecuteScalarAsync())!) { Log($"{n}×: database {name} is loaded, reused"); return cs; }
        }
    }
    Log($"{n}×: building and loading the sample with {n * SampleOptions.FullHouseholds:N0} households into {name} (kept for the next run)");
    await SampleLoader.LoadAsync(cs, SampleBuilder.Build(new SampleOptions
    {
        GeodataFolder = GeodataSource.ResolveFolder(null), Households = n * SampleOptions.FullHouseholds,
    }));
    return cs;
}

async Task<(long Households, Dictionary<string, double> Figures)> MeasureAsync(string cs)
{
    await using var ds = NpgsqlDataSource.Create(cs);
    var county = await ScalarAsync<string>(ds, "SELECT code FROM areas WHERE level = 'county'");
    var households = await ScalarAsync<long>(ds, "SELECT count(*) FROM households");
    var village = await ScalarAsync<string>(ds, "SELECT village_code FROM households GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1");
    var township = await ScalarAsync<string>(ds, "SELECT left(village_code, 9) || '000' FROM households GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1");
    // The z13 tile with the most houses (the densest place of the county at this scale).
    var tile = await ScalarAsync<string>(ds, """
        SELECT x || '/' || y FROM (
            SELECT floor((ST_X(location) + 180) / 360 * 8192)::int AS x,
                   floor((1 - ln(tan(radians(ST_Y(location))) + 1 / cos(radians(ST_Y(location)))) / pi()) / 2 * 8192)::int AS y
            FROM households) t
        GROUP BY x, y ORDER BY count(*) DESC, x, y LIMIT 1
        """);

    var port = FreePort();
    var baseUrl = $"http://127.0.0.1:{port}";
    var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = app, RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var a in new[] { Path.Combine(app, "GridGov.Api.dll"), "--urls", baseUrl, "--contentRoot", app }) psi.ArgumentList.Add(a);
    psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
    psi.Environment["ConnectionStrings__GridGov"] = cs;
    psi.Environment["Logging__LogLevel__Default"] = "Warning";
    psi.Environment["Auth__SigningKey"] = Convert.ToBase64String(Guid.NewGuid().ToByteArray().Concat(Guid.NewGuid().ToByteArray()).ToArray());
    using var api = Process.Start(psi)!;
    api.OutputDataReceived += (_, _) => { };
    api.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("server: " + e.Data); };
    api.BeginOutputReadLine();
    api.BeginErrorReadLine();
    try
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(10) };
        for (var i = 0; ; i++)
        {
            try { if ((await http.GetAsync("/healthz")).IsSuccessStatusCode) break; } catch (HttpRequestException) { }
            if (i > 480 || api.HasExited) throw new InvalidOperationException("the API did not start");
            await Task.Delay(250);
        }
        var login = await http.PostAsJsonAsync("/auth/token", new { username = "county", password = SampleLoader.DemoPassword });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        const string Coverage = """
            query($a: String!) { coverage(areaCode: $a) { households linkedHouseholds contactedHouseholds linkedShare contactedShare uncoveredAreaM2
              householdsOutsideCells { count } cellsWithoutLeader { count } farLinks { count } overloadedMembers { count }
              staleVulnerableHouseholds { count } membersWithoutDeclaration { count }
              children { areaCode households linkedShare contactedShare farLinks { count } staleVulnerableHouseholds { count } } } }
            """;
        var now = DateTime.UtcNow.AddHours(8);
        var quarter = $"{now.Year}Q{(now.Month - 1) / 3 + 1}";
        const string Ranking = "query($q: String!) { ranking(level: TOWNSHIP, quarter: $q) { areaCode rank score bottom parts { part value } } }";
        const string List = "query($v: String!) { households(villageCode: $v, first: 100) { totalCount nodes { id headName householdNo geometry } } }";
        const string Unlinked = "query($a: String!) { households(areaCode: $a, unlinked: true, first: 100) { totalCount nodes { id headName householdNo geometry } } }";

        var f = new Dictionary<string, double>();
        // Beside each time, the server's CPU per request: the API process's and all of PostgreSQL's (backends, parallel workers),
        // which a shared machine's load does not inflate as it does the wall-clock time.
        var postmaster = Postmaster(await ScalarAsync<int>(ds, "SELECT pg_backend_pid()"));
        double ServerCpuMs() { api.Refresh(); return api.TotalProcessorTime.TotalMilliseconds + PostgresCpuMs(postmaster); }
        var cpu = new Dictionary<string, double>();
        async Task Figure(string name, Func<Task> request, bool once = false)
        {
            var before = ServerCpuMs();
            var n = once ? 1 : runs;
            try
            {
                if (!once) await request(); // warm-up: JIT, connections, plans
                before = ServerCpuMs();
                var times = new List<double>();
                for (var i = 0; i < n; i++) times.Add(await TimeAsync(request));
                f[name] = Median(times);
            }
            catch (InvalidOperationException e)
            {
                // A request the API refused (e.g. its statement timeout): NaN in the table, the other figures still measured.
                Log($"{name}: failed — {e.Message}");
                f[name] = double.NaN;
            }
            cpu[$"{name}, server CPU"] = (ServerCpuMs() - before) / n;
        }
        await ExecAsync(ds, "DELETE FROM coverage_cache");
        await Figure("county coverage, cold cache (one run)", () => GraphQLAsync(http, Coverage, new { a = county }), once: true);
        await Figure("county coverage, warm cache", () => GraphQLAsync(http, Coverage, new { a = county }));
        // The quarter's earlier months are not in the cache (only the running month is, from the report above).
        await Figure($"township ranking of {quarter}", () => GraphQLAsync(http, Ranking, new { q = quarter }));
        await Figure("a village's household list (the largest village, 100 rows and the count)", () => GraphQLAsync(http, List, new { v = village }));
        await Figure("unlinked households of a township (the largest, 100 rows and the count)", () => GraphQLAsync(http, Unlinked, new { a = township }));
        byte[] body = [];
        await Figure("z13 households tile of the densest place, ms", async () => body = await http.GetByteArrayAsync($"/tiles/households/13/{tile}.pbf"));
        f["z13 households tile of the densest place, KB"] = body.Length / 1024.0;
        foreach (var (k, v) in cpu) f[k] = v;
        return (households, f);
    }
    finally
    {
        api.Kill(entireProcessTree: true);
        await api.WaitForExitAsync();
    }
}

async Task GraphQLAsync(HttpClient http, string query, object variables)
{
    var res = await http.PostAsJsonAsync("/graphql", new { query, variables });
    var body = await res.Content.ReadFromJsonAsync<JsonElement>();
    if (body.TryGetProperty("errors", out var e)) throw new InvalidOperationException(e.GetRawText());
}

async Task<double> TimeAsync(Func<Task> f) { var sw = Stopwatch.StartNew(); await f(); return sw.Elapsed.TotalMilliseconds; }

static double Median(List<double> list)
{
    var s = list.Order().ToList();
    return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
}

// The cluster's postmaster: the parent of a backend.
static int Postmaster(int backend) => int.Parse(Stat(backend)![1]);

// CPU of the cluster in ms: the postmaster's own and its ended children's (cutime, cstime: backends and parallel workers once
// reaped) plus each live child's. A child that ends between two readings moves from one term to the other, the sum unchanged.
static double PostgresCpuMs(int postmaster)
{
    long ticks = 0;
    foreach (var dir in Directory.EnumerateDirectories("/proc"))
    {
        if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
        var f = Stat(pid);
        if (f is null) continue;
        if (pid == postmaster) ticks += long.Parse(f[11]) + long.Parse(f[12]) + long.Parse(f[13]) + long.Parse(f[14]);
        else if (f[1] == postmaster.ToString(System.Globalization.CultureInfo.InvariantCulture)) ticks += long.Parse(f[11]) + long.Parse(f[12]);
    }
    return ticks * 1000.0 / 100; // USER_HZ: 100 on Linux
}

// /proc/PID/stat after the command name: [0] state (field 3), [1] ppid, [11] utime, [12] stime, [13] cutime, [14] cstime.
static string[]? Stat(int pid)
{
    try
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    }
    catch (IOException) { return null; }
    catch (UnauthorizedAccessException) { return null; }
}

static async Task<T> ScalarAsync<T>(NpgsqlDataSource ds, string sql) { await using var cmd = ds.CreateCommand(sql); return (T)(await cmd.ExecuteScalarAsync())!; }
static async Task ExecAsync(NpgsqlDataSource ds, string sql) { await using var cmd = ds.CreateCommand(sql); await cmd.ExecuteNonQueryAsync(); }

static int FreePort()
{
    var l = new TcpListener(IPAddress.Loopback, 0);
    l.Start();
    var port = ((IPEndPoint)l.LocalEndpoint).Port;
    l.Stop();
    return port;
}

static void Log(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");

string? Arg(string name) { var i = Array.IndexOf(args, name); return i >= 0 && i + 1 < args.Length ? args[i + 1] : null; }
