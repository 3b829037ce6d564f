using GridGov.Domain.Coverage;
using GridGov.Persistence.Ranking;
using GridGov.Persistence.Sql;
using GridGov.Sample;
using GridGov.Testing;
using Npgsql;

namespace GridGov.Persistence.Tests.Ranking;

/// <summary>
/// The ranking's counts (<c>RankingFigures</c>: each household read once, a FILTER per month) against the coverage report's
/// (<see cref="CoverageStore"/>, the reference) for every village and each of three months, after edits that make the months
/// differ: a household ended between two as-ofs, a link ended in one month and another begun in the next, a link begun
/// mid-quarter, a declaration returned, one submitted, two approved in one month. Then with part of the cache valid: what a
/// village missed is counted, what it did not is read from the cache, not recounted.
/// </summary>
public class RankingFiguresTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    private static readonly DateOnly[] Months = [new(2026, 9, 1), new(2026, 10, 1), new(2026, 11, 1)];

    [Fact]
    public async Task Each_village_and_month_counts_as_the_coverage_report_does_and_valid_cache_rows_are_read_not_recounted()
    {
        var cs = await SampleDatabases.CreateAsync(pg, "ranking_fig", new SampleOptions
        {
            GeodataFolder = GeodataSource.ResolveFolder(null), Households = 2500, AsOf = new DateOnly(2026, 12, 1),
        });
        await using var source = GridGovDb.CreateDataSource(cs);
        var store = new CoverageStore(source);
        var now = DateTimeOffset.UtcNow;
        var rules = await store.RulesAsync("520625000000", CancellationToken.None);

        // The household ended on 15 October, and the linked one whose link ends on 10 October and starts again on 5 November.
        var ended = await Scalar(source, "SELECT min(h.id) FROM households h JOIN links l ON l.household_id = h.id AND l.valid_to IS NULL WHERE h.ended_at IS NULL");
        await Exec(source, $"UPDATE households SET ended_at = '2026-10-15T00:00:00Z', end_reason = '迁出' WHERE id = {ended}");
        var relinked = await Scalar(source, $"""
            SELECT max(l.household_id) FROM links l WHERE l.valid_to IS NULL AND l.valid_from < '2026-09-01' AND l.household_id <> {ended}
            """);
        await Exec(source, $"""
            UPDATE links SET valid_to = '2026-10-10T00:00:00Z', ended_by = 'test', end_reason = '外出务工'
            WHERE household_id = {relinked} AND valid_to IS NULL
            """);
        await Exec(source, $"""
            INSERT INTO links (member_id, household_id, valid_from, basis, locked)
            SELECT member_id, household_id, '2026-11-05T00:00:00Z', basis, false FROM links
            WHERE household_id = {relinked} AND valid_to = '2026-10-10T00:00:00Z'
            """);
        // An unlinked household linked from 10 November; a household with a returned declaration in September, a submitted
        // one in November and two approved ones in October.
        var unlinked = await Scalar(source, "SELECT min(h.id) FROM households h WHERE h.ended_at IS NULL AND NOT EXISTS (SELECT 1 FROM links l WHERE l.household_id = h.id)");
        await Exec(source, $"""
            INSERT INTO links (member_id, household_id, valid_from, basis, locked)
            SELECT min(m.id), {unlinked}, '2026-11-10T00:00:00Z', 'proximity', false
            FROM party_members m JOIN households h ON h.village_code = m.village_code WHERE h.id = {unlinked}
            """);
        var declared = await Scalar(source, $"SELECT max(h.id) FROM households h WHERE h.ended_at IS NULL AND h.id NOT IN ({ended}, {relinked}, {unlinked})");
        await Exec(source, $"DELETE FROM declarations WHERE household_id = {declared}");
        await Exec(source, $"""
            INSERT INTO declarations (member_id, household_id, month, work_date, category, text, status, created_at, updated_at)
            SELECT (SELECT min(m.id) FROM party_members m JOIN households h ON h.village_code = m.village_code WHERE h.id = {declared}),
                   {declared}, d.month, d.month + 3, 'visit', '走访', d.status, now(), now()
            FROM (VALUES (date '2026-09-01', 'returned'), ('2026-10-01', 'approved'), ('2026-10-01', 'approved'),
                         ('2026-11-01', 'submitted')) d(month, status)
            """);
        var villages = new List<string>();
        await using (var cmd = source.CreateCommand("SELECT code FROM areas WHERE level = 'village' ORDER BY code"))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) villages.Add(r.GetString(0));

        // Cold: every village and month counted, nothing written to the cache.
        await Exec(source, "DELETE FROM coverage_cache");
        var cold = await RankingFigures.LoadAsync(source, villages, Months, rules, now, CancellationToken.None);
        Assert.Equal(0L, await Scalar(source, "SELECT count(*) FROM coverage_cache"));
        var expected = new List<Dictionary<string, CoverageFigures>>();
        foreach (var m in Months)
            expected.Add((await store.GetAsync(villages, m, rules, now, CancellationToken.None)).ToDictionary(v => v.Key, v => v.Value.Figures));
        AssertSame(expected, cold, villages);

        // The edits show in the reference: the months differ where they should.
        var village = (await VillageOf(source, ended), await VillageOf(source, relinked), await VillageOf(source, unlinked), await VillageOf(source, declared));
        Assert.True(expected[0][village.Item1].Households > expected[1][village.Item1].Households);
        Assert.True(expected[0][village.Item2].LinkedHouseholds != expected[1][village.Item2].LinkedHouseholds
                    || expected[1][village.Item2].LinkedHouseholds != expected[2][village.Item2].LinkedHouseholds);
        Assert.True(expected[2][village.Item3].LinkedHouseholds > expected[1][village.Item3].LinkedHouseholds
                    || village.Item3 == village.Item2);
        Assert.True(expected.Sum(e => e.Values.Sum(f => f.ContactedHouseholds)) > 0);

        // Part of the cache valid: September dropped, one village's October and November dropped; another village's cached
        // November row altered, so a recount of it would show.
        var dropped = villages[0];
        var kept = villages[^1];
        await Exec(source, $"DELETE FROM coverage_cache WHERE month = '2026-09-01' OR village_code = '{dropped}'");
        await Exec(source, $"""
            UPDATE coverage_cache SET figures = jsonb_set(figures, '{"{figures,households}"}', '999999')
            WHERE village_code = '{kept}' AND month = '2026-11-01'
            """);
        var partial = await RankingFigures.LoadAsync(source, villages, Months, rules, now, CancellationToken.None);
        Assert.Equal(999999, partial[2][kept].Households);
        expected[2][kept] = partial[2][kept];
        AssertSame(expected, partial, villages);
    }

    private static void AssertSame(List<Dictionary<string, CoverageFigures>> expected, List<Dictionary<string, CoverageFigures>> actual,
        List<string> villages)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(villages.Count, actual[i].Count);
            foreach (var v in villages)
            {
                var (e, a) = (expected[i][v], actual[i][v]);
                Assert.Equal((v, Months[i], e.Households, e.LinkedHouseholds, e.ContactedHouseholds),
                    (v, Months[i], a.Households, a.LinkedHouseholds, a.ContactedHouseholds));
            }
        }
    }

    private static async Task<string> VillageOf(NpgsqlDataSource source, long household)
    {
        await using var cmd = source.CreateCommand($"SELECT village_code FROM households WHERE id = {household}");
        return (string)(await cmd.ExecuteScalarAsync())!;
    }

    private static async Task Exec(NpgsqlDataSource source, string sql)
    {
        await using var cmd = source.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<long> Scalar(NpgsqlDataSource source, string sql)
    {
        await using var cmd = source.CreateCommand(sql);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }
}
