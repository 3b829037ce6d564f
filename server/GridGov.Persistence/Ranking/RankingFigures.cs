using GridGov.Domain.Coverage;
using GridGov.Persistence.Sql;
using Npgsql;
using NpgsqlTypes;

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

    /// <summary>At most this many months are counted in one statement: a quarter's.</summary>
    private const int Slots = 3;

    /// <summary>
    /// The counts as <see cref="CoverageSql.Compute"/> makes them (its h, lk and ct), for the villages given and up to three months
    /// (@month1..3, each with its as-of @as_of1..3; an unused slot is null and its columns are not read): one row per village
    /// with households, then per slot households, linked, contacted. Each household is read once, with a FILTER per month —
    /// not joined to each month as before (three times the rows through the joins, its sort of them spilling to disk at ten
    /// times the households). A household's links and declarations are first folded to one row of per-month flags. Backend CPU,
    /// serial, October and November of 2026 for all 377 villages (docs/benchmarks.md, "Growth with the households"): 320 → 300 ms
    /// at 1×, 4,313 → 2,613 ms at 10× (13.5× → 8.7× for ten times the households); at 10× the plan merges the three tables in
    /// household order from their indexes, nothing hashed or sorted to disk.
    /// </summary>
    private static readonly string Count = $$"""
        WITH lk AS (
            -- One row per household: is a link in force at each as-of? (Periods never overlap — ex_links_household_period —
            -- so at most one link is, as the report assumes.) The WHERE only drops links in force at none of them.
            SELECT l.household_id, {{Columns(i => $"bool_or({LinkSql.InForceAt("l", $"@as_of{i}")}) AS l{i}")}}
            FROM links l
            WHERE l.valid_from <= greatest(@as_of1, @as_of2, @as_of3) AND (l.valid_to IS NULL OR l.valid_to > least(@as_of1, @as_of2, @as_of3))
            GROUP BY l.household_id),
        ct AS (
            SELECT d.household_id, {{Columns(i => $"bool_or(d.month = @month{i}) AS c{i}")}}
            FROM declarations d
            WHERE d.month IN (@month1, @month2, @month3) AND d.status IN ('submitted', 'approved')
            GROUP BY d.household_id)
        SELECT h.village_code::text,
               {{Columns(i => $"count(*) FILTER (WHERE {HouseholdSql.ActiveAt("h", $"@as_of{i}")})::int, " +
                              $"count(*) FILTER (WHERE {HouseholdSql.ActiveAt("h", $"@as_of{i}")} AND lk.l{i})::int, " +
                              $"count(*) FILTER (WHERE {HouseholdSql.ActiveAt("h", $"@as_of{i}")} AND ct.c{i})::int")}}
        FROM households h LEFT JOIN lk ON lk.household_id = h.id LEFT JOIN ct ON ct.household_id = h.id
        WHERE h.village_code = ANY(@villages)
        GROUP BY h.village_code
        """;

    private static string Columns(Func<int, string> column) => string.Join(", ", Enumerable.Range(1, Slots).Select(column));

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
        var missing = months.Select((m, i) => villages.Distinct().Where(v => !sets[i].ContainsKey(v)).ToHashSet()).ToList();
        var counted = Enumerable.Range(0, months.Count).Where(i => missing[i].Count > 0).ToList();
        if (counted.Count == 0) return sets;
        if (counted.Count > Slots) throw new ArgumentException($"at most {Slots} months at once", nameof(months));
        for (var i = 0; i < months.Count; i++) foreach (var v in missing[i]) sets[i][v] = new CoverageFigures();
        // Serial: a parallel plan runs the folding of the links and the declarations whole in every worker (three times the
        // work for 1.1 million households, measured), where the serial one reads all three tables once, in household order.
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using (var serial = new NpgsqlCommand("SELECT set_config('max_parallel_workers_per_gather', '0', true)", conn, tx))
            await serial.ExecuteNonQueryAsync(ct);
        await using var count = new NpgsqlCommand(Count, conn, tx);
        count.Parameters.AddWithValue("villages", missing.SelectMany(m => m).Distinct().ToArray());
        for (var slot = 0; slot < Slots; slot++)
        {
            var month = slot < counted.Count ? months[counted[slot]] : (DateOnly?)null;
            count.Parameters.Add(new NpgsqlParameter($"month{slot + 1}", NpgsqlDbType.Date) { Value = (object?)month ?? DBNull.Value });
            count.Parameters.Add(new NpgsqlParameter($"as_of{slot + 1}", NpgsqlDbType.TimestampTz)
            {
                Value = month is { } m ? CoverageRules.AsOf(m, now).ToUniversalTime() : DBNull.Value,
            });
        }
        await using var c = await count.ExecuteReaderAsync(ct);
        while (await c.ReadAsync(ct))
        {
            var village = c.GetString(0);
            for (var slot = 0; slot < counted.Count; slot++)
            {
                var i = counted[slot];
                // Only the months this village missed: a valid cache row stays as read.
                if (missing[i].Contains(village))
                    sets[i][village] = Figures(c.GetInt32(1 + 3 * slot), c.GetInt32(2 + 3 * slot), c.GetInt32(3 + 3 * slot));
            }
        }
        await c.CloseAsync();
        await tx.CommitAsync(ct);
        return sets;
    }

    private static CoverageFigures Figures(int households, int linked, int contacted) =>
        new() { Households = households, LinkedHouseholds = linked, ContactedHouseholds = contacted };
}
