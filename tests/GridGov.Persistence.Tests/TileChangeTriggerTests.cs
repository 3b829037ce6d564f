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

        // Statement triggers (tgtype bit 1 clear) of the tiles_changed functions, enabled; together INSERT (4), DELETE (8),
        // UPDATE (16) and TRUNCATE (32).
        await using var cmd = source.CreateCommand("""
            SELECT c.relname,
                   coalesce(bit_or(t.tgtype::int) FILTER (WHERE t.tgenabled <> 'D' AND p.proname LIKE 'tiles\_changed%' AND (t.tgtype & 1) = 0), 0) & 60 = 60
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

    /// <summary>
    /// coverage_cache announces an update only when what a tile reads of a row changed (tiles_changed_coverage): the tile
    /// statements read no other part of its figures than figures->'figures', and of the rest only the gap (uncovered).
    /// </summary>
    [Fact]
    public void Tiles_read_of_a_coverage_row_only_its_figures_and_its_gap()
    {
        var statements = string.Join("\n", TileSql.MinZoom.Keys.Select(TileSql.For));
        var paths = Regex.Matches(statements, @"\bc\.figures->'(\w+)'").Select(m => m.Groups[1].Value).ToHashSet();
        Assert.Equal(["figures"], paths);
        var columns = Regex.Matches(statements, @"\bc\.(\w+)").Select(m => m.Groups[1].Value).ToHashSet();
        Assert.Subset(new HashSet<string> { "figures", "uncovered", "village_code", "month" }, columns);
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

        // A coverage row: its insert is announced; a re-score that leaves its figures and gap as they were is not (another
        // as-of, epoch and time of computing); a changed figure or gap is.
        const string village = "520625101001";
        await Exec($"""
            INSERT INTO areas (code, level, name, parent_code, boundary_source, is_deep_poverty, boundary) VALUES
              ('520625000000', 'county', '县', NULL, 'real', false, NULL),
              ('520625101000', 'township', '镇', '520625000000', 'real', false, NULL),
              ('{village}', 'village', '村', '520625101000', 'real', false, NULL)
            """);
        Assert.Equal(1, await Heard());
        async Task Row(string set) => await Exec($"UPDATE coverage_cache SET {set} WHERE village_code = '{village}'");
        await Exec($$$"""
            INSERT INTO coverage_cache (village_code, month, epoch, rules_key, as_of, computed_at, figures, uncovered)
            VALUES ('{{{village}}}', '2026-11-01', 1, 'r', now(), now(), '{"asOf": "2026-11-30", "figures": {"households": 5}}',
                    ST_GeomFromText('POLYGON((108 28, 108.01 28, 108.01 28.01, 108 28))', 4326))
            """);
        Assert.Equal(1, await Heard());
        await Row("epoch = 2, as_of = now(), computed_at = now(), figures = jsonb_set(figures, '{asOf}', '\"2026-12-01\"')");
        Assert.Equal(0, await Heard());
        await Row("figures = jsonb_set(figures, '{figures,households}', '6')");
        Assert.Equal(1, await Heard());
        await Row("uncovered = ST_GeomFromText('POLYGON((108 28, 108.02 28, 108.01 28.01, 108 28))', 4326)");
        Assert.Equal(1, await Heard());
        await Row("uncovered = NULL");
        Assert.Equal(1, await Heard());
        await Exec("DELETE FROM coverage_cache");
        Assert.Equal(1, await Heard());
    }
}
