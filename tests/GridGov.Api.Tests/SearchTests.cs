using System.Text.Json;

namespace GridGov.Api.Tests;

/// <summary>
/// Name search for the map's search box: `households(headName:)` and `villages(name:)` match a
/// part of the name, inside the caller's area, with the usual masking.
/// </summary>
public class SearchTests(TestCountyFixture county) : IClassFixture<TestCountyFixture>
{
    private const string ByHead = "query($n: String!) { households(headName: $n, first: 50) { totalCount nodes { id headName idNumber phone } } }";

    private async Task<List<JsonElement>> HouseholdsAsync(string user, string text)
    {
        var r = await (await county.Factory.LoginAsync(user)).GraphQLAsync(ByHead, new { n = text });
        Assert.False(r.HasErrors, r.ToString());
        var page = r.Data.GetProperty("households");
        var nodes = page.GetProperty("nodes").EnumerateArray().ToList();
        Assert.Equal(nodes.Count, page.GetProperty("totalCount").GetInt32());
        return nodes;
    }

    private static string[] Ids(IEnumerable<JsonElement> nodes) => nodes.Select(n => n.GetProperty("id").GetString()!).Order().ToArray();

    [Theory]
    [InlineData("county", "大明", new[] { "1" })]
    [InlineData("county", "田", new[] { "1", "2" })]
    [InlineData("county", " 田 ", new[] { "1", "2" })] // trimmed
    [InlineData("county", "吴六", new[] { "6" })]
    [InlineData("town-a", "吴", new string[0])] // 吴六 lives in township B
    [InlineData("sec-b1", "田", new string[0])]
    [InlineData("sec-b1", "吴", new[] { "6" })]
    [InlineData("member-2", "杨", new[] { "3" })] // member 2 sees the household linked to them
    [InlineData("member-2", "田", new string[0])] // but not the others of the village
    public async Task A_head_name_part_finds_the_households_of_the_callers_area(string user, string text, string[] expected)
    {
        Assert.Equal(expected, Ids(await HouseholdsAsync(user, text)));
    }

    [Fact]
    public async Task Wildcards_are_matched_literally()
    {
        Assert.Empty(await HouseholdsAsync("county", "%"));
        Assert.Empty(await HouseholdsAsync("county", "_"));
        Assert.Empty(await HouseholdsAsync("county", "田%明"));
    }

    [Fact]
    public async Task Found_households_are_masked_like_every_list()
    {
        var leader = Assert.Single(await HouseholdsAsync("county", "田大明"));
        Assert.NotEqual(TestCounty.H1Id, leader.GetProperty("idNumber").GetString());
        Assert.Contains("*", leader.GetProperty("idNumber").GetString());
        Assert.NotEqual(TestCounty.H1Phone, leader.GetProperty("phone").GetString());
        // The village's own secretary sees the numbers.
        var secretary = Assert.Single(await HouseholdsAsync("sec-a1", "田大明"));
        Assert.Equal(TestCounty.H1Id, secretary.GetProperty("idNumber").GetString());
    }

    [Fact]
    public async Task The_name_filter_combines_with_the_other_filters()
    {
        var client = await county.Factory.LoginAsync("county");
        var r = await client.GraphQLAsync("""
            { linked: households(headName: "田", unlinked: false) { totalCount }
              unlinked: households(headName: "田", unlinked: true) { totalCount }
              inB: households(headName: "田", areaCode: "520625102000") { totalCount }
              inA1: households(headName: "田", villageCode: "520625101001") { totalCount } }
            """);
        Assert.False(r.HasErrors, r.ToString());
        // h1 and h2 are both linked (links 2 and 3) and both in A1.
        Assert.Equal(2, r.Data.GetProperty("linked").GetProperty("totalCount").GetInt32());
        Assert.Equal(0, r.Data.GetProperty("unlinked").GetProperty("totalCount").GetInt32());
        Assert.Equal(0, r.Data.GetProperty("inB").GetProperty("totalCount").GetInt32());
        Assert.Equal(2, r.Data.GetProperty("inA1").GetProperty("totalCount").GetInt32());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一")]
    public async Task A_blank_or_overlong_name_is_a_validation_error(string text)
    {
        var client = await county.Factory.LoginAsync("county");
        Assert.Equal("VALIDATION", (await client.GraphQLAsync(ByHead, new { n = text })).FirstCode);
        Assert.Equal("VALIDATION", (await client.GraphQLAsync("query($n: String!) { villages(name: $n) { code } }", new { n = text })).FirstCode);
    }

    [Theory]
    [InlineData("county", "甲", new[] { TestCounty.A1, TestCounty.A2 })]
    [InlineData("county", "一村", new[] { TestCounty.A1, TestCounty.B1 })]
    [InlineData("town-a", "一村", new[] { TestCounty.A1 })]
    [InlineData("sec-b1", "甲", new string[0])]
    [InlineData("county", "%", new string[0])]
    public async Task A_village_name_part_finds_the_villages_of_the_callers_area(string user, string text, string[] expected)
    {
        var r = await (await county.Factory.LoginAsync(user)).GraphQLAsync("query($n: String!) { villages(name: $n) { code } }", new { n = text });
        Assert.False(r.HasErrors, r.ToString());
        Assert.Equal(expected, r.Data.GetProperty("villages").EnumerateArray().Select(v => v.GetProperty("code").GetString()));
    }
}

/// <summary>An overloaded member carries the member (name and home): the coverage map puts them on the map.</summary>
public class OverloadedMemberTests(MonthlyCountyFixture county) : IClassFixture<MonthlyCountyFixture>
{
    [Fact]
    public async Task Overloaded_members_come_with_name_and_home()
    {
        var client = await county.Factory.LoginAsync("county");
        var r = await client.GraphQLAsync("""
            { coverage(areaCode: "520625101002", month: "2026-01") {
                overloadedMembers { count items { memberId linked capacity member { id name geometry } } } }
              partyMember(id: 5) { name geometry } }
            """);
        Assert.False(r.HasErrors, r.ToString());
        var item = Assert.Single(r.Data.GetProperty("coverage").GetProperty("overloadedMembers").GetProperty("items").EnumerateArray());
        var member = item.GetProperty("member");
        Assert.Equal(item.GetProperty("memberId").GetString(), member.GetProperty("id").GetString());
        var expected = r.Data.GetProperty("partyMember");
        Assert.Equal(expected.GetProperty("name").GetString(), member.GetProperty("name").GetString());
        Assert.Equal("张党员", member.GetProperty("name").GetString());
        Assert.Equal(expected.GetProperty("geometry").GetRawText(), member.GetProperty("geometry").GetRawText());
        Assert.Equal("Point", member.GetProperty("geometry").GetProperty("type").GetString());
    }
}
