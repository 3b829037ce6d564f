using Npgsql;
using NpgsqlTypes;

namespace GridGov.Persistence.Sql;

/// <summary>
/// Mapbox vector tiles straight from PostGIS (ST_AsMVT), one layer per request. Attributes are
/// what a map styles by — never names of people, ID numbers or phones. Every query takes the
/// caller's area (<see cref="TileArea"/>) and, for a party member, their member id.
/// </summary>
public static class TileSql
{
    public static readonly IReadOnlyDictionary<string, int> MinZoom = new Dictionary<string, int>
    {
        ["villages"] = 0, ["cells"] = 8, ["gaps"] = 0,
        // Houses only once a tile holds a few villages: a county-wide point tile helps nobody.
        ["households"] = 12,
        // Unlinked houses are few (a gap layer): county-wide from zoom 8.
        ["unlinked"] = 8,
    };

    public const int MaxZoom = 22;

    private const string Bounds = """
        WITH b AS (SELECT ST_TileEnvelope(@z, @x, @y) AS env3857, ST_Transform(ST_TileEnvelope(@z, @x, @y), 4326) AS env)
        """;

    /// <summary>
    /// Each layer's SQL. Features are aggregated in key order: the MVT value table is built in reading order, so
    /// without it the same data read by another plan is other bytes (another ETag, another length).
    /// </summary>
    public static string For(string layer) =>
        Built.Statements.TryGetValue(layer, out var sql) ? sql.Tile : throw new ArgumentOutOfRangeException(nameof(layer), layer, "unknown layer");

    /// <summary>
    /// Each layer's two statements, built once (not on every request); a class of their own so that they are built after every
    /// static text of TileSql they interpolate.
    /// </summary>
    private static class Built
    {
        public static readonly Dictionary<string, (string Tile, string? Fresh)> Statements = MinZoom.Keys.ToDictionary(l => l, l =>
            (Build(l), ReadsCoverage(l) ? BuildFresh(l) : null));
    }

    private static string Build(string layer) => layer switch
    {
        "villages" => Bounds + $$"""
            , f AS (
                SELECT {{VillageColumns}}
                FROM {{VillageFrom}}
                WHERE {{VillageWhere}})
            SELECT ST_AsMVT(f.*, 'villages', 4096, 'geom' ORDER BY f.code) FROM f WHERE geom IS NOT NULL
            """,
        "cells" => Bounds + $$"""
            , f AS (
                SELECT ST_AsMVTGeom(ST_Transform(g.geometry, 3857), b.env3857, 4096, 64, true) AS geom,
                       g.id, g.name, g.village_code, g.leader_member_id IS NOT NULL AS has_leader,
                       hc.households, hc.linked,
                       CASE WHEN hc.households = 0 THEN 1.0 ELSE hc.linked::float8 / hc.households END AS linked_share
                FROM grid_cells g CROSS JOIN b
                     CROSS JOIN LATERAL (SELECT count(*)::int AS households, count(l.id)::int AS linked
                                         FROM households h LEFT JOIN links l ON l.household_id = h.id AND {{LinkedAsOf}}
                                         WHERE h.cell_id = g.id AND {{ActiveAsOf}}) hc
                WHERE {{InArea("g.village_code")}} AND g.geometry && b.env
                  AND (@member::bigint IS NULL OR g.leader_member_id = @member
                       OR EXISTS (SELECT 1 FROM party_members m WHERE m.id = @member AND ST_Covers(g.geometry, m.home))))
            SELECT ST_AsMVT(f.*, 'cells', 4096, 'geom' ORDER BY f.id) FROM f WHERE geom IS NOT NULL
            """,
        "households" => Households("households", ""),
        // NOT EXISTS, not the seek of HouseholdLinked: over a county-wide tile the planner can make it one anti-join.
        "unlinked" => Households("unlinked", $"AND NOT EXISTS (SELECT 1 FROM links l WHERE l.household_id = h.id AND {LinkedAsOf})"),
        "gaps" => Bounds + $$"""
            , f AS (
                SELECT ST_AsMVTGeom(ST_Transform(c.uncovered, 3857), b.env3857, 4096, 64, true) AS geom,
                       c.village_code, (c.figures->'figures'->>'uncoveredAreaM2')::float8 AS area_m2
                FROM coverage_cache c CROSS JOIN b
                WHERE c.month = @month AND {{InArea("c.village_code")}} AND c.uncovered && b.env)
            SELECT ST_AsMVT(f.*, 'gaps', 4096, 'geom' ORDER BY f.village_code) FROM f WHERE geom IS NOT NULL
            """,
        _ => throw new ArgumentOutOfRangeException(nameof(layer), layer, "unknown layer"),
    };

