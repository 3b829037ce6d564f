using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using GridGov.Sample;
using GridGov.Testing;
using Microsoft.Playwright;

// dotnet run -c Release --project bench/GridGov.Bench.Viewer [-- --households N] [--runs N] [--app DIR]
// Loads the sample county into a fresh database on the test cluster, serves the Release-published
// API + viewer, and in Debian's chromium measures, per cold navigation to the coverage map:
//   app started: navigation start → the layout is rendered (WebAssembly runtime booted);
//   first map: navigation start → the first OpenLayers rendercomplete with every village drawn;
//   coloured:  → every village coloured (linked shares in);
// and the download of that cold navigation, each response brotli-compressed (quality 11, as the
// publish step precompresses), split into the app (static files) and its data (GraphQL).
var households = Arg("--households", SampleOptions.FullHouseholds);
var runs = Arg("--runs", 5);
var appDir = ArgS("--app") ?? Path.Combine(RepoRoot.Path, ".gridgov", "bench-viewer", "app");

if (!File.Exists(Path.Combine(appDir, "GridGov.Api.dll")))
{
    Log($"publishing the API and viewer (Release) to {appDir}");
    Run("dotnet", ["publish", Path.Combine(RepoRoot.Path, "server", "GridGov.Api", "GridGov.Api.csproj"), "-c", "Release", "-o", appDir, "--nologo", "-v", "quiet"]);
}

var pg = new PostgisFixture();
await pg.InitializeAsync();
Process? server = null;
try
{
    var cs = await pg.CreateDatabaseAsync("benchviewer", migrate: false);
    Log($"building and loading the sample county ({households} households)");
    await SampleLoader.LoadAsync(cs, SampleBuilder.Build(new SampleOptions { GeodataFolder = GeodataSource.ResolveFolder(null), Households = households }));

    var port = FreePort();
    var baseUrl = $"http://127.0.0.1:{port}";
    var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = appDir, RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var a in new[] { Path.Combine(appDir, "GridGov.Api.dll"), "--urls", baseUrl, "--contentRoot", appDir }) psi.ArgumentList.Add(a);
    psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
    psi.Environment["ConnectionStrings__GridGov"] = cs;
    psi.Environment["Logging__LogLevel__Default"] = "Warning";
    server = Process.Start(psi)!;
    server.OutputDataReceived += (_, _) => { };
    server.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("server: " + e.Data); };
    server.BeginOutputReadLine();
    server.BeginErrorReadLine();
    using var http = new HttpClient();
    for (var i = 0; ; i++)
    {
        try { if ((await http.GetAsync(baseUrl + "/healthz")).IsSuccessStatusCode) break; } catch (HttpRequestException) { }
        if (i > 240) throw new TimeoutException("server did not start");
        await Task.Delay(250);
    }
    var session = await (await http.PostAsJsonAsync(baseUrl + "/auth/token", new { username = "county", password = SampleLoader.DemoPassword })).Content.ReadAsStringAsync();
    var villages = await CountVillagesAsync(http, baseUrl, JsonDocument.Parse(session).RootElement.GetProperty("token").GetString()!);

    using var playwright = await Playwright.CreateAsync();
    await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = "/usr/bin/chromium", Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });

    var first = new List<double>();
    var coloured = new List<double>();
var boot = new List<double>();
    long appBrotli = 0, appRaw = 0, dataBrotli = 0, dataRaw = 0;
    for (var run = 0; run <= runs; run++) // run 0 warms the server (JIT, connection pool) and is not counted
    {
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 768 }, BaseURL = baseUrl });
        context.SetDefaultTimeout(120_000);
        await context.AddInitScriptAsync($"window.localStorage.setItem('gridgov.session', {JsonSerializer.Serialize(session)})");
        var page = await context.NewPageAsync();
        var bodies = new List<Task<(string Url, byte[] Body)>>();
        if (run == 1)
            page.Response += (_, r) => bodies.Add(Task.Run(async () => { try { return (r.Url, await r.BodyAsync()); } catch (PlaywrightException) { return (r.Url, Array.Empty<byte>()); } }));
        await page.GotoAsync("/coverage", new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        await page.WaitForSelectorAsync(".topbar", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        var tBoot = await page.EvaluateAsync<double>("() => performance.now()");
        await page.WaitForFunctionAsync("(n) => { const m = document.getElementById('map'); return m && Number(m.dataset.layerVillages) === n && Number(m.dataset.renders || 0) > 0; }", villages,
            new PageWaitForFunctionOptions { PollingInterval = 5 });
        var tFirst = await page.EvaluateAsync<double>("() => performance.now()");
        await page.WaitForFunctionAsync("() => { const tds = [...document.querySelectorAll('#township-table tbody td:last-child')]; return tds.length > 0 && tds.every(td => !td.textContent.includes('…')); }",
            null, new PageWaitForFunctionOptions { PollingInterval = 5 });
        var tColoured = await page.EvaluateAsync<double>("() => performance.now()");
        if (run > 0) { first.Add(tFirst); coloured.Add(tColoured); boot.Add(tBoot); }
        Log($"run {run}: app started {tBoot:F0} ms, first map {tFirst:F0} ms, coloured {tColoured:F0} ms{(run == 0 ? " (warm-up, not counted)" : "")}");
        if (run == 1)
        {
            foreach (var (url, body) in await Task.WhenAll(bodies))
            {
                var br = Brotli(body);
                if (url.Contains("/graphql", StringComparison.Ordinal)) { dataBrotli += br; dataRaw += body.Length; }
                else { appBrotli += br; appRaw += body.Length; }
            }
        }
    }

    Console.WriteLine();
    Console.WriteLine($"| figure | value |");
    Console.WriteLine($"|---|---:|");
    Console.WriteLine($"| households / villages | {households} / {villages} |");
    Console.WriteLine($"| navigation → app started (.NET runtime up, layout rendered), median | {Median(boot):F0} ms |");
    Console.WriteLine($"| navigation → first complete map, median of {runs} cold loads | {Median(first):F0} ms (min {first.Min():F0}, max {first.Max():F0}) |");
    Console.WriteLine($"| navigation → every village coloured, median | {Median(coloured):F0} ms |");
    Console.WriteLine($"| app download (static files), brotli | {appBrotli / 1024.0 / 1024.0:F2} MB ({appRaw / 1024.0 / 1024.0:F2} MB raw) |");
    Console.WriteLine($"| data for the first map (GraphQL), brotli | {dataBrotli / 1024.0 / 1024.0:F2} MB ({dataRaw / 1024.0 / 1024.0:F2} MB raw) |");
}
finally
{
    if (server is { HasExited: false }) { server.Kill(entireProcessTree: true); await server.WaitForExitAsync(); }
    await pg.DisposeAsync();
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

string? ArgS(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
