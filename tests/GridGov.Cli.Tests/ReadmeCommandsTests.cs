using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using GridGov.Testing;
using Xunit.Abstractions;

namespace GridGov.Cli.Tests;

/// <summary>
/// A fresh clone of this repository (its committed state) in a temp folder, on spare ports, where the README's commands
/// run as a new user runs them: through ./gridgov, never in-process. `./gridgov link` was once broken for weeks because
/// only in-process tests ran it. Two tests take a clone each and run side by side (<see cref="ReadmeCommandsTests"/>,
/// <see cref="ReadmeOfflineCommandsTests"/>): a clone's first build is minutes of waiting, and one after the other they
/// were the suite's longest pole.
/// </summary>
public abstract class FreshClone(ITestOutputHelper output) : IDisposable
{
    // Each step's time goes to the test's output (in the .trx): where a fresh clone's minutes go, for whoever makes the suite quicker.
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    protected void Step(string what, Stopwatch took)
    {
        // Also called from a process's output events, which may come after the test has ended (xUnit then refuses output).
        try { output.WriteLine($"{_clock.Elapsed.TotalSeconds,7:F0} s  {took.Elapsed.TotalSeconds,6:F0} s  {what}"); }
        catch (InvalidOperationException) { }
    }

    /// <summary>One of gridgov's own "gridgov: …" lines, indented under its command and without its bold escapes.</summary>
    protected void GridgovStep(string line, Stopwatch took) => Step("    " + line.Replace("\u001b[1m", "").Replace("\u001b[0m", ""), took);

    protected readonly string _clone = Path.Combine(Path.GetTempPath(), "gridgov-readme-" + Guid.NewGuid().ToString("N")[..8]);
    protected readonly int _port = FreePort(), _pgPort = FreePort(), _testPgPort = FreePort();
    protected Process? _server;

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    protected (int Code, string Stdout, string Stderr) Run(string file, string[] args, string? stdin = null, int timeoutSeconds = 900)
    {
        var psi = new ProcessStartInfo(file)
        {
            WorkingDirectory = _clone, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
            StandardOutputEncoding = Encoding.UTF8, StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        Environment(psi);
        var took = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        if (stdin is not null) p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        // Standard error line by line: gridgov's own "gridgov: …" lines (installing, building, testing …) go to the test's
        // output with the time they came, so that a slow command shows which of its steps was slow.
        var stderr = new StringBuilder();
        p.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (stderr) stderr.AppendLine(e.Data);
            if (e.Data.Contains("gridgov:", StringComparison.Ordinal)) GridgovStep(e.Data, took);
        };
        p.BeginErrorReadLine();
        if (!p.WaitForExit(timeoutSeconds * 1000))
        {
            p.Kill(entireProcessTree: true);
            lock (stderr) throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in {timeoutSeconds} s: {stderr}");
        }
        p.WaitForExit(); // the last lines of standard error
        Step($"{Path.GetFileName(file)} {string.Join(' ', args)}", took);
        lock (stderr) return (p.ExitCode, stdout.Result, stderr.ToString());
    }

    protected void Environment(ProcessStartInfo psi)
    {
        psi.Environment["GRIDGOV_PORT"] = _port.ToString();
        psi.Environment["GRIDGOV_PG_PORT"] = _pgPort.ToString();
        psi.Environment["GRIDGOV_TEST_PG_PORT"] = _testPgPort.ToString();
        psi.Environment["GRIDGOV_GEODATA"] = GeodataFolder();
        psi.Environment.Remove("GRIDGOV_DB");
        psi.Environment.Remove("GRIDGOV_TEST_DB");
        // A new user's build is Release; `./gridgov test` sets Debug for the other CLI tests only.
        psi.Environment.Remove("GRIDGOV_BUILD_CONFIGURATION");
    }

    /// <summary>The sample's source data beside this checkout (the README's default is ../shared/geodata/source).</summary>
    private static string GeodataFolder() =>
        System.Environment.GetEnvironmentVariable("GRIDGOV_GEODATA") is { Length: > 0 } g ? g
            : Path.GetFullPath(Path.Combine(RepoRoot.Path, "..", "shared", "geodata", "source"));

    protected string Gridgov(params string[] args) => Ok(Run(Path.Combine(_clone, "gridgov"), args), args);

    protected static string Ok((int Code, string Stdout, string Stderr) r, string[] args)
    {
        Assert.True(r.Code == 0, $"./gridgov {string.Join(' ', args)} exited {r.Code}:\n{r.Stderr}\n{r.Stdout}");
        return r.Stdout;
    }

    /// <summary>git clone of the repository into the temp folder.</summary>
    protected async Task CloneAsync()
    {
        var took = Stopwatch.StartNew();
        var clone = Process.Start(new ProcessStartInfo("git", ["clone", "--quiet", "--no-hardlinks", RepoRoot.Path, _clone]) { RedirectStandardError = true })!;
        await clone.WaitForExitAsync();
        Assert.Equal(0, clone.ExitCode);
        Step("git clone", took);
    }

