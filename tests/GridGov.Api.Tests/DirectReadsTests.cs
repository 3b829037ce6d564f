using System.Net.Http.Json;
using System.Text.Json;
using GridGov.Domain.Access;
using GridGov.Sample;
using GridGov.Testing;
using Npgsql;

namespace GridGov.Api.Tests;

/// <summary>
/// The direct path (one SQL statement per list, JSON written straight) must answer exactly as the
/// usual GraphQL execution does — the same bytes — for every role, and leave to it whatever it is not
/// sure of: other roles, foreign or unknown villages, bad cursors and limits, unexpected variables.
/// </summary>
[Collection(DirectReadsFixture.Collection)]
public class DirectReadsTests(DirectReadsFixture f)
{
    private const string HouseholdNodes = "id headName size povertyStatus source idNumber phone geometry bbox";

    private Task<(HttpClient Direct, HttpClient Usual)> ClientsAsync(string who) => f.ClientsAsync(who);

    private static Task<(string Body, bool Direct, int Status)> PostAsync(HttpClient client, string query, object? variables) =>
        DirectReadsFixture.PostAsync(client, query, variables);

    private static Task<(string Body, bool Direct)> CompareAsync(HttpClient direct, HttpClient usual, string query, object? variables,
        object? teach = null) => DirectReadsFixture.CompareAsync(direct, usual, query, variables, teach);

    public static TheoryData<string> Callers => new() { "county", "town", "secretary", "read-key", "pii-key" };

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task Household_pages_are_the_same_bytes_both_ways(string who)
    {
        var (direct, usual) = await ClientsAsync(who);
        var nodes = await CompareAsync(direct, usual,
            $"{{ households(villageCode: \"{f.Village}\", first: 7) {{ nodes {{ {HouseholdNodes} }} }} }}", null);
        Assert.True(nodes.Direct, nodes.Body);

        const string Paged = """
            query Page($v: String!, $first: Int, $after: String, $crs: CRS) {
              households(villageCode: $v, first: $first, after: $after) {
                __typename totalCount
                pageInfo { hasNextPage hasPreviousPage startCursor endCursor __typename }
                edges { __typename cursor node { ...H geometry(crs: EPSG_4545) bbox(crs: $crs) } }
              }
            }
            fragment H on Household { id headName povertyStatus phone idNumber }
            """;
        var first = await CompareAsync(direct, usual, Paged, new { v = f.Village, first = 5, crs = "GCJ02" });
        Assert.True(first.Direct, first.Body);
        var end = JsonDocument.Parse(first.Body).RootElement.GetProperty("data").GetProperty("households")
            .GetProperty("pageInfo").GetProperty("endCursor").GetString();
        var second = await CompareAsync(direct, usual, Paged, new { v = f.Village, first = 5, after = end, crs = "EPSG_3857" });
        Assert.True(second.Direct, second.Body);
        Assert.Contains("\"hasPreviousPage\":true", second.Body);
    }

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task Member_pages_and_cells_with_leaders_are_the_same_bytes_both_ways(string who)
    {
        var (direct, usual) = await ClientsAsync(who);
        var members = await CompareAsync(direct, usual, $$"""
            { partyMembers(villageCode: "{{f.Village}}", first: 50) { totalCount nodes { ...M } edges { cursor node { ...M } } } }
            fragment M on PartyMember { id name gender birthYear phone status capacity joinedOn geometry(crs: EPSG_3857) bbox __typename }
            """, null);
        Assert.True(members.Direct, members.Body);

        var cells = await CompareAsync(direct, usual, """
            query($v: String!, $crs: CRS = EPSG_4490) {
              gridCells(villageCode: $v) { id name version updatedAt source areaSquareMeters geometry(crs: $crs) bbox
                boss: leader { id name phone status capacity geometry __typename } __typename }
            }
            """, new { v = f.Village });
        Assert.True(cells.Direct, cells.Body);
        Assert.Contains("\"boss\":{", cells.Body);

        // Only the leader's id (no column of its own beyond the key) still joins the leader.
        var ids = await CompareAsync(direct, usual, $"{{ gridCells(villageCode: \"{f.Village}\") {{ id leader {{ id }} }} }}", null);
        Assert.True(ids.Direct, ids.Body);
        Assert.Contains("\"leader\":{\"id\":", ids.Body);

        // Several roots, aliases, the root __typename, different fields in nodes and edges, a variable left out.
        var mixed = await CompareAsync(direct, usual, $$"""
            query($crs: CRS) { __typename a: gridCells(villageCode: "{{f.Village}}") { id leader { name } bbox(crs: $crs) }
              b: households(villageCode: "{{f.Village}}", first: 3) { nodes { id } edges { node { headName geometry(crs: $crs) } } }
              c: partyMembers(villageCode: "{{f.Village}}", first: 2) { pageInfo { hasNextPage } } }
            """, null);
        Assert.True(mixed.Direct, mixed.Body);
    }

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task Area_status_unlinked_and_changed_since_filters_are_the_same_bytes_both_ways(string who)
    {
        var (direct, usual) = await ClientsAsync(who);
        var township = f.Village[..9] + "000";
        foreach (var (query, variables) in new (string, object?)[]
                 {
                     ($"{{ households(areaCode: \"{township}\", unlinked: true, first: 20) {{ totalCount nodes {{ id headName }} }} }}", null),
                     ($"{{ households(villageCode: \"{f.Village}\", unlinked: false, first: 20) {{ totalCount pageInfo {{ endCursor }} nodes {{ id }} }} }}", null),
                     ($"{{ households(villageCode: \"{f.Village}\", unlinked: true, first: 20) {{ totalCount nodes {{ id headName }} }} }}", null),
                     ("{ households(first: 10) { totalCount nodes { id } } }", null),
                     ("query($a: String, $u: Boolean) { households(areaCode: $a, unlinked: $u, first: 10) { totalCount nodes { id } } }", new { a = township, u = true }),
                     ("query($a: String!, $s: MemberStatus) { partyMembers(areaCode: $a, status: $s, first: 10) { totalCount nodes { id status } } }", new { a = "520625000000", s = "ACTIVE" }),
                     ($"{{ partyMembers(villageCode: \"{f.Village}\", status: ACTIVE, first: 10) {{ nodes {{ id name }} }} }}", null),
                     ("query($t: DateTimeOffset) { gridCells(changedSince: $t) { id name leader { name } } }", new { t = "2020-01-01T00:00:00+08:00" }),
                 })
        {
            var r = await CompareAsync(direct, usual, query, variables);
            // Every list here has rows (the fixture made sure the village has an unlinked household): all direct.
            Assert.True(r.Direct, query + " → " + r.Body);
            Assert.DoesNotContain("\"errors\"", r.Body);
            Assert.DoesNotContain("\"nodes\":[]", r.Body);
        }
        // Another township's area is FORBIDDEN to a township leader or secretary; cells need a filter: the usual errors.
        var other = await CompareAsync(direct, usual, "query($a: String) { households(areaCode: $a, first: 10) { nodes { id } } }",
            new { a = f.ForeignVillage[..9] + "000" }, teach: new { a = township });
        Assert.Equal(who is "town" or "secretary", other.Body.Contains("FORBIDDEN"));
        var none = await CompareAsync(direct, usual, "query($v: String) { gridCells(villageCode: $v) { id } }", new { v = (string?)null },
            teach: new { v = f.Village });
        Assert.False(none.Direct);
        Assert.Contains("VALIDATION", none.Body);
    }

