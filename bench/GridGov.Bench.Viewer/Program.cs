using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using GridGov.Sample;
using GridGov.Testing;
using Microsoft.Playwright;

// dotnet run -c Release --project bench/GridGov.Bench.Viewer [-- --households N] [--runs N] [--app DIR ...] [--db CS]
// Loads the sample county into a fresh database on the test cluster (or uses --db, a database the
// sample is loaded in), serves the Release-published API + viewer, and in Debian's chromium
// measures, per cold navigation to the coverage map:
//   app started: navigation start → the layout is rendered (WebAssembly runtime booted);
//   first map: navigation start → the first OpenLayers rendercomplete with every village drawn
//              (whoever drew it: the page's bootstrap before .NET runs, or the Blazor page);
//   coloured map: → the first render of a map with every village filled by its share (data-nodata-villages = 0;
//              a build without that attribute counts when its panel's township figures are all in);
//   coloured:  → the panel's township figures all in (the page's own coverage queries answered and shown);
// and the download of that cold navigation, each response brotli-compressed (quality 11, as the
// publish step precompresses), split into the app (static files) and its data (GraphQL).
// With several --app folders (published variants) each is served by its own server on the same
// database and the cold loads alternate between them, so the variants share the machine's load.
var households = Arg("--households", SampleOptions.FullHouseholds);
var runs = Arg("--runs", 5);
// --trace DIR: a Chromium performance trace of each variant's first counted load (open it in DevTools).
var trace = ArgS("--trace") is { } traceDir ? Directory.CreateDirectory(traceDir).FullName : null;
var appDirs = ArgsS("--app").Select(Path.GetFullPath).ToList();
if (appDirs.Count == 0) appDirs.Add(Path.Combine(RepoRoot.Path, ".gridgov", "bench-viewer", "app"));

foreach (var appDir in appDirs.Where(d => !File.Exists(Path.Combine(d, "GridGov.Api.dll"))))
{
    Log($"publishing the API and viewer (Release) to {appDir}");
    Run("dotnet", ["publish", Path.Combine(RepoRoot.Path, "server", "GridGov.Api", "GridGov.Api.csproj"), "-c", "Release", "-o", appDir, "--nologo", "-v", "quiet"]);
}