    /// <summary>
    /// The caller's area: under <c>@prefix</c> and, for a caller who serves a list of villages (a cadre: all its postings in
    /// force, which need not share a township), one of <c>@villages</c>. <c>TileAreaRuleTests</c> pins it to <c>Caller.Covers</c>.
    /// </summary>
    public static string InArea(string codeColumn) =>
        $"({AreaSql.Within(codeColumn, "@prefix")} AND (@villages::text[] IS NULL OR {codeColumn} = ANY(@villages)))";

    // The villages layer's rows, shared by its tile alone (For) and by its tile with the staleness check (Fresh), which must
    // give the same bytes.
    private const string VillageColumns = """
        ST_AsMVTGeom(ST_Transform(a.boundary, 3857), b.env3857, 4096, 64, true) AS geom,
                               a.code, a.name, a.is_deep_poverty AS deep_poverty,
                               (c.figures->'figures'->>'households')::int AS households,
                               (c.figures->'figures'->>'linkedShare')::float8 AS linked_share,
                               (c.figures->'figures'->>'contactedShare')::float8 AS contacted_share,
                               (c.figures->'figures'->>'uncoveredAreaM2')::float8 AS uncovered_m2
        """;

    private const string VillageNames = "geom, code, name, deep_poverty, households, linked_share, contacted_share, uncovered_m2";

    private const string VillageFrom = "areas a CROSS JOIN b LEFT JOIN coverage_cache c ON c.village_code = a.code AND c.month = @month";

    private static readonly string VillageWhere = $"a.level = 'village' AND {InArea("a.code")} AND a.boundary && b.env";

    /// <summary>A link counted for the month (@as_of: its end, or now for the running month), as the coverage figures count it.</summary>
    private static readonly string LinkedAsOf = LinkSql.InForceAt("l", "@as_of");

    /// <summary>
    /// The household (alias h) has a link in force at @as_of (<see cref="LinkedAsOf"/>). Periods never overlap
    /// (ex_links_household_period), so only the household's latest link begun by then can be: one backward seek in
    /// ix_links_household_id_valid_from. Written as a row comparison so that this index is the one used: for
    /// `household_id = h.id` the planner takes the exclusion constraint's GiST index, whose probe cost 19 µs a house in the
    /// densest z13 tile of 1.1 million households against 3 µs for the seek — most of that tile's time (docs/benchmarks.md).
    /// <c>TileLinkedTests</c> pins it to the plain EXISTS on the boundary instants.
    /// </summary>
    internal static readonly string HouseholdLinked = $"""
        coalesce((SELECT l.household_id = h.id AND {LinkedAsOf} FROM links l
                  WHERE (l.household_id, l.valid_from) <= (h.id, @as_of)
                  ORDER BY l.household_id DESC, l.valid_from DESC LIMIT 1), false)
        """;

    /// <summary>A household that exists at the month's as-of instant (an ended one is history): the domain's rule.</summary>
    private static readonly string ActiveAsOf = HouseholdSql.ActiveAt("h", "@as_of");

    /// <summary>
    /// From this tile zoom on every house is its own feature (with its id: clickable), however dense the tile. The viewer's
    /// 512-pixel tiles put tile zoom z at view zoom z + 1: every house from view zoom 16.
    /// </summary>
    public const int EveryHouseZoom = 15;

    /// <summary>
    /// Below <see cref="EveryHouseZoom"/>, a tile with more houses than this is thinned (about 33 bytes a house: 4,000 stay under
    /// 150 KB). Today's densest z13 tile holds ~2,900 houses, so the sample is thinned only in its densest z12 tiles.
    /// </summary>
    public const int MaxHouses = 4000;

    /// <summary>A thinned tile keeps one point per cell of this many tile units (of 4096; 8 pixels of a 512-pixel tile), so at most ~4,400 points.</summary>
    public const int ThinCell = 64;

