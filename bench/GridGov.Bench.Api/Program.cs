using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

// Usage: GridGov.Bench.Api --ours URL --key KEY --peer URL --village CODE [--seconds 8] [--warmup 4] [--rounds 3] [--concurrency 4] [--cases 1,2] [--side ours|peer] [--pg-port 54329] [--allocations SECONDS] [--peak 4,8,16]
var opts = new Dictionary<string, string>();
for (var i = 0; i + 1 < args.Length; i += 2) opts[args[i].TrimStart('-')] = args[i + 1];
var ours = opts["ours"];
var peer = opts["peer"];
var village = opts["village"];
var seconds = double.Parse(opts.GetValueOrDefault("seconds", "8"));
var concurrency = int.Parse(opts.GetValueOrDefault("concurrency", "4"));
var warmup = double.Parse(opts.GetValueOrDefault("warmup", "4"));
var rounds = int.Parse(opts.GetValueOrDefault("rounds", "3"));
// --cases 1,3 runs only those cases (1-based); --side ours|peer loads only one server (for CPU accounting per request).
var only = opts.TryGetValue("cases", out var cs) ? cs.Split(',').Select(int.Parse).ToHashSet() : null;
var side = opts.GetValueOrDefault("side", "both");
CpuByProcess.PgPort = opts.GetValueOrDefault("pg-port", "54329");
CpuByProcess.OursPort = new Uri(ours).Port.ToString();

using var oursClient = new HttpClient { BaseAddress = new Uri(ours) };
oursClient.DefaultRequestHeaders.Add("X-Api-Key", opts["key"]);
using var peerClient = new HttpClient { BaseAddress = new Uri(peer) };