var pg = new PostgisFixture();
var servers = new List<Process>();
try
{
    var cs = ArgS("--db");
    if (cs is null)
    {
        await pg.InitializeAsync();
        cs = await pg.CreateDatabaseAsync("benchviewer", migrate: false);
        Log($"database {new Npgsql.NpgsqlConnectionStringBuilder(cs).Database} (GRIDGOV_KEEP_TEST_DBS=1 keeps it for --db)");
        Log($"building and loading the sample county ({households} households)");
        await SampleLoader.LoadAsync(cs, SampleBuilder.Build(new SampleOptions { GeodataFolder = GeodataSource.ResolveFolder(null), Households = households }));
    }

    using var http = new HttpClient();
    var baseUrls = new List<string>();
    foreach (var appDir in appDirs)
    {
        var baseUrl = $"http://127.0.0.1:{FreePort()}";
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = appDir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(appDir, "GridGov.Api.dll"), "--urls", baseUrl, "--contentRoot", appDir }) psi.ArgumentList.Add(a);
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment["ConnectionStrings__GridGov"] = cs;
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        var server = Process.Start(psi)!;
        servers.Add(server);
        server.OutputDataReceived += (_, _) => { };
        server.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("server: " + e.Data); };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        for (var i = 0; ; i++)
        {
            try { if ((await http.GetAsync(baseUrl + "/healthz")).IsSuccessStatusCode) break; } catch (HttpRequestException) { }
            if (i > 240) throw new TimeoutException("server did not start");
            await Task.Delay(250);
        }
        baseUrls.Add(baseUrl);
    }
    // A session per server: each signs its own tokens.
    var sessions = new List<string>();
    foreach (var baseUrl in baseUrls)
        sessions.Add(await (await http.PostAsJsonAsync(baseUrl + "/auth/token", new { username = "county", password = SampleLoader.DemoPassword })).Content.ReadAsStringAsync());
    var villages = await CountVillagesAsync(http, baseUrls[0], JsonDocument.Parse(sessions[0]).RootElement.GetProperty("token").GetString()!);

    using var playwright = await Playwright.CreateAsync();
    await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = "/usr/bin/chromium", Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });

    var results = appDirs.Select(_ => new Figures()).ToList();
    for (var run = 0; run <= runs; run++) // run 0 warms each server (JIT, connection pool) and is not counted
    {
        // Each round starts with the next variant, so none always follows the same one.
        foreach (var v in Enumerable.Range(0, appDirs.Count).Select(i => (i + run) % appDirs.Count))
        {
            var r = results[v];
            await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 768 }, BaseURL = baseUrls[v] });
            context.SetDefaultTimeout(120_000);
            await context.AddInitScriptAsync($"window.localStorage.setItem('gridgov.session', {JsonSerializer.Serialize(sessions[v])})");
            var page = await context.NewPageAsync();
            page.Console += (_, m) => { if (m.Type is "error" or "warning") Log($"browser {m.Type}: {m.Text}"); };
            page.PageError += (_, e) => Log($"page error: {e}");
            var bodies = new List<Task<(string Url, byte[] Body)>>();
            if (run == 1)
                page.Response += (_, resp) => bodies.Add(Task.Run(async () => { try { return (resp.Url, await resp.BodyAsync()); } catch (PlaywrightException) { return (resp.Url, Array.Empty<byte>()); } }));
            var tracer = run == 1 && trace is not null ? await Tracer.StartAsync(context, page) : null;
            await page.GotoAsync("/coverage", new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
            // Each wait answers with the page's clock at the moment its condition held; they run side by side,
            // so a map drawn before .NET has started counts when it is drawn.
            var polling = new PageWaitForFunctionOptions { PollingInterval = 5 };
            var bootTask = page.WaitForFunctionAsync("() => document.querySelector('.topbar') ? performance.now() : 0", null, polling);
            var firstTask = page.WaitForFunctionAsync("(n) => [...document.querySelectorAll('[data-layer-villages]')].some(m => Number(m.dataset.layerVillages) === n && Number(m.dataset.renders || 0) > 0) ? performance.now() : 0", villages, polling);
            var colouredMapTask = page.WaitForFunctionAsync("(n) => { const done = [...document.querySelectorAll('[data-layer-villages]')].some(m => Number(m.dataset.layerVillages) === n && m.dataset.nodataVillages === '0' && Number(m.dataset.renders || 0) > 0);" +
                " const legacy = !document.querySelector('[data-nodata-villages]') && [...document.querySelectorAll('#township-table tbody td:last-child')].some(() => true) && [...document.querySelectorAll('#township-table tbody td:last-child')].every(td => !td.textContent.includes('…'));" +
                " return done || legacy ? performance.now() : 0; }", villages, polling);
            var tBoot = await (await bootTask).JsonValueAsync<double>();
            var tFirst = await (await firstTask).JsonValueAsync<double>();
            var tColouredMap = await (await colouredMapTask).JsonValueAsync<double>();
            var tColoured = await (await page.WaitForFunctionAsync("() => { const tds = [...document.querySelectorAll('#township-table tbody td:last-child')]; return tds.length > 0 && tds.every(td => !td.textContent.includes('…')) ? performance.now() : 0; }",
                null, polling)).JsonValueAsync<double>();
            if (tracer is not null) await tracer.StopAsync(Path.Combine(trace!, Path.GetFileName(appDirs[v]) + ".trace.json"));
            if (run > 0) { r.First.Add(tFirst); r.ColouredMap.Add(tColouredMap); r.Coloured.Add(tColoured); r.Boot.Add(tBoot); }
            Log($"{Path.GetFileName(appDirs[v])} run {run}: app started {tBoot:F0} ms, first map {tFirst:F0} ms, coloured map {tColouredMap:F0} ms, panel figures {tColoured:F0} ms{(run == 0 ? " (warm-up, not counted)" : "")}");
            if (run == 1)
            {
                foreach (var (url, body) in await Task.WhenAll(bodies))
                {
                    var br = Brotli(body);
                    if (url.Contains("/graphql", StringComparison.Ordinal) || url.Contains("/viewer/first-map", StringComparison.Ordinal)) { r.DataBrotli += br; r.DataRaw += body.Length; }
                    else { r.AppBrotli += br; r.AppRaw += body.Length; }
                }
            }
        }
    }

    Console.WriteLine();
    Console.WriteLine($"households / villages: {households} / {villages}; median of {runs} cold loads each");
    Console.WriteLine();
    Console.WriteLine("| figure | " + string.Join(" | ", appDirs.Select(Path.GetFileName)) + " |");
    Console.WriteLine("|---|" + string.Concat(appDirs.Select(_ => "---:|")));
    Row("navigation → app started (.NET runtime up, layout rendered)", r => $"{Median(r.Boot):F0} ms");
    Row("navigation → first complete map", r => $"{Median(r.First):F0} ms (min {r.First.Min():F0}, max {r.First.Max():F0})");
    Row("navigation → first coloured map (every village filled by its share)", r => $"{Median(r.ColouredMap):F0} ms (min {r.ColouredMap.Min():F0}, max {r.ColouredMap.Max():F0})");
    Row("navigation → the panel's township figures all in", r => $"{Median(r.Coloured):F0} ms");
    Row("app download (static files), brotli", r => $"{r.AppBrotli / 1024.0 / 1024.0:F2} MB ({r.AppRaw / 1024.0 / 1024.0:F2} MB raw)");
    Row("data for the first map (GraphQL, viewer/first-map), brotli", r => $"{r.DataBrotli / 1024.0 / 1024.0:F2} MB ({r.DataRaw / 1024.0 / 1024.0:F2} MB raw)");

    void Row(string name, Func<Figures, string> cell) => Console.WriteLine($"| {name} | " + string.Join(" | ", results.Select(cell)) + " |");
}
finally
{
    foreach (var server in servers.Where(s => !s.HasExited)) { server.Kill(entireProcessTree: true); await server.WaitForExitAsync(); }
    if (pg.ServerConnectionString.Length > 0) await pg.DisposeAsync();
}

