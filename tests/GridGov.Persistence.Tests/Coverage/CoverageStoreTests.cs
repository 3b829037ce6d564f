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

    private async Task<(NpgsqlDataSource Source, string[] Villages)> CountyAsync(string name)
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
        return (source, [.. villages]);
    }

    /// <summary>What one request alone computes on a cold cache: the reference for every answer above.</summary>
    private static async Task<Dictionary<string, VillageCoverage>> AloneAsync(NpgsqlDataSource source, string[] villages, DateTimeOffset now)
    {
        await Exec(source, "DELETE FROM coverage_cache");
        return await new CoverageStore(source).GetAsync(villages, Month, CoverageRules.Default, now, default);
    }

    private static List<string> Json(Dictionary<string, VillageCoverage> got, IEnumerable<string> villages) =>
        [.. villages.Select(v => JsonSerializer.Serialize(got[v]))];

    private static async Task Exec(NpgsqlDataSource source, string sql)
    {
        await using var cmd = source.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync();
    }
}
