using GridGov.Testing;

namespace GridGov.Api.Tests;

/// <summary>Issue 16 item 9: the weights of proposeLinks are checked against their documented bounds and used.</summary>
public class LinkWeightsTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    private const string Blood = "links { household { id } basis tieScore distancePenalty } settings { weights { blood perKm inferred } }";

    [Fact]
    public async Task Given_weights_change_the_scores_and_out_of_bounds_ones_are_refused()
    {
        var cs = await TestCounty.CreateAsync(pg);
        using var factory = new ApiFactory(cs);
        var client = await factory.LoginAsync("sec-a1");
        var r = await client.GraphQLAsync("mutation { proposeLinks(villageCode: \"520625101001\", settings: {weights: {blood: 40, perKm: 0}}) { " + Blood + " } }");
        Assert.False(r.HasErrors, r.ToString());
        var p = r.Data.GetProperty("proposeLinks");
        Assert.Equal(40, p.GetProperty("settings").GetProperty("weights").GetProperty("blood").GetDouble());
        // Household 1 is the declared blood tie (堂兄) of member 1: its tie score is the weight given, no distance penalty.
        var h1 = p.GetProperty("links").EnumerateArray().Single(l => l.GetProperty("household").GetProperty("id").GetString() == "1");
        Assert.Equal(40, h1.GetProperty("tieScore").GetDouble(), 6);
        Assert.Equal(0, h1.GetProperty("distancePenalty").GetDouble(), 6);

        foreach (var (weights, name) in new[] { ("{blood: 999, perKm: -1e6}", "blood"), ("{perKm: -1}", "perKm"), ("{inferred: 2}", "inferred"), ("{social: 100.5}", "social") })
        {
            var bad = await client.GraphQLAsync($"mutation {{ proposeLinks(villageCode: \"520625101001\", settings: {{weights: {weights}}}) {{ id }} }}");
            Assert.Equal("VALIDATION", bad.FirstCode);
            Assert.Contains(name, bad.ToString());
        }
    }
}
