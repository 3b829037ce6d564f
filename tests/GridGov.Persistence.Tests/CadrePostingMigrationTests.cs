using GridGov.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace GridGov.Persistence.Tests;

/// <summary>Issue 13: the CadrePostings migration keeps existing data — each cadre's village becomes its first posting.</summary>
public class CadrePostingMigrationTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    [Fact]
    public async Task Each_existing_cadre_gets_its_village_and_period_as_a_posting()
    {
        var cs = await pg.CreateDatabaseAsync("cadre-postings", migrate: false);
        await using (var db = new GridGovDbContext(GridGovDb.Options(cs)))
            await db.Database.GetService<IMigrator>().MigrateAsync("20261205163000_CadrePairings");
        await ExecAsync(cs, """
            INSERT INTO areas (code, level, name, parent_code, boundary_source, is_deep_poverty) VALUES
              ('520625000000', 'county', '县', NULL, 'real', false), ('520625101000', 'township', '甲镇', '520625000000', 'real', false),
              ('520625101001', 'village', '甲一村', '520625101000', 'real', false), ('520625101002', 'village', '甲二村', '520625101000', 'real', false);
            INSERT INTO people (id, name, gender, source) VALUES (1, '甲', 'male', 'synthetic'), (2, '乙', 'female', 'synthetic');
            INSERT INTO cadres (id, person_id, kind, village_code, assigned_from, assigned_to) VALUES
              (1, 1, 'first_secretary', '520625101001', '2024-03-01', NULL), (2, 2, 'resident_cadre', '520625101002', '2023-01-01', '2025-12-31');
            """);
        await using (var db = new GridGovDbContext(GridGovDb.Options(cs)))
        {
            await db.Database.MigrateAsync();
            var postings = await db.CadrePostings.OrderBy(p => p.CadreId).Select(p => $"{p.CadreId}:{p.VillageCode}:{p.From:yyyy-MM-dd}:{p.To:yyyy-MM-dd}").ToListAsync();
            Assert.Equal(["1:520625101001:2024-03-01:", "2:520625101002:2023-01-01:2025-12-31"], postings);
            // The domain reads them back: cadre 2 served A2 on its last day and not the day after.
            var two = await db.Cadres.Include(c => c.Postings).SingleAsync(c => c.Id == 2);
            Assert.Equal(["520625101002"], two.VillagesOn(new DateOnly(2025, 12, 31)));
            Assert.Empty(two.VillagesOn(new DateOnly(2026, 1, 1)));
        }
    }

    private static async Task ExecAsync(string cs, string sql)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