// The same three jobs another system does every day, written idiomatically for each server.
var cases = new (string Name, string Ours, string Peer, Func<JsonElement, int> CountOurs, Func<JsonElement, int> CountPeer)[]
{
    ("households of a village with geometry (100 rows)",
        $"{{ households(villageCode: \"{village}\", first: 100) {{ nodes {{ id headName povertyStatus geometry }} }} }}",
        $"{{ allHouseholds(condition: {{villageCode: \"{village}\"}}, first: 100, orderBy: PRIMARY_KEY_ASC) {{ nodes {{ rowId headName povertyStatus location {{ geojson }} }} }} }}",
        d => d.GetProperty("households").GetProperty("nodes").GetArrayLength(),
        d => d.GetProperty("allHouseholds").GetProperty("nodes").GetArrayLength()),
    ("party members of a village with names (50 rows)",
        $"{{ partyMembers(villageCode: \"{village}\", first: 50) {{ nodes {{ id status name }} }} }}",
        $"{{ allPartyMembers(condition: {{villageCode: \"{village}\"}}, first: 50, orderBy: PRIMARY_KEY_ASC) {{ nodes {{ rowId status personByPersonId {{ name }} }} }} }}",
        d => d.GetProperty("partyMembers").GetProperty("nodes").GetArrayLength(),
        d => d.GetProperty("allPartyMembers").GetProperty("nodes").GetArrayLength()),
    ("grid cells of a village with geometry and leader (4 rows)",
        $"{{ gridCells(villageCode: \"{village}\") {{ id name geometry leader {{ name }} }} }}",
        $"{{ allGridCells(condition: {{villageCode: \"{village}\"}}, orderBy: PRIMARY_KEY_ASC) {{ nodes {{ rowId name geometry {{ geojson }} partyMemberByLeaderMemberId {{ personByPersonId {{ name }} }} }} }} }}",
        d => d.GetProperty("gridCells").GetArrayLength(),
        d => d.GetProperty("allGridCells").GetProperty("nodes").GetArrayLength()),
    // Nested relations integrators ask for (issue 18: at least 2× PostGraphile): a household's current member, a member's
    // households, a cell's households. Compared on the rows both must agree on: current links (PostGraphile offers no
    // condition on valid_to — not indexed — so it reads each house's or member's whole link history and the count keeps
    // the open ones) and households not ended (a cell's households on GridGov are those that exist now).
    ("(nested) households with their current member's name (50 rows)",
        $"{{ households(villageCode: \"{village}\", first: 50) {{ nodes {{ id headName currentLink {{ member {{ name }} }} }} }} }}",
        $"{{ allHouseholds(condition: {{villageCode: \"{village}\"}}, first: 50, orderBy: PRIMARY_KEY_ASC) {{ nodes {{ rowId headName linksByHouseholdId {{ nodes {{ validTo partyMemberByMemberId {{ personByPersonId {{ name }} }} }} }} }} }} }}",
        d => Nodes(d.GetProperty("households")).Count(h => h.GetProperty("currentLink").ValueKind != JsonValueKind.Null),
        d => Nodes(d.GetProperty("allHouseholds")).Count(h => Nodes(h.GetProperty("linksByHouseholdId")).Any(Open))),
    ("(nested) party members with their households (50 members)",
        $"{{ partyMembers(villageCode: \"{village}\", first: 50) {{ nodes {{ id name households {{ id headName }} }} }} }}",
        $"{{ allPartyMembers(condition: {{villageCode: \"{village}\"}}, first: 50, orderBy: PRIMARY_KEY_ASC) {{ nodes {{ rowId personByPersonId {{ name }} linksByMemberId {{ nodes {{ validTo householdByHouseholdId {{ rowId headName }} }} }} }} }} }}",
        d => Nodes(d.GetProperty("partyMembers")).Sum(m => m.GetProperty("households").GetArrayLength()),
        d => Nodes(d.GetProperty("allPartyMembers")).Sum(m => Nodes(m.GetProperty("linksByMemberId")).Count(Open))),
    ("(nested) grid cells with their households (all of a village)",
        $"{{ gridCells(villageCode: \"{village}\") {{ id name households {{ id headName }} }} }}",
        $"{{ allGridCells(condition: {{villageCode: \"{village}\"}}, orderBy: PRIMARY_KEY_ASC) {{ nodes {{ rowId name householdsByCellId(orderBy: PRIMARY_KEY_ASC) {{ nodes {{ rowId headName endedAt }} }} }} }} }}",
        d => d.GetProperty("gridCells").EnumerateArray().Sum(c => c.GetProperty("households").GetArrayLength()),
        d => Nodes(d.GetProperty("allGridCells")).Sum(c => Nodes(c.GetProperty("householdsByCellId")).Count(h => h.GetProperty("endedAt").ValueKind == JsonValueKind.Null))),
};
if (only is not null) cases = cases.Where((_, i) => only.Contains(i + 1)).ToArray();