    public void Dispose()
    {
        GC.SuppressFinalize(this);
        try
        {
            if (_server is { HasExited: false })
            {
                Run(Path.Combine(_clone, "gridgov"), ["down"], timeoutSeconds: 120);
                _server.Kill(entireProcessTree: true);
            }
            else if (Directory.Exists(_clone)) Run(Path.Combine(_clone, "gridgov"), ["down"], timeoutSeconds: 120);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception) { }
        try { Directory.Delete(_clone, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>The README's commands on a served county: up, admin, psql, import (dry run), export, reset, down.</summary>
public sealed class ReadmeCommandsTests(ITestOutputHelper output) : FreshClone(output)
{
    [Fact]
    public async Task A_new_user_runs_every_command_of_the_readme()
    {
        await CloneAsync();

        // ./gridgov up: installs, starts the private PostGIS, loads the sample, serves — until Ctrl-C or ./gridgov down.
        var psi = new ProcessStartInfo(Path.Combine(_clone, "gridgov"), ["up"])
        {
            WorkingDirectory = _clone, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        Environment(psi);
        var upTook = Stopwatch.StartNew();
        _server = Process.Start(psi)!;
        var log = new StringBuilder();
        _server.ErrorDataReceived += (_, e) =>
        {
            lock (log) log.AppendLine(e.Data);
            if (e.Data?.Contains("gridgov:", StringComparison.Ordinal) == true && !_server.HasExited)
                GridgovStep(e.Data, upTook);
        };
        _server.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        _server.BeginErrorReadLine();
        _server.BeginOutputReadLine();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_port}"), Timeout = TimeSpan.FromSeconds(30) };
        // A limit for a hang, not a timing: a fresh clone's first `up` compiles the server and the viewer in Release, which
        // took over 20 minutes twice on this 2-core machine at load 35–70 (other builds and test projects side by side).
        var deadline = DateTime.UtcNow.AddMinutes(40);
        while (true)
        {
            Assert.False(_server.HasExited, "./gridgov up exited:\n" + log);
            try { if ((await http.GetAsync("/healthz")).IsSuccessStatusCode) break; } catch (HttpRequestException) { }
            Assert.True(DateTime.UtcNow < deadline, "./gridgov up did not serve within 40 minutes:\n" + log);
            await Task.Delay(1000);
        }
        Step("gridgov up (until it serves)", upTook);

        // The README's sample login, and a query with it.
        var login = await http.PostAsJsonAsync("/auth/token", new { username = "county", password = "gridgov-demo" });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/")).StatusCode);

        // ./gridgov admin apikey create … prints a key that works.
        var key = Gridgov("admin", "apikey", "create", "--name", "readme-test", "--area", "520625000000", "--scopes", "read").Trim();
        using (var req = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query = "{ villages(townshipCode: \"520625101000\") { code } }" }) })
        {
            req.Headers.Add("X-Api-Key", key);
            var answer = await http.SendAsync(req);
            var body = await answer.Content.ReadAsStringAsync();
            Assert.True(answer.IsSuccessStatusCode && !body.Contains("\"errors\""), body);
        }
        // ./gridgov admin user create … (password on stdin), then that user logs in.
        Ok(Run(Path.Combine(_clone, "gridgov"), ["admin", "user", "create", "--username", "zzb", "--role", "county-admin", "--area", "520625000000"],
            stdin: "a-long-password-1\n"), ["admin", "user", "create"]);
        var zzb = await http.PostAsJsonAsync("/auth/token", new { username = "zzb", password = "a-long-password-1" });
        Assert.Equal(HttpStatusCode.OK, zzb.StatusCode);
        var zzbToken = (await zzb.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        // … --role cadre --area VILLAGE --name N --kind … --rank …: a cadre (第一书记) who logs in and lands on the check-in page.
        Ok(Run(Path.Combine(_clone, "gridgov"), ["admin", "user", "create", "--username", "cadre1", "--role", "cadre", "--area", "520625101001",
            "--name", "田书记", "--kind", "first-secretary", "--rank", "科级"], stdin: "a-long-password-2\n"), ["admin", "user", "create", "--role", "cadre"]);
        async Task<JsonElement> CadreMe(string user, string password)
        {
            var login = await http.PostAsJsonAsync("/auth/token", new { username = user, password });
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            using var req = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query = "{ me { role cadreId servedVillages } }" }) };
            req.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer",
                (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString());
            var body = await (await http.SendAsync(req)).Content.ReadAsStringAsync();
            Assert.True(body.Contains("\"CADRE\"") && !body.Contains("\"cadreId\":null"), body);
            return JsonDocument.Parse(body).RootElement.GetProperty("data").GetProperty("me");
        }
        await CadreMe("cadre1", "a-long-password-2");
        // … admin cadre post --cadre ID --area VILLAGE: a second village for a 包村干部, which its login then serves.
        Ok(Run(Path.Combine(_clone, "gridgov"), ["admin", "user", "create", "--username", "cadre2", "--role", "cadre", "--area", "520625101001",
            "--name", "包村干部甲", "--kind", "liaison-cadre", "--rank", "一般干部"], stdin: "a-long-password-3\n"), ["admin", "user", "create", "--kind", "liaison-cadre"]);
        var liaison = (await CadreMe("cadre2", "a-long-password-3")).GetProperty("cadreId").GetString()!;
        Gridgov("admin", "cadre", "post", "--cadre", liaison, "--area", "520625101201");
        // The server caches a cadre's villages for its session check (5 s): asked again until that has passed.
        string[] served = [];
        for (var until = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < until; await Task.Delay(1000))
        {
            served = [.. (await CadreMe("cadre2", "a-long-password-3")).GetProperty("servedVillages").EnumerateArray().Select(v => v.GetString()!).Order()];
            if (served.Length > 1) break;
        }
        Assert.Equal(["520625101001", "520625101201"], served);
        // ./gridgov admin user disable … ends that token (never used before, so no server has it cached) and refuses logins; enable lets them in again.
        Gridgov("admin", "user", "disable", "--username", "zzb");
        using (var req = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query = "{ me { role } }" }) })
        {
            req.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", zzbToken);
            var body = await (await http.SendAsync(req)).Content.ReadAsStringAsync();
            Assert.Contains("UNAUTHENTICATED", body);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsJsonAsync("/auth/token", new { username = "zzb", password = "a-long-password-1" })).StatusCode);
        Gridgov("admin", "user", "enable", "--username", "zzb");
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync("/auth/token", new { username = "zzb", password = "a-long-password-1" })).StatusCode);
        // ./gridgov psql -c …
        Assert.Contains("110000", Gridgov("psql", "-tA", "-c", "SELECT count(*) FROM households"));
        // ./gridgov link, import template and test FILTER: ReadmeOfflineCommandsTests, in a clone of its own.
        // A dry run of an import.
        var areas = Path.Combine(_clone, "areas.csv");
        File.WriteAllText(areas, "区划代码,名称\n520625101001,改了名的村\n", new UTF8Encoding(true));
        var report = Path.Combine(_clone, "report.json");
        Gridgov("import", "areas", areas, "--dry-run", "--report", report);
        Assert.Equal(1, JsonDocument.Parse(File.ReadAllText(report)).RootElement.GetProperty("counts").GetProperty("changed").GetInt32());
        // ./gridgov export … writes the roster (an xlsx is a zip: "PK"), and GET /exports/{kind} answers the same rows to the key.
        var exported = Path.Combine(_clone, "households.xlsx");
        var said = Gridgov("export", "households", "--area", "520625101001", "--out", exported);
        Assert.Equal("PK", Encoding.ASCII.GetString(File.ReadAllBytes(exported)[..2]));
        var rows = System.Text.RegularExpressions.Regex.Match(said, @"(\d+) rows").Groups[1].Value;
        using (var req = new HttpRequestMessage(HttpMethod.Get, "/exports/households?area=520625101001&format=csv"))
        {
            req.Headers.Add("X-Api-Key", key);
            var answer = await http.SendAsync(req);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Equal(rows, answer.Headers.GetValues("X-Export-Rows").Single());
        }
        // ./gridgov reset reloads the sample (the API key made above is gone with it).
        Gridgov("reset");
        Assert.Equal("0", Gridgov("psql", "-tA", "-c", "SELECT count(*) FROM api_keys").Trim());
        // ./gridgov down stops the server and the database.
        Gridgov("down");
        Assert.True(_server.WaitForExit(60_000), "the server did not stop after ./gridgov down");
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.GetAsync("/healthz"));
        _ = token;
    }
}

/// <summary>The README's commands that need no served county: link, import template and test FILTER.</summary>
public sealed class ReadmeOfflineCommandsTests(ITestOutputHelper output) : FreshClone(output)
{
    [Fact]
    public async Task A_new_user_links_offline_makes_a_template_and_runs_one_test_class()
    {
        await CloneAsync();
        // ./gridgov link --in … [--out …]
        var result = Path.Combine(_clone, "result.json");
        Gridgov("link", "--in", "docs/examples/link-instance.json", "--out", result);
        Assert.True(JsonDocument.Parse(File.ReadAllText(result)).RootElement.TryGetProperty("links", out _));
        // ./gridgov import template …
        var template = Path.Combine(_clone, "template.xlsx");
        Gridgov("import", "template", "households", "--out", template);
        Assert.True(new FileInfo(template).Length > 1000);
        // ./gridgov test FILTER: one test class of the clone, on its own test cluster; the closing line counts what ran.
        var tested = Gridgov("test", "LinkRulesTests");
        Assert.Matches(@"(?m)^[1-9]\d* passed, 0 failed, 0 skipped$", tested);
    }
}
