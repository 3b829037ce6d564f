using GridGov.Testing;

namespace GridGov.Api.Tests;

/// <summary>
/// Issue 13: the lists a cadre reads (households, members, cells, links, villages) follow its postings in force — the same
/// rule as what it may read — not the login's first village. A 包村干部 of A1 and A2: the day A2's posting ends, A2's rows are
/// still listed; the next day they are not.
/// </summary>
public class CadreListFilterTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    private static DateOnly Today => DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime);

    private const string Lists = $$"""
        { households(areaCode: "{{TestCounty.TownA}}", first: 100) { nodes { id } }
          partyMembers(areaCode: "{{TestCounty.TownA}}") { nodes { id } }
          gridCells(villageCode: "{{TestCounty.A1}}") { id }
          links(householdId: 7) { nodes { id } }
          villages { code } }
        """;

    /// <summary>Cadre 2, a 包村干部 whose login's village is A1, also serving A2 until <paramref name="a2Until"/>.</summary>
    private async Task<string> CountyAsync(DateOnly a2Until)
    {
        var cs = await TestCountyMonthly.CreateAsync(pg);
        await TestCountyMonthly.ExecAsync(cs, $"""
            INSERT INTO people (id, name, gender, source) VALUES (60, '包村干部王', 'male', 'synthetic');
            INSERT INTO cadres (id, person_id, kind, village_code, rank, assigned_from) VALUES (2, 60, 'liaison_cadre', '{TestCounty.A1}', 'general', '2025-06-01');
            """);
        await TestCountyMonthly.ExecAsync(cs, $"""
            INSERT INTO cadre_postings (cadre_id, village_code, from_day, to_day) VALUES (2, '{TestCounty.A2}', '2025-06-01', '{a2Until:yyyy-MM-dd}');
            INSERT INTO users (username, display_name, password_hash, role, area_code, cadre_id, disabled, is_sample, created_at)
            SELECT 'liaison-2', '包村干部王', password_hash, 'cadre', '{TestCounty.A1}', 2, false, false, now() FROM users WHERE username = 'cadre-a1';
            """);
        return cs;
    }

    private static async Task<(string Households, string Members, string Villages, int Links, int Cells)> ReadAsync(string cs)
    {
        using var factory = new ApiFactory(cs);
        var r = await (await factory.LoginAsync("liaison-2")).GraphQLAsync(Lists);
        Assert.False(r.HasErrors, r.ToString());
        string Ids(string field) => string.Join(",", r.Data.GetProperty(field).GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()).Order());
        return (Ids("households"), Ids("partyMembers"),
            string.Join(",", r.Data.GetProperty("villages").EnumerateArray().Select(v => v.GetProperty("code").GetString())),
            r.Data.GetProperty("links").GetProperty("nodes").GetArrayLength(), r.Data.GetProperty("gridCells").GetArrayLength());
    }

    [Fact]
    public async Task On_the_last_day_of_a_posting_its_village_is_listed()
    {
        var (households, members, villages, links, cells) = await ReadAsync(await CountyAsync(Today));
        Assert.Equal("1,2,3,4,5,7,8", households); // A1: 1–4; A2: 5, 7, 8
        Assert.Equal("1,2,3,5", members);
        Assert.Equal($"{TestCounty.A1},{TestCounty.A2}", villages);
        Assert.Equal(1, links); // A2's link in force (member 5 → household 7)
        Assert.Equal(2, cells);
    }

    [Fact]
    public async Task The_day_after_a_posting_ends_its_village_is_no_longer_listed()
    {
        var cs = await CountyAsync(Today.AddDays(-1));
        var (households, members, villages, links, cells) = await ReadAsync(cs);
        Assert.Equal("1,2,3,4", households);
        Assert.Equal("1,2,3", members);
        Assert.Equal(TestCounty.A1, villages);
        Assert.Equal(0, links);
        Assert.Equal(2, cells);
        using var factory = new ApiFactory(cs);
        var a2 = await (await factory.LoginAsync("liaison-2")).GraphQLAsync($"{{ households(villageCode: \"{TestCounty.A2}\") {{ nodes {{ id }} }} }}");
        Assert.Equal("FORBIDDEN", a2.FirstCode);
    }
}
