using GridGov.Domain.Access;
using GridGov.Testing;
using Npgsql;

namespace GridGov.Api.Tests;

/// <summary>
/// Additions to <see cref="TestCounty"/> for coverage, the monthly cycle and check-ins. Only new
/// rows: village A2 gets member 5 (capacity 1) and households 7, 8; h5's link ends mid-February
/// 2026. January 2026 declarations in A1: h1 contacted (approved), h2 returned (not contact);
/// h3 (monitored) was last contacted in November 2025. Cadre 1 is A1's first secretary.
/// </summary>
public static class TestCountyMonthly
{
    public const string Sql = """
        INSERT INTO households (id, village_code, location, head_name, size, poverty_status, source) VALUES
          (7, '520625101002', ST_GeomFromText('POINT(108.351 27.951)', 4326), '张七', 3, 'poor', 'synthetic'),
          (8, '520625101002', ST_GeomFromText('POINT(108.352 27.952)', 4326), '张八', 2, 'none', 'synthetic');
        INSERT INTO people (id, name, gender, birth_year, household_id, source) VALUES
          (5, '张党员', 'male', 1968, 5, 'synthetic'), (6, '驻村第一书记', 'female', 1988, NULL, 'synthetic');
        INSERT INTO party_members (id, person_id, branch_id, village_code, home, status, capacity) VALUES
          (5, 5, 2, '520625101002', ST_GeomFromText('POINT(108.3505 27.9505)', 4326), 'active', 1);
        INSERT INTO links (id, member_id, household_id, valid_from, valid_to, basis, locked, distance_meters, created_by, ended_by, end_reason) VALUES
          (10, 5, 5, '2026-01-01T00:00:00+08', '2026-02-15T10:00:00+08', 'proximity', false, 70, 'sample', 'sample', '调整'),
          (11, 5, 7, '2026-01-01T00:00:00+08', NULL, 'proximity', false, 70, 'sample', NULL, NULL);
        INSERT INTO declarations (id, member_id, household_id, month, work_date, category, text, status, created_at, updated_at) VALUES
          (1, 1, 1, '2026-01-01', '2026-01-10', 'education', '宣讲', 'approved', '2026-01-10', '2026-01-25'),
          (2, 1, 2, '2026-01-01', '2026-01-12', 'policy', '政策宣传', 'returned', '2026-01-12', '2026-01-25'),
          (3, 2, 3, '2025-11-01', '2025-11-20', 'visit', '走访', 'approved', '2025-11-20', '2025-11-25');
        SELECT setval(pg_get_serial_sequence('declarations', 'id'), 100);
        SELECT setval(pg_get_serial_sequence('party_members', 'id'), 100);
        SELECT setval(pg_get_serial_sequence('people', 'id'), 100);
        INSERT INTO cadres (id, person_id, kind, village_code, assigned_from) VALUES (1, 6, 'first_secretary', '520625101001', '2025-01-01');
        SELECT setval(pg_get_serial_sequence('cadres', 'id'), 100);
        """;

    private static readonly string Hash = PasswordHasher.Hash(ApiClient.Password, iterations: 1000);

    /// <summary>The hand-made county plus these rows and a cadre account "cadre-a1".</summary>
    public static async Task<string> CreateAsync(PostgisFixture pg)
    {
        var cs = await TestCounty.CreateAsync(pg);
        await ExecAsync(cs, Sql);
        await ExecAsync(cs, $"""
            INSERT INTO users (username, display_name, password_hash, role, area_code, cadre_id, disabled, is_sample, created_at)
            VALUES ('cadre-a1', '第一书记', '{Hash}', 'cadre', '{TestCounty.A1}', 1, false, false, now())
            """);
        return cs;
    }

    public static async Task ExecAsync(string cs, string sql)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    public static async Task<T> ScalarAsync<T>(string cs, string sql)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (T)Convert.ChangeType((await cmd.ExecuteScalarAsync())!, typeof(T));
    }
}

/// <summary>One seeded database and server per test class, with the monthly additions.</summary>
public sealed class MonthlyCountyFixture : IAsyncLifetime
{
    private readonly PostgisFixture _pg = new();
    public string ConnectionString { get; private set; } = "";
    public ApiFactory Factory { get; private set; } = null!;
    public PostgisFixture Postgis => _pg;

    public async Task InitializeAsync()
    {
        await _pg.InitializeAsync();
        ConnectionString = await TestCountyMonthly.CreateAsync(_pg);
        Factory = new ApiFactory(ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await _pg.DisposeAsync();
    }
}
