using System.Diagnostics;
using GridGov.Domain.Access;
using GridGov.Persistence;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;

namespace GridGov.Sample;

/// <summary>A load could not start or failed; the message says what to check.</summary>
public sealed class SampleLoadException(string message, Exception? inner = null) : Exception(message, inner);

public sealed record LoadOptions
{
    /// <summary>Do nothing when the database already has areas.</summary>
    public bool IfEmpty { get; init; }
    /// <summary>Empty every table first (in the same transaction as the load).</summary>
    public bool Reset { get; init; }
}

public sealed record LoadResult(bool Skipped, TimeSpan Elapsed, IReadOnlyDictionary<string, int> Rows);

/// <summary>
/// Loads <see cref="SampleData"/> with binary COPY in one transaction: either the whole county is
/// there afterwards or nothing changed.
/// </summary>
public static class SampleLoader
{
    /// <summary>The published demo password of every sample user.</summary>
    public const string DemoPassword = "gridgov-demo";

    /// <summary>Connects, checks PostGIS, and applies the EF migrations.</summary>
    public static async Task PrepareDatabaseAsync(string connectionString, Action<string>? log = null, CancellationToken ct = default)
    {
        log ??= _ => { };
        var sw = Stopwatch.StartNew();
        try { await DatabaseSetup.MigrateAsync(connectionString, ct); }
        catch (DatabaseSetupException ex) { throw new SampleLoadException(ex.Message, ex); }
        log($"migrations applied in {sw.ElapsedMilliseconds} ms");
    }

