using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using GridGov.Sample;
using GridGov.Testing;
using Microsoft.Playwright;
using Npgsql;

namespace GridGov.Browser.Tests;

/// <summary>
/// The browser tests run in two collections side by side, each with its own server, database and chromium, so
/// one shard's viewer boots while the other's waits on its server: the tests are bound by waiting, not by CPU.
/// Within a collection tests run one after another on villages they reserve; the two never share data.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ViewerCollection : ICollectionFixture<ViewerServer>
{
    public const string Name = "viewer";
}

/// <summary>The second shard (see <see cref="ViewerCollection"/>).</summary>
[CollectionDefinition(Name)]
public sealed class ViewerCollectionB : ICollectionFixture<ViewerServer>
{
    public const string Name = "viewer-b";
}

/// <summary>A village picked for a test: its code and the centre and radius (degrees) of its largest inscribed circle.</summary>
public sealed record TestVillage(string Code, string Name, double X, double Y, double R);

/// <summary>
/// One run's world: a small sample county (3000 households) in a fresh PostGIS database, the real
/// API host (which serves the viewer) as a child process on a free port, and Debian's chromium.
/// </summary>
public sealed class ViewerServer : IAsyncLifetime
{
    public const string Password = SampleLoader.DemoPassword;

    /// <summary>
    /// How long a browser step may wait. Not a speed assertion: a 2-core CI runner testing four projects at once has
    /// taken over 60 s for a first panel that takes 3 s on a quiet machine (the whole suite's Chromium, test hosts and
    /// servers share the cores); a wait that fails there says only that the runner was busy.
    /// </summary>
    public const float WaitTimeout = 120_000;
    private readonly PostgisFixture _pg = new();
    private Process? _server;
    private readonly System.Text.StringBuilder _serverLog = new();
    private static int _instances;
    private readonly int _instance = Interlocked.Increment(ref _instances);

    public string BaseUrl { get; private set; } = "";
    public string ConnectionString { get; private set; } = "";
    public IPlaywright Playwright { get; private set; } = default!;
    public IBrowser Browser { get; private set; } = default!;
    public HttpClient Http { get; } = new();
    /// <summary>Villages whose cells were removed so a test can draw there; one per test.</summary>
    public TestVillage DrawVillage { get; private set; } = default!;
    public TestVillage OverlapVillage { get; private set; } = default!;
    public TestVillage ReportVillage { get; private set; } = default!;
    public TestVillage EditVillage { get; private set; } = default!;
    /// <summary>A village with its sample cells, for the workspace's leader, lock, tie and delete test.</summary>
    public TestVillage WorkspaceVillage { get; private set; } = default!;

    public static string ScreenshotDir { get; } = Environment.GetEnvironmentVariable("GRIDGOV_SCREENSHOTS") is { Length: > 0 } d
        ? d : Path.Combine(RepoRoot.Path, "tests", "GridGov.Browser.Tests", "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        await _pg.InitializeAsync();
        ConnectionString = await SampleDatabases.CreateAsync(_pg, "browser",
            new SampleOptions { GeodataFolder = GeodataSource.ResolveFolder(null), Households = 3000 });

        var villages = await QueryVillagesAsync();
        (DrawVillage, OverlapVillage, ReportVillage, EditVillage, WorkspaceVillage) = (villages[0], villages[1], villages[2], villages[3], villages[4]);
        // Empty the drawing villages so the tests' cells are the only ones there.
        await ExecAsync("UPDATE households SET cell_id = NULL WHERE village_code = ANY(@v); DELETE FROM grid_cells WHERE village_code = ANY(@v);",
            new[] { DrawVillage.Code, OverlapVillage.Code, EditVillage.Code });

        await StartServerAsync();
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        Directory.CreateDirectory(ScreenshotDir);
        await WarmUpAsync();
    }

