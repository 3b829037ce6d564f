using System.Collections.Concurrent;
using System.Text.Json;
using GridGov.Domain.Coverage;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;

namespace GridGov.Persistence.Sql;

/// <summary>
/// Per-village coverage, materialised in coverage_cache and invalidated by the epoch triggers.
/// Reading N villages costs one cache query; only villages whose epoch moved (an edit) or whose
/// running-month row is older than <see cref="RunningMonthTtl"/> are recomputed, together, in
/// one statement. A village already being computed for the same month by another request is waited for, not computed
/// again: a leader's first map asks for the county and each township at once, which on a cold cache computed every
/// village two or three times side by side.
/// </summary>
/// <param name="dataSource">The database.</param>
/// <param name="computeConnections">
/// Villages computed together are split over up to this many connections side by side (see <see cref="SplitFrom"/>).
/// </param>
public sealed class CoverageStore(NpgsqlDataSource dataSource, int computeConnections = CoverageStore.DefaultComputeConnections)
{
    /// <summary>
    /// The statement runs on one core of the database: a county's (377 villages, about a second) is a leader's first map
    /// on a cold cache, so it runs as two statements side by side, on two connections. Villages are independent (links,
    /// and so members' loads, are kept per village), so the parts give the same figures.
    /// </summary>
    public const int DefaultComputeConnections = 2;

    /// <summary>Below this many villages a part would cost more in its own round trip and transaction than it saves.</summary>
    internal const int SplitFrom = 64;

    /// <summary>Figures of the running month also move with the clock (30-day staleness): recompute after this.</summary>
    public static readonly TimeSpan RunningMonthTtl = TimeSpan.FromMinutes(5);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ConcurrentDictionary<(string Village, DateOnly Month, string Rules), Task<Dictionary<string, VillageCoverage>>> _inFlight = new();
    private long _villagesComputed;
    private long _statements;

    /// <summary>Coverage statements this store has run (tests: a computation really was split).</summary>
    internal long Statements => Interlocked.Read(ref _statements);

    private int _waiting;

    /// <summary>Requests now waiting for another request's computation of their villages (they hold no connection meanwhile).</summary>
    internal int Waiting => Volatile.Read(ref _waiting);

    /// <summary>How many village-months this store has computed (not read from the cache) since it was made.</summary>
    public long VillagesComputed => Interlocked.Read(ref _villagesComputed);

    /// <summary>The store's database, for readers of the cache beside it (the ranking's counts).</summary>
    internal NpgsqlDataSource DataSource => dataSource;

    public async Task<CoverageRules> RulesAsync(string countyCode, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(CoverageSql.MaxDistance);
        cmd.Parameters.AddWithValue("county", countyCode);
        var max = await cmd.ExecuteScalarAsync(ct);
        return max is double d && d > 0 ? CoverageRules.Default with { MaxLinkMeters = d } : CoverageRules.Default;
    }

    internal static string RulesKey(CoverageRules r) => $"{r.MaxLinkMeters:R}|{r.ActiveCapacity}|{r.ReducedCapacity}|{r.StaleDays}";

