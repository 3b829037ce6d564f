using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace GridGov.Api.Tests;

/// <summary>A party member sees their own records and their branch's public board — no homes, no kinship, no village figures.</summary>
public class MemberAccessTests(AccessFixture county) : IClassFixture<AccessFixture>
{
    private static string Url(string layer, int z, double lon, double lat)
    {
        var (x, y) = Mvt.TileOf(lon, lat, z);
        return $"/tiles/{layer}/{z}/{x}/{y}.pbf";
    }

    [Theory]
    [InlineData("villages")]
    [InlineData("gaps")]
    public async Task Village_figure_layers_are_refused_to_members_like_coverage(string layer)
    {
        var member = await county.Factory.LoginAsync("member-2");
        var res = await member.GetAsync(Url(layer, 8, 108.40, 28.00));
        Assert.Equal(HttpStatusCode.Forbidden, res.StatusCode);
        var error = (await res.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0];
        Assert.Equal("FORBIDDEN", error.GetProperty("extensions").GetProperty("code").GetString());
        Assert.Contains(layer, error.GetProperty("message").GetString());

        var leader = await county.Factory.LoginAsync("town-a");
        Assert.Equal(HttpStatusCode.OK, (await leader.GetAsync(Url(layer, 8, 108.40, 28.00))).StatusCode);
        // The member's own layers still answer: cells they lead or live in.
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync(Url("cells", 12, 108.36, 28.06))).StatusCode);
    }

    [Fact]
    public async Task The_branch_board_names_members_and_counts_and_nothing_more()
    {
        var member = await county.Factory.LoginAsync("member-2");
        var board = await member.GraphQLAsync($$"""{ branchBoard(villageCode: "{{TestCounty.A1}}", month: "2026-01") { members { member { id name } householdsLinked } } }""");
        Assert.False(board.HasErrors, board.ToString());
        var names = board.Data.GetProperty("branchBoard").GetProperty("members").EnumerateArray()
            .Select(r => r.GetProperty("member").GetProperty("name").GetString()).ToList();
        Assert.Contains("田建国", names);

        // Homes, birth years, phones and linked households are not on the board, for anyone.
        foreach (var field in new[] { "geometry", "birthYear", "phone", "households { id }" })
        {
            var r = await member.GraphQLAsync($$"""{ branchBoard(villageCode: "{{TestCounty.A1}}") { members { member { {{field}} } } } }""");
            Assert.Equal("VALIDATION", r.FirstCode);
        }
        var type = await member.GraphQLAsync("""{ __type(name: "BranchBoardMember") { fields { name } } }""");
        Assert.Equal(["id", "name"], type.Data.GetProperty("__type").GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("name").GetString()).Order());
    }

    [Fact]
    public async Task Link_proposals_are_refused_to_members_and_served_to_the_secretary()
    {
        var member = await county.Factory.LoginAsync("member-2");
        var refused = await member.GraphQLAsync($$"""{ linkProposals(villageCode: "{{TestCounty.A1}}") { id } }""");
        Assert.Equal("FORBIDDEN", refused.FirstCode);
        Assert.False(refused.Body.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object);
        var single = await member.GraphQLAsync("{ linkProposal(id: 1) { id } }");
        Assert.Equal("FORBIDDEN", single.FirstCode);

        var secretary = await county.Factory.LoginAsync("sec-a1");
        var served = await secretary.GraphQLAsync($$"""{ linkProposals(villageCode: "{{TestCounty.A1}}") { id } }""");
        Assert.False(served.HasErrors, served.ToString());
    }
}