    public static async Task<bool> HasAreasAsync(string connectionString, CancellationToken ct = default)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM areas)", conn);
        return (bool)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Prepares the database and loads the data (see <see cref="LoadOptions"/>).</summary>
    public static async Task<LoadResult> LoadAsync(string connectionString, SampleData data, LoadOptions? options = null,
        Action<string>? log = null, CancellationToken ct = default)
    {
        options ??= new LoadOptions();
        log ??= _ => { };
        var sw = Stopwatch.StartNew();
        await PrepareDatabaseAsync(connectionString, log, ct);
        if (options.IfEmpty && !options.Reset && await HasAreasAsync(connectionString, ct))
        {
            log("the database already has areas: skipped loading the sample (--if-empty)");
            return new LoadResult(true, sw.Elapsed, new Dictionary<string, int>());
        }

        // Sample-only shortcut: one PBKDF2 hash (600k iterations, about a second) shared by every
        // demo user. The password is public anyway; real users each get their own salted hash.
        var passwordHash = PasswordHasher.Hash(DemoPassword);

        // A data source of our own: the NTS type mapping is loaded after the migration created PostGIS.
        // No per-command timeout unless the caller set one: COPY of a ten-times sample on a busy machine outlasts the
        // default 30 s (the 1.1-million-household load failed so, in its households table).
        var csb = new NpgsqlConnectionStringBuilder(connectionString);
        if (csb.CommandTimeout == new NpgsqlConnectionStringBuilder().CommandTimeout) csb.CommandTimeout = 0;
        await using var dataSource = GridGovDb.CreateDataSource(csb.ConnectionString);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (options.Reset)
        {
            var tables = await UserTablesAsync(conn, tx, ct);
            await ExecAsync(conn, tx, $"TRUNCATE {string.Join(", ", tables.Select(Quote))} RESTART IDENTITY CASCADE", ct);
            log($"reset: emptied {tables.Count} tables");
        }
        else if (await ScalarAsync<bool>(conn, tx, "SELECT EXISTS (SELECT 1 FROM areas)", ct))
            throw new SampleLoadException("the database already has data; use --reset to replace it or --if-empty to keep it");

        var rows = new Dictionary<string, int>();
        foreach (var table in data.Tables)
        {
            var t0 = sw.ElapsedMilliseconds;
            // Two reference cycles (branch ⇄ secretary, cell ⇄ leader) are closed after the members exist.
            var skip = table.Name switch
            {
                "party_branches" => "secretary_member_id",
                "grid_cells" => "leader_member_id",
                _ => null,
            };
            var extra = table.Name == "users" ? ("password_hash", passwordHash) : default((string, string)?);
            await CopyAsync(conn, table, skip, extra, ct);
            rows[table.Name] = rows.GetValueOrDefault(table.Name) + table.Count; // users come in two tables (cadre logins after the cadres)
            log($"  {table.Name,-16} {table.Count,9:N0} rows  {sw.ElapsedMilliseconds - t0,6} ms");
        }
        await SetReferencesAsync(conn, tx, "party_branches", "secretary_member_id",
            data.Branches.Rows.Where(b => b.SecretaryMemberId is not null).Select(b => (b.Id, b.SecretaryMemberId!.Value)), ct);
        await SetReferencesAsync(conn, tx, "grid_cells", "leader_member_id",
            data.Cells.Rows.Where(c => c.LeaderMemberId is not null).Select(c => (c.Id, c.LeaderMemberId!.Value)), ct);

        // COPY wrote explicit ids: move every identity sequence past them.
        foreach (var table in await UserTablesAsync(conn, tx, ct))
        {
            var hasId = await ScalarAsync<bool>(conn, tx,
                $"SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '{table}' AND column_name = 'id' AND is_identity = 'YES')", ct);
            if (hasId)
                await ExecAsync(conn, tx, $"SELECT setval(pg_get_serial_sequence('{Quote(table)}', 'id'), COALESCE((SELECT MAX(id) FROM {Quote(table)}), 0) + 1, false)", ct);
        }
        await tx.CommitAsync(ct);
        log($"committed in {sw.ElapsedMilliseconds} ms");
        await ExecAsync(conn, null, "ANALYZE", ct);
        log($"analyzed; load finished in {sw.ElapsedMilliseconds} ms");
        return new LoadResult(false, sw.Elapsed, rows);
    }

    private static async Task CopyAsync(NpgsqlConnection conn, ITable table, string? skip, (string Name, string Value)? extra, CancellationToken ct)
    {
        var names = table.ColumnNames;
        var types = table.ColumnTypes;
        var keep = Enumerable.Range(0, names.Count).Where(i => names[i] != skip).ToArray();
        var cols = keep.Select(i => names[i]).ToList();
        if (extra is { } e) cols.Add(e.Name);
        await using var writer = await conn.BeginBinaryImportAsync($"COPY {Quote(table.Name)} ({string.Join(", ", cols)}) FROM STDIN (FORMAT BINARY)", ct);
        var values = new object?[names.Count];
        for (var r = 0; r < table.Count; r++)
        {
            table.Read(r, values);
            writer.StartRow();
            foreach (var i in keep) Write(writer, values[i], types[i]);
            if (extra is { } x) writer.Write(x.Value, NpgsqlDbType.Text);
        }
        await writer.CompleteAsync(ct);
    }

    private static void Write(NpgsqlBinaryImporter w, object? v, NpgsqlDbType type)
    {
        switch (v)
        {
            case null: w.WriteNull(); break;
            case string s: w.Write(s, type); break;
            case long l: w.Write(l, type); break;
            case int i: w.Write(i, type); break;
            case double d: w.Write(d, type); break;
            case bool b: w.Write(b, type); break;
            case DateOnly d: w.Write(d, type); break;
            case DateTimeOffset t: w.Write(t, type); break;
            case Geometry g: w.Write(g, type); break;
            case long[] a: w.Write(a, type); break;
            default: throw new InvalidOperationException("cannot COPY a " + v.GetType());
        }
    }

    private static async Task SetReferencesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string table, string column,
        IEnumerable<(long Id, long Ref)> pairs, CancellationToken ct)
    {
        await ExecAsync(conn, tx, "CREATE TEMP TABLE IF NOT EXISTS sample_refs (id bigint, ref bigint) ON COMMIT DROP; TRUNCATE sample_refs", ct);
        await using (var w = await conn.BeginBinaryImportAsync("COPY sample_refs (id, ref) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var (id, r) in pairs)
            {
                w.StartRow();
                w.Write(id, NpgsqlDbType.Bigint);
                w.Write(r, NpgsqlDbType.Bigint);
            }
            await w.CompleteAsync(ct);
        }
        await ExecAsync(conn, tx, $"UPDATE {Quote(table)} t SET {column} = s.ref FROM sample_refs s WHERE t.id = s.id", ct);
    }

    private static async Task<List<string>> UserTablesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        var list = new List<string>();
        await using var cmd = new NpgsqlCommand(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' " +
            "AND table_name NOT IN ('__EFMigrationsHistory', 'spatial_ref_sys') ORDER BY table_name", conn, tx);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) list.Add(r.GetString(0));
        return list;
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";

    private static async Task ExecAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx) { CommandTimeout = 600 };
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        return (T)(await cmd.ExecuteScalarAsync(ct))!;
    }
}
