using System.Text.Json;
using GridGov.Domain.Areas;
using GridGov.Domain.Coverage;
using GridGov.Persistence.Sql;
using GridGov.Sample;
using GridGov.Testing;
using Npgsql;

namespace GridGov.Persistence.Tests.Coverage;

/// <summary>
/// A leader's first map asks for the county's coverage and each township's at the same moment; on a cold cache every
/// village was computed once per request. Now a village being computed is waited for: each village-month is computed
/// once, and every request gets the same figures as one request alone.
/// </summary>
public class CoverageStoreTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    private static readonly DateOnly Month = new(2026, 10, 1);

    [Fact]
    public async Task The_county_and_its_townships_asked_at_once_compute_each_village_once_with_the_same_figures()
    {
        var (source, villages) = await CountyAsync("coverage_flight");
        var rules = CoverageRules.Default;
        var now = DateTimeOffset.UtcNow;

        var store = new CoverageStore(source);
        var townships = villages.GroupBy(Area.TownshipCodeOf).Select(g => g.ToArray()).ToList();
        Assert.True(townships.Count > 1);
        var asked = new List<Task<Dictionary<string, VillageCoverage>>> { store.GetAsync(villages, Month, rules, now, default) };
        asked.AddRange(townships.Select(t => store.GetAsync(t, Month, rules, now, default)));
        var answers = await Task.WhenAll(asked);
        Assert.Equal(villages.Length, store.VillagesComputed);

        var alone = await AloneAsync(source, villages, now);
        Assert.Equal(Json(alone, villages), Json(answers[0], villages));
        for (var i = 0; i < townships.Count; i++)
            Assert.Equal(Json(alone, townships[i]), Json(answers[i + 1], townships[i]));
    }

    [Fact]
    public async Task A_county_computed_in_parts_side_by_side_has_the_figures_of_one_statement()
    {
        var (source, villages) = await CountyAsync("coverage_parts");
        var now = DateTimeOffset.UtcNow;
        Assert.True(villages.Length >= 3 * CoverageStore.SplitFrom, $"{villages.Length} villages");

        var inParts = new CoverageStore(source, computeConnections: 3);
        var answer = await inParts.GetAsync(villages, Month, CoverageRules.Default, now, default);
        Assert.Equal(3, inParts.Statements);
        Assert.Equal(villages.Length, inParts.VillagesComputed);
        // Below the threshold a request is one statement, whatever the setting.
        var few = new CoverageStore(source, computeConnections: 3);
        await Exec(source, "DELETE FROM coverage_cache");
        await few.GetAsync(villages[..(CoverageStore.SplitFrom * 2 - 1)], Month, CoverageRules.Default, now, default);
        Assert.Equal(1, few.Statements);

        var alone = await AloneAsync(source, villages, now);
        Assert.Equal(Json(alone, villages), Json(answer, villages));
    }

    [Fact]
    public async Task With_no_spare_connection_the_parts_run_one_after_another_on_the_request_s_own()
    {
        var (_, villages, cs) = await CountyWithConnectionStringAsync("coverage_parts_pool");
        var now = DateTimeOffset.UtcNow;
        // A pool of one: the request holds the only connection, so the second part cannot have one of its own.
        await using var one = GridGovDb.CreateDataSource(new NpgsqlConnectionStringBuilder(cs) { MaxPoolSize = 1, Timeout = 60 }.ConnectionString);
        var store = new CoverageStore(one, computeConnections: 2);
        var answer = await store.GetAsync(villages, Month, CoverageRules.Default, now, default).WaitAsync(TimeSpan.FromSeconds(50));
        Assert.Equal(2, store.Statements);

        var alone = await AloneAsync(one, villages, now);
        Assert.Equal(Json(alone, villages), Json(answer, villages));
    }

    [Fact]
    public async Task A_request_whose_computation_was_cancelled_leaves_the_others_to_compute_for_themselves()
    {
        var (source, villages) = await CountyAsync("coverage_flight_cancel");
        var rules = CoverageRules.Default;
        var now = DateTimeOffset.UtcNow;
        var store = new CoverageStore(source);

        using var cancel = new CancellationTokenSource();
        var first = store.GetAsync(villages, Month, rules, now, cancel.Token);
        var second = store.GetAsync(villages, Month, rules, now, default);
        await cancel.CancelAsync();
        try { await first; } catch (OperationCanceledException) { }

        var answer = await second;
        Assert.Equal(villages.Order(StringComparer.Ordinal), answer.Keys.Order(StringComparer.Ordinal));
        var alone = await AloneAsync(source, villages, now);
        Assert.Equal(Json(alone, villages), Json(answer, villages));
    }

    /// <summary>
    /// A request that waits for another's computation of its villages gives its connection back meanwhile: with a pool of
    /// two, one request computing (held up by a lock on the cache) and one waiting for it, a third connection is still to be
    /// had. Before, the waiting request kept its own, and twenty requests of one first map could hold twenty.
    /// </summary>
    [Fact]
    public async Task A_request_waiting_for_another_computation_holds_no_connection()
    {
        var (county, villages, countyCs) = await CountyWithConnectionStringAsync("coverage_flight_pool");
        var cs = new NpgsqlConnectionStringBuilder(countyCs) { MaxPoolSize = 2, Timeout = 5 };
        await using var source = GridGovDb.CreateDataSource(cs.ConnectionString);
        var store = new CoverageStore(source);
        var now = DateTimeOffset.UtcNow;

        // The cache table locked against writes by a connection of its own: the computing request stops at its write.
        await using var locker = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(countyCs) { ApplicationName = "locker" }.ConnectionString);
        await locker.OpenAsync();
        await using var tx = await locker.BeginTransactionAsync();
        await using (var lockCmd = new NpgsqlCommand("LOCK TABLE coverage_cache IN EXCLUSIVE MODE", locker, tx)) await lockCmd.ExecuteNonQueryAsync();

        var computing = store.GetAsync(villages[..1], Month, CoverageRules.Default, now, default);
        for (var until = DateTime.UtcNow.AddSeconds(60); !await WaitsForLock(county); await Task.Delay(50))
            Assert.True(DateTime.UtcNow < until, "the computing request never reached the locked cache");
        var waiting = store.GetAsync(villages[..1], Month, CoverageRules.Default, now, default);
        for (var until = DateTime.UtcNow.AddSeconds(60); store.Waiting == 0; await Task.Delay(20))
            Assert.True(DateTime.UtcNow < until, "the second request never joined the first one's computation");

        await using (var third = await source.OpenConnectionAsync()) // Timeout = 5 s: refused if both were held
        await using (var cmd = new NpgsqlCommand("SELECT 1", third))
            Assert.Equal(1, await cmd.ExecuteScalarAsync());

        await tx.RollbackAsync();
        var (first, second) = (await computing, await waiting);
        Assert.Equal(1, store.VillagesComputed);
        Assert.Equal(Json(first, villages[..1]), Json(second, villages[..1]));

        static async Task<bool> WaitsForLock(NpgsqlDataSource db)
        {
            await using var cmd = db.CreateCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
            return (long)(await cmd.ExecuteScalarAsync())! > 0;
        }
    }

    private async Task<(NpgsqlDataSource Source, string[] Villages)> CountyAsync(string name)
    {
        var (source, villages, _) = await CountyWithConnectionStringAsync(name);
        return (source, villages);
    }

    private async Task<(NpgsqlDataSource Source, string[] Villages, string ConnectionString)> CountyWithConnectionStringAsync(string name)
    {
        var cs = await SampleDatabases.CreateAsync(pg, name, new SampleOptions
        {
            GeodataFolder = GeodataSource.ResolveFolder(null), Households = 3000, AsOf = new DateOnly(2026, 11, 1),
        });
        var source = GridGovDb.CreateDataSource(cs);
        var villages = new List<string>();
        await using (var cmd = source.CreateCommand("SELECT code FROM areas WHERE level = 'village' ORDER BY code"))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) villages.Add(r.GetString(0));
        await Exec(source, "DELETE FROM coverage_cache");
        return (source, [.. villages], cs);
    }

    /// <summary>What one request alone computes on a cold cache: the reference for every answer above.</summary>
    private static async Task<Dictionary<string, VillageCoverage>> AloneAsync(NpgsqlDataSource source, string[] villages, DateTimeOffset now)
    {
        await Exec(source, "DELETE FROM coverage_cache");
        // One statement on one connection: the other stores split a county over two (CoverageStore.ComputeInPartsAsync).
        return await new CoverageStore(source, computeConnections: 1).GetAsync(villages, Month, CoverageRules.Default, now, default);
    }

    private static List<string> Json(Dictionary<string, VillageCoverage> got, IEnumerable<string> villages) =>
        [.. villages.Select(v => JsonSerializer.Serialize(got[v]))];

    private static async Task Exec(NpgsqlDataSource source, string sql)
    {
        await using var cmd = source.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync();
    }
}
