using GridGov.Api.Infrastructure;
using GridGov.Domain.Access;
using GridGov.Persistence.Sql;
using GridGov.Testing;
using Npgsql;

namespace GridGov.Api.Tests;

/// <summary>
/// The caller's area has one home, <see cref="Caller.Covers"/>; tiles restate it in SQL (<see cref="TileSql.InArea"/> with
/// <see cref="Caller.SqlArea"/>). Both must pick the same codes on the boundary cases: a township's own code and its first and
/// last village, the next township, a neighbouring county, and a cadre whose villages lie in two townships (once it filtered by
/// its first village only) or who serves none today.
/// </summary>
public class TileAreaRuleTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    private static readonly string[] Codes =
    [
        "520625000000", "520626000000",
        "520625101000", "520625102000", "520625110000", "520626101000",
        "520625101001", "520625101002", "520625101999", "520625102001", "520625110001", "520626101001",
    ];

    private static readonly HashSet<string> NoScopes = [];

    public static TheoryData<string, Role, string, string[]> Callers() => new()
    {
        { "county leader", Role.CountyLeader, "520625000000", [] },
        { "township leader", Role.TownshipLeader, "520625101000", [] },
        { "secretary", Role.BranchSecretary, "520625101002", [] },
        { "cadre of two townships", Role.Cadre, "520625101001", ["520625101001", "520625110001"] },
        { "cadre of two villages of one township", Role.Cadre, "520625101002", ["520625101001", "520625101002"] },
        { "cadre serving nothing today", Role.Cadre, "520625101001", [] },
    };

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task The_tiles_sql_and_the_callers_rule_pick_the_same_codes(string who, Role role, string areaCode, string[] served)
    {
        var caller = new Caller(who, role, areaCode, 1, null, NoScopes) { ServedVillages = served };
        var expected = Codes.Where(caller.Covers).Order(StringComparer.Ordinal).ToArray();

        await using var conn = new NpgsqlConnection(pg.ServerConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            $"SELECT c FROM unnest(@codes) c WHERE {TileSql.InArea("c")} ORDER BY c COLLATE \"C\"", conn);
        cmd.Parameters.AddWithValue("codes", Codes);
        TileSql.Bind(cmd, 0, 0, 0, caller.SqlArea, null, new DateOnly(2026, 1, 1), DateTimeOffset.UtcNow);
        var fromSql = new List<string>();
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) fromSql.Add(r.GetString(0));

        Assert.Equal(expected, fromSql);
        if (role == Role.Cadre) Assert.Equal(served.Order(StringComparer.Ordinal), fromSql);
    }
}
