using System.Globalization;
using GridGov.Domain.Coverage;
using GridGov.Persistence.Sql;
using GridGov.Sample;
using GridGov.Testing;
using NetTopologySuite.Geometries;
using Npgsql;

namespace GridGov.Persistence.Tests.Coverage;

/// <summary>
/// The coverage statement finds each member's cell by one join (<c>mcell</c>) instead of a lateral probe per member, sums the
/// per-cell figures in one grouping (<c>cr</c>, <c>cg</c>) instead of joining the cells to three aggregates, and runs with more
/// work memory: every column of every village of the whole sample county must be what the statement before gave (a closed
/// month with declarations and the running month), including a member whose home lies on the edge two cells share (the lower
/// cell id wins) and members in no cell.
/// </summary>
public class CoverageStatementEqualityTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    [Fact]
    public async Task The_whole_county_is_computed_as_before()
    {
        var cs = await SampleDatabases.CreateAsync(pg, "coverage_eq", new SampleOptions
        {
            GeodataFolder = GeodataSource.ResolveFolder(null), Households = 6000, AsOf = new DateOnly(2026, 11, 1),
        });
        await using var source = GridGovDb.CreateDataSource(cs);
        // A linked member living exactly on a vertex of one cell that another cell of the village also covers: in the running
        // month (no declarations yet) it is listed without a declaration, with its cell.
        await Exec(source, """
            UPDATE party_members SET home = p.geom FROM (
                SELECT (d).geom AS geom, x.village_code FROM (SELECT ST_DumpPoints(a.geometry) AS d, a.id, a.village_code FROM grid_cells a) x
                JOIN grid_cells b ON b.village_code = x.village_code AND b.id <> x.id AND ST_Covers(b.geometry, (d).geom)
                ORDER BY x.id, (d).path LIMIT 1) p
            WHERE party_members.id = (SELECT min(l.member_id) FROM links l JOIN party_members m ON m.id = l.member_id
                                      WHERE m.village_code = p.village_code AND l.valid_to IS NULL)
            """);
        Assert.True(await Scalar(source, """
            SELECT count(*) FROM (SELECT m.id FROM party_members m JOIN grid_cells c ON c.village_code = m.village_code AND ST_Covers(c.geometry, m.home)
                                  GROUP BY m.id HAVING count(*) > 1) x
            """) > 0, "no member on a shared cell edge: the lowest-id rule was not compared");
        Assert.True(await Scalar(source, """
            SELECT count(*) FROM party_members m
            WHERE NOT EXISTS (SELECT 1 FROM grid_cells c WHERE c.village_code = m.village_code AND ST_Covers(c.geometry, m.home))
            """) > 0, "every member is in a cell: the member without a cell was not compared");

        var villages = (await List(source, "SELECT code FROM areas WHERE level = 'village' ORDER BY code")).ToArray();
        var now = DateTimeOffset.UtcNow;
        var rules = CoverageRules.Default;
        var contacted = 0L;
        foreach (var month in new[] { new DateOnly(2026, 10, 1), CoverageRules.CurrentMonth(now) })
        {
            var asOf = CoverageRules.AsOf(month, now);
            var before = await Rows(source, Before, villages, month, asOf, rules);
            var after = await Rows(source, CoverageSql.Compute, villages, month, asOf, rules);
            Assert.Equal(villages.Length, before.Count);
            Assert.Equal(before, after);
            contacted += before.Sum(r => long.Parse(r[6], CultureInfo.InvariantCulture));
        }
        Assert.True(contacted > 0, "no household contacted in either month: the declarations were not compared");
    }

    private static async Task<List<List<string>>> Rows(NpgsqlDataSource source, string sql, string[] villages, DateOnly month,
        DateTimeOffset asOf, CoverageRules rules)
    {
        await using var conn = await source.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await using (var mem = new NpgsqlCommand($"SELECT set_config('work_mem', '{CoverageStore.ComputeWorkMem}', true)", conn, tx))
            await mem.ExecuteNonQueryAsync();
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        CoverageStore.BindCompute(cmd, villages, month, asOf, rules);
        var rows = new List<List<string>>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
            rows.Add(Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "null" : r.GetValue(i) switch
            {
                Geometry g => Convert.ToHexString(g.ToBinary()),
                double d => d.ToString("R", CultureInfo.InvariantCulture),
                var v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
            }).ToList());
        return rows;
    }

    private static async Task Exec(NpgsqlDataSource source, string sql)
    {
        await using var cmd = source.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<long> Scalar(NpgsqlDataSource source, string sql)
    {
        await using var cmd = source.CreateCommand(sql);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private static async Task<List<string>> List(NpgsqlDataSource source, string sql)
    {
        await using var cmd = source.CreateCommand(sql);
        await using var r = await cmd.ExecuteReaderAsync();
        var list = new List<string>();
        while (await r.ReadAsync()) list.Add(r.GetString(0));
        return list;
    }

    /// <summary>The coverage statement before the member-cell join and the per-cell grouping (commit 1a06c2f), kept as the reference.</summary>
    private static readonly string Before = $$"""
        WITH v AS (
            SELECT a.code, a.boundary, coalesce(e.epoch, 0) AS epoch
            FROM areas a LEFT JOIN coverage_epochs e ON e.village_code = a.code
            WHERE a.level = 'village' AND a.code = ANY(@villages)),
        -- Households that exist at the as-of instant: one ended (注销) before it is history, not a gap.
        h AS (
            SELECT h.id, h.village_code, h.cell_id, h.location, h.poverty_status AS poverty
            FROM households h JOIN v ON v.code = h.village_code
            WHERE {{HouseholdSql.ActiveAt("h", "@as_of")}}),
        -- The link in force at the as-of instant (periods of one household never overlap).
        lk AS (
            SELECT l.id, l.household_id, l.member_id
            FROM links l JOIN h ON h.id = l.household_id
            WHERE {{LinkSql.InForceAt("l", "@as_of")}}),
        ct AS (
            SELECT DISTINCT d.household_id FROM declarations d JOIN h ON h.id = d.household_id
            WHERE d.month = @month AND d.status IN ('submitted', 'approved')),
        lastc AS (
            SELECT d.household_id, max(d.work_date) AS last
            FROM declarations d JOIN h ON h.id = d.household_id
            WHERE h.poverty IN ('poor', 'monitored') AND d.status IN ('submitted', 'approved') AND d.work_date <= @as_of_date
            GROUP BY d.household_id),
        hs AS (
            SELECT h.id, h.village_code, h.cell_id, h.location, h.poverty,
                   lk.member_id IS NOT NULL AS linked, ct.household_id IS NOT NULL AS contacted,
                   h.poverty IN ('poor', 'monitored') AND (lastc.last IS NULL OR @as_of_date - lastc.last >= @stale_days) AS stale,
                   lastc.last
            FROM h LEFT JOIN lk ON lk.household_id = h.id
                   LEFT JOIN ct ON ct.household_id = h.id
                   LEFT JOIN lastc ON lastc.household_id = h.id),
        -- Metric distance only where the degree distance cannot rule a far link out (cheap prefilter).
        far AS (
            SELECT * FROM (
                SELECT lk.id AS link_id, lk.member_id, hs.id AS household_id, hs.cell_id, hs.village_code, m.home, hs.location,
                       ST_Distance(ST_Transform(m.home, 4545), ST_Transform(hs.location, 4545)) AS dist
                FROM lk JOIN hs ON hs.id = lk.household_id JOIN party_members m ON m.id = lk.member_id
                WHERE NOT ST_DWithin(m.home, hs.location, @safe_degrees)) x
            WHERE dist > @max_meters),
        ld AS (SELECT member_id, count(*)::int AS n FROM lk GROUP BY member_id),
        -- A declaration in the month counts even for a household ended since (the work was done).
        dm AS (SELECT DISTINCT d.member_id FROM declarations d JOIN households hd ON hd.id = d.household_id JOIN v ON v.code = hd.village_code
               WHERE d.month = @month),
        mem AS (
            SELECT m.id, m.village_code, coalesce(ld.n, 0) AS linked,
                   {{CapacitySql.Effective("m")}} AS cap,
                   dm.member_id IS NOT NULL AS declared, hc.id AS cell_id
            FROM party_members m JOIN v ON v.code = m.village_code
                 LEFT JOIN ld ON ld.member_id = m.id
                 LEFT JOIN dm ON dm.member_id = m.id
                 LEFT JOIN LATERAL (SELECT c.id FROM grid_cells c
                                    WHERE c.village_code = m.village_code AND ST_Covers(c.geometry, m.home)
                                    ORDER BY c.id LIMIT 1) hc ON true
            WHERE m.status NOT IN ('left', 'deceased') OR ld.n > 0),
        cells AS (
            SELECT c.id, c.village_code, c.name, c.leader_member_id IS NOT NULL AS has_leader
            FROM grid_cells c JOIN v ON v.code = c.village_code),
        unc AS (
            SELECT v.code, coalesce(ST_Difference(v.boundary, u.g), v.boundary) AS g
            FROM v LEFT JOIN LATERAL (SELECT ST_Union(c.geometry) AS g FROM grid_cells c WHERE c.village_code = v.code) u ON true),
        hc AS (
            SELECT cell_id, count(*)::int AS households, count(*) FILTER (WHERE linked)::int AS linked,
                   count(*) FILTER (WHERE contacted)::int AS contacted, count(*) FILTER (WHERE stale)::int AS stale
            FROM hs WHERE cell_id IS NOT NULL GROUP BY cell_id),
        fc AS (SELECT cell_id, count(*)::int AS n FROM far WHERE cell_id IS NOT NULL GROUP BY cell_id),
        mc AS (
            SELECT cell_id, count(*) FILTER (WHERE {{CapacitySql.IsOver("linked", "cap")}})::int AS overloaded,
                   count(*) FILTER (WHERE linked > 0 AND NOT declared)::int AS without_declaration
            FROM mem WHERE cell_id IS NOT NULL GROUP BY cell_id),
        cf AS (
            SELECT c.village_code, jsonb_agg(jsonb_build_object(
                       'cellId', c.id, 'name', c.name, 'hasLeader', c.has_leader,
                       'households', coalesce(hc.households, 0), 'linked', coalesce(hc.linked, 0),
                       'contacted', coalesce(hc.contacted, 0), 'stale', coalesce(hc.stale, 0), 'far', coalesce(fc.n, 0),
                       'overloaded', coalesce(mc.overloaded, 0), 'withoutDeclaration', coalesce(mc.without_declaration, 0))
                       ORDER BY c.id) AS items,
                   jsonb_agg(c.id ORDER BY c.id) FILTER (WHERE NOT c.has_leader) AS no_leader,
                   count(*) FILTER (WHERE NOT c.has_leader)::int AS no_leader_n
            FROM cells c LEFT JOIN hc ON hc.cell_id = c.id LEFT JOIN fc ON fc.cell_id = c.id LEFT JOIN mc ON mc.cell_id = c.id
            GROUP BY c.village_code),
        vf AS (
            SELECT village_code, count(*)::int AS households, count(*) FILTER (WHERE linked)::int AS linked,
                   count(*) FILTER (WHERE contacted)::int AS contacted, count(*) FILTER (WHERE stale)::int AS stale,
                   count(*) FILTER (WHERE cell_id IS NULL)::int AS outside,
                   jsonb_agg(jsonb_build_object('householdId', id, 'x', ST_X(location), 'y', ST_Y(location)) ORDER BY id)
                       FILTER (WHERE cell_id IS NULL) AS outside_items,
                   jsonb_agg(jsonb_build_object('householdId', id, 'cellId', cell_id, 'povertyStatus', poverty, 'lastContact', last,
                                                'x', ST_X(location), 'y', ST_Y(location)) ORDER BY id)
                       FILTER (WHERE stale) AS stale_items
            FROM hs GROUP BY village_code),
        ff AS (
            SELECT village_code, count(*)::int AS n,
                   jsonb_agg(jsonb_build_object('linkId', link_id, 'memberId', member_id, 'householdId', household_id, 'cellId', cell_id,
                                                'distanceMeters', round(dist::numeric, 1), 'memberX', ST_X(home), 'memberY', ST_Y(home),
                                                'houseX', ST_X(location), 'houseY', ST_Y(location)) ORDER BY dist DESC, link_id) AS items
            FROM far GROUP BY village_code),
        mf AS (
            SELECT village_code, count(*) FILTER (WHERE {{CapacitySql.IsOver("linked", "cap")}})::int AS overloaded,
                   count(*) FILTER (WHERE linked > 0 AND NOT declared)::int AS without_declaration,
                   jsonb_agg(jsonb_build_object('memberId', id, 'cellId', cell_id, 'linked', linked, 'capacity', cap) ORDER BY id)
                       FILTER (WHERE {{CapacitySql.IsOver("linked", "cap")}}) AS overloaded_items,
                   jsonb_agg(jsonb_build_object('memberId', id, 'cellId', cell_id, 'linked', linked) ORDER BY id)
                       FILTER (WHERE linked > 0 AND NOT declared) AS without_items
            FROM mem GROUP BY village_code)
        SELECT v.code, v.epoch, unc.g AS uncovered, coalesce(ST_Area(ST_Transform(unc.g, 4545)), 0) AS uncovered_m2,
               coalesce(vf.households, 0), coalesce(vf.linked, 0), coalesce(vf.contacted, 0), coalesce(vf.stale, 0), coalesce(vf.outside, 0),
               coalesce(cf.no_leader_n, 0), coalesce(ff.n, 0), coalesce(mf.overloaded, 0), coalesce(mf.without_declaration, 0),
               coalesce(cf.items, '[]'), coalesce(cf.no_leader, '[]'), coalesce(vf.outside_items, '[]'), coalesce(vf.stale_items, '[]'),
               coalesce(ff.items, '[]'), coalesce(mf.overloaded_items, '[]'), coalesce(mf.without_items, '[]')
        FROM v JOIN unc ON unc.code = v.code
               LEFT JOIN vf ON vf.village_code = v.code LEFT JOIN cf ON cf.village_code = v.code
               LEFT JOIN ff ON ff.village_code = v.code LEFT JOIN mf ON mf.village_code = v.code
        ORDER BY v.code
        """;
}
