using GridGov.Testing;
using Npgsql;

namespace GridGov.Persistence.Tests;

public class MigrationTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    private static async Task<List<T>> Query<T>(string cs, string sql, Func<NpgsqlDataReader, T> read)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await using var r = await cmd.ExecuteReaderAsync();
        var list = new List<T>();
        while (await r.ReadAsync()) list.Add(read(r));
        return list;
    }

    [Fact]
    public async Task Migrations_create_every_table_in_an_empty_database()
    {
        var cs = await pg.CreateDatabaseAsync("migrate");
        var tables = await Query(cs, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'", r => r.GetString(0));
        foreach (var t in new[] { "areas", "village_groups", "party_branches", "grid_cells", "households", "people",
                     "party_members", "cadres", "ties", "links", "link_proposals", "link_jobs", "link_settings",
                     "declarations", "reviews", "member_ratings", "check_ins", "users", "api_keys", "audit_events" })
            Assert.Contains(t, tables);
        var ext = await Query(cs, "SELECT extname FROM pg_extension", r => r.GetString(0));
        Assert.Contains("postgis", ext);
        Assert.Contains("btree_gist", ext);
    }

    [Fact]
    public async Task Every_geometry_column_has_the_storage_srid_and_a_gist_index()
    {
        var cs = await pg.CreateDatabaseAsync("gist");
        var columns = await Query(cs,
            "SELECT f_table_name, f_geometry_column, srid FROM geometry_columns WHERE f_table_schema = 'public'",
            r => (Table: r.GetString(0), Column: r.GetString(1), Srid: r.GetInt32(2)));
        Assert.True(columns.Count >= 8, $"only {columns.Count} geometry columns");
        var gist = await Query(cs, """
            SELECT t.relname, a.attname
            FROM pg_index i
            JOIN pg_class c ON c.oid = i.indexrelid
            JOIN pg_am am ON am.oid = c.relam AND am.amname = 'gist'
            JOIN pg_class t ON t.oid = i.indrelid
            JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY(i.indkey)
            """, r => (Table: r.GetString(0), Column: r.GetString(1)));
        foreach (var c in columns)
        {
            Assert.Equal(4326, c.Srid);
            Assert.Contains((c.Table, c.Column), gist);
        }
    }

    [Fact]
    public async Task Migrating_twice_is_a_no_op()
    {
        var cs = await pg.CreateDatabaseAsync("twice");
        await using var db = new GridGovDbContext(GridGovDb.Options(cs));
        Assert.Empty(await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetPendingMigrationsAsync(db.Database));
    }
}
