using GridGov.Testing;
using Npgsql;

namespace GridGov.Persistence.Tests;

/// <summary>The schema itself makes bad rows impossible, whatever code writes them.</summary>
public class ConstraintTests(PostgisFixture pg) : IAsyncLifetime, IClassFixture<PostgisFixture>
{
    private string _cs = "";

    public async Task InitializeAsync()
    {
        _cs = await pg.CreateDatabaseAsync("constraints");
        await Exec("""
            INSERT INTO areas (code, level, name, parent_code, boundary_source, is_deep_poverty)
            VALUES ('520625000000', 'county', '印江县', NULL, 'real', false),
                   ('520625101000', 'township', '板溪镇', '520625000000', 'synthetic', false),
                   ('520625101001', 'village', '测试村', '520625101000', 'synthetic', false);
            INSERT INTO party_branches (id, village_code, name, source) VALUES (1, '520625101001', '测试村党支部', 'synthetic');
            INSERT INTO households (id, village_code, location, head_name, size, poverty_status, source)
            VALUES (1, '520625101001', ST_GeomFromText('POINT(108.4 28.0)', 4326), '田某', 3, 'none', 'synthetic');
            INSERT INTO people (id, name, gender, source) VALUES (1, '杨某', 'male', 'synthetic'), (2, '冉某', 'female', 'synthetic');
            INSERT INTO party_members (id, person_id, branch_id, village_code, home, status)
            VALUES (1, 1, 1, '520625101001', ST_GeomFromText('POINT(108.401 28.0)', 4326), 'active'),
                   (2, 2, 1, '520625101001', ST_GeomFromText('POINT(108.402 28.0)', 4326), 'active');
            """);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task Exec(string sql)
    {
        await using var conn = new NpgsqlConnection(_cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    private async Task<PostgresException> Rejects(string sql)
    {
        var e = await Assert.ThrowsAsync<PostgresException>(() => Exec(sql));
        return e;
    }

    private const string Link = "INSERT INTO links (member_id, household_id, valid_from, valid_to, basis, locked, ended_by) VALUES ";

    [Fact]
    public async Task A_link_must_end_after_it_starts()
    {
        var e = await Rejects(Link + "(1, 1, '2026-05-01', '2026-04-01', 'proximity', false, 'sec')");
        Assert.Equal("ck_links_period", e.ConstraintName);
    }

    [Fact]
    public async Task A_household_has_at_most_one_current_link()
    {
        await Exec(Link + "(1, 1, '2026-01-01', NULL, 'proximity', false, NULL)");
        var e = await Rejects(Link + "(2, 1, '2026-06-01', NULL, 'blood', false, NULL)");
        Assert.True(e.ConstraintName is "ux_links_current_household" or "ex_links_household_period", e.ConstraintName);
    }

    [Fact]
    public async Task Link_periods_of_one_household_never_overlap()
    {
        await Exec(Link + "(1, 1, '2025-01-01', '2025-06-01', 'proximity', false, 'sec')");
        var e = await Rejects(Link + "(2, 1, '2025-03-01', '2025-09-01', 'blood', false, 'sec')");
        Assert.Equal("ex_links_household_period", e.ConstraintName);
        // Back to back is fine: history, not overlap.
        await Exec(Link + "(2, 1, '2025-06-01', '2025-09-01', 'blood', false, 'sec')");
    }

    [Fact]
    public async Task An_ended_link_records_who_ended_it()
    {
        var e = await Rejects(Link + "(1, 1, '2025-01-01', '2025-02-01', 'proximity', false, NULL)");
        Assert.Equal("ck_links_ended_by", e.ConstraintName);
    }

    [Fact]
    public async Task A_self_intersecting_cell_is_rejected()
    {
        var e = await Rejects("""
            INSERT INTO grid_cells (village_code, branch_id, name, geometry, version, created_at, updated_at, source)
            VALUES ('520625101001', 1, '一格', ST_GeomFromText('POLYGON((108.40 28.00, 108.41 28.01, 108.41 28.00, 108.40 28.01, 108.40 28.00))', 4326),
                    1, now(), now(), 'entered')
            """);
        Assert.Equal("ck_grid_cells_geometry_valid", e.ConstraintName);
    }

    [Fact]
    public async Task A_cell_in_another_srid_is_rejected()
    {
        var e = await Rejects("""
            INSERT INTO grid_cells (village_code, branch_id, name, geometry, version, created_at, updated_at, source)
            VALUES ('520625101001', 1, '一格', ST_GeomFromText('POLYGON((539000 3098000, 540000 3098000, 540000 3099000, 539000 3098000))', 4545),
                    1, now(), now(), 'entered')
            """);
        Assert.Equal("22023", e.SqlState); // invalid_parameter_value: SRID mismatch with the column type
    }

    [Theory]
    [InlineData("INSERT INTO areas (code, level, name, parent_code, boundary_source, is_deep_poverty) VALUES ('52062510100', 'village', 'x', '520625101000', 'real', false)", "ck_areas_code")]
    [InlineData("INSERT INTO areas (code, level, name, parent_code, boundary_source, is_deep_poverty) VALUES ('520625101099', 'hamlet', 'x', '520625101000', 'real', false)", "ck_areas_level")]
    [InlineData("INSERT INTO areas (code, level, name, parent_code, boundary_source, is_deep_poverty) VALUES ('520625101099', 'village', 'x', NULL, 'real', false)", "ck_areas_parent")]
    [InlineData("UPDATE households SET poverty_status = 'rich'", "ck_households_poverty_status")]
    [InlineData("UPDATE households SET id_number = '52062519900101123'", "ck_households_id_number")]
    [InlineData("UPDATE party_members SET capacity = -1", "ck_party_members_capacity")]
    [InlineData("INSERT INTO ties (member_id, household_id, kind, origin, created_at) VALUES (1, 1, 'rival', 'declared', now())", "ck_ties_kind")]
    [InlineData("INSERT INTO declarations (member_id, household_id, month, work_date, category, text, status, created_at, updated_at) VALUES (1, 1, '2026-05-02', '2026-05-02', 'policy', 'x', 'submitted', now(), now())", "ck_declarations_month")]
    [InlineData("INSERT INTO declarations (member_id, household_id, month, work_date, category, text, status, created_at, updated_at) VALUES (1, 1, '2026-05-01', '2026-06-02', 'policy', 'x', 'submitted', now(), now())", "ck_declarations_work_date")]
    [InlineData("INSERT INTO api_keys (name, prefix, secret_hash, scopes, area_code, created_at) VALUES ('k', 'gg_x', 'h', ARRAY['admin'], '520625000000', now())", "ck_api_keys_scopes")]
    public async Task Bad_rows_are_impossible(string sql, string constraint)
    {
        var e = await Rejects(sql);
        Assert.Equal(constraint, e.ConstraintName);
    }

    [Fact]
    public async Task A_link_to_a_missing_household_is_rejected()
    {
        var e = await Rejects(Link + "(1, 999, '2026-01-01', NULL, 'proximity', false, NULL)");
        Assert.Equal("23503", e.SqlState);
    }
}