    /// <summary>Coverage of each village for the month, from the cache where valid, else computed now.</summary>
    public async Task<Dictionary<string, VillageCoverage>> GetAsync(IReadOnlyCollection<string> villages, DateOnly month,
        CoverageRules rules, DateTimeOffset now, CancellationToken ct)
    {
        var result = new Dictionary<string, VillageCoverage>(villages.Count);
        if (villages.Count == 0) return result;
        var asOf = CoverageRules.AsOf(month, now);
        // A closed month's figures, read at its last instant, never change except by an edit (epochs).
        var monthEnd = CoverageRules.AsOf(month, DateTimeOffset.MaxValue);
        var key = RulesKey(rules);
        var joined = new Dictionary<Task<Dictionary<string, VillageCoverage>>, List<string>>();
        // The connection goes back to the pool before this request waits for another's computation: twenty requests of a
        // leader's first map joining one county computation must not hold twenty of the pool's connections meanwhile.
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        {
            await ReadCacheAsync(conn, villages.ToArray(), month, rules, monthEnd, result, ct);
            var missing = villages.Where(v => !result.ContainsKey(v)).Distinct().ToArray();
            if (missing.Length == 0) return result;

            // Claim each missing village for this request, or join the request already computing it.
            var mine = new TaskCompletionSource<Dictionary<string, VillageCoverage>>(TaskCreationOptions.RunContinuationsAsynchronously);
            var claimed = new List<string>();
            foreach (var v in missing)
            {
                var flight = _inFlight.GetOrAdd((v, month, key), mine.Task);
                if (flight == mine.Task) claimed.Add(v);
                else if (joined.TryGetValue(flight, out var list)) list.Add(v);
                else joined[flight] = [v];
            }
            if (claimed.Count > 0)
            {
                try
                {
                    // A request that finished computing one of these between our cache read and our claim has stored it by now
                    // (it commits before it lets go of its claim): read again, compute only the rest.
                    var ours = new Dictionary<string, VillageCoverage>(claimed.Count);
                    await ReadCacheAsync(conn, [.. claimed], month, rules, monthEnd, ours, ct);
                    var rest = claimed.Where(v => !ours.ContainsKey(v)).ToArray();
                    if (rest.Length > 0)
                        foreach (var (code, cov) in await ComputeInPartsAsync(conn, rest, month, asOf, rules, now, ct)) ours[code] = cov;
                    mine.SetResult(ours);
                    foreach (var (code, cov) in ours) result[code] = cov;
                }
                catch (Exception e)
                {
                    mine.SetException(e);
                    _ = mine.Task.Exception; // observed: joiners compute for themselves
                    throw;
                }
                finally
                {
                    foreach (var v in claimed) _inFlight.TryRemove(new((v, month, key), mine.Task));
                }
            }
        }
        var retry = new List<string>();
        if (joined.Count > 0) Interlocked.Increment(ref _waiting);
        try
        {
            foreach (var (flight, codes) in joined)
            {
                Dictionary<string, VillageCoverage>? theirs = null;
                try { theirs = await flight.WaitAsync(ct); }
                catch (Exception) when (!ct.IsCancellationRequested) { } // that request failed or was cancelled: compute them here
                foreach (var v in codes)
                    if (theirs is not null && theirs.TryGetValue(v, out var cov)) result[v] = cov;
                    else retry.Add(v);
            }
        }
        finally
        {
            if (joined.Count > 0) Interlocked.Decrement(ref _waiting);
        }
        if (retry.Count > 0)
        {
            await using var conn = await dataSource.OpenConnectionAsync(ct);
            foreach (var (code, cov) in await ComputeInPartsAsync(conn, [.. retry], month, asOf, rules, now, ct)) result[code] = cov;
        }
        return result;
    }

    /// <summary>Adds the villages' valid cache rows for the month to <paramref name="into"/>.</summary>
    private static async Task ReadCacheAsync(NpgsqlConnection conn, string[] villages, DateOnly month, CoverageRules rules,
        DateTimeOffset monthEnd, Dictionary<string, VillageCoverage> into, CancellationToken ct)
    {
        await using var read = new NpgsqlCommand(CoverageSql.ReadCache, conn);
        read.Parameters.AddWithValue("villages", villages);
        read.Parameters.AddWithValue("month", month);
        read.Parameters.AddWithValue("rules_key", RulesKey(rules));
        read.Parameters.AddWithValue("month_end", monthEnd);
        read.Parameters.AddWithValue("ttl", RunningMonthTtl);
        await using var r = await read.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            into[r.GetString(0)] = JsonSerializer.Deserialize<VillageCoverage>(r.GetString(1), Json)!;
    }

    /// <summary>Recomputes the villages (ignoring the cache) and stores the result.</summary>
    public async Task<Dictionary<string, VillageCoverage>> RecomputeAsync(IReadOnlyCollection<string> villages, DateOnly month,
        CoverageRules rules, DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await ComputeAndStoreAsync(conn, villages.ToArray(), month, CoverageRules.AsOf(month, now), rules, now, ct);
    }

