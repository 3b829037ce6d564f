using System.Diagnostics;
using Npgsql;
using Xunit;

namespace GridGov.Testing;

/// <summary>
/// The private PostGIS server for a test run. `./gridgov test` starts one cluster for the whole
/// run and passes its connection string in GRIDGOV_TEST_DB; a bare `dotnet test` asks the script
/// to start (or reuse) the same test cluster. Each test class gets fresh databases from it, copied
/// from templates built once (see <see cref="TemplateDatabases"/>).
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

    /// <summary>
    /// Creates an empty database (optionally migrated) and returns its connection string. A migrated one
    /// is a copy of the migrated template (<see cref="TemplateDatabases"/>), not migrated again.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string prefix, bool migrate = true) =>
        await CreateCopyAsync(prefix, migrate ? await TemplateDatabases.MigratedAsync(ServerConnectionString) : null);

    /// <summary>
    /// A migrated database holding what <paramref name="seed"/> put in the template for <paramref name="key"/>:
    /// the seed runs once per key and code version, every call after that gets a fresh copy. The key names
    /// what the seed depends on besides the code (options, source files).
    /// </summary>
    public async Task<string> CreateSeededDatabaseAsync(string prefix, string key, Func<string, Task> seed) =>
        await CreateCopyAsync(prefix, await TemplateDatabases.SeededAsync(ServerConnectionString, key, seed));

    private async Task<string> CreateCopyAsync(string prefix, string? template)
    {
        var name = $"gg_{prefix.ToLowerInvariant()}_{Guid.NewGuid():N}"[..Math.Min(60, prefix.Length + 36)];
        await TemplateDatabases.CreateDatabaseAsync(ServerConnectionString, name, template);
        lock (_created) _created.Add(name);
        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name, Pooling = true }.ConnectionString;
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