    /// <summary>Every field of the schema's node types, alone: each leaf field of a household, member and cell, and each of the leader's.</summary>
    [Fact]
    public async Task Every_field_alone_is_the_same_bytes_both_ways()
    {
        var (direct, usual) = await ClientsAsync("secretary");
        async Task<List<string>> LeavesAsync(string type)
        {
            var (body, _, _) = await PostAsync(direct, "query($t: String!) { __type(name: $t) { fields { name args { type { kind } } type { kind ofType { kind ofType { kind ofType { kind ofType { kind } } } } } } } }", new { t = type });
            var leaves = new List<string>();
            foreach (var field in JsonDocument.Parse(body).RootElement.GetProperty("data").GetProperty("__type").GetProperty("fields").EnumerateArray())
            {
                // The innermost kind: SCALAR or ENUM (through NON_NULL and LIST) is a leaf; required arguments are left out.
                var t = field.GetProperty("type");
                while (t.GetProperty("kind").GetString() is "NON_NULL" or "LIST") t = t.GetProperty("ofType");
                if (t.GetProperty("kind").GetString() is "SCALAR" or "ENUM"
                    && field.GetProperty("args").EnumerateArray().All(a => a.GetProperty("type").GetProperty("kind").GetString() != "NON_NULL"))
                    leaves.Add(field.GetProperty("name").GetString()!);
            }
            return leaves;
        }
        var shapes = new List<string>();
        foreach (var leaf in await LeavesAsync("Household"))
            shapes.Add($"{{ households(villageCode: \"{f.Village}\", first: 30) {{ nodes {{ {leaf} }} }} }}");
        foreach (var leaf in await LeavesAsync("PartyMember"))
        {
            shapes.Add($"{{ partyMembers(villageCode: \"{f.Village}\", first: 30) {{ edges {{ node {{ {leaf} }} }} }} }}");
            shapes.Add($"{{ gridCells(villageCode: \"{f.Village}\") {{ leader {{ {leaf} }} }} }}");
        }
        foreach (var leaf in await LeavesAsync("GridCell"))
            shapes.Add($"{{ gridCells(villageCode: \"{f.Village}\") {{ {leaf} }} }}");
        Assert.True(shapes.Count > 25, string.Join("\n", shapes));
        foreach (var q in shapes)
        {
            var r = await CompareAsync(direct, usual, q, null);
            Assert.True(r.Direct, q + " → " + r.Body);
        }
    }

