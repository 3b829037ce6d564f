using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace GridGov.Testing;

/// <summary>
/// A PostGIS cluster of one test's own, in a temp folder on a free port, which the test may stop and
/// start at will (the shared test cluster of <see cref="PostgisFixture"/> must never go down under the
/// other test classes). Made as `./gridgov`'s cluster_start makes its clusters: initdb as `postgres`
/// when run as root, trust on 127.0.0.1 only, a socket folder inside the cluster's folder.
/// </summary>
public sealed class ThrowawayCluster : IAsyncDisposable
{
    private const string PgBin = "/usr/lib/postgresql/15/bin";
    private readonly string _dir, _data;

    public int Port { get; }

    private ThrowawayCluster(string dir, int port)
    {
        _dir = dir;
        _data = System.IO.Path.Combine(dir, "data");
        Port = port;
    }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database}";

    public static async Task<ThrowawayCluster> CreateAsync()
    {
        var dir = System.IO.Path.Combine("/tmp", "gridgov-throwaway-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(dir);
        if (IsRoot) await RunAsync("chown", ["postgres:postgres", dir]);
        var cluster = new ThrowawayCluster(dir, FreePort());
        await cluster.AsOwnerAsync(System.IO.Path.Combine(PgBin, "initdb"),
            ["-D", cluster._data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]);
        await cluster.StartAsync();
        return cluster;
    }

    /// <summary>Starts the cluster and waits until it accepts connections (crash recovery included).</summary>
    public Task StartAsync() => AsOwnerAsync(System.IO.Path.Combine(PgBin, "pg_ctl"),
        ["-D", _data, "-l", System.IO.Path.Combine(_dir, "postgres.log"), "-w", "-t", "120", "start",
         "-o", $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={_dir} -c max_connections=200"]);

    /// <summary>
    /// Stops the cluster. "immediate" is a crash as far as the database is concerned: connections are
    /// cut without a goodbye and the next start replays the WAL; "fast" rolls back open transactions.
    /// </summary>
    public Task StopAsync(string mode = "immediate") =>
        AsOwnerAsync(System.IO.Path.Combine(PgBin, "pg_ctl"), ["-D", _data, "-m", mode, "-w", "stop"]);

    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using (var conn = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false"))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        return ConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try { await StopAsync(); } catch (InvalidOperationException) { } // already stopped
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    public string Log => File.Exists(System.IO.Path.Combine(_dir, "postgres.log"))
        ? File.ReadAllText(System.IO.Path.Combine(_dir, "postgres.log")) : "";

    private static bool IsRoot => Environment.UserName == "root";

    private Task AsOwnerAsync(string file, string[] args) =>
        IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", file, .. args]) : RunAsync(file, args);

    private static async Task RunAsync(string file, string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {p.ExitCode}: {await stderr}{await stdout}");
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