    /// <summary>The uncovered part of each village (storage coordinates), as last computed.</summary>
    public async Task<Dictionary<string, Geometry>> UncoveredAsync(IReadOnlyCollection<string> villages, DateOnly month, CancellationToken ct)
    {
        var result = new Dictionary<string, Geometry>();
        await using var cmd = dataSource.CreateCommand(CoverageSql.ReadUncovered);
        cmd.Parameters.AddWithValue("villages", villages.ToArray());
        cmd.Parameters.AddWithValue("month", month);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) result[r.GetString(0)] = r.GetFieldValue<Geometry>(1);
        return result;
    }

    /// <summary>
    /// <see cref="ComputeAndStoreAsync"/> split over up to <c>computeConnections</c> connections side by side, one part on
    /// <paramref name="conn"/> and each other on a connection of its own, every part its own transaction. Villages are dealt
    /// out in turn, so each part gets a share of every township. A part whose connection the pool cannot give within
    /// <see cref="SpareConnectionWait"/> runs afterwards on <paramref name="conn"/>: a request holding one connection never
    /// waits for a second (forty such requests at once would hold the whole pool, each waiting for another).
    /// </summary>
    private async Task<Dictionary<string, VillageCoverage>> ComputeInPartsAsync(NpgsqlConnection conn, string[] villages, DateOnly month,
        DateTimeOffset asOf, CoverageRules rules, DateTimeOffset now, CancellationToken ct)
    {
        var parts = Math.Clamp(villages.Length / SplitFrom, 1, Math.Max(1, computeConnections));
        if (parts == 1) return await ComputeAndStoreAsync(conn, villages, month, asOf, rules, now, ct);
        var shares = Enumerable.Range(0, parts).Select(p => villages.Where((_, i) => i % parts == p).ToArray()).ToArray();
        async Task<Dictionary<string, VillageCoverage>?> OnItsOwn(string[] share)
        {
            NpgsqlConnection own;
            using (var soon = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                soon.CancelAfter(SpareConnectionWait);
                try { own = await dataSource.OpenConnectionAsync(soon.Token); }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested) { return null; }
            }
            await using (own) return await ComputeAndStoreAsync(own, share, month, asOf, rules, now, ct);
        }
        var others = shares.Skip(1).Select(OnItsOwn).ToArray();
        var first = ComputeAndStoreAsync(conn, shares[0], month, asOf, rules, now, ct);
        // Every part is awaited, a failed one too: none is left running on its connection when this request fails.
        await Task.WhenAll(others.Prepend<Task>(first));
        var all = first.Result;
        for (var i = 0; i < others.Length; i++)
            foreach (var (code, cov) in others[i].Result ?? await ComputeAndStoreAsync(conn, shares[i + 1], month, asOf, rules, now, ct))
                all[code] = cov;
        return all;
    }

    /// <summary>How long a part waits for a connection of its own before it runs after the others on the request's.</summary>
    internal static readonly TimeSpan SpareConnectionWait = TimeSpan.FromMilliseconds(100);

    private async Task<Dictionary<string, VillageCoverage>> ComputeAndStoreAsync(NpgsqlConnection conn, string[] villages, DateOnly month,
        DateTimeOffset asOf, CoverageRules rules, DateTimeOffset now, CancellationToken ct)
    {
        var computed = new List<(VillageCoverage Cov, long Epoch, Geometry? Uncovered)>();
        await using var tx = await conn.BeginTransactionAsync(ct);
        // The county's statement sorts and hashes ~10 MB per 100,000 households: in memory rather than in temporary
        // files (the default 4 MB), for this transaction only.
        await using (var mem = new NpgsqlCommand($"SELECT set_config('work_mem', '{ComputeWorkMem}', true)", conn, tx))
            await mem.ExecuteNonQueryAsync(ct);
        await using (var cmd = new NpgsqlCommand(CoverageSql.Compute, conn, tx))
        {
            BindCompute(cmd, villages, month, asOf, rules);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var uncovered = r.IsDBNull(2) ? null : r.GetFieldValue<Geometry>(2);
                var m2 = r.GetDouble(3);
                // Slivers below 1 m² are rounding between a cell edge and the boundary, not a gap.
                if (m2 < 1 || uncovered is { IsEmpty: true }) { uncovered = null; m2 = 0; }
                var cells = JsonSerializer.Deserialize<List<CellRow>>(r.GetString(13), Json)!;
                var cov = new VillageCoverage
                {
                    VillageCode = r.GetString(0),
                    Month = month,
                    AsOf = asOf,
                    Figures = new CoverageFigures
                    {
                        Households = r.GetInt32(4), LinkedHouseholds = r.GetInt32(5), ContactedHouseholds = r.GetInt32(6),
                        StaleVulnerableHouseholds = r.GetInt32(7), HouseholdsOutsideCells = r.GetInt32(8), CellsWithoutLeader = r.GetInt32(9),
                        FarLinks = r.GetInt32(10), OverloadedMembers = r.GetInt32(11), MembersWithoutDeclaration = r.GetInt32(12),
                        UncoveredAreaM2 = Math.Round(m2, 1),
                    },
                    Cells = cells.Select(c => new CellItem(c.CellId, c.Name, c.HasLeader, new CoverageFigures
                    {
                        Households = c.Households, LinkedHouseholds = c.Linked, ContactedHouseholds = c.Contacted,
                        StaleVulnerableHouseholds = c.Stale, FarLinks = c.Far, OverloadedMembers = c.Overloaded,
                        MembersWithoutDeclaration = c.WithoutDeclaration, CellsWithoutLeader = c.HasLeader ? 0 : 1,
                    })).ToList(),
                    CellsWithoutLeader = JsonSerializer.Deserialize<List<long>>(r.GetString(14), Json)!,
                    HouseholdsOutsideCells = JsonSerializer.Deserialize<List<HouseholdPointItem>>(r.GetString(15), Json)!,
                    StaleVulnerableHouseholds = JsonSerializer.Deserialize<List<StaleHouseholdItem>>(r.GetString(16), Json)!,
                    FarLinks = JsonSerializer.Deserialize<List<FarLinkItem>>(r.GetString(17), Json)!,
                    OverloadedMembers = JsonSerializer.Deserialize<List<OverloadedMemberItem>>(r.GetString(18), Json)!,
                    MembersWithoutDeclaration = JsonSerializer.Deserialize<List<MemberItem>>(r.GetString(19), Json)!,
                };
                computed.Add((cov, r.GetInt64(1), uncovered));
            }
        }
        if (computed.Count > 0)
        {
            await using var write = new NpgsqlCommand(CoverageSql.WriteCache, conn, tx);
            var key = RulesKey(rules);
            write.Parameters.AddWithValue("codes", computed.Select(c => c.Cov.VillageCode).ToArray());
            write.Parameters.AddWithValue("months", computed.Select(_ => month).ToArray());
            write.Parameters.AddWithValue("epochs", computed.Select(c => c.Epoch).ToArray());
            write.Parameters.AddWithValue("rules", computed.Select(_ => key).ToArray());
            write.Parameters.AddWithValue("as_ofs", computed.Select(_ => asOf).ToArray());
            write.Parameters.AddWithValue("computed", computed.Select(_ => now).ToArray());
            write.Parameters.Add(new NpgsqlParameter("figures", NpgsqlDbType.Array | NpgsqlDbType.Jsonb)
                { Value = computed.Select(c => JsonSerializer.Serialize(c.Cov, Json)).ToArray() });
            write.Parameters.Add(new NpgsqlParameter("uncovered", NpgsqlDbType.Array | NpgsqlDbType.Geometry)
                { Value = computed.Select(c => c.Uncovered).ToArray() });
            await write.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        Interlocked.Add(ref _villagesComputed, computed.Count);
        Interlocked.Increment(ref _statements);
        return computed.ToDictionary(c => c.Cov.VillageCode, c => c.Cov);
    }

    internal const string ComputeWorkMem = "32MB";

    /// <summary>The parameters of <see cref="CoverageSql.Compute"/>.</summary>
    internal static void BindCompute(NpgsqlCommand cmd, string[] villages, DateOnly month, DateTimeOffset asOf, CoverageRules rules)
    {
        cmd.Parameters.AddWithValue("villages", villages);
        cmd.Parameters.AddWithValue("month", month);
        cmd.Parameters.AddWithValue("as_of", asOf);
        // For a finished month the as-of date is its last day; for the running month, today.
        cmd.Parameters.AddWithValue("as_of_date", CoverageRules.DateOf(asOf));
        cmd.Parameters.AddWithValue("stale_days", rules.StaleDays);
        cmd.Parameters.AddWithValue("max_meters", rules.MaxLinkMeters);
        // No two points closer than this many degrees can be more than max_meters apart (≤ 111.7 km per degree).
        cmd.Parameters.AddWithValue("safe_degrees", rules.MaxLinkMeters / 111_700.0);
        CapacitySql.Bind(cmd, s => rules.CapacityOf(s, null));
    }

    private sealed record CellRow(long CellId, string Name, bool HasLeader, int Households, int Linked, int Contacted, int Stale,
        int Far, int Overloaded, int WithoutDeclaration);
}
