namespace GridGov.Api.Tests;

public class RankingTests(MonthlyCountyFixture county) : IClassFixture<MonthlyCountyFixture>
{
    [Fact]
    public async Task Villages_are_ranked_with_a_breakdown_and_the_bottom_flagged()
    {
        var client = await county.Factory.LoginAsync("county");
        var r = await client.GraphQLAsync("{ ranking(level: VILLAGE, quarter: \"2026Q1\") { areaCode rank score bottom parts { part value weight points applicable } } }");
        Assert.False(r.HasErrors, r.ToString());
        var rows = r.Data.GetProperty("ranking").EnumerateArray().ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal([1, 2, 3], rows.Select(x => x.GetProperty("rank").GetInt32()));
        Assert.All(rows, x => Assert.True(x.GetProperty("bottom").GetBoolean())); // fewer than five villages: all in the bottom five
        foreach (var row in rows)
        {
            var parts = row.GetProperty("parts").EnumerateArray().ToList();
            Assert.Equal(100, parts.Sum(p => p.GetProperty("weight").GetDouble()));
            Assert.Equal(row.GetProperty("score").GetDouble(), parts.Sum(p => p.GetProperty("points").GetDouble()), 1);
        }
        // A1: one approved and one returned declaration in January → review value 0.5; A1 has a cadre with no check-ins.
        var a1 = rows.Single(x => x.GetProperty("areaCode").GetString() == TestCounty.A1).GetProperty("parts").EnumerateArray()
            .ToDictionary(p => p.GetProperty("part").GetString()!);
        Assert.Equal(0.5, a1["REVIEW"].GetProperty("value").GetDouble());
        Assert.True(a1["CHECK_IN"].GetProperty("applicable").GetBoolean());
        Assert.Equal(0, a1["CHECK_IN"].GetProperty("value").GetDouble());
        var towns = await client.GraphQLAsync("{ ranking(level: TOWNSHIP, quarter: \"2026Q1\") { areaCode } }");
        Assert.Equal(2, towns.Data.GetProperty("ranking").GetArrayLength());
    }

    [Theory]
    [InlineData("county", "2026Q5", "VALIDATION")]
    [InlineData("county", "2099Q1", "VALIDATION")]
    [InlineData("member-2", "2026Q1", "FORBIDDEN")]
    public async Task Bad_quarters_and_roles_are_refused(string user, string quarter, string code)
    {
        var r = await (await county.Factory.LoginAsync(user)).GraphQLAsync($"{{ ranking(level: VILLAGE, quarter: \"{quarter}\") {{ areaCode }} }}");
        Assert.Equal(code, r.FirstCode);
    }

    [Fact]
    public async Task A_township_leader_sees_only_rows_of_the_own_area_with_county_wide_ranks()
    {
        var r = await (await county.Factory.LoginAsync("town-a")).GraphQLAsync("{ ranking(level: VILLAGE, quarter: \"2026Q1\") { areaCode rank } }");
        Assert.False(r.HasErrors, r.ToString());
        Assert.Equal([TestCounty.A1, TestCounty.A2], r.Data.GetProperty("ranking").EnumerateArray().Select(x => x.GetProperty("areaCode").GetString()).Order());
    }
}
