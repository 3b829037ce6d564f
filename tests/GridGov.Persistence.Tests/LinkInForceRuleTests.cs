using GridGov.Domain.Coverage;
using GridGov.Domain.Linking;
using GridGov.Domain.Links;
using GridGov.Domain.Members;
using GridGov.Persistence.Sql;
using GridGov.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GridGov.Persistence.Tests;

/// <summary>
/// "The link in force at an instant" has one home, <see cref="Link.IsCurrentAt"/>; "over capacity" has one,
/// <see cref="MemberCapacity"/>. The SQL that restates them (<see cref="LinkSql"/>, <see cref="CapacitySql"/>, used by
/// coverage and tiles) and the LINQ form (<see cref="Link.InForceAt"/>, used by the monthly figures and <c>links(asOf:)</c>)
/// must agree with them on the boundary cases: the instant a link ends, the last second of a month in China time, a
/// link that starts at the month's end, a member exactly at capacity.
/// </summary>
public class LinkInForceRuleTests(PostgisFixture pg) : IAsyncLifetime, IClassFixture<PostgisFixture>
{
    private const string Village = "520625101001";
    private static readonly TimeSpan China = CoverageRules.ChinaOffset;
    /// <summary>January 2026's end: 00:00 on 1 February in China = 16:00 UTC on 31 January.</summary>
    private static readonly DateTimeOffset JanuaryEnd = new(2026, 2, 1, 0, 0, 0, China);
    private static readonly DateTimeOffset LongAgo = new(2025, 11, 1, 0, 0, 0, China);

    /// <summary>One household per link (id = household id); all held by member 1 except where said.</summary>
    private static readonly (long Id, long Member, DateTimeOffset From, DateTimeOffset? To)[] Links =
    [
        (1, 1, LongAgo, null),
        (2, 1, LongAgo, JanuaryEnd.AddSeconds(-1)),      // ended at 23:59:59 on 31 January, China time
        (3, 1, LongAgo, JanuaryEnd),                     // ended exactly at the month's end
        (4, 1, LongAgo, JanuaryEnd.AddTicks(10)),        // one microsecond later (PostgreSQL's resolution)
        (5, 1, JanuaryEnd, null),                        // starts exactly at the month's end
        (6, 1, JanuaryEnd.AddTicks(10), null),
        (7, 2, new DateTimeOffset(2026, 1, 15, 10, 0, 0, China), new DateTimeOffset(2026, 1, 20, 10, 0, 0, China)),
        (8, 2, LongAgo, null),
        (9, 2, LongAgo, null),
    ];

    private static readonly DateTimeOffset[] Instants =
    [
        JanuaryEnd.AddSeconds(-1), JanuaryEnd.AddTicks(-10), JanuaryEnd, JanuaryEnd.AddTicks(10), JanuaryEnd.AddSeconds(1), LongAgo, LongAgo.AddTicks(-10),
        new DateTimeOffset(2026, 1, 15, 10, 0, 0, China), new DateTimeOffset(2026, 1, 20, 10, 0, 0, China),
    ];

    public static TheoryData<int> InstantIndexes() => [.. Enumerable.Range(0, Instants.Length)];

    private string _cs = "";
    private NpgsqlDataSource _ds = null!;

    public async Task InitializeAsync()
    {
        _cs = await pg.CreateDatabaseAsync("inforce");
        _ds = GridGovDb.CreateDataSource(_cs);
        // Member 1 (own capacity 3) and member 2 (sick: the reduced default, 3) — each exactly at capacity somewhere below.
        await using (var cmd = _ds.CreateCommand("""
            INSERT INTO areas (code, level, name, parent_code, boundary_source, is_deep_poverty, boundary)
            VALUES ('520625000000', 'county', '印江县', NULL, 'real', false, NULL),
                   ('520625101000', 'township', '板溪镇', '520625000000', 'synthetic', false, NULL),
                   ('520625101001', 'village', '测试村', '520625101000', 'synthetic', false,
                    ST_GeomFromText('MULTIPOLYGON(((108.3 28.0, 108.5 28.0, 108.5 28.1, 108.3 28.1, 108.3 28.0)))', 4326));
            INSERT INTO party_branches (id, village_code, name, source) VALUES (1, '520625101001', '测试村党支部', 'synthetic');
            INSERT INTO people (id, name, gender, source) VALUES (1, '杨某', 'male', 'synthetic'), (2, '冉某', 'female', 'synthetic');
            INSERT INTO party_members (id, person_id, branch_id, village_code, home, status, capacity)
            VALUES (1, 1, 1, '520625101001', ST_GeomFromText('POINT(108.401 28.05)', 4326), 'active', 3),
                   (2, 2, 1, '520625101001', ST_GeomFromText('POINT(108.402 28.05)', 4326), 'sick', NULL);
            """))
            await cmd.ExecuteNonQueryAsync();
        foreach (var (id, member, from, to) in Links)
        {
            await using var cmd = _ds.CreateCommand("""
                INSERT INTO households (id, village_code, location, head_name, size, poverty_status, source, household_no)
                VALUES (@id, '520625101001', ST_SetSRID(ST_MakePoint(108.4 + @id / 1000.0, 28.05), 4326), '户' || @id, 1, 'none', 'synthetic', 'H' || @id);
                INSERT INTO links (id, member_id, household_id, valid_from, valid_to, basis, locked, ended_by)
                VALUES (@id, @member, @id, @from, @to, 'proximity', false, CASE WHEN @to IS NULL THEN NULL ELSE 'test' END);
                """);
            cmd.Parameters.AddWithValue("id", id);
            cmd.Parameters.AddWithValue("member", member);
            cmd.Parameters.AddWithValue("from", from.ToUniversalTime());
            cmd.Parameters.Add(new NpgsqlParameter("to", NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = (object?)to?.ToUniversalTime() ?? DBNull.Value });
            await cmd.ExecuteNonQueryAsync();
        }
    }

