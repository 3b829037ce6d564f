using GridGov.Domain.Coverage;
using GridGov.Domain.Households;
using GridGov.Persistence.Sql;
using GridGov.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GridGov.Persistence.Tests;

/// <summary>
/// "A household exists at an instant" has one home, <see cref="Household.IsActiveAt"/>. The SQL that restates
/// it (<see cref="HouseholdSql.ActiveAt"/>, used by coverage and tiles), the LINQ form EF translates
/// (<see cref="Household.ActiveAt"/>), the direct path's filter (<see cref="RowFilter.NotEndedAt"/>) and the
/// coverage figures must agree with it on the boundary cases: the instant it ends, the last second of a month
/// in China time, the first instant of the next month.
/// </summary>
public class HouseholdActiveRuleTests(PostgisFixture pg) : IAsyncLifetime, IClassFixture<PostgisFixture>
{
    private const string Village = "520625101001";
    private static readonly TimeSpan China = CoverageRules.ChinaOffset;
    /// <summary>January 2026's end: 00:00 on 1 February in China = 16:00 UTC on 31 January.</summary>
    private static readonly DateTimeOffset JanuaryEnd = new(2026, 2, 1, 0, 0, 0, China);

    private static readonly (long Id, DateTimeOffset? EndedAt)[] Households =
    [
        (1, null),
        (2, JanuaryEnd.AddSeconds(-1)),       // 23:59:59 on 31 January, China time
        (3, JanuaryEnd),                      // exactly the month's end
        (4, JanuaryEnd.AddSeconds(1)),        // just after
        (5, new DateTimeOffset(2026, 1, 15, 10, 0, 0, China)),
        (6, JanuaryEnd.AddTicks(10)),         // one microsecond after (PostgreSQL's resolution)
    ];