    /// <summary>
    /// Houses (the `households` layer), or only those matching an extra condition (`unlinked`: no link that month). A tile denser
    /// than <see cref="MaxHouses"/> below <see cref="EveryHouseZoom"/> carries, per <see cref="ThinCell"/>, one point at the mean
    /// of its houses with n (how many), and linked / contacted true only if all of them are — a gap is never hidden; no id, so
    /// it is not a house to click.
    /// </summary>
    private static string Households(string layer, string filter) => Bounds + $$"""
            , f AS (
                SELECT ST_AsMVTGeom(ST_Transform(h.location, 3857), b.env3857, 4096, 64, true) AS geom,
                       h.id, h.village_code, h.poverty_status AS poverty, h.cell_id IS NOT NULL AS in_cell,
                       {{HouseholdLinked}} AS linked,
                       EXISTS (SELECT 1 FROM declarations d WHERE d.household_id = h.id AND d.month = @month
                                                              AND d.status IN ('submitted', 'approved')) AS contacted
                FROM households h CROSS JOIN b
                WHERE {{InArea("h.village_code")}} AND h.location && b.env AND {{ActiveAsOf}} {{filter}}
                  AND (@member::bigint IS NULL
                       OR EXISTS (SELECT 1 FROM links l WHERE l.household_id = h.id AND l.member_id = @member AND l.valid_to IS NULL)
                       OR EXISTS (SELECT 1 FROM grid_cells g WHERE g.id = h.cell_id AND g.leader_member_id = @member))),
            p AS MATERIALIZED (SELECT * FROM f WHERE geom IS NOT NULL),
            thin AS (SELECT @z < {{EveryHouseZoom}} AND count(*) > {{MaxHouses}} AS yes FROM p),
            o AS (
                SELECT geom, id, village_code, poverty, in_cell, linked, contacted, NULL::int AS n FROM p WHERE NOT (SELECT yes FROM thin)
                UNION ALL
                SELECT ST_MakePoint(round(avg(ST_X(geom))), round(avg(ST_Y(geom)))), NULL, NULL, NULL, NULL, bool_and(linked), bool_and(contacted),
                       count(*)::int
                FROM p WHERE (SELECT yes FROM thin)
                GROUP BY floor(ST_X(geom) / {{ThinCell}}), floor(ST_Y(geom) / {{ThinCell}}))
            SELECT ST_AsMVT(o.*, '{{layer}}', 4096, 'geom' ORDER BY o.id, ST_X(o.geom), ST_Y(o.geom), o.n) FROM o
            """;

    /// <summary>
    /// Villages in the tile whose coverage for the month is missing or stale (villages and gaps read the cache): an edit
    /// moved the village's epoch, or a running month's row is older than the TTL (a closed month's final row never ages).
    /// </summary>
    public static readonly string StaleVillages = $$"""
        SELECT a.code FROM areas a
             LEFT JOIN coverage_cache c ON c.village_code = a.code AND c.month = @month
             LEFT JOIN coverage_epochs e ON e.village_code = a.code
        WHERE a.level = 'village' AND {{InArea("a.code")}}
          AND a.boundary && ST_Transform(ST_TileEnvelope(@z, @x, @y), 4326)
          AND {{Stale}}
        """;

    /// <summary>The village's cache row (c) for the month is missing, or older than its epoch (e), or a running month's row past the TTL.</summary>
    private const string Stale = "(c.village_code IS NULL OR c.epoch <> coalesce(e.epoch, 0) OR (c.computed_at < now() - @ttl AND c.as_of <> @month_end))";

    /// <summary>Layers that read the coverage cache: their tile is served only once the staleness check finds nothing (<see cref="Fresh"/>).</summary>
    public static bool ReadsCoverage(string layer) => layer is "villages" or "gaps";

    /// <summary>
    /// The staleness check and the tile in one statement (one snapshot, one round trip): the stale villages' codes, and the
    /// tile only when there are none (else null, unread: the caller re-scores them and asks for the tile alone). The
    /// check costs an index probe per village of the tile, where a round trip of its own cost as much as the tile.
    /// </summary>
    public static string Fresh(string layer) =>
        Built.Statements.TryGetValue(layer, out var sql) && sql.Fresh is { } fresh ? fresh : throw new ArgumentOutOfRangeException(nameof(layer), layer, "not a coverage layer");

