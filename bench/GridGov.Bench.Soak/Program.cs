using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

// dotnet run -c Release --project bench/GridGov.Bench.Soak -- [--url http://127.0.0.1:5080] [--pid PID]
//     [--clients 64] [--minutes 5] [--interval 30]
// Soaks a served GridGov (`./gridgov up`, the sample county) with concurrent clients, each looping
// one mix until the time is up:
//   viewer   a county or township leader's reads: coverage of a township, a village's households,
//            the villages of a township (the viewer's own queries);
//   tiles    household and village vector tiles at random places of the county, zoom 10–15;
//   writes   a branch secretary of its own village (one village per client, so no CONFLICT is
//            expected): renames one of its cells (with the version read) or locks/unlocks a link.
// Any GraphQL error, HTTP status other than 200/204 or exception counts as an error. Every
// --interval seconds it prints requests, errors, p50/p99 latency and the server's resident memory
// (VmRSS of --pid; default: .gridgov/server.pid under the current folder), then totals per mix,
// as a Markdown table for docs/reliability.md.
var baseUrl = Arg("--url", "http://127.0.0.1:5080");
var clients = int.Parse(Arg("--clients", "64"), CultureInfo.InvariantCulture);
var minutes = double.Parse(Arg("--minutes", "5"), CultureInfo.InvariantCulture);
var interval = int.Parse(Arg("--interval", "30"), CultureInfo.InvariantCulture);
var pid = int.TryParse(Arg("--pid", File.Exists(".gridgov/server.pid") ? File.ReadAllText(".gridgov/server.pid").Trim() : ""), out var p) ? p : 0;
const string Password = "gridgov-demo";

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2 })
{
    BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60),
};
var county = await Login("county");
var villages = (await Post(county, "{ villages(first: 500) { code } }")).GetProperty("data").GetProperty("villages")
    .EnumerateArray().Select(v => v.GetProperty("code").GetString()!).OrderBy(c => c, StringComparer.Ordinal).ToList();
var townships = villages.Select(v => v[..9] + "000").Distinct().ToList();
Console.Error.WriteLine($"{villages.Count} villages, {townships.Count} townships; {clients} clients for {minutes} min against {baseUrl} (server pid {pid})");

// Every third client writes, one village each (spread over the county); the rest read or fetch tiles.
var roles = Enumerable.Range(0, clients).Select(i => (i % 3) switch { 0 => "writes", 1 => "viewer", _ => "tiles" }).ToList();
var tokens = new Dictionary<int, string>();
for (var i = 0; i < clients; i++)
    tokens[i] = roles[i] == "writes" ? await Login("sec-" + villages[i * 7 % villages.Count])
        : roles[i] == "viewer" && i % 2 == 0 ? await Login("town-" + townships[i % townships.Count]) : county;

var samples = new List<(double At, string Mix, double Ms, bool Ok)>();
var errors = new List<string>();
var watch = Stopwatch.StartNew();
var end = TimeSpan.FromMinutes(minutes);
var memory = new List<(double At, long RssMb)>();

var tasks = Enumerable.Range(0, clients).Select(i => Task.Run(async () =>
{
    var rnd = new Random(i);
    var village = villages[i * 7 % villages.Count];
    var token = tokens[i];
    while (watch.Elapsed < end)
    {
        var t0 = watch.Elapsed.TotalMilliseconds;
        string? error;
        try
        {
            error = roles[i] switch
            {
                "viewer" => await Viewer(token, rnd, token == county ? townships[rnd.Next(townships.Count)] : null),
                "tiles" => await Tile(token, rnd),
                _ => await Write(token, village, rnd),
            };
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            error = e.GetType().Name + ": " + e.Message;
        }
        var t1 = watch.Elapsed.TotalMilliseconds;
        lock (samples)
        {
            samples.Add((t1 / 1000, roles[i], t1 - t0, error is null));
            if (error is not null) errors.Add($"{roles[i]}: {error}");
        }
    }
})).ToList();

var report = new StringBuilder();
report.AppendLine("| minute | requests | errors | p50 ms | p99 ms | server RSS MB |");
report.AppendLine("|---:|---:|---:|---:|---:|---:|");
var last = 0.0;
while (tasks.Any(t => !t.IsCompleted))
{
    await Task.WhenAny(Task.WhenAll(tasks), Task.Delay(TimeSpan.FromSeconds(interval)));
    var now = watch.Elapsed.TotalSeconds;
    List<(double At, string Mix, double Ms, bool Ok)> window;
    lock (samples) window = samples.Where(s => s.At > last && s.At <= now).ToList();
    var rss = Rss(pid);
    memory.Add((now, rss));
    var line = $"| {now / 60:0.0} | {window.Count} | {window.Count(s => !s.Ok)} | {Pct(window, 50):0} | {Pct(window, 99):0} | {rss} |";
    report.AppendLine(line);
    Console.Error.WriteLine(line);
    last = now;
}