static long Brotli(byte[] data)
{
    using var ms = new MemoryStream();
    using (var br = new BrotliStream(ms, new BrotliCompressionOptions { Quality = 11 }, leaveOpen: true)) br.Write(data);
    return ms.Length;
}

static double Median(List<double> xs)
{
    var s = xs.Order().ToList();
    return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
}

static async Task<int> CountVillagesAsync(HttpClient http, string baseUrl, string token)
{
    using var req = new HttpRequestMessage(HttpMethod.Post, baseUrl + "/graphql") { Content = JsonContent.Create(new { query = "{ villages(first: 1000) { code } }" }) };
    req.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
    var body = await (await http.SendAsync(req)).Content.ReadFromJsonAsync<JsonElement>();
    return body.GetProperty("data").GetProperty("villages").GetArrayLength();
}

static int FreePort()
{
    var l = new TcpListener(IPAddress.Loopback, 0);
    l.Start();
    var port = ((IPEndPoint)l.LocalEndpoint).Port;
    l.Stop();
    return port;
}

static void Run(string file, string[] args)
{
    var psi = new ProcessStartInfo(file);
    foreach (var a in args) psi.ArgumentList.Add(a);
    using var p = Process.Start(psi)!;
    p.WaitForExit();
    if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({p.ExitCode})");
}

static void Log(string s) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {s}");

int Arg(string name, int fallback) => ArgS(name) is { } v ? int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : fallback;

IEnumerable<string> ArgsS(string name)
{
    for (var i = 0; i + 1 < args.Length; i++)
        if (args[i] == name) yield return args[i + 1];
}

string? ArgS(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

sealed class Figures
{
    public List<double> First { get; } = [];
    public List<double> ColouredMap { get; } = [];
    public List<double> Coloured { get; } = [];
    public List<double> Boot { get; } = [];
    public long AppBrotli { get; set; }
    public long AppRaw { get; set; }
    public long DataBrotli { get; set; }
    public long DataRaw { get; set; }
}

/// <summary>A Chromium performance trace through the DevTools protocol (Playwright for .NET has no tracing of its own for this).</summary>
sealed class Tracer
{
    private readonly ICDPSession _cdp;
    private readonly TaskCompletionSource<string> _stream = new();

    private Tracer(ICDPSession cdp)
    {
        _cdp = cdp;
        cdp.Event("Tracing.tracingComplete").OnEvent += (_, e) => _stream.TrySetResult(e!.Value.GetProperty("stream").GetString()!);
    }

    public static async Task<Tracer> StartAsync(IBrowserContext context, IPage page)
    {
        var t = new Tracer(await context.NewCDPSessionAsync(page));
        await t._cdp.SendAsync("Tracing.start", new Dictionary<string, object>
        {
            ["transferMode"] = "ReturnAsStream",
            ["categories"] = "devtools.timeline,disabled-by-default-devtools.timeline,v8,v8.wasm,blink.user_timing,loading,netlog,toplevel",
        });
        return t;
    }

    public async Task StopAsync(string path)
    {
        await _cdp.SendAsync("Tracing.end");
        var handle = await _stream.Task;
        await using var file = File.Create(path);
        while (true)
        {
            var chunk = (await _cdp.SendAsync("IO.read", new Dictionary<string, object> { ["handle"] = handle, ["size"] = 1 << 20 }))!.Value;
            var data = chunk.GetProperty("data").GetString() ?? "";
            var bytes = chunk.TryGetProperty("base64Encoded", out var b) && b.GetBoolean() ? Convert.FromBase64String(data) : System.Text.Encoding.UTF8.GetBytes(data);
            await file.WriteAsync(bytes);
            if (chunk.GetProperty("eof").GetBoolean()) break;
        }
        await _cdp.SendAsync("IO.close", new Dictionary<string, object> { ["handle"] = handle });
    }
}