Console.WriteLine($"# API throughput, {concurrency} concurrent clients, {seconds} s per case and server in {rounds} alternating rounds, after {warmup} s of warm-up per case, village {village}");
Console.WriteLine($"load average at start: {LoadAverage()}");
Console.WriteLine();
Console.WriteLine("| query | GridGov req/s | PostGraphile req/s | ratio | GridGov p50 ms | PostGraphile p50 ms |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|");
var ratios = new List<double>();
var nestedRatios = new List<double>();
var cpuLines = new List<string>();
// Both must answer the same rows, or the comparison means nothing.
foreach (var c in cases)
{
    var a = c.CountOurs(await Data(oursClient, c.Ours));
    var b = c.CountPeer(await Data(peerClient, c.Peer));
    if (a != b || a == 0) throw new InvalidOperationException($"{c.Name}: GridGov returned {a} rows, PostGraphile {b}");
}
// Warm every case on both servers under load first, long enough for both JITs (.NET tiering, V8) to settle.
foreach (var c in cases)
{
    if (side != "peer") await Run(oursClient, c.Ours, warmup);
    if (side != "ours") await Run(peerClient, c.Peer, warmup);
}
foreach (var c in cases)
{
    // Alternate short rounds so that a change in the machine's load hits both sides alike.
    var ourRounds = new List<(double Rate, double P50, int Count)>();
    var peers = new List<(double Rate, double P50, int Count)>();
    var (ourCpu, peerCpu) = (new Dictionary<string, double>(), new Dictionary<string, double>());
    for (var r = 0; r < rounds; r++)
    {
        if (side != "peer") ourRounds.Add(await Run(oursClient, c.Ours, seconds / rounds, ourCpu));
        if (side != "ours") peers.Add(await Run(peerClient, c.Peer, seconds / rounds, peerCpu));
    }
    var (ourRate, ourP50) = ourRounds.Count > 0 ? (ourRounds.Average(x => x.Rate), Median(ourRounds.Select(x => x.P50))) : (double.NaN, double.NaN);
    var (peerRate, peerP50) = peers.Count > 0 ? (peers.Average(x => x.Rate), Median(peers.Select(x => x.P50))) : (double.NaN, double.NaN);
    (c.Name.StartsWith("(nested)") ? nestedRatios : ratios).Add(ourRate / peerRate);
    Console.WriteLine($"| {c.Name} | {ourRate:0} | {peerRate:0} | {ourRate / peerRate:0.00}× | {ourP50:0.0} | {peerP50:0.0} |");
    string Cpu(Dictionary<string, double> d) => string.Join(", ", d.OrderBy(x => x.Key).Select(x => $"{x.Key} {x.Value / rounds:0.000}"));
    cpuLines.Add($"- {c.Name}: GridGov [{Cpu(ourCpu)}]; PostGraphile [{Cpu(peerCpu)}]");
}
Console.WriteLine();
if (ratios.Count > 0) Console.WriteLine($"Geometric mean of the ratios of the typical queries ({ratios.Count}): {Math.Exp(ratios.Average(Math.Log)):0.00}×");
if (nestedRatios.Count > 0) Console.WriteLine($"Geometric mean of the ratios of the nested relations: {Math.Exp(nestedRatios.Average(Math.Log)):0.00}×");
Console.WriteLine($"load average at the end: {LoadAverage()}");
Console.WriteLine();
Console.WriteLine("CPU milliseconds per request, by process (all postgres backends together; \"bench\" is this load generator):");
foreach (var l in cpuLines) Console.WriteLine(l);

// --peak 4,8,16: each server at its capacity. With few clients a fast server waits on its clients' round trips and is
// measured below what it can serve, while a slower one is already at its limit (docs/benchmarks.md, "Typical queries: fewer
// allocations per request"). So each case runs at every level, both servers alternating in rounds as above, and the
// ratio is of the best rate each reached at any level.
if (opts.TryGetValue("peak", out var peakLevels))
{
    var levels = peakLevels.Split(',').Select(int.Parse).ToArray();
    Console.WriteLine();
    Console.WriteLine($"## At each server's peak: {string.Join(", ", levels)} concurrent clients, {seconds} s per case, level and server in {rounds} alternating rounds");
    Console.WriteLine($"load average at start: {LoadAverage()}");
    Console.WriteLine();
    Console.WriteLine($"| query | {string.Join(" | ", levels.Select(l => $"{l} clients: GridGov / PostGraphile req/s"))} | GridGov peak | PostGraphile peak | ratio at peaks |");
    Console.WriteLine($"|---|{string.Concat(levels.Select(_ => "---:|"))}---:|---:|---:|");
    var peakRatios = new List<double>();
    var peakNested = new List<double>();
    foreach (var c in cases)
    {
        var cells = new List<string>();
        (double Rate, int Level) bestOurs = (0, 0), bestPeer = (0, 0);
        foreach (var level in levels)
        {
            var (o, q) = (0.0, 0.0);
            for (var r = 0; r < rounds; r++)
            {
                o += (await Run(oursClient, c.Ours, seconds / rounds, clients: level)).Rate / rounds;
                q += (await Run(peerClient, c.Peer, seconds / rounds, clients: level)).Rate / rounds;
            }
            cells.Add($"{o:0} / {q:0}");
            if (o > bestOurs.Rate) bestOurs = (o, level);
            if (q > bestPeer.Rate) bestPeer = (q, level);
        }
        (c.Name.StartsWith("(nested)") ? peakNested : peakRatios).Add(bestOurs.Rate / bestPeer.Rate);
        Console.WriteLine($"| {c.Name} | {string.Join(" | ", cells)} | {bestOurs.Rate:0} ({bestOurs.Level}) | {bestPeer.Rate:0} ({bestPeer.Level}) | {bestOurs.Rate / bestPeer.Rate:0.00}× |");
    }
    Console.WriteLine();
    if (peakRatios.Count > 0) Console.WriteLine($"Geometric mean of the peak ratios of the typical queries ({peakRatios.Count}): {Math.Exp(peakRatios.Average(Math.Log)):0.00}×");
    if (peakNested.Count > 0) Console.WriteLine($"Geometric mean of the peak ratios of the nested relations: {Math.Exp(peakNested.Average(Math.Log)):0.00}×");
    Console.WriteLine($"load average at the end: {LoadAverage()}");
}