    /// <summary>
    /// The viewer's first load after the server starts is the slowest (the server's JIT, its static files, a busy
    /// machine while other test projects start): done once here with a long wait, so the tests' own waits measure
    /// the tests. A viewer that never boots fails here, saying what the browser saw.
    /// </summary>
    private async Task WarmUpAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, Locale = "zh-CN" });
        try
        {
            var page = await context.NewPageAsync();
            var log = BrowserLog.Attach(page);
            await log.ExplainFailuresAsync(async () =>
            {
                await page.GotoAsync("/login", new PageGotoOptions { Timeout = 180_000 });
                await page.Locator("#username").WaitForAsync(new LocatorWaitForOptions { Timeout = 180_000 });
            });
        }
        finally { await context.CloseAsync(); }
        // The county's figures for the running month: the coverage code's first run (JIT) and the month's cache, which every
        // test's first map asks for, so a test's first panel does not pay for them under a loaded runner.
        var county = (await GraphQLAsync("county", "{ me { areaCode } }")).GetProperty("me").GetProperty("areaCode").GetString();
        await GraphQLAsync("county", "query($a: String!) { coverage(areaCode: $a) { households farLinks { count } overloadedMembers { count } staleVulnerableHouseholds { count } membersWithoutDeclaration { count } children { areaCode } } }", new { a = county });
    }

    /// <summary>Five villages with room to draw (largest inscribed circles), each with members and linked households.</summary>
    private async Task<List<TestVillage>> QueryVillagesAsync()
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            SELECT a.code, a.name, ST_X(c.center), ST_Y(c.center), c.radius
            FROM areas a CROSS JOIN LATERAL ST_MaximumInscribedCircle(a.boundary) c
            WHERE a.level = 'village'
              AND EXISTS (SELECT 1 FROM links l JOIN party_members m ON m.id = l.member_id WHERE m.village_code = a.code AND l.valid_to IS NULL)
            ORDER BY c.radius DESC LIMIT 5
            """, conn);
        var list = new List<TestVillage>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) list.Add(new TestVillage(r.GetString(0), r.GetString(1), r.GetDouble(2), r.GetDouble(3), r.GetDouble(4)));
        return list;
    }

    public async Task ExecAsync(string sql, object? param = null)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        if (param is not null) cmd.Parameters.AddWithValue("v", param);
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task<T> ScalarAsync<T>(string sql, object? param = null)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        if (param is not null) cmd.Parameters.AddWithValue("v", param);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    /// <summary>The API host from its build output, in Development so it serves the viewer's static web assets.</summary>
    private async Task StartServerAsync()
    {
        var config = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Configuration>/net10.0
        var dir = Path.Combine(RepoRoot.Path, "server", "GridGov.Api", "bin", config, "net10.0");
        var dll = Path.Combine(dir, "GridGov.Api.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is missing: build the solution first");
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { dll, "--urls", BaseUrl }) psi.ArgumentList.Add(a);
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        psi.Environment["ConnectionStrings__GridGov"] = ConnectionString;
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        // The helpers below log in for every call, all from 127.0.0.1: lift the login's per-address request budget.
        psi.Environment["Auth__LoginRequestsPerAddressPerMinute"] = "100000";
        // The first map's colours are checked, not its budget for them (an API test has that): a busy runner may need longer.
        psi.Environment["Viewer__FirstMapFiguresBudgetMs"] = "120000";
        _server = Process.Start(psi)!;
        _server.OutputDataReceived += (_, e) => { lock (_serverLog) _serverLog.AppendLine(e.Data); };
        _server.ErrorDataReceived += (_, e) => { lock (_serverLog) _serverLog.AppendLine(e.Data); };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (_server.HasExited) throw new InvalidOperationException("the API host exited during start-up:\n" + _serverLog);
            try
            {
                if ((await Http.GetAsync(BaseUrl + "/healthz")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException("the API host did not answer /healthz:\n" + _serverLog);
    }

    public async Task<string> TokenAsync(string username)
    {
        var res = await Http.PostAsJsonAsync(BaseUrl + "/auth/token", new { username, password = Password });
        res.EnsureSuccessStatusCode();
        return (await res.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    /// <summary>A GraphQL call as that user; returns data (fails the test on errors).</summary>
    public async Task<JsonElement> GraphQLAsync(string username, string query, object? variables = null)
    {
        using var req = new HttpRequestMessage(HttpMethod.Post, BaseUrl + "/graphql") { Content = JsonContent.Create(new { query, variables }) };
        req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(username));
        var res = await Http.SendAsync(req);
        var body = await res.Content.ReadFromJsonAsync<JsonElement>();
        if (body.TryGetProperty("errors", out var errors)) throw new InvalidOperationException("GraphQL errors: " + errors);
        return body.GetProperty("data");
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        Playwright?.Dispose();
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
            await _server.WaitForExitAsync();
        }
        _server?.Dispose();
        // The API host's warnings and errors (outages, faults), kept beside the screenshots for a failed run to read.
        Directory.CreateDirectory(ScreenshotDir);
        lock (_serverLog) File.WriteAllText(Path.Combine(ScreenshotDir, $"viewer-server-{_instance}.log"), _serverLog.ToString());
        Http.Dispose();
        await _pg.DisposeAsync();
    }
}