    /// <remarks>
    /// The villages layer reads exactly the villages the check reads (in the tile, inside the area, with the month's cache row):
    /// one scan gives both, each row with its stale flag, and the tile is aggregated from the same rows — the areas' boundaries
    /// and cache rows read once instead of twice (a z 11 tile of 71 villages: 4.6 → 3.3 ms in psql, the same bytes).
    /// </remarks>
    private static string BuildFresh(string layer) => layer == "villages"
        ? Bounds + $$"""
            , r AS MATERIALIZED (
                SELECT {{VillageColumns}},
                       {{Stale}} AS stale
                FROM {{VillageFrom}} LEFT JOIN coverage_epochs e ON e.village_code = a.code
                WHERE {{VillageWhere}})
            SELECT ARRAY(SELECT code::text FROM r WHERE stale ORDER BY 1),
                   CASE WHEN EXISTS (SELECT 1 FROM r WHERE stale) THEN NULL
                        ELSE (SELECT ST_AsMVT(f.*, 'villages', 4096, 'geom' ORDER BY f.code) FROM (SELECT {{VillageNames}} FROM r) f WHERE geom IS NOT NULL) END
            """
        : $"""
            WITH stale AS MATERIALIZED ({StaleVillages})
            SELECT ARRAY(SELECT code::text FROM stale ORDER BY 1),
                   CASE WHEN EXISTS (SELECT 1 FROM stale) THEN NULL ELSE ({Build(layer)}) END
            """;

    /// <param name="asOf">The instant links are read at: <c>CoverageRules.AsOf(month, now)</c> (UTC).</param>
    public static void Bind(NpgsqlCommand cmd, int z, int x, int y, TileArea area, long? memberId, DateOnly month, DateTimeOffset asOf)
    {
        cmd.Parameters.AddWithValue("as_of", asOf.ToUniversalTime());
        cmd.Parameters.AddWithValue("z", z);
        cmd.Parameters.AddWithValue("x", x);
        cmd.Parameters.AddWithValue("y", y);
        cmd.Parameters.AddWithValue("prefix", area.Prefix);
        cmd.Parameters.Add(new NpgsqlParameter("villages", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = (object?)area.Villages?.ToArray() ?? DBNull.Value });
        cmd.Parameters.AddWithValue("month", month);
        cmd.Parameters.Add(new NpgsqlParameter("member", NpgsqlDbType.Bigint) { Value = (object?)memberId ?? DBNull.Value });
    }
}

/// <summary>Whose tile: the code prefix of the caller's area and, for a caller who serves a list of villages (a cadre), that list.</summary>
public sealed record TileArea(string Prefix, IReadOnlyList<string>? Villages = null);

public sealed class TileStore(NpgsqlDataSource dataSource)
{
    public async Task<byte[]> TileAsync(string layer, int z, int x, int y, TileArea area, long? memberId, DateOnly month, DateTimeOffset asOf,
        CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(TileSql.For(layer));
        TileSql.Bind(cmd, z, x, y, area, memberId, month, asOf);
        return await cmd.ExecuteScalarAsync(ct) as byte[] ?? [];
    }

    /// <summary>
    /// A layer that reads the coverage cache (<see cref="TileSql.ReadsCoverage"/>): the tile if no village in it is stale,
    /// else the stale villages and no tile (<see cref="TileSql.Fresh"/>).
    /// </summary>
    public async Task<(string[] Stale, byte[]? Tile)> TileIfFreshAsync(string layer, int z, int x, int y, TileArea area, long? memberId,
        DateOnly month, DateTimeOffset asOf, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(TileSql.Fresh(layer));
        TileSql.Bind(cmd, z, x, y, area, memberId, month, asOf);
        cmd.Parameters.AddWithValue("ttl", CoverageStore.RunningMonthTtl);
        cmd.Parameters.AddWithValue("month_end", Domain.Coverage.CoverageRules.AsOf(month, DateTimeOffset.MaxValue).ToUniversalTime());
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        var stale = r.GetFieldValue<string[]>(0);
        return stale.Length > 0 ? (stale, null) : (stale, r.IsDBNull(1) ? [] : r.GetFieldValue<byte[]>(1));
    }
}