    /// <summary>Many callers at once with the same text: each gets its own answer (masking, area), nothing leaks between requests.</summary>
    [Fact]
    public async Task Concurrent_callers_each_get_their_own_answer()
    {
        const string Query = "query($v: String!) { households(villageCode: $v, first: 40) { totalCount nodes { id idNumber phone geometry(crs: EPSG_4545) } } }";
        var variables = new { v = f.Village };
        var callers = new List<(HttpClient Direct, string Expected)>();
        foreach (var who in new[] { "county", "town", "secretary", "read-key", "pii-key" })
        {
            var (direct, usual) = await ClientsAsync(who);
            await PostAsync(direct, Query, variables); // teaches the direct server
            callers.Add((direct, (await PostAsync(usual, Query, variables)).Body));
        }
        Assert.True(callers.Select(c => c.Expected).Distinct().Count() >= 2, "masked and clear answers should differ");
        var runs = await Task.WhenAll(Enumerable.Range(0, 100).Select(async i =>
        {
            var (client, expected) = callers[i % callers.Count];
            var (body, direct, _) = await PostAsync(client, Query, variables);
            return (Ok: body == expected, direct);
        }));
        Assert.All(runs, r => Assert.True(r.Ok));
        Assert.All(runs, r => Assert.True(r.direct));
    }

    [Fact]
    public async Task Personal_data_are_masked_on_the_direct_path_unless_the_role_needs_them()
    {
        var query = $"{{ households(villageCode: \"{f.Village}\", first: 100) {{ nodes {{ id idNumber phone }} }} }}";
        async Task<List<string?>> IdNumbersAsync(HttpClient c)
        {
            await PostAsync(c, query, null);
            var (body, direct, _) = await PostAsync(c, query, null);
            Assert.True(direct, body);
            return JsonDocument.Parse(body).RootElement.GetProperty("data").GetProperty("households").GetProperty("nodes")
                .EnumerateArray().Select(n => n.GetProperty("idNumber").GetString()).Where(s => s is not null).ToList();
        }
        var masked = await IdNumbersAsync(await f.Direct.LoginAsync("t-county"));
        var clear = await IdNumbersAsync(await f.Direct.LoginAsync("t-secretary"));
        Assert.NotEmpty(masked);
        Assert.All(masked, s => Assert.Matches(@"^\d{4}\*{10}[\dX]{4}$", s));
        Assert.All(clear, s => Assert.Matches(@"^\d{17}[\dX]$", s));
        Assert.Equal(masked.Count, clear.Count);
    }

    [Fact]
    public async Task What_it_is_not_sure_of_goes_the_usual_way_with_the_usual_answer()
    {
        var (direct, usual) = await ClientsAsync("town");
        const string Members = "query($v: String!, $first: Int, $after: String) { partyMembers(villageCode: $v, first: $first, after: $after) { nodes { id name } } }";
        var good = new { v = f.Village, first = 5 };
        // A village of another township: an empty list for this caller.
        var foreign = await CompareAsync(direct, usual, Members, new { v = f.ForeignVillage, first = 5 }, teach: good);
        Assert.False(foreign.Direct);
        Assert.Contains("\"nodes\":[]", foreign.Body);
        // Bad limits, cursors and variables: the usual errors.
        foreach (var bad in new object[]
                 {
                     new { v = f.Village, first = 501 }, new { v = f.Village, first = -1 },
                     new { v = f.Village, first = 5, after = "not-a-cursor" }, new { v = f.Village, first = "five" },
                     new { v = 520625, first = 5 },
                 })
        {
            var r = await CompareAsync(direct, usual, Members, bad, teach: good);
            Assert.False(r.Direct, r.Body);
            Assert.Contains("\"errors\"", r.Body);
        }
        // An unknown village of the right form: cells say NOT_FOUND, lists are empty.
        var unknown = await CompareAsync(direct, usual, "query($v: String!) { gridCells(villageCode: $v) { id } }",
            new { v = f.Village[..9] + "999" }, teach: new { v = f.Village });
        Assert.False(unknown.Direct);
        Assert.Contains("NOT_FOUND", unknown.Body);

        // A party member sees only the households linked to them: always the usual path.
        var (memberDirect, memberUsual) = await ClientsAsync("member");
        var own = await CompareAsync(memberDirect, memberUsual, $"{{ households(villageCode: \"{f.Village}\", first: 50) {{ nodes {{ id }} }} }}", null);
        Assert.False(own.Direct, own.Body);
    }

    [Theory]
    [InlineData("{ households(villageCode: \"V\", first: 3) { nodes { id village { code } } } }")] // an object field it does not join
    [InlineData("{ households(villageCode: \"V\", first: 3) { nodes { id headName @include(if: true) } } }")] // a directive
    [InlineData("{ gridCells(villageCode: \"V\") { id households { id currentLink { id } } } }")] // a relation below a nested list
    [InlineData("{ partyMembers(villageCode: \"V\", first: 3) { nodes { id } } me { role } }")] // another root
    public async Task Shapes_it_does_not_compile_go_the_usual_way(string query)
    {
        var (direct, usual) = await ClientsAsync("county");
        var r = await CompareAsync(direct, usual, query.Replace("\"V\"", $"\"{f.Village}\""), null);
        Assert.False(r.Direct, r.Body);
        Assert.DoesNotContain("\"errors\"", r.Body);
    }
}
