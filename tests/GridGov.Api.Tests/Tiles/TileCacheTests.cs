using System.Net;
using GridGov.Persistence.Sql;
using Microsoft.Extensions.DependencyInjection;

namespace GridGov.Api.Tests.Tiles;

/// <summary>
/// Tiles kept in memory (TileCache) are served only while nothing they read has changed. Each test shows first that a tile
/// really comes from memory — the database is changed with its announcements switched off for one table, and the served
/// tile does not move — and then that each way a change is heard makes the next tile the database's: an announcement from
/// the database, a mutation of this server (with the announcement still off: the server's own word alone), the
/// announcements lost.
/// </summary>
public class TileCacheTests(MonthlyCountyFixture county) : IClassFixture<MonthlyCountyFixture>
{
    private TileChanges Changes => county.Factory.Services.GetRequiredService<TileChanges>();

    private static string Url(string layer, int z, double lon, double lat)
    {
        var (x, y) = Mvt.TileOf(lon, lat, z);
        return $"/tiles/{layer}/{z}/{x}/{y}.pbf";
    }

    /// <summary>Household 1's <c>linked</c> in the households tile the county leader is served.</summary>
    private static async Task<bool> H1Linked(HttpClient client)
    {
        var res = await client.GetAsync(Url("households", 14, 108.31, 28.01));
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var h1 = Mvt.Decode(await res.Content.ReadAsByteArrayAsync()).Single().Features.Single(f => Convert.ToInt64(f.Attributes["id"]) == 1);
        return (bool)h1.Attributes["linked"];
    }

    private Task Exec(string sql) => TestCountyMonthly.ExecAsync(county.ConnectionString, sql);

    private async Task Listening()
    {
        for (var until = DateTime.UtcNow.AddSeconds(60); !Changes.Listening; await Task.Delay(50))
            Assert.True(DateTime.UtcNow < until, "the server did not start listening for changes within 60 s");
    }

    /// <summary>
    /// Household 1's link ended (or restored) by SQL with the announcements of links and of the coverage epochs (which the
    /// coverage triggers bump on a link's change) off: no one is told.
    /// </summary>
    private async Task QuietlySetH1Link(bool ended)
    {
        await Exec($"""
            BEGIN;
            ALTER TABLE links DISABLE TRIGGER tr_links_tiles;
            ALTER TABLE coverage_epochs DISABLE TRIGGER tr_coverage_epochs_tiles;
            UPDATE links SET valid_to = {(ended ? "now() - interval '1 minute'" : "NULL")}, ended_by = {(ended ? "'test'" : "NULL")},
                             end_reason = {(ended ? "'调整'" : "NULL")}
             WHERE id = (SELECT max(id) FROM links WHERE household_id = 1);
            ALTER TABLE links ENABLE TRIGGER tr_links_tiles;
            ALTER TABLE coverage_epochs ENABLE TRIGGER tr_coverage_epochs_tiles;
            COMMIT;
            """);
        await Changes.HeardAllAsync(default); // whatever was announced has been heard: what follows is not a race
    }

    /// <summary>Household 1's link in force again, announced and heard.</summary>
    private async Task RestoreH1Link()
    {
        await Exec("UPDATE links SET valid_to = NULL, ended_by = NULL, end_reason = NULL WHERE id = (SELECT max(id) FROM links WHERE household_id = 1)");
        await Changes.HeardAllAsync(default);
    }

    [Fact]
    public async Task A_kept_tile_is_served_until_the_database_announces_a_change()
    {
        await Listening();
        var client = await county.Factory.LoginAsync("county");
        Assert.True(await H1Linked(client));
        try
        {
            await QuietlySetH1Link(ended: true);
            Assert.True(await H1Linked(client)); // from memory: the database already says otherwise
            // Any announced change to a table a tile reads (here a declaration's, nothing to do with household 1).
            await Exec("UPDATE declarations SET text = text WHERE id = (SELECT min(id) FROM declarations)");
            await Changes.HeardAllAsync(default);
            Assert.False(await H1Linked(client));
        }
        finally
        {
            await RestoreH1Link();
        }
        Assert.True(await H1Linked(client));
    }

    [Fact]
    public async Task A_mutation_of_this_server_shows_in_the_very_next_tile_without_the_databases_word()
    {
        await Listening();
        var client = await county.Factory.LoginAsync("county");
        Assert.True(await H1Linked(client));
        try
        {
            await Exec("ALTER TABLE links DISABLE TRIGGER tr_links_tiles; ALTER TABLE coverage_epochs DISABLE TRIGGER tr_coverage_epochs_tiles");
            var secretary = await county.Factory.LoginAsync("sec-a1");
            var unlinked = await secretary.GraphQLAsync("mutation { unlinkHousehold(householdId: 1, reason: \"外出务工\") { id } }");
            Assert.False(unlinked.HasErrors, unlinked.ToString());
            Assert.False(await H1Linked(client));
        }
        finally
        {
            await Exec("ALTER TABLE links ENABLE TRIGGER tr_links_tiles; ALTER TABLE coverage_epochs ENABLE TRIGGER tr_coverage_epochs_tiles");
            await RestoreH1Link();
        }
        Assert.True(await H1Linked(client));
    }

    [Fact]
    public async Task Tiles_come_from_the_database_while_the_announcements_are_not_heard_and_memory_serves_again_after()
    {
        await Listening();
        var client = await county.Factory.LoginAsync("county");
        Assert.True(await H1Linked(client));
        try
        {
            // The listening connection is ended by the database (as a restart or a network fault would).
            await Exec($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = '{TileChanges.ApplicationName}'");
            // The marker HeardAllAsync sends cannot come back on the ended connection: it returns once the server has noticed.
            await QuietlySetH1Link(ended: true);
            // Either still deaf (read from the database) or listening again (the reconnection made every kept tile old).
            Assert.False(await H1Linked(client));
            await Listening();
            Assert.False(await H1Linked(client));
            await QuietlySetH1Link(ended: false);
            Assert.False(await H1Linked(client)); // kept again once it listens
        }
        finally
        {
            await RestoreH1Link();
        }
        Assert.True(await H1Linked(client));
    }
}
