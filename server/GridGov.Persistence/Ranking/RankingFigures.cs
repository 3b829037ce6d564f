using GridGov.Domain.Coverage;
using GridGov.Persistence.Sql;
using Npgsql;

namespace GridGov.Persistence.Ranking;

/// <summary>
/// The three counts a ranking needs of each village and month — households, linked, contacted — from the coverage cache where
/// its row is valid, else counted straight. The ranking used to ask the coverage store for the whole report of every village
/// for each of the quarter's months: on a cold cache that computed far links, members, cells and gaps it never reads (three
/// county reports, ~27 s at ten times the households); now a cold quarter costs one pass over its households, links and
/// declarations, and a warm one reads three numbers per village.
/// </summary>
internal static class RankingFigures
{
    /// <summary>The counts of valid cache rows (the conditions of <see cref="CoverageSql.ReadCache"/>), without the report's lists.</summary>
    private const string ReadCache = """
        SELECT c.village_code, (c.figures->'figures'->>'households')::int, (c.figures->'figures'->>'linkedHouseholds')::int,
               (c.figures->'figures'->>'contactedHouseholds')::int
        FROM coverage_cache c LEFT JOIN coverage_epochs e ON e.village_code = c.village_code
        WHERE c.village_code = ANY(@villages) AND c.month = @month AND c.epoch = coalesce(e.epoch, 0)
          AND c.rules_key = @rules_key AND (c.as_of = @month_end OR c.computed_at > now() - @ttl)
        """;

    /// <summary>
    /// The counts as <see cref="CoverageSql.Compute"/> makes them (its h, lk and ct), for (village, month, as-of) triples; a village
    /// without households has no row. Set-based: hash joins over the rows, linear in them.
    /// </summary>
    private static readonly string Count = $$"""
        WITH p AS (SELECT * FROM unnest(@villages::text[], @months::date[], @as_ofs::timestamptz[]) AS p(code, month, as_of)),
        h AS (
            SELECT p.code, p.month, p.as_of, h.id FROM p JOIN households h ON h.village_code = p.code
            WHERE {{HouseholdSql.ActiveAt("h", "p.as_of")}}),
        ct AS (
            SELECT DISTINCT d.household_id, d.month FROM declarations d
            WHERE d.month IN (SELECT DISTINCT month FROM p) AND d.status IN ('submitted', 'approved'))
        -- Joined, not de-duplicated: a household's link periods never overlap (ex_links_household_period), as the report assumes.
        SELECT h.code, h.month, count(*)::int, count(l.id)::int, count(ct.household_id)::int
        FROM h LEFT JOIN links l ON l.household_id = h.id AND {{LinkSql.InForceAt("l", "h.as_of")}}
               LEFT JOIN ct ON ct.household_id = h.id AND ct.month = h.month
        GROUP BY h.code, h.month
        """;

    /// <summary>Per month (in the order given), each village's counts; every village is present (zero where it has no households).</summary>
    public static async Task<List<Dictionary<string, CoverageFigures>>> LoadAsync(NpgsqlDataSource dataSource, IReadOnlyList<string> villages,
        IReadOnlyList<DateOnly> months, CoverageRules rules, DateTimeOffset now, CancellationToken ct)
    {
        var sets = months.Select(_ => new Dictionary<string, CoverageFigures>(villages.Count)).ToList();
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        for (var i = 0; i < months.Count; i++)
        {
            await using var read = new NpgsqlCommand(ReadCache, conn);
            read.Parameters.AddWithValue("villages", villages.ToArray());
            read.Parameters.AddWithValue("month", months[i]);
            read.Parameters.AddWithValue("rules_key", CoverageStore.RulesKey(rules));
            read.Parameters.AddWithValue("month_end", CoverageRules.AsOf(months[i], DateTimeOffset.MaxValue));
            read.Parameters.AddWithValue("ttl", CoverageStore.RunningMonthTtl);
            await using var r = await read.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) sets[i][r.GetString(0)] = Figures(r.GetInt32(1), r.GetInt32(2), r.GetInt32(3));
        }
        var missing = months.SelectMany((m, i) => villages.Distinct().Where(v => !sets[i].ContainsKey(v)).Select(v => (Village: v, Month: m, Index: i)))
            .ToList();
        if (missing.Count == 0) return sets;
        foreach (var (v, _, i) in missing) sets[i][v] = new CoverageFigures();
        await using var count = new NpgsqlCommand(Count, conn);
        count.Parameters.AddWithValue("villages", missing.Select(x => x.Village).ToArray());
        count.Parameters.AddWithValue("months", missing.Select(x => x.Month).ToArray());
        count.Parameters.AddWithValue("as_ofs", missing.Select(x => CoverageRules.AsOf(x.Month, now)).ToArray());
        await using var c = await count.ExecuteReaderAsync(ct);
        while (await c.ReadAsync(ct))
        {
            var month = c.GetFieldValue<DateOnly>(1);
            sets[IndexOf(months, month)][c.GetString(0)] = Figures(c.GetInt32(2), c.GetInt32(3), c.GetInt32(4));
        }
        return sets;
    }

    private static int IndexOf(IReadOnlyList<DateOnly> months, DateOnly month)
    {
        for (var i = 0; i < months.Count; i++) if (months[i] == month) return i;
        throw new InvalidOperationException($"month {month} was not asked for");
    }

    private static CoverageFigures Figures(int households, int linked, int contacted) =>
        new() { Households = households, LinkedHouseholds = linked, ContactedHouseholds = contacted };
}