    public async Task DisposeAsync() => await _ds.DisposeAsync();

    private GridGovDbContext Db() => new(GridGovDb.Options(_cs));

    /// <summary>The domain's answer, on the rows as stored (so a precision loss in storage would show).</summary>
    private async Task<Link[]> DomainAsync(DateTimeOffset at)
    {
        await using var db = Db();
        var all = await db.Links.AsNoTracking().OrderBy(l => l.Id).ToListAsync();
        Assert.Equal(Links.Length, all.Count);
        return all.Where(l => l.IsCurrentAt(at)).ToArray();
    }

    [Theory]
    [MemberData(nameof(InstantIndexes))]
    public async Task The_sql_and_the_linq_agree_with_the_domain(int i)
    {
        var at = Instants[i];
        var expected = (await DomainAsync(at)).Select(l => l.Id).ToArray();

        await using var sql = _ds.CreateCommand($"SELECT l.id FROM links l WHERE {LinkSql.InForceAt("l", "@at")} ORDER BY l.id");
        sql.Parameters.AddWithValue("at", at.ToUniversalTime());
        var fromSql = new List<long>();
        await using (var r = await sql.ExecuteReaderAsync())
            while (await r.ReadAsync()) fromSql.Add(r.GetInt64(0));
        Assert.Equal(expected, fromSql);

        await using var db = Db();
        Assert.Equal(expected, await db.Links.Where(Link.InForceAt(at)).OrderBy(l => l.Id).Select(l => l.Id).ToArrayAsync());
    }

    [Fact]
    public void The_boundary_cases_are_what_the_rule_says()
    {
        var link = (DateTimeOffset from, DateTimeOffset? to) => new Link { ValidFrom = from, ValidTo = to };
        // Ended at the month's last second or exactly at its end: not in force at the end. A microsecond later: it is.
        Assert.False(link(LongAgo, JanuaryEnd.AddSeconds(-1)).IsCurrentAt(JanuaryEnd));
        Assert.False(link(LongAgo, JanuaryEnd).IsCurrentAt(JanuaryEnd));
        Assert.True(link(LongAgo, JanuaryEnd.AddTicks(10)).IsCurrentAt(JanuaryEnd));
        Assert.True(link(LongAgo, JanuaryEnd).IsCurrentAt(JanuaryEnd.AddSeconds(-1)));
        // In force from the instant it starts.
        Assert.True(link(JanuaryEnd, null).IsCurrentAt(JanuaryEnd));
        Assert.False(link(JanuaryEnd, null).IsCurrentAt(JanuaryEnd.AddTicks(-10)));
        // Exactly at capacity is not over it, and leaves no room.
        Assert.False(MemberCapacity.IsOver(3, 3));
        Assert.True(MemberCapacity.IsOver(4, 3));
        Assert.False(MemberCapacity.HasRoom(3, 3));
        Assert.True(MemberCapacity.HasRoom(2, 3));
    }

    [Theory]
    [InlineData("2025-12-01")]
    [InlineData("2026-01-01")]
    [InlineData("2026-02-01")]
    public async Task Coverage_counts_the_links_and_the_overloaded_members_the_domain_counts(string monthText)
    {
        var month = DateOnly.Parse(monthText);
        var now = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var inForce = await DomainAsync(CoverageRules.AsOf(month, now));
        var rules = CoverageRules.Default;
        await using var db = Db();
        var members = await db.PartyMembers.AsNoTracking().ToListAsync();
        var expectedOver = members.Count(m => MemberCapacity.IsOver(inForce.Count(l => l.MemberId == m.Id), rules.CapacityOf(m.Status, m.Capacity)));

        var figures = (await new CoverageStore(_ds).RecomputeAsync([Village], month, rules, now, default))[Village].Figures;
        Assert.Equal(inForce.Length, figures.LinkedHouseholds);
        Assert.Equal(expectedOver, figures.OverloadedMembers);
        // January's last instant: member 1 holds 1, 3 (ended exactly at midnight: it ran through January) and 4 — exactly
        // its own capacity 3 — not 5 (begun at midnight: February's); member 2 holds 8, 9: nobody over.
        if (month == new DateOnly(2026, 1, 1)) Assert.Equal([1L, 3L, 4L, 8L, 9L], inForce.Select(l => l.Id));
        // December's end: member 1 holds 1–4, one over its capacity; member 2 (sick) holds 8, 9.
        if (month == new DateOnly(2025, 12, 1)) Assert.Equal(1, figures.OverloadedMembers);
    }

    [Fact]
    public async Task The_generated_capacity_sql_gives_the_domains_capacity_for_every_status()
    {
        var rules = CoverageRules.Default;
        foreach (var status in Enum.GetValues<MemberStatus>())
            foreach (int? own in new int?[] { null, 0, 5 })
            {
                await using var cmd = _ds.CreateCommand($"SELECT {CapacitySql.Effective("m")} FROM (SELECT @status::text AS status, @own::int AS capacity) m");
                cmd.Parameters.AddWithValue("status", GridGovDbContext.SnakeCase(status.ToString()));
                cmd.Parameters.Add(new NpgsqlParameter("own", NpgsqlTypes.NpgsqlDbType.Integer) { Value = (object?)own ?? DBNull.Value });
                CapacitySql.Bind(cmd, s => rules.CapacityOf(s, null));
                Assert.Equal(rules.CapacityOf(status, own), Convert.ToInt32(await cmd.ExecuteScalarAsync()));
            }
    }
}
