using GridGov.Testing;
using Npgsql;

namespace GridGov.Persistence.Tests;

/// <summary>Declarations from phones: the client id is unique per member, photos stay within 2 MB and 1600 px.</summary>
public class DeclarationPhoneConstraintTests(PostgisFixture pg) : IAsyncLifetime, IClassFixture<PostgisFixture>
{
    private string _cs = "";

    public async Task InitializeAsync()
    {
        _cs = await pg.CreateDatabaseAsync("phone_constraints");
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

    private static string Declaration(long id, long member, string? clientId) =>
        "INSERT INTO declarations (id, member_id, household_id, month, work_date, category, text, status, created_at, updated_at, client_id) " +
        $"VALUES ({id}, {member}, 1, '2026-07-01', '2026-07-03', 'visit', '走访', 'submitted', now(), now(), {(clientId is null ? "NULL" : $"'{clientId}'")})";

    [Fact]
    public async Task A_client_id_is_unique_per_member_only()
    {
        const string key = "6f1c9a52-3f1e-4a51-9d59-0a1f0c2b7e11";
        await Exec(Declaration(1, 1, key));
        var e = await Assert.ThrowsAsync<PostgresException>(() => Exec(Declaration(2, 1, key)));
        Assert.Equal("ix_declarations_member_id_client_id", e.ConstraintName);
        // Another member's phone may make the same id; declarations without one never collide.
        await Exec(Declaration(3, 2, key));
        await Exec(Declaration(4, 1, null));
        await Exec(Declaration(5, 1, null));
    }

    [Fact]
    public async Task A_photo_is_at_most_2_MB_and_1600_px_and_goes_with_its_declaration()
    {
        await Exec(Declaration(10, 1, null));
        const string photo = "INSERT INTO declaration_photos (declaration_id, jpeg, width, height, at) VALUES ";
        var wide = await Assert.ThrowsAsync<PostgresException>(() => Exec(photo + "(10, '\\xffd8ffd9', 1601, 100, now())"));
        Assert.Equal("ck_declaration_photos_size", wide.ConstraintName);
        var big = await Assert.ThrowsAsync<PostgresException>(() => Exec(photo + "(10, decode(repeat('00', 2097153), 'hex'), 100, 100, now())"));
        Assert.Equal("ck_declaration_photos_size", big.ConstraintName);
        await Exec(photo + "(10, '\\xffd8ffd9', 1600, 1200, now())");
        await Exec("DELETE FROM declarations WHERE id = 10");
        await using var conn = new NpgsqlConnection(_cs);
        await conn.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM declaration_photos", conn);
        Assert.Equal(0L, (long)(await count.ExecuteScalarAsync())!);
    }
}
