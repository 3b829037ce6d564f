namespace GridGov.Api.Tests;

public class LimitsTests(TestCountyFixture county) : IClassFixture<TestCountyFixture>
{
    [Fact]
    public async Task Too_deep_or_too_big_queries_are_refused_before_running()
    {
        var client = await county.Factory.LoginAsync("county");
        var deep = await client.GraphQLAsync(
            "{ villages { township { county { townships { villages { township { county { townships { villages { township { county { code } } } } } } } } } } } }");
        Assert.Equal("TOO_COMPLEX", deep.FirstCode);
        var wide = await client.GraphQLAsync(
            "{ households(first: 500) { nodes { links { member { households { links { member { households { id } } } } } } } } }");
        Assert.Equal("TOO_COMPLEX", wide.FirstCode);
    }

    [Fact]
    public async Task A_cached_document_is_still_costed_and_authorized_with_each_requests_variables()
    {
        // The same document text: first cheap (and so cached), then with variables that make it too big.
        const string query = "query($n: Int) { households(first: $n) { nodes { links { member { households { links { member { households { id } } } } } } } } }";
        var leader = await county.Factory.LoginAsync("county");
        var cheap = await leader.GraphQLAsync(query, new { n = 1 });
        Assert.Null(cheap.FirstCode);
        var big = await leader.GraphQLAsync(query, new { n = 500 });
        Assert.Equal("TOO_COMPLEX", big.FirstCode);
        // Cached mutations still need a writer.
        const string mutation = "mutation($id: ID!) { removeTie(id: $id) }";
        var secretary = await county.Factory.LoginAsync("sec-a1");
        Assert.Equal("NOT_FOUND", (await secretary.GraphQLAsync(mutation, new { id = "999999" })).FirstCode);
        Assert.Equal("FORBIDDEN", (await leader.GraphQLAsync(mutation, new { id = "999999" })).FirstCode);
    }

    [Fact]
    public async Task Page_size_is_capped_and_cursors_page_through_everything()
    {
        var client = await county.Factory.LoginAsync("county");
        Assert.Equal("VALIDATION", (await client.GraphQLAsync("{ households(first: 100000) { totalCount } }")).FirstCode);
        Assert.Equal("VALIDATION", (await client.GraphQLAsync("{ households(after: \"garbage\") { totalCount } }")).FirstCode);
        var seen = new List<string?>();
        string? after = null;
        do
        {
            var r = await client.GraphQLAsync("query($a: String) { households(first: 4, after: $a) { totalCount pageInfo { hasNextPage endCursor } nodes { id } } }", new { a = after });
            var page = r.Data.GetProperty("households");
            Assert.Equal(6, page.GetProperty("totalCount").GetInt32());
            seen.AddRange(page.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()));
            after = page.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean() ? page.GetProperty("pageInfo").GetProperty("endCursor").GetString() : null;
        } while (after is not null);
        Assert.Equal(["1", "2", "3", "4", "5", "6"], seen);
    }

    [Theory]
    [InlineData("{ village(code: \"52062510100\") { code } }", "VALIDATION")]
    [InlineData("{ village(code: \"520625109999\") { code } }", "NOT_FOUND")]
    [InlineData("{ gridCells { id } }", "VALIDATION")]
    [InlineData("{ links { totalCount } }", "VALIDATION")]
    [InlineData("{ households(nearest: {point: {type: \"Point\", coordinates: [108.3, 28.0]}, limit: 1000}) { totalCount } }", "VALIDATION")]
    [InlineData("{ households(dwithin: {geometry: {type: \"Point\", coordinates: [108.3, 28.0]}, meters: -5}) { totalCount } }", "VALIDATION")]
    [InlineData("{ households(within: {type: \"Polygon\", coordinates: [[[1, 2]]]}) { totalCount } }", "VALIDATION")]
    [InlineData("query { villages { code } ", "VALIDATION")]
    public async Task Bad_input_gets_a_stable_code(string query, string code)
    {
        var r = await (await county.Factory.LoginAsync("county")).GraphQLAsync(query);
        Assert.True(code == r.FirstCode, r.ToString());
        Assert.DoesNotContain("   at ", r.ToString());
        Assert.True(r.Status is 200 or 400);
    }
}
