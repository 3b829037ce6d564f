using GridGov.Persistence.Sql;
using GridGov.Sample;
using GridGov.Testing;
using Npgsql;

namespace GridGov.Persistence.Tests;

/// <summary>
/// The households tile's <c>linked</c> (<see cref="TileSql.HouseholdLinked"/>: one seek for the household's latest link begun by
/// the as-of) against the plain rule (a link in force then, <see cref="LinkSql.InForceAt"/>), for every household at instants on
/// the boundaries: a link's first instant and the one before, its end and the one before, a new link after a gap, a link
/// not begun yet, and households with no link next to linked ones.
/// </summary>
public class TileLinkedTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    [Fact]
    public async Task The_seek_finds_a_link_in_force_exactly_when_the_rule_does()
    {
        var cs = await SampleDatabases.CreateAsync(pg, "tile_linked", new SampleOptions
        {
            GeodataFolder = GeodataSource.ResolveFolder(null), Households = 2500, AsOf = new DateOnly(2026, 11, 1),
        });
        await using var source = GridGovDb.CreateDataSource(cs);
        var ended = new DateTimeOffset(2026, 10, 10, 0, 0, 0, TimeSpan.Zero);
        var again = new DateTimeOffset(2026, 11, 5, 0, 0, 0, TimeSpan.Zero);
        var later = new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero);
        // A link ended on 10 October and the same household linked again from 5 November; an unlinked household linked
        // from March 2027 (not yet begun at the other instants).
        var relinked = await Scalar<long>(source, "SELECT max(household_id) FROM links WHERE valid_to IS NULL AND valid_from < '2026-09-01'");
        var begun = new DateTimeOffset(await Scalar<DateTime>(source, $"SELECT valid_from FROM links WHERE household_id = {relinked} AND valid_to IS NULL"));
        await Exec(source, $"UPDATE links SET valid_to = '{ended:O}', ended_by = 'test', end_reason = '外出务工' WHERE household_id = {relinked} AND valid_to IS NULL");
        await Exec(source, $"""
            INSERT INTO links (member_id, household_id, valid_from, basis, locked)
            SELECT member_id, household_id, '{again:O}', basis, false FROM links WHERE household_id = {relinked} AND valid_to = '{ended:O}'
            """);
        var unlinked = await Scalar<long>(source, "SELECT min(h.id) FROM households h WHERE NOT EXISTS (SELECT 1 FROM links l WHERE l.household_id = h.id)");
        await Exec(source, $"""
            INSERT INTO links (member_id, household_id, valid_from, basis, locked)
            SELECT min(m.id), {unlinked}, '{later:O}', 'proximity', false FROM party_members m
            """);

        var tick = TimeSpan.FromTicks(10); // one microsecond, PostgreSQL's resolution
        var instants = new[] { begun - tick, begun, ended - tick, ended, again - tick, again, later - tick, later, DateTimeOffset.UtcNow };
        var linkedCounts = new List<long>();
        foreach (var at in instants)
        {
            await using var cmd = source.CreateCommand($"""
                SELECT count(*) FILTER (WHERE seek IS DISTINCT FROM rule), count(*) FILTER (WHERE rule),
                       bool_or(rule) FILTER (WHERE id = {relinked}), bool_or(rule) FILTER (WHERE id = {unlinked})
                FROM (SELECT h.id, {TileSql.HouseholdLinked} AS seek,
                             EXISTS (SELECT 1 FROM links l WHERE l.household_id = h.id AND {LinkSql.InForceAt("l", "@as_of")}) AS rule
                      FROM households h) x
                """);
            cmd.Parameters.AddWithValue("as_of", at.ToUniversalTime());
            await using var r = await cmd.ExecuteReaderAsync();
            await r.ReadAsync();
            Assert.True(r.GetInt64(0) == 0, $"at {at:O}: {r.GetInt64(0)} households where the seek and the rule differ");
            linkedCounts.Add(r.GetInt64(1));
            // The edits are seen: the relinked household is linked from its first link's start until the end, and again from
            // the new start; the other only from March.
            Assert.Equal(at >= begun && at < ended || at >= again, r.GetBoolean(2));
            Assert.Equal(at >= later, r.GetBoolean(3));
        }
        Assert.True(linkedCounts.Min() > 0);
    }

    private static async Task Exec(NpgsqlDataSource source, string sql)
    {
        await using var cmd = source.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<T> Scalar<T>(NpgsqlDataSource source, string sql)
    {
        await using var cmd = source.CreateCommand(sql);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }
}