report.AppendLine();
report.AppendLine("| mix | clients | requests | errors | p50 ms | p95 ms | p99 ms | max ms |");
report.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
foreach (var mix in new[] { "viewer", "tiles", "writes" })
{
    var s = samples.Where(x => x.Mix == mix).ToList();
    report.AppendLine($"| {mix} | {roles.Count(r => r == mix)} | {s.Count} | {s.Count(x => !x.Ok)} | {Pct(s, 50):0} | {Pct(s, 95):0} | {Pct(s, 99):0} | {(s.Count == 0 ? 0 : s.Max(x => x.Ms)):0} |");
}
report.AppendLine($"| all | {clients} | {samples.Count} | {samples.Count(x => !x.Ok)} | {Pct(samples, 50):0} | {Pct(samples, 95):0} | {Pct(samples, 99):0} | {samples.Max(x => x.Ms):0} |");
Console.WriteLine(report);
foreach (var e in errors.GroupBy(e => e).OrderByDescending(g => g.Count()).Take(10)) Console.WriteLine($"error ×{e.Count()}: {e.Key}");
return errors.Count == 0 ? 0 : 1;

async Task<string?> Viewer(string token, Random rnd, string? township)
{
    var village = township is null ? null : villages.Where(v => v.StartsWith(township[..9], StringComparison.Ordinal)).ToList() is { Count: > 0 } vs ? vs[rnd.Next(vs.Count)] : null;
    var query = rnd.Next(3) switch
    {
        0 => township is null ? "{ me { areaCode } }" : $"{{ coverage(areaCode: \"{township}\") {{ households linkedHouseholds contactedHouseholds children {{ areaCode name households linkedHouseholds }} }} }}",
        1 => village is null ? "{ villages(first: 50) { code name } }" : $"{{ households(villageCode: \"{village}\", first: 50) {{ nodes {{ id headName povertyStatus currentLink {{ member {{ name }} }} }} }} }}",
        _ => "{ villages(first: 100) { code name isDeepPoverty } }",
    };
    return ErrorOf(await Post(token, query));
}

async Task<string?> Tile(string token, Random rnd)
{
    var z = rnd.Next(10, 16);
    var (x, y) = TileOf(108.25 + rnd.NextDouble() * 0.6, 27.75 + rnd.NextDouble() * 0.5, z);
    using var req = new HttpRequestMessage(HttpMethod.Get, $"/tiles/{(rnd.Next(2) == 0 ? "households" : "villages")}/{z}/{x}/{y}.pbf");
    req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    using var res = await http.SendAsync(req);
    await res.Content.ReadAsByteArrayAsync();
    return res.StatusCode is HttpStatusCode.OK or HttpStatusCode.NoContent ? null : $"HTTP {(int)res.StatusCode}";
}

async Task<string?> Write(string token, string village, Random rnd)
{
    if (rnd.Next(2) == 0)
    {
        var cells = await Post(token, $"{{ gridCells(villageCode: \"{village}\") {{ id version }} }}");
        if (ErrorOf(cells) is { } e) return e;
        var list = cells.GetProperty("data").GetProperty("gridCells").EnumerateArray().ToList();
        if (list.Count == 0) return null;
        var cell = list[rnd.Next(list.Count)];
        return ErrorOf(await Post(token, $"mutation {{ updateGridCell(input: {{id: {cell.GetProperty("id").GetString()}, version: {cell.GetProperty("version").GetInt32()}, name: \"网格{cell.GetProperty("id").GetString()}-{rnd.Next(1000)}\"}}) {{ cell {{ version }} }} }}"));
    }
    var households = await Post(token, $"{{ households(villageCode: \"{village}\", first: 20) {{ nodes {{ id currentLink {{ locked }} }} }} }}");
    if (ErrorOf(households) is { } err) return err;
    var linked = households.GetProperty("data").GetProperty("households").GetProperty("nodes").EnumerateArray()
        .Where(h => h.GetProperty("currentLink").ValueKind == JsonValueKind.Object).ToList();
    if (linked.Count == 0) return null;
    var h = linked[rnd.Next(linked.Count)];
    var locked = h.GetProperty("currentLink").GetProperty("locked").GetBoolean();
    return ErrorOf(await Post(token, $"mutation {{ setLinkLocked(householdId: {h.GetProperty("id").GetString()}, locked: {(!locked).ToString().ToLowerInvariant()}) {{ locked }} }}"));
}

async Task<JsonElement> Post(string token, string query)
{
    using var req = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query }) };
    req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    using var res = await http.SendAsync(req);
    var body = await res.Content.ReadFromJsonAsync<JsonElement>();
    return res.IsSuccessStatusCode ? body : JsonSerializer.SerializeToElement(new { errors = new[] { new { message = $"HTTP {(int)res.StatusCode}" } } });
}

static string? ErrorOf(JsonElement body) =>
    body.TryGetProperty("errors", out var e) && e.GetArrayLength() > 0 ? e[0].GetProperty("message").GetString() : null;

async Task<string> Login(string username)
{
    var res = await http.PostAsJsonAsync("/auth/token", new { username, password = Password });
    res.EnsureSuccessStatusCode();
    return (await res.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
}

static (int X, int Y) TileOf(double lon, double lat, int z)
{
    var n = 1 << z;
    var x = (int)((lon + 180) / 360 * n);
    var r = lat * Math.PI / 180;
    var y = (int)((1 - Math.Log(Math.Tan(r) + 1 / Math.Cos(r)) / Math.PI) / 2 * n);
    return (x, y);
}

static double Pct(List<(double At, string Mix, double Ms, bool Ok)> s, int pct)
{
    if (s.Count == 0) return 0;
    var sorted = s.Select(x => x.Ms).Order().ToList();
    return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(pct / 100.0 * sorted.Count) - 1)];
}

static long Rss(int pid)
{
    if (pid == 0 || !File.Exists($"/proc/{pid}/status")) return 0;
    var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
    return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
}

string Arg(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
