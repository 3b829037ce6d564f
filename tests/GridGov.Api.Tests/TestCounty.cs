using GridGov.Domain.Access;
using GridGov.Testing;
using Npgsql;

namespace GridGov.Api.Tests;

/// <summary>
/// A tiny hand-made county with known answers (geometries as WKT, storage SRID 4326):
/// township A (villages A1, A2) and township B (village B1). A1 has two cells covering its west
/// half and north-east quarter; its south-east quarter is in no cell.
/// </summary>
public static class TestCounty
{
    public const string County = "520625000000", TownA = "520625101000", TownB = "520625102000";
    public const string A1 = "520625101001", A2 = "520625101002", B1 = "520625102001";
    public const string H1Id = "520625198001011234", H1Phone = "13812345678";

    public const string Sql = """
        INSERT INTO areas (code, level, name, parent_code, boundary_source, is_deep_poverty, boundary) VALUES
          ('520625000000', 'county', '印江土家族苗族自治县', NULL, 'real', false, ST_GeomFromText('MULTIPOLYGON(((108.30 27.90, 108.50 27.90, 108.50 28.10, 108.30 28.10, 108.30 27.90)))', 4326)),
          ('520625101000', 'township', '甲镇', '520625000000', 'synthetic', false, ST_GeomFromText('MULTIPOLYGON(((108.30 27.90, 108.40 27.90, 108.40 28.10, 108.30 28.10, 108.30 27.90)))', 4326)),
          ('520625102000', 'township', '乙镇', '520625000000', 'synthetic', false, ST_GeomFromText('MULTIPOLYGON(((108.40 27.90, 108.50 27.90, 108.50 28.10, 108.40 28.10, 108.40 27.90)))', 4326)),
          ('520625101001', 'village', '甲一村', '520625101000', 'synthetic', false, ST_GeomFromText('MULTIPOLYGON(((108.30 28.00, 108.40 28.00, 108.40 28.10, 108.30 28.10, 108.30 28.00)))', 4326)),
          ('520625101002', 'village', '甲二村', '520625101000', 'synthetic', true, ST_GeomFromText('MULTIPOLYGON(((108.30 27.90, 108.40 27.90, 108.40 28.00, 108.30 28.00, 108.30 27.90)))', 4326)),
          ('520625102001', 'village', '乙一村', '520625102000', 'synthetic', false, ST_GeomFromText('MULTIPOLYGON(((108.40 27.90, 108.50 27.90, 108.50 28.10, 108.40 28.10, 108.40 27.90)))', 4326));
        INSERT INTO party_branches (id, village_code, name, source) VALUES
          (1, '520625101001', '甲一村党支部', 'synthetic'), (2, '520625101002', '甲二村党支部', 'synthetic'), (3, '520625102001', '乙一村党支部', 'synthetic');
        INSERT INTO households (id, village_code, location, head_name, size, poverty_status, id_number, phone, source) VALUES
          (1, '520625101001', ST_GeomFromText('POINT(108.31 28.01)', 4326), '田大明', 4, 'poor', '520625198001011234', '13812345678', 'synthetic'),
          (2, '520625101001', ST_GeomFromText('POINT(108.32 28.02)', 4326), '田二妹', 2, 'none', '52062519900202222X', '13900001111', 'synthetic'),
          (3, '520625101001', ST_GeomFromText('POINT(108.36 28.06)', 4326), '杨三', 3, 'monitored', NULL, NULL, 'synthetic'),
          (4, '520625101001', ST_GeomFromText('POINT(108.37 28.02)', 4326), '冉四', 5, 'lifted_out', NULL, '13700002222', 'synthetic'),
          (5, '520625101002', ST_GeomFromText('POINT(108.35 27.95)', 4326), '张五', 1, 'none', NULL, NULL, 'synthetic'),
          (6, '520625102001', ST_GeomFromText('POINT(108.45 28.00)', 4326), '吴六', 6, 'none', NULL, NULL, 'synthetic');
        -- Members 1 and 2 look after households 1 and 3 next door; their own houses are not in the data
        -- (a member never looks after the household they live in: docs/linking.md).
        INSERT INTO people (id, name, gender, birth_year, phone, household_id, source) VALUES
          (1, '田建国', 'male', 1970, '13600003333', NULL, 'synthetic'), (2, '杨秀英', 'female', 1980, NULL, NULL, 'synthetic'),
          (3, '冉红', 'female', 1990, NULL, 4, 'synthetic'), (4, '吴军', 'male', 1975, NULL, 6, 'synthetic');
        INSERT INTO party_members (id, person_id, branch_id, village_code, home, status, capacity) VALUES
          (1, 1, 1, '520625101001', ST_GeomFromText('POINT(108.311 28.011)', 4326), 'active', NULL),
          (2, 2, 1, '520625101001', ST_GeomFromText('POINT(108.361 28.061)', 4326), 'active', 2),
          (3, 3, 1, '520625101001', ST_GeomFromText('POINT(108.371 28.021)', 4326), 'migrant', NULL),
          (4, 4, 3, '520625102001', ST_GeomFromText('POINT(108.451 28.001)', 4326), 'active', NULL);
        UPDATE party_branches SET secretary_member_id = 1 WHERE id = 1;
        INSERT INTO grid_cells (id, village_code, branch_id, name, geometry, leader_member_id, version, created_at, updated_at, source) VALUES
          (1, '520625101001', 1, '一组网格', ST_GeomFromText('POLYGON((108.30 28.00, 108.35 28.00, 108.35 28.10, 108.30 28.10, 108.30 28.00))', 4326), 1, 1, '2026-01-01', '2026-01-01', 'synthetic'),
          (2, '520625101001', 1, '二组网格', ST_GeomFromText('POLYGON((108.35 28.05, 108.40 28.05, 108.40 28.10, 108.35 28.10, 108.35 28.05))', 4326), 2, 1, '2026-01-01', '2026-01-01', 'synthetic');
        UPDATE households SET cell_id = 1 WHERE id IN (1, 2);
        UPDATE households SET cell_id = 2 WHERE id = 3;
        INSERT INTO links (id, member_id, household_id, valid_from, valid_to, basis, locked, distance_meters, explanation, created_by, ended_by, end_reason) VALUES
          (1, 1, 3, '2025-01-01', '2025-06-01', 'proximity', false, 5000, NULL, 'sample', 'sample', '调整'),
          (2, 1, 1, '2025-01-01', NULL, 'blood', false, 150, '血缘: 堂兄 · 150 m', 'sample', NULL, NULL),
          (3, 1, 2, '2025-01-01', NULL, 'proximity', false, 1500, NULL, 'sample', NULL, NULL),
          (4, 2, 3, '2025-06-01', NULL, 'proximity', false, 140, NULL, 'sample', NULL, NULL);
        INSERT INTO ties (id, member_id, household_id, kind, origin, relation, created_at) VALUES
          (1, 1, 1, 'blood', 'declared', '堂兄', now()), (2, 2, 4, 'social', 'inferred', '邻居', now());
        SELECT setval(pg_get_serial_sequence('links', 'id'), 100);
        SELECT setval(pg_get_serial_sequence('ties', 'id'), 100);
        SELECT setval(pg_get_serial_sequence('grid_cells', 'id'), 100);
        SELECT setval(pg_get_serial_sequence('households', 'id'), 100);
        SELECT setval(pg_get_serial_sequence('people', 'id'), 100);
        SELECT setval(pg_get_serial_sequence('party_members', 'id'), 100);
        """;

