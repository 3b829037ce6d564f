using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Npgsql;

namespace GridGov.Api.Tests;

/// <summary>
/// Nested relations on the direct path — a household's <c>currentLink { member }</c>, a member's <c>households</c>, a
/// cell's <c>households</c> — answer the same bytes as the usual path's loaders for every caller, keep to the caller's
/// area and to each loader's rule on ended households, and cost one round trip however many parents.
/// </summary>
[Collection(DirectReadsFixture.Collection)]
public class DirectNestedReadsTests(DirectReadsFixture f)
{
    private const string LinkFields = "id validFrom validTo basis locked distanceMeters explanation createdBy endedBy endReason __typename";
    private const string MemberFields = "id name gender birthYear phone status capacity joinedOn probationary geometry bbox __typename";
    private const string HouseholdFields = "id headName householdNo address assistance size povertyStatus source idNumber phone geometry bbox endedAt endReason __typename";

    public static TheoryData<string> Callers => new() { "county", "town", "secretary", "read-key", "pii-key" };

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task Nested_relations_are_the_same_bytes_both_ways(string who)
    {
        var (direct, usual) = await f.ClientsAsync(who);
        var township = f.Village[..9] + "000";
        foreach (var (query, variables) in new (string, object?)[]
                 {
                     ($"{{ households(villageCode: \"{f.Village}\", first: 500) {{ nodes {{ id headName currentLink {{ {LinkFields} member {{ {MemberFields} }} }} }} }} }}", null),
                     ($"{{ households(areaCode: \"{township}\", first: 200) {{ totalCount nodes {{ id currentLink {{ member {{ id name }} }} }} }} }}", null),
                     ($"{{ partyMembers(villageCode: \"{f.Village}\", first: 100) {{ totalCount nodes {{ id name households {{ {HouseholdFields} }} }} }} }}", null),
                     ($"{{ partyMembers(areaCode: \"{township}\", status: ACTIVE, first: 100) {{ nodes {{ id households {{ id headName }} }} }} }}", null),
                     ("query($v: String!, $crs: CRS) { gridCells(villageCode: $v) { id name leader { name } households { id headName geometry(crs: $crs) } } }",
                         new { v = f.Village, crs = "EPSG_4545" }),
                 })
        {
            var r = await DirectReadsFixture.CompareAsync(direct, usual, query, variables);
            Assert.True(r.Direct, query + " → " + r.Body);
            Assert.DoesNotContain("\"errors\"", r.Body);
        }

        // Pages, edges and nodes side by side (two child statements), fragments, aliases.
        const string Paged = """
            query($v: String!, $first: Int, $after: String) {
              households(villageCode: $v, first: $first, after: $after) {
                pageInfo { endCursor hasPreviousPage }
                edges { cursor node { id ...L } }
                nodes { now: currentLink { id member { name } } }
              }
            }
            fragment L on Household { currentLink { basis explanation member { ...M } } }
            fragment M on PartyMember { id status }
            """;
        var first = await DirectReadsFixture.CompareAsync(direct, usual, Paged, new { v = f.Village, first = 5 });
        Assert.True(first.Direct, first.Body);
        var end = JsonDocument.Parse(first.Body).RootElement.GetProperty("data").GetProperty("households")
            .GetProperty("pageInfo").GetProperty("endCursor").GetString();
        var second = await DirectReadsFixture.CompareAsync(direct, usual, Paged, new { v = f.Village, first = 5, after = end });
        Assert.True(second.Direct, second.Body);
        Assert.Contains("\"hasPreviousPage\":true", second.Body);
        Assert.Contains("\"member\":{", second.Body);
    }

    [Fact]
    public async Task Nested_relations_keep_to_the_caller_s_area_and_to_each_loader_s_rule_on_ended_households()
    {
        var households = $"{{ households(villageCode: \"{f.Village}\", first: 500) {{ nodes {{ id currentLink {{ id member {{ id }} }} }} }} }}";
        var members = $"{{ partyMembers(villageCode: \"{f.Village}\", first: 500) {{ nodes {{ id households {{ id }} }} }} }}";
        var cells = $"{{ gridCells(villageCode: \"{f.Village}\") {{ id households {{ id }} }} }}";
        async Task<JsonElement> DirectAsync(string who, string query)
        {
            var (direct, usual) = await f.ClientsAsync(who);
            var r = await DirectReadsFixture.CompareAsync(direct, usual, query, null);
            Assert.True(r.Direct, r.Body);
            return JsonDocument.Parse(r.Body).RootElement.GetProperty("data");
        }
        static JsonElement Node(JsonElement list, long id) =>
            list.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("id").GetString() == id.ToString());
        static List<string> Ids(JsonElement array) => array.EnumerateArray().Select(h => h.GetProperty("id").GetString()!).ToList();

        // The link's member lives in another township: the county sees them, the village's secretary and township do not.
        Assert.Equal(JsonValueKind.Object, Node((await DirectAsync("county", households)).GetProperty("households"), f.CrossHousehold)
            .GetProperty("currentLink").GetProperty("member").ValueKind);
        foreach (var who in new[] { "secretary", "town" })
        {
            var link = Node((await DirectAsync(who, households)).GetProperty("households"), f.CrossHousehold).GetProperty("currentLink");
            Assert.Equal(JsonValueKind.Object, link.ValueKind);
            Assert.Equal(JsonValueKind.Null, link.GetProperty("member").ValueKind);
        }

