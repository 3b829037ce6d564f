using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GridGov.Api.Tests;

/// <summary>
/// The API as its own process (the build's GridGov.Api.dll, as `./gridgov up` runs it), so a test can
/// kill it with SIGKILL — which an in-process host cannot survive.
/// </summary>
public sealed class ServedServer : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    public Uri Address { get; }
    public int Pid => _process.Id;

    private ServedServer(Process process, Uri address)
    {
        _process = process;
        Address = address;
        process.OutputDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Log { get { lock (_log) return _log.ToString(); } }

    /// <summary>The API's dll as built beside the tests (with its own runtimeconfig and deps files).</summary>
    private static string ServerDll()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "GridGov.Api.dll");
        return File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json")) ? dll
            : throw new FileNotFoundException("build the tests first (dotnet build tests/GridGov.Api.Tests)", dll);
    }

    /// <summary>Starts the server on a free port and waits until /healthz answers.</summary>
    public static async Task<ServedServer> StartAsync(string connectionString, string signingKey)
    {
        var dll = ServerDll();
        var port = FreePort();
        var psi = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        psi.Environment["ConnectionStrings__GridGov"] = connectionString;
        psi.Environment["Auth__SigningKey"] = signingKey;
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var server = new ServedServer(Process.Start(psi)!, new Uri($"http://127.0.0.1:{port}"));
        using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            if (server._process.HasExited) throw new InvalidOperationException("the server exited during start-up:\n" + server.Log);
            try { if ((await http.GetAsync("/healthz")).IsSuccessStatusCode) return server; }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the server did not answer /healthz:\n" + server.Log);
            await Task.Delay(200);
        }
    }

    /// <summary>SIGKILL: no shutdown code of ours runs, open transactions die with their connections.</summary>
    public async Task KillAsync()
    {
        _process.Kill(); // SIGKILL on Linux
        await _process.WaitForExitAsync();
    }

    public void Dispose()
    {
        if (!_process.HasExited) { _process.Kill(); _process.WaitForExit(); }
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
