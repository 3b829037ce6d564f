using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using GridGov.Testing;

namespace GridGov.Api.Tests.Integrators;

/// <summary>
/// The API host on a real socket (Kestrel, not the in-memory test server) over the seeded test county, so
/// independent clients — node's graphql-js, python3, a separate dotnet program — can reach it by URL.
/// </summary>
public sealed class LiveServerFixture : IAsyncLifetime
{
    private readonly PostgisFixture _pg = new();
    private ApiFactory _factory = null!;

    public string BaseUrl { get; private set; } = "";
    public string GraphQLUrl => BaseUrl + "/graphql";
    /// <summary>A reading API key over the whole county, as an integrator gets it.</summary>
    public string ApiKey { get; private set; } = "";
    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await _pg.InitializeAsync();
        ConnectionString = await TestCounty.CreateAsync(_pg);
        ApiKey = await ApiClient.AddApiKeyAsync(ConnectionString, "integrator", ["read"], TestCounty.County);
        int port;
        using (var l = new TcpListener(IPAddress.Loopback, 0)) { l.Start(); port = ((IPEndPoint)l.LocalEndpoint).Port; }
        _factory = new ApiFactory(ConnectionString);
        _factory.UseKestrel(port);
        _factory.StartServer();
        BaseUrl = $"http://127.0.0.1:{port}";
    }

    public HttpClient Client() => new() { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(60) };

    public async Task<string> TokenAsync(string username)
    {
        using var http = Client();
        var res = await http.PostAsJsonAsync("/auth/token", new { username, password = ApiClient.Password });
        res.EnsureSuccessStatusCode();
        return (await res.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    /// <summary>Runs a program to its end; the result is its exit code and both outputs.</summary>
    public static (int Code, string Output) Run(string file, IEnumerable<string> args, string workingDirectory, IDictionary<string, string>? env = null, int timeoutSeconds = 600)
    {
        var psi = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8, StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeoutSeconds * 1000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in {timeoutSeconds} s");
        }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>The TypeScript example's folder, whose node_modules (graphql-js, codegen) `./gridgov test` installs.</summary>
    public static string TypeScriptDir { get; } = Path.Combine(RepoRoot.Path, "docs", "examples", "typescript");

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _pg.DisposeAsync();
    }
}
