using System.Security.Cryptography;
using System.Text;
using GridGov.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace GridGov.Testing;

/// <summary>
/// Template databases on the test cluster: built once, then copied with `CREATE DATABASE x TEMPLATE t`,
/// which takes a fraction of a second where migrating (or loading a sample) takes many. A template's
/// name carries a hash of what made it, so a changed migration or changed code gets a new one; stale
/// ones of the same family are dropped when their successor is built. Templates outlive a test run
/// on purpose: the next run on unchanged code starts from them.
/// </summary>
public static class TemplateDatabases
{
    private static readonly Lazy<string> MigrationsKey = new(ComputeMigrationsKey);
    private static readonly Lazy<string> BinariesKey = new(ComputeBinariesKey);

    /// <summary>An empty database with every migration applied; named by the last migration and a hash of the full script.</summary>
    public static Task<string> MigratedAsync(string serverCs) =>
        EnsureAsync(serverCs, "gg_tm", MigrationsKey.Value, async cs =>
        {
            await using var db = new GridGovDbContext(GridGovDb.Options(cs));
            await db.Database.MigrateAsync();
        }, copyFrom: null);

    /// <summary>
    /// A migrated database seeded by <paramref name="seed"/>. The template is keyed by <paramref name="key"/>
    /// (what the seed depends on besides code, e.g. sample options and source files), the migrations,
    /// and the bytes of every GridGov assembly beside the tests — the seed's code lives in them.
    /// </summary>
    public static async Task<string> SeededAsync(string serverCs, string key, Func<string, Task> seed)
    {
        var migrated = await MigratedAsync(serverCs);
        // The family is per test project and key: a stale template is one of the same family.
        var family = "gg_ts" + Hash(AppContext.BaseDirectory + "\n" + key)[..8];
        return await EnsureAsync(serverCs, family, Hash(migrated + "\n" + key + "\n" + BinariesKey.Value)[..12], seed, copyFrom: migrated);
    }

    /// <summary>Creates <paramref name="name"/> as a copy of <paramref name="template"/> (or empty when null).</summary>
    public static async Task CreateDatabaseAsync(string serverCs, string name, string? template)
    {
        await using var conn = new NpgsqlConnection(serverCs);
        await conn.OpenAsync();
        var sql = template is null ? $"CREATE DATABASE \"{name}\"" : $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"";
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 300 };
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<string> EnsureAsync(string serverCs, string family, string id, Func<string, Task> build, string? copyFrom)
    {
        var name = $"{family}_{id}".ToLowerInvariant();
        if (name.Length > 63) name = name[..63];
        await using var conn = new NpgsqlConnection(serverCs);
        await conn.OpenAsync();
        // One builder per template across all test processes of the run; the others wait, then copy.
        await using (var lockCmd = new NpgsqlCommand("SELECT pg_advisory_lock(hashtext(@n))", conn) { CommandTimeout = 0 })
        {
            lockCmd.Parameters.AddWithValue("n", name);
            await lockCmd.ExecuteNonQueryAsync();
        }
        try
        {
            if (await ExistsAsync(conn, name)) return name;
            var building = name.Length > 59 ? name[..59] + "_new" : name + "_new";
            // A build left half-done by a killed run: we hold the lock, so nobody else is using it.
            await ExecAsync(conn, $"DROP DATABASE IF EXISTS \"{building}\" WITH (FORCE)");
            await CreateDatabaseAsync(serverCs, building, copyFrom);
            var cs = new NpgsqlConnectionStringBuilder(serverCs) { Database = building, Pooling = false }.ConnectionString;
            try { await build(cs); }
            catch { await ExecAsync(conn, $"DROP DATABASE IF EXISTS \"{building}\" WITH (FORCE)"); throw; }
            // The seed may have left pooled connections open: a template must have none.
            NpgsqlConnection.ClearAllPools();
            await ExecAsync(conn, $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{building}' AND pid <> pg_backend_pid()");
            await ExecAsync(conn, $"ALTER DATABASE \"{building}\" RENAME TO \"{name}\"");
            // Nobody connects to a template by mistake (a connection would block every copy).
            await ExecAsync(conn, $"ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS false");
            foreach (var stale in await StaleAsync(conn, family, name))
                await ExecAsync(conn, $"DROP DATABASE IF EXISTS \"{stale}\" WITH (FORCE)");
            return name;
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(hashtext(@n))", conn);
            unlock.Parameters.AddWithValue("n", name);
            await unlock.ExecuteNonQueryAsync();
        }
    }

    private static async Task<bool> ExistsAsync(NpgsqlConnection conn, string name)
    {
        await using var cmd = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = @n)", conn);
        cmd.Parameters.AddWithValue("n", name);
        return (bool)(await cmd.ExecuteScalarAsync())!;
    }

    private static async Task<List<string>> StaleAsync(NpgsqlConnection conn, string family, string current)
    {
        await using var cmd = new NpgsqlCommand(
            "SELECT datname FROM pg_database WHERE starts_with(datname, @f) AND datname <> @c AND NOT datname LIKE '%\\_new'", conn);
        cmd.Parameters.AddWithValue("f", family + "_");
        cmd.Parameters.AddWithValue("c", current);
        var names = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        return names;
    }

    private static async Task ExecAsync(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 300 };
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Last migration id + a hash of the whole migration script: an edited migration changes it too.</summary>
    private static string ComputeMigrationsKey()
    {
        using var db = new GridGovDbContext(GridGovDb.Options("Host=127.0.0.1;Database=unused"));
        var last = db.Database.GetMigrations().Last();
        var script = db.GetService<IMigrator>().GenerateScript();
        return last[..Math.Min(14, last.Length)] + "_" + Hash(script)[..12];
    }

    private static string ComputeBinariesKey()
    {
        var sb = new StringBuilder();
        foreach (var file in Directory.GetFiles(AppContext.BaseDirectory, "GridGov.*.dll").Order(StringComparer.Ordinal))
            sb.Append(Path.GetFileName(file)).Append(' ').Append(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)))).Append('\n');
        return Hash(sb.ToString());
    }

    /// <summary>A key part for source files a seed reads (names, sizes, modification times).</summary>
    public static string FilesKey(string folder)
    {
        var sb = new StringBuilder();
        foreach (var f in Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var info = new FileInfo(f);
            sb.Append(Path.GetRelativePath(folder, f)).Append(' ').Append(info.Length).Append(' ').Append(info.LastWriteTimeUtc.Ticks).Append('\n');
        }
        return Hash(sb.ToString())[..12];
    }

    private static string Hash(string s) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(s))).ToLowerInvariant();
}
