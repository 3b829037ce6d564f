using GridGov.Testing;
using Npgsql;

namespace GridGov.Persistence.Tests;

/// <summary>结对帮扶 tables: the schema itself refuses bad pairings, settings and proposals, by constraint name.</summary>
public class PairingConstraintTests(PostgisFixture pg) : IAsyncLifetime, IClassFixture<PostgisFixture>
{
    private string _cs = "";

    public async Task InitializeAsync()
    {
        _cs = await pg.CreateDatabaseAsync("pairing-constraints");
        await Exec("""
            INSERT INTO areas (code, level, name, parent_code, boundary_source, is_deep_poverty)
            VALUES ('520625000000', 'county', '印江县', NULL, 'real', false),
                   ('520625101000', 'township', '板溪镇', '520625000000', 'synthetic', false),
                   ('520625101001', 'village', '测试村', '520625101000', 'synthetic', true);
            INSERT INTO households (id, village_code, location, head_name, size, poverty_status, source)
            VALUES (1, '520625101001', ST_GeomFromText('POINT(108.4 28.0)', 4326), '田某', 3, 'monitored', 'synthetic');
            INSERT INTO people (id, name, gender, source) VALUES (1, '杨某', 'male', 'synthetic'), (2, '冉某', 'female', 'synthetic');
            INSERT INTO cadres (id, person_id, kind, village_code, rank, assigned_from)
            VALUES (1, 1, 'first_secretary', '520625101001', 'section', '2025-01-01'), (2, 2, 'resident_cadre', '520625101001', NULL, '2025-01-01');
            INSERT INTO cadre_pairings (cadre_id, household_id, village_code, valid_from, created_by) VALUES (1, 1, '520625101001', now(), 'test');
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

    [Theory]
    [InlineData("INSERT INTO cadre_pairings (cadre_id, household_id, village_code, valid_from) VALUES (2, 1, '520625101001', now())", "ux_cadre_pairings_current_household")]
    [InlineData("UPDATE cadre_pairings SET valid_to = valid_from - interval '1 day', ended_by = 'x'", "ck_cadre_pairings_period")]
    [InlineData("UPDATE cadre_pairings SET valid_to = valid_from + interval '1 day'", "ck_cadre_pairings_ended_by")]
    [InlineData("INSERT INTO pairing_settings (county_code, quotas, per_km, keep, updated_at) VALUES ('520625000000', ARRAY[6,4,3,2], 2, 5, now())", "ck_pairing_settings_quotas")]
    [InlineData("INSERT INTO pairing_settings (county_code, quotas, per_km, keep, updated_at) VALUES ('520625000000', ARRAY[6,4,3,2,21], 2, 5, now())", "ck_pairing_settings_quotas")]
    [InlineData("INSERT INTO pairing_settings (county_code, quotas, per_km, keep, updated_at) VALUES ('520625000000', ARRAY[6,4,3,2,1], -2, 5, now())", "ck_pairing_settings_weights")]
    [InlineData("INSERT INTO pairing_proposals (area_code, status, settings_json, result_json, base_fingerprint, created_at) VALUES ('520625101000', 'maybe', '{}', '{}', 'f', now())", "ck_pairing_proposals_status")]
    public async Task Bad_rows_are_impossible(string sql, string constraint)
    {
        var e = await Assert.ThrowsAsync<PostgresException>(() => Exec(sql));
        Assert.Equal(constraint, e.ConstraintName);
    }

    [Fact]
    public async Task An_ended_pairing_frees_the_household_for_the_next_one()
    {
        await Exec("""
            UPDATE cadre_pairings SET valid_to = valid_from + interval '1 second', ended_by = 'test', end_reason = '调整';
            INSERT INTO cadre_pairings (cadre_id, household_id, village_code, valid_from) VALUES (2, 1, '520625101001', now() + interval '2 seconds');
            """);
        await using var conn = new NpgsqlConnection(_cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM cadre_pairings WHERE household_id = 1", conn);
        Assert.Equal(2L, await cmd.ExecuteScalarAsync());
    }
}