        // The member also looks after a house of the other township: listed for the county only.
        var countyOwn = Ids(Node((await DirectAsync("county", members)).GetProperty("partyMembers"), f.CrossMember).GetProperty("households"));
        var secretaryOwn = Ids(Node((await DirectAsync("secretary", members)).GetProperty("partyMembers"), f.CrossMember).GetProperty("households"));
        Assert.Equal(secretaryOwn.Count + 1, countyOwn.Count);
        Assert.All(secretaryOwn, id => Assert.Contains(id, countyOwn));

        // The ended household keeps its open link: a member's households list it (as the loader does), a cell's do not.
        var linked = (await DirectAsync("secretary", members)).GetProperty("partyMembers").GetProperty("nodes").EnumerateArray()
            .SelectMany(m => Ids(m.GetProperty("households"))).ToList();
        Assert.Contains(f.EndedHousehold.ToString(), linked);
        var inCells = (await DirectAsync("secretary", cells)).GetProperty("gridCells").EnumerateArray()
            .SelectMany(c => Ids(c.GetProperty("households"))).ToList();
        Assert.NotEmpty(inCells);
        Assert.DoesNotContain(f.EndedHousehold.ToString(), inCells);
    }

    [Fact]
    public async Task A_larger_page_of_nested_lists_than_the_one_learnt_goes_the_usual_way()
    {
        var (direct, usual) = await f.ClientsAsync("county");
        const string Query = "query($v: String!, $n: Int) { partyMembers(villageCode: $v, first: $n) { nodes { id households { id headName } } } }";
        // Learnt with 3: the usual path costed (TOO_COMPLEX or not) a page of 3 with its nested lists.
        var larger = await DirectReadsFixture.CompareAsync(direct, usual, Query, new { v = f.Village, n = 10 }, teach: new { v = f.Village, n = 3 });
        Assert.False(larger.Direct, larger.Body);
        var smaller = await DirectReadsFixture.CompareAsync(direct, usual, Query, new { v = f.Village, n = 2 });
        Assert.True(smaller.Direct, smaller.Body);
        Assert.Contains("\"households\":[{", smaller.Body);
    }

    [Fact]
    public async Task A_party_member_s_nested_relations_go_the_usual_way()
    {
        var (direct, usual) = await f.ClientsAsync("member");
        var r = await DirectReadsFixture.CompareAsync(direct, usual,
            $"{{ households(villageCode: \"{f.Village}\", first: 50) {{ nodes {{ id currentLink {{ member {{ name }} }} }} }} }}", null);
        Assert.False(r.Direct, r.Body);
        Assert.Contains("\"currentLink\":{", r.Body);
    }

    /// <summary>Counts the commands Npgsql sends to the fixture's database while <paramref name="act"/> runs.</summary>
    private async Task<int> CountCommands(Func<Task> act) => (await NpgsqlCommands.SentAsync(f.ConnectionString, act)).Count;

    /// <summary>
    /// A household's current link and its member are left joins of the page statement itself (one scan of the page), not a
    /// child statement that runs the page again as its subquery; a list of children keeps its own statement.
    /// </summary>
    [Fact]
    public async Task A_single_child_is_joined_into_the_page_statement_and_a_list_has_its_own()
    {
        var direct = f.Direct.WithKey(f.ReadKey);
        async Task<List<string>> Statements(string query)
        {
            await DirectReadsFixture.PostAsync(direct, query, null); // learns
            (string Body, bool Direct, int Status) r = default;
            var texts = await NpgsqlCommands.SentAsync(f.ConnectionString, async () => r = await DirectReadsFixture.PostAsync(direct, query, null));
            Assert.True(r.Direct, r.Body);
            Assert.DoesNotContain("\"errors\"", r.Body);
            // A batch's text holds its statements one after the other; each begins with SELECT.
            return [.. texts.SelectMany(t => t.Split("SELECT ", StringSplitOptions.RemoveEmptyEntries)).Where(t => !t.StartsWith("count(*)", StringComparison.Ordinal))];
        }
        var single = await Statements($"{{ households(villageCode: \"{f.Village}\", first: 20) {{ totalCount nodes {{ id currentLink {{ basis member {{ name }} }} }} }} }}");
        Assert.True(single.Count(t => t.Contains("LEFT JOIN links", StringComparison.Ordinal)) == 1, string.Join("\n", single));
        Assert.DoesNotContain(single, t => t.Contains(") p ", StringComparison.Ordinal));
        var list = await Statements($"{{ partyMembers(villageCode: \"{f.Village}\", first: 20) {{ nodes {{ id households {{ id }} }} }} }}");
        Assert.Contains(list, t => t.Contains(") p ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("query($v: String!, $n: Int) { households(villageCode: $v, first: $n) { totalCount nodes { id currentLink { basis member { name } } } } }")]
    [InlineData("query($v: String!, $n: Int) { partyMembers(villageCode: $v, first: $n) { nodes { id name households { id headName } } } }")]
    public async Task A_page_with_nested_relations_costs_one_round_trip_however_many_parents(string query)
    {
        var direct = f.Direct.WithKey(f.ReadKey);
        await DirectReadsFixture.PostAsync(direct, query, new { v = f.Village, n = 100 }); // learns; caches the key
        var counts = new List<int>();
        foreach (var n in new[] { 3, 100 })
        {
            (string Body, bool Direct, int Status) r = default;
            counts.Add(await CountCommands(async () => r = await DirectReadsFixture.PostAsync(direct, query, new { v = f.Village, n })));
            Assert.True(r.Direct, r.Body);
        }
        // The page, its count and its children: one batch, one round trip, for 3 parents as for 100.
        Assert.Equal([1, 1], counts);
    }
}