    private static readonly DateTimeOffset[] Instants =
    [
        JanuaryEnd.AddSeconds(-1), JanuaryEnd.AddTicks(-10), JanuaryEnd, JanuaryEnd.AddTicks(10), JanuaryEnd.AddSeconds(1),
        new DateTimeOffset(2026, 1, 15, 10, 0, 0, China), new DateTimeOffset(2026, 1, 15, 9, 59, 59, China),
        new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero),
    ];

    public static TheoryData<int> InstantIndexes() => [.. Enumerable.Range(0, Instants.Length)];

    private string _cs = "";
    private NpgsqlDataSource _ds = null!;

    public async Task InitializeAsync()
    {
        _cs = await pg.CreateDatabaseAsync("active");
        _ds = GridGovDb.CreateDataSource(_cs);
        await using (var cmd = _ds.CreateCommand("""
            INSERT INTO areas (code, level, name, parent_code, boundary_source, is_deep_poverty, boundary)
            VALUES ('520625000000', 'county', '印江县', NULL, 'real', false, NULL),
                   ('520625101000', 'township', '板溪镇', '520625000000', 'synthetic', false, NULL),
                   ('520625101001', 'village', '测试村', '520625101000', 'synthetic', false,
                    ST_GeomFromText('MULTIPOLYGON(((108.3 28.0, 108.5 28.0, 108.5 28.1, 108.3 28.1, 108.3 28.0)))', 4326));
            """))
            await cmd.ExecuteNonQueryAsync();
        foreach (var (id, endedAt) in Households)
        {
            await using var cmd = _ds.CreateCommand("""
                INSERT INTO households (id, village_code, location, head_name, size, poverty_status, source, household_no, ended_at, end_reason)
                VALUES (@id, '520625101001', ST_SetSRID(ST_MakePoint(108.4 + @id / 1000.0, 28.05), 4326), '户' || @id, 1, 'none', 'synthetic',
                        'H' || @id, @ended, CASE WHEN @ended IS NULL THEN NULL ELSE '迁出' END)
                """);
            cmd.Parameters.AddWithValue("id", id);
            cmd.Parameters.Add(new NpgsqlParameter("ended", NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = (object?)endedAt?.ToUniversalTime() ?? DBNull.Value });
            await cmd.ExecuteNonQueryAsync();
        }
    }

    public async Task DisposeAsync() => await _ds.DisposeAsync();

    private GridGovDbContext Db() => new(GridGovDb.Options(_cs));

    /// <summary>The domain's answer, on the rows as stored (so a precision loss in storage would show).</summary>
    private async Task<long[]> DomainAsync(DateTimeOffset at)
    {
        await using var db = Db();
        var all = await db.Households.AsNoTracking().OrderBy(h => h.Id).ToListAsync();
        Assert.Equal(Households.Length, all.Count);
        return all.Where(h => h.IsActiveAt(at)).Select(h => h.Id).ToArray();
    }

    [Theory]
    [MemberData(nameof(InstantIndexes))]
    public async Task The_sql_the_linq_and_the_direct_path_filter_agree_with_the_domain(int i)
    {
        var at = Instants[i];
        var expected = await DomainAsync(at);

        await using var sql = _ds.CreateCommand($"SELECT h.id FROM households h WHERE {HouseholdSql.ActiveAt("h", "@at")} ORDER BY h.id");
        sql.Parameters.AddWithValue("at", at.ToUniversalTime());
        var fromSql = new List<long>();
        await using (var r = await sql.ExecuteReaderAsync())
            while (await r.ReadAsync()) fromSql.Add(r.GetInt64(0));
        Assert.Equal(expected, fromSql);

        await using var db = Db();
        Assert.Equal(expected, await db.Households.Where(Household.ActiveAt(at)).OrderBy(h => h.Id).Select(h => h.Id).ToArrayAsync());

        var page = new PageQuery(db.Model, new RowShape(db.Model, typeof(Household), "h", ["VillageCode"]));
        var (rows, total) = await page.ReadAsync(_ds, [new RowFilter.NotEndedAt(nameof(Household.EndedAt), at)], null, 100, true, null, default);
        Assert.Equal(expected, rows.Select(r => ((Household)r.Row).Id));
        Assert.Equal(expected.Length, total);
    }

    [Fact]
    public void The_boundary_cases_are_what_the_rule_says()
    {
        // Ended at the month's last second: gone at its end. Ended exactly at the end: gone too (at that instant it has ended).
        // Ended a second (or a microsecond) later: it still counts for the month.
        var h = (DateTimeOffset? endedAt) => new Household { VillageCode = Village, HeadName = "x", Location = null!, EndedAt = endedAt };
        Assert.False(h(JanuaryEnd.AddSeconds(-1)).IsActiveAt(JanuaryEnd));
        Assert.False(h(JanuaryEnd).IsActiveAt(JanuaryEnd));
        Assert.True(h(JanuaryEnd.AddTicks(10)).IsActiveAt(JanuaryEnd));
        Assert.True(h(JanuaryEnd).IsActiveAt(JanuaryEnd.AddSeconds(-1)));
        // January is read at its last instant: ended at 23:59:59, gone; ended exactly at midnight, still January's.
        Assert.Equal(JanuaryEnd.AddTicks(-10), CoverageRules.AsOf(new DateOnly(2026, 1, 1), DateTimeOffset.MaxValue));
        Assert.False(h(JanuaryEnd.AddSeconds(-1)).IsActiveAt(CoverageRules.AsOf(new DateOnly(2026, 1, 1), DateTimeOffset.MaxValue)));
        Assert.True(h(JanuaryEnd).IsActiveAt(CoverageRules.AsOf(new DateOnly(2026, 1, 1), DateTimeOffset.MaxValue)));
    }

    [Theory]
    [InlineData("2025-12-01")]
    [InlineData("2026-01-01")]
    [InlineData("2026-02-01")]
    public async Task Coverage_counts_the_households_the_domain_says_exist_at_the_months_end(string monthText)
    {
        var month = DateOnly.Parse(monthText);
        var now = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var asOf = CoverageRules.AsOf(month, now);
        var expected = await DomainAsync(asOf);
        var store = new CoverageStore(_ds);
        var figures = (await store.RecomputeAsync([Village], month, CoverageRules.Default, now, default))[Village].Figures;
        Assert.Equal(expected.Length, figures.Households);
        // Without cells, every existing household is outside them: the same set, by id.
        var outside = (await store.GetAsync([Village], month, CoverageRules.Default, now, default))[Village].HouseholdsOutsideCells;
        Assert.Equal(expected, outside.Select(o => o.HouseholdId));
        if (month == new DateOnly(2026, 1, 1)) Assert.Equal([1L, 3L, 4L, 6L], expected);
        if (month == new DateOnly(2025, 12, 1)) Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L], expected);
    }
}