    /// <summary>A fresh copy of the county (seeded once per run and code version, see PostgisFixture).</summary>
    public static Task<string> CreateAsync(PostgisFixture pg) => pg.CreateSeededDatabaseAsync("api", "test-county", SeedAsync);

    private static async Task SeedAsync(string cs)
    {
        await using (var conn = new NpgsqlConnection(cs))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand(Sql, conn);
            await cmd.ExecuteNonQueryAsync();
        }
        await ApiClient.AddUserAsync(cs, "county", Role.CountyLeader, County);
        await ApiClient.AddUserAsync(cs, "town-a", Role.TownshipLeader, TownA);
        await ApiClient.AddUserAsync(cs, "sec-a1", Role.BranchSecretary, A1, memberId: 1);
        await ApiClient.AddUserAsync(cs, "sec-b1", Role.BranchSecretary, B1, memberId: 4);
        await ApiClient.AddUserAsync(cs, "member-2", Role.PartyMember, A1, memberId: 2);
    }
}

/// <summary>One seeded database and one server per test class; tests that write use their own.</summary>
public sealed class TestCountyFixture : IAsyncLifetime
{
    private readonly PostgisFixture _pg = new();
    public string ConnectionString { get; private set; } = "";
    public ApiFactory Factory { get; private set; } = null!;
    public PostgisFixture Postgis => _pg;

    public async Task InitializeAsync()
    {
        await _pg.InitializeAsync();
        ConnectionString = await TestCounty.CreateAsync(_pg);
        Factory = new ApiFactory(ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await _pg.DisposeAsync();
    }
}
