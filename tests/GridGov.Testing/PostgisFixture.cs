using System.Diagnostics;
using GridGov.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Xunit;

namespace GridGov.Testing;

/// <summary>
/// The private PostGIS server for a test run. `./gridgov test` starts one cluster for the whole
/// run and passes its connection string in GRIDGOV_TEST_DB; a bare `dotnet test` asks the script
/// to start (or reuse) the same test cluster. Each test class gets fresh databases from it.
/// </summary>
public sealed class PostgisFixture : IAsyncLifetime
{
    private readonly List<string> _created = [];
    public string ServerConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var cs = Environment.GetEnvironmentVariable("GRIDGOV_TEST_DB");
        if (string.IsNullOrWhiteSpace(cs)) cs = await StartClusterWithScriptAsync();
        ServerConnectionString = new NpgsqlConnectionStringBuilder(cs) { Database = "postgres", Pooling = false }.ConnectionString;
        await using var conn = new NpgsqlConnection(ServerConnectionString);
        await conn.OpenAsync();
    }

    /// <summary>Creates an empty database (optionally migrated) and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix, bool migrate = true)
    {
        var name = $"gg_{prefix.ToLowerInvariant()}_{Guid.NewGuid():N}"[..Math.Min(60, prefix.Length + 36)];
        await using (var conn = new NpgsqlConnection(ServerConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        lock (_created) _created.Add(name);
        var cs = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name, Pooling = true }.ConnectionString;
        if (migrate)
        {
            await using var db = new GridGovDbContext(GridGovDb.Options(cs));
            await db.Database.MigrateAsync();
        }
        return cs;
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (Environment.GetEnvironmentVariable("GRIDGOV_KEEP_TEST_DBS") == "1") return;
        await using var conn = new NpgsqlConnection(ServerConnectionString);
        await conn.OpenAsync();
        foreach (var name in _created)
        {
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", conn);
            await cmd.ExecuteNonQueryAsync();
        }
    }

    private static async Task<string> StartClusterWithScriptAsync()
    {
        var script = Path.Combine(RepoRoot.Path, "gridgov");
        var psi = new ProcessStartInfo(script, "test-db") { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var stdout = await p.StandardOutput.ReadToEndAsync();
        var stderr = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"`./gridgov test-db` failed ({p.ExitCode}): {stderr}");
        return stdout.Trim().Split('\n').Last();
    }
}

/// <summary>Finds the repository root (the folder holding GridGov.sln) from the test binaries.</summary>
public static class RepoRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "GridGov.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("GridGov.sln not found above " + AppContext.BaseDirectory);
    }
}