// --allocations S: each case against GridGov alone for S seconds, the server's allocated bytes counted by dotnet-counters
// (bench/api/.config/dotnet-tools.json, restored by run.sh): allocations cost the server CPU (zeroing, collections).
if (opts.TryGetValue("allocations", out var allocationSeconds))
{
    var serverPid = CpuByProcess.Snapshot().FirstOrDefault(p => p.Value.Group == "gridgov").Key;
    if (serverPid == 0) throw new InvalidOperationException($"no GridGov server process found on port {CpuByProcess.OursPort}");
    var length = double.Parse(allocationSeconds);
    Console.WriteLine();
    Console.WriteLine($"Bytes allocated by the GridGov server per request ({length:0} s per case, {concurrency} clients, GridGov alone; dotnet-counters, dotnet.gc.heap.total_allocated):");
    foreach (var c in cases)
    {
        var csv = Path.Combine(Path.GetTempPath(), $"gridgov-bench-alloc-{Environment.ProcessId}.csv");
        File.Delete(csv);
        // The session spans the load with a margin either side; an idle server allocates ~35 KB/s, noise beside the load.
        var window = TimeSpan.FromSeconds(Math.Ceiling(length) + 6);
        using var counters = Process.Start(new ProcessStartInfo("dotnet",
            ["tool", "run", "dotnet-counters", "collect", "-p", serverPid.ToString(), "--counters", "System.Runtime", "--format", "csv",
             "-o", csv, "--refresh-interval", "1", "--duration", $"{window.Days:00}:{window.Hours:00}:{window.Minutes:00}:{window.Seconds:00}"])
            { RedirectStandardOutput = true, RedirectStandardError = true })!;
        // Both streams read while it runs, so that neither fills and stalls it.
        var output = counters.StandardOutput.ReadToEndAsync();
        var errors = counters.StandardError.ReadToEndAsync();
        await Task.Delay(2500);
        var (_, _, requests) = await Run(oursClient, c.Ours, length);
        await counters.WaitForExitAsync();
        await output;
        if (counters.ExitCode != 0 || !File.Exists(csv))
            throw new InvalidOperationException($"dotnet-counters failed ({counters.ExitCode}): {await errors}");
        var bytes = File.ReadLines(csv).Where(l => l.Contains("dotnet.gc.heap.total_allocated"))
            .Sum(l => double.Parse(l[(l.LastIndexOf(',') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        File.Delete(csv);
        Console.WriteLine($"- {c.Name}: {bytes / requests / 1024:0.0} KB ({requests} requests)");
    }
}
return 0;

static IEnumerable<JsonElement> Nodes(JsonElement connection) => connection.GetProperty("nodes").EnumerateArray();

static bool Open(JsonElement link) => link.GetProperty("validTo").ValueKind == JsonValueKind.Null;

static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

static double Median(IEnumerable<double> xs)
{
    var s = xs.OrderBy(x => x).ToList();
    return s[s.Count / 2];
}

async Task<JsonElement> Data(HttpClient client, string query)
{
    var res = await client.PostAsJsonAsync("/graphql", new { query });
    var body = await res.Content.ReadFromJsonAsync<JsonElement>();
    if (body.TryGetProperty("errors", out var e)) throw new InvalidOperationException(e.GetRawText());
    return body.GetProperty("data");
}

async Task<(double Rate, double P50, int Count)> Run(HttpClient client, string query, double duration, Dictionary<string, double>? cpu = null,
    int? clients = null)
{
    var latencies = new List<double>();
    var before = cpu is null ? null : CpuByProcess.Snapshot();
    var stop = Stopwatch.StartNew();
    var workers = Enumerable.Range(0, clients ?? concurrency).Select(async _ =>
    {
        var mine = new List<double>();
        while (stop.Elapsed.TotalSeconds < duration)
        {
            var t = Stopwatch.GetTimestamp();
            var res = await client.PostAsJsonAsync("/graphql", new { query });
            await res.Content.ReadAsByteArrayAsync();
            res.EnsureSuccessStatusCode();
            mine.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }
        lock (latencies) latencies.AddRange(mine);
    }).ToList();
    await Task.WhenAll(workers);
    if (cpu is not null)
        foreach (var (group, seconds) in CpuByProcess.Since(before!))
            cpu[group] = cpu.GetValueOrDefault(group) + seconds * 1000 / Math.Max(1, latencies.Count);
    latencies.Sort();
    return (latencies.Count / stop.Elapsed.TotalSeconds, latencies[latencies.Count / 2], latencies.Count);
}

/// <summary>CPU time of the processes taking part, from /proc: the GridGov server, PostGraphile, PostgreSQL, this client.</summary>
static class CpuByProcess
{
    private static readonly double Tick = 1.0 / 100; // USER_HZ is 100 on Linux

    /// <summary>The PostgreSQL cluster of the benchmark (its port), not others running on the machine.</summary>
    public static string PgPort = "54329";

    /// <summary>The GridGov server of the benchmark (its port): other GridGov servers and test hosts on a shared machine are not counted.</summary>
    public static string OursPort = "5080";

    /// <summary>CPU seconds so far of each process taking part, by pid, with its group.</summary>
    public static Dictionary<int, (string Group, double Cpu)> Snapshot()
    {
        var procs = new List<(int Pid, int Parent, string Cmd, double Cpu)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var cmd = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                // After the command: state, ppid, …; utime and stime are the 12th and 13th.
                procs.Add((pid, int.Parse(fields[1]), cmd, (long.Parse(fields[11]) + long.Parse(fields[12])) * Tick));
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        var postmaster = procs.FirstOrDefault(p => p.Cmd.Contains("/bin/postgres") && p.Cmd.Contains($"-p {PgPort} ")).Pid;
        var result = new Dictionary<int, (string, double)>();
        foreach (var p in procs)
        {
            var group = p.Pid == Environment.ProcessId ? "bench"
                : p.Cmd.Contains("GridGov.Api.dll") && p.Cmd.Contains($"127.0.0.1:{OursPort} ") ? "gridgov"
                : p.Cmd.Contains("postgraphile") ? "postgraphile"
                : postmaster != 0 && (p.Pid == postmaster || p.Parent == postmaster) ? "postgres"
                : null;
            if (group is not null) result[p.Pid] = (group, p.Cpu);
        }
        return result;
    }

    /// <summary>
    /// CPU seconds per group since <paramref name="before"/>, per process: one that started meanwhile counts
    /// from zero; one that ended meanwhile (a closed database connection) is left out, never negative.
    /// </summary>
    public static IEnumerable<(string Group, double Seconds)> Since(Dictionary<int, (string Group, double Cpu)> before) =>
        Snapshot().GroupBy(x => x.Value.Group)
            .Select(g => (g.Key, g.Sum(x => x.Value.Cpu - (before.TryGetValue(x.Key, out var b) ? b.Cpu : 0))));
}
