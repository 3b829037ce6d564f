using GridGov.Domain.Areas;
using GridGov.Persistence.Sql;
using GridGov.Testing;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Persistence.Tests;

/// <summary>
/// "Inside an area" has one home, <see cref="AreaScope"/>; the SQL (<see cref="AreaSql.Within"/>, used by tiles and
/// keyset pages) and the LINQ form (<c>StartsWith</c>, used by the API's visibility filters) must agree with it on the
/// boundary codes: a township's own code, its first and last village, the next township, a county's neighbour.
/// </summary>
public class AreaScopeRuleTests(PostgisFixture pg) : IAsyncLifetime, IClassFixture<PostgisFixture>
{
    private static readonly string[] Codes =
    [
        // Parents before children (areas.parent_code is a foreign key).
        "520620000000", "520625000000", "520626000000",
        "520625101000", "520625102000", "520625110000", "520626101000",
        "520625101001", "520625101999", "520625102001", "520625110001", "520626101001",
    ];

    public static TheoryData<string> Areas() => [.. Codes];

    private string _cs = "";

    public async Task InitializeAsync()
    {
        _cs = await pg.CreateDatabaseAsync("areascope");
        await using var ds = GridGovDb.CreateDataSource(_cs);
        foreach (var code in Codes)
        {
            await using var cmd = ds.CreateCommand("""
                INSERT INTO areas (code, level, name, parent_code, boundary_source, is_deep_poverty, boundary)
                VALUES (@c, CASE WHEN @c LIKE '%000000' THEN 'county' WHEN @c LIKE '%000' THEN 'township' ELSE 'village' END,
                        @c, @parent, 'synthetic', false, NULL)
                """);
            cmd.Parameters.AddWithValue("c", code);
            cmd.Parameters.AddWithValue("parent", code.EndsWith("000000") ? DBNull.Value
                : code.EndsWith("000") ? Area.CountyCodeOf(code) : Area.TownshipCodeOf(code));
            await cmd.ExecuteNonQueryAsync();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void The_boundary_cases_are_what_the_rule_says()
    {
        Assert.Equal("520625", AreaScope.PrefixOf("520625000000"));
        Assert.Equal("520625101", AreaScope.PrefixOf("520625101000"));
        Assert.Equal("520625101001", AreaScope.PrefixOf("520625101001"));
        // A township holds itself and its villages, not the next township's; a county not its neighbour's.
        Assert.True(AreaScope.Within("520625101000", "520625101"));
        Assert.True(AreaScope.Within("520625101999", "520625101"));
        Assert.False(AreaScope.Within("520625102001", "520625101"));
        Assert.False(AreaScope.Within("520626101001", "520625"));
        // A village is only itself.
        Assert.False(AreaScope.Within("520625101000", "520625101001"));
    }

    [Theory]
    [MemberData(nameof(Areas))]
    public async Task The_sql_and_the_linq_agree_with_the_domain(string area)
    {
        var prefix = AreaScope.PrefixOf(area);
        var expected = Codes.Where(c => AreaScope.Within(c, prefix)).Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(expected);

        await using var ds = GridGovDb.CreateDataSource(_cs);
        await using var cmd = ds.CreateCommand($"SELECT a.code FROM areas a WHERE {AreaSql.Within("a.code", "@prefix")} ORDER BY a.code COLLATE \"C\"");
        cmd.Parameters.AddWithValue("prefix", prefix);
        var fromSql = new List<string>();
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) fromSql.Add(r.GetString(0));
        Assert.Equal(expected, fromSql);

        await using var db = new GridGovDbContext(GridGovDb.Options(_cs));
        var fromLinq = await db.Areas.Where(a => a.Code.StartsWith(prefix)).Select(a => a.Code).ToListAsync();
        Assert.Equal(expected, fromLinq.Order(StringComparer.Ordinal));
    }
}
