using System.Text.Json;

namespace GridGov.Api.Tests;

/// <summary>
/// Lists read only the columns their query asks for (Projection): every mapped field must come out
/// the same as from the single-object queries, which always read whole rows.
/// </summary>
public class ProjectionTests(SmallSampleFixture sample) : IClassFixture<SmallSampleFixture>
{
    private const string HouseholdFields = "id headName size povertyStatus source idNumber phone geometry bbox village { code } cell { id } currentLink { member { id } } ties { kind }";
    private const string MemberFields = "id name gender birthYear phone status capacity joinedOn geometry(crs: EPSG_4545) bbox village { code } cell { id } leadsCells { id } households { id }";

    [Fact]
    public async Task Household_lists_with_few_columns_match_whole_rows()
    {
        var client = await sample.Factory.LoginAsync("leader");
        var village = await BusyVillageAsync(client);
        var list = await client.GraphQLAsync($"{{ households(villageCode: \"{village}\", first: 25) {{ nodes {{ {HouseholdFields} }} }} }}");
        Assert.False(list.HasErrors, list.ToString());
        var nodes = list.Data.GetProperty("households").GetProperty("nodes").EnumerateArray().ToList();
        Assert.True(nodes.Count >= 10, "too few households to prove anything");
        Assert.Contains(nodes, n => n.GetProperty("idNumber").ValueKind == JsonValueKind.String);
        foreach (var n in nodes)
        {
            var one = await client.GraphQLAsync($"{{ household(id: \"{n.GetProperty("id").GetString()}\") {{ {HouseholdFields} }} }}");
            Assert.Equal(one.Data.GetProperty("household").GetRawText(), n.GetRawText());
        }
    }

    [Fact]
    public async Task Member_lists_with_few_columns_match_whole_rows_through_fragments_and_edges()
    {
        var client = await sample.Factory.LoginAsync("leader");
        // The small sample has about one member per village: the county-wide list.
        var list = await client.GraphQLAsync(
            $"query {{ partyMembers(first: 20) {{ edges {{ node {{ ...M }} }} }} }} fragment M on PartyMember {{ {MemberFields} }}");
        Assert.False(list.HasErrors, list.ToString());
        var nodes = list.Data.GetProperty("partyMembers").GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("node")).ToList();
        Assert.True(nodes.Count >= 3, "too few members to prove anything");
        Assert.All(nodes, n => Assert.False(string.IsNullOrEmpty(n.GetProperty("name").GetString())));
        foreach (var n in nodes)
        {
            var one = await client.GraphQLAsync($"{{ partyMember(id: \"{n.GetProperty("id").GetString()}\") {{ {MemberFields} }} }}");
            Assert.Equal(one.Data.GetProperty("partyMember").GetRawText(), n.GetRawText());
        }
    }

    private static async Task<string> BusyVillageAsync(HttpClient client)
    {
        var r = await client.GraphQLAsync("{ villages(first: 500) { code households(first: 1) { totalCount } } }");
        return r.Data.GetProperty("villages").EnumerateArray()
            .OrderByDescending(v => v.GetProperty("households").GetProperty("totalCount").GetInt32())
            .First().GetProperty("code").GetString()!;
    }
}
