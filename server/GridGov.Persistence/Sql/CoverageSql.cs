namespace GridGov.Persistence.Sql;

/// <summary>
/// The coverage of a set of villages for one month, in one set-based statement (linear in the
/// rows: every figure is a GROUP BY, never a per-village subquery), so the same SQL serves one
/// village after an edit and the whole county on a cold cache. Thresholds come in as parameters
/// from <see cref="GridGov.Domain.Coverage.CoverageRules"/>.
/// </summary>
internal static class CoverageSql
{
    public static readonly string Compute = $$"""
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
        -- A member's cell: the lowest id of its village's cells covering its home. One join for all members, not an
        -- index probe, sort and limit per member (a fifth of the statement's CPU on the sample county).
        mcell AS (
            SELECT m.id AS member_id, min(c.id) AS cell_id
            FROM party_members m JOIN v ON v.code = m.village_code
                 JOIN grid_cells c ON c.village_code = m.village_code AND c.geometry && m.home AND ST_Covers(c.geometry, m.home)
            GROUP BY m.id),
        mem AS (
            SELECT m.id, m.village_code, coalesce(ld.n, 0) AS linked,
                   {{CapacitySql.Effective("m")}} AS cap,
                   dm.member_id IS NOT NULL AS declared, mcell.cell_id
            FROM party_members m JOIN v ON v.code = m.village_code
                 LEFT JOIN ld ON ld.member_id = m.id
                 LEFT JOIN dm ON dm.member_id = m.id
                 LEFT JOIN mcell ON mcell.member_id = m.id
            WHERE m.status NOT IN ('left', 'deceased') OR ld.n > 0),
        cells AS (
            SELECT c.id, c.village_code, c.name, c.leader_member_id IS NOT NULL AS has_leader
            FROM grid_cells c JOIN v ON v.code = c.village_code),
        unc AS (
            SELECT v.code, coalesce(ST_Difference(v.boundary, u.g), v.boundary) AS g
            FROM v LEFT JOIN LATERAL (SELECT ST_Union(c.geometry) AS g FROM grid_cells c WHERE c.village_code = v.code) u ON true),
        -- Per-cell figures by one grouping of the cells and the rows that fall in them, not by joining the cells to three
        -- aggregates: the planner cannot know how many cells an aggregate of a CTE yields (it assumes 200) and looped
        -- cells × cells (4 million comparisons for the county).
        cr AS (
            SELECT c.id AS cell_id, c.village_code, c.name, c.has_leader, 0 AS households, 0 AS linked, 0 AS contacted, 0 AS stale,
                   0 AS far, 0 AS overloaded, 0 AS without_declaration
            FROM cells c
            UNION ALL
            SELECT cell_id, NULL, NULL, NULL, 1, linked::int, contacted::int, stale::int, 0, 0, 0 FROM hs WHERE cell_id IS NOT NULL
            UNION ALL
            SELECT cell_id, NULL, NULL, NULL, 0, 0, 0, 0, 1, 0, 0 FROM far WHERE cell_id IS NOT NULL
            UNION ALL
            SELECT cell_id, NULL, NULL, NULL, 0, 0, 0, 0, 0, ({{CapacitySql.IsOver("linked", "cap")}})::int, (linked > 0 AND NOT declared)::int
            FROM mem WHERE cell_id IS NOT NULL),
        cg AS (
            SELECT cell_id AS id, max(village_code) AS village_code, max(name) AS name, bool_or(has_leader) AS has_leader,
                   sum(households)::int AS households, sum(linked)::int AS linked, sum(contacted)::int AS contacted,
                   sum(stale)::int AS stale, sum(far)::int AS far, sum(overloaded)::int AS overloaded,
                   sum(without_declaration)::int AS without_declaration
            FROM cr GROUP BY cell_id
            HAVING count(village_code) > 0),
        cf AS (
            SELECT c.village_code, jsonb_agg(jsonb_build_object(
                       'cellId', c.id, 'name', c.name, 'hasLeader', c.has_leader,
                       'households', c.households, 'linked', c.linked, 'contacted', c.contacted, 'stale', c.stale, 'far', c.far,
                       'overloaded', c.overloaded, 'withoutDeclaration', c.without_declaration)
                       ORDER BY c.id) AS items,
                   jsonb_agg(c.id ORDER BY c.id) FILTER (WHERE NOT c.has_leader) AS no_leader,
                   count(*) FILTER (WHERE NOT c.has_leader)::int AS no_leader_n
            FROM cg c
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

    /// <summary>Cached rows still valid: same epoch and rules, and final (month over) or fresh enough.</summary>
    public const string ReadCache = """
        SELECT c.village_code, c.figures
        FROM coverage_cache c LEFT JOIN coverage_epochs e ON e.village_code = c.village_code
        WHERE c.village_code = ANY(@villages) AND c.month = @month AND c.epoch = coalesce(e.epoch, 0)
          AND c.rules_key = @rules_key AND (c.as_of = @month_end OR c.computed_at > now() - @ttl)
        """;

    public const string WriteCache = """
        INSERT INTO coverage_cache (village_code, month, epoch, rules_key, as_of, computed_at, figures, uncovered)
        SELECT * FROM unnest(@codes::text[], @months::date[], @epochs::bigint[], @rules::text[], @as_ofs::timestamptz[],
                             @computed::timestamptz[], @figures::jsonb[], @uncovered::geometry[])
        ON CONFLICT (village_code, month) DO UPDATE SET epoch = EXCLUDED.epoch, rules_key = EXCLUDED.rules_key,
            as_of = EXCLUDED.as_of, computed_at = EXCLUDED.computed_at, figures = EXCLUDED.figures, uncovered = EXCLUDED.uncovered
        """;

    public const string ReadUncovered = """
        SELECT village_code, uncovered FROM coverage_cache WHERE village_code = ANY(@villages) AND month = @month AND uncovered IS NOT NULL
        """;

    public const string MaxDistance = """
        SELECT coalesce((settings_json->>'maxDistanceMeters')::float8, (settings_json->>'MaxDistanceMeters')::float8)
        FROM link_settings WHERE area_code = @county
        """;
}
