using System.Text.RegularExpressions;
using GridGov.Persistence.Sql;
using GridGov.Testing;
using Npgsql;

namespace GridGov.Persistence.Tests;

/// <summary>
/// Servers keep tiles in memory while they hear no change (<see cref="TileChanges"/>): every table any tile statement reads
/// must announce its changes, or a tile would be served stale. The tables are read from the statements' own text (every
/// FROM and JOIN, subqueries included, whatever plan runs them), so a layer that comes to read a new table fails here
/// until the table has its trigger.
/// </summary>
public partial class TileChangeTriggerTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    [GeneratedRegex(@"\b(?:FROM|JOIN)\s+([a-z_][a-z0-9_]*)", RegexOptions.IgnoreCase)]
    private static partial Regex ReadFrom();

    [Fact]
    public async Task Every_table_a_tile_reads_announces_inserts_updates_deletes_and_truncates()
    {
        var cs = await pg.CreateDatabaseAsync("tile_triggers");
        await using var source = GridGovDb.CreateDataSource(cs);
        var statements = TileSql.MinZoom.Keys.Select(TileSql.For)
            .Concat(TileSql.MinZoom.Keys.Where(TileSql.ReadsCoverage).Select(TileSql.Fresh)).ToList();
        var names = statements.SelectMany(s => ReadFrom().Matches(s).Select(m => m.Groups[1].Value.ToLowerInvariant())).ToHashSet();

        await using var cmd = source.CreateCommand("""
            SELECT c.relname,
                   bool_or(t.tgenabled <> 'D' AND p.proname = 'tiles_changed' AND (t.tgtype & 1) = 0  -- a statement trigger
                           AND (t.tgtype & 4) <> 0 AND (t.tgtype & 8) <> 0 AND (t.tgtype & 16) <> 0 AND (t.tgtype & 32) <> 0)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
                 LEFT JOIN pg_trigger t ON t.tgrelid = c.oid AND NOT t.tgisinternal
                 LEFT JOIN pg_proc p ON p.oid = t.tgfoid
            WHERE c.relkind = 'r' AND c.relname = ANY(@names)
            GROUP BY c.relname ORDER BY 1
            """);
        cmd.Parameters.AddWithValue("names", names.ToArray());
        var tables = new Dictionary<string, bool>();
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) tables[r.GetString(0)] = !r.IsDBNull(1) && r.GetBoolean(1);

        // The statements' tables as the sample knows them (CTE names and functions drop out: not tables).
        Assert.Superset(new HashSet<string> { "areas", "coverage_cache", "coverage_epochs", "grid_cells", "households", "links", "declarations" },
            tables.Keys.ToHashSet());
        Assert.Empty(tables.Where(t => !t.Value).Select(t => t.Key));
    }

    [Fact]
    public async Task A_committed_change_is_announced_once_and_a_rolled_back_one_never()
    {
        var cs = await pg.CreateDatabaseAsync("tile_announce");
        await using var listener = new NpgsqlConnection(cs);
        await listener.OpenAsync();
        var heard = new List<string>();
        listener.Notification += (_, e) => { lock (heard) heard.Add(e.Channel); };
        await using (var listen = new NpgsqlCommand($"LISTEN {TileChanges.Channel}; LISTEN tile_test_end", listener)) await listen.ExecuteNonQueryAsync();

        await using var writer = new NpgsqlConnection(cs);
        await writer.OpenAsync();
        async Task Exec(string sql) { await using var c = new NpgsqlCommand(sql, writer); await c.ExecuteNonQueryAsync(); }
        async Task<int> Heard()
        {
            // An announcement of the test's own, sent last, marks the end of what there is to hear (delivered in commit order).
            await Exec("SELECT pg_notify('tile_test_end', '')");
            while (true)
            {
                lock (heard) if (heard.Contains("tile_test_end")) break;
                await listener.WaitAsync(TimeSpan.FromSeconds(30));
            }
            lock (heard) { var n = heard.Count(c => c == TileChanges.Channel); heard.Clear(); return n; }
        }

        await Exec("BEGIN; UPDATE areas SET name = name; UPDATE areas SET name = name; DELETE FROM declarations; UPDATE links SET basis = basis; COMMIT");
        Assert.Equal(1, await Heard());
        await Exec("BEGIN; UPDATE areas SET name = name; ROLLBACK");
        Assert.Equal(0, await Heard());
    }
}
