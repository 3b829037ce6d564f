using GridGov.Domain.Access;
using GridGov.Testing;

namespace GridGov.Api.Tests;

/// <summary>
/// Who may keep which roster: the county's organisation department over its county, a secretary over their own
/// village, a `write` key over its area; leaders, members and reading keys never. Each case on a fresh database.
/// </summary>
public class RosterAccessTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    public static readonly Dictionary<string, string> Mutations = new()
    {
        ["createHousehold"] = "mutation { createHousehold(input: {villageCode: \"520625101001\", householdNo: \"M-1\", headName: \"田七\"}) { household { id } } }",
        ["updateHousehold"] = "mutation { updateHousehold(id: 4, input: {size: 6}) { household { id } } }",
        ["addMember"] = "mutation { addMember(input: {name: \"田小军\", idNumber: \"" + RosterTests.ValidId("52062519950101003") + "\", villageCode: \"520625101001\"}) { member { id } } }",
        ["updateMember"] = "mutation { updateMember(id: 3, input: {phone: \"13912345678\"}) { member { id } } }",
        // To a village of the same township: roster rights over both villages are needed.
        ["moveMember"] = "mutation { moveMember(id: 3, villageCode: \"520625101002\") { member { id } } }",
    };

    /// <summary>What each caller may do; every other mutation is refused.</summary>
    public static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["zzb"] = [.. Mutations.Keys],
        ["sec-a1"] = ["createHousehold", "updateHousehold", "addMember", "updateMember"],
        ["key:write:A1"] = ["createHousehold", "updateHousehold", "addMember", "updateMember"],
        ["key:write:TownA"] = [.. Mutations.Keys],
        ["sec-b1"] = [], ["town-a"] = [], ["county"] = [], ["member-2"] = [], ["zzb-other"] = [],
        ["key:read,read-pii:A1"] = [], ["key:write:TownB"] = [],
    };

    public static TheoryData<string> Callers() => [.. Allowed.Keys];

    /// <summary>One database per caller; the five mutations run in order and touch different rows.</summary>
    [Theory]
    [MemberData(nameof(Callers))]
    public async Task Roster_mutations_follow_the_role_and_area(string caller)
    {
        var cs = await TestCounty.CreateAsync(pg);
        await ApiClient.AddUserAsync(cs, "zzb", Role.CountyAdmin, TestCounty.County);
        await RosterTests.Scalar(cs, """
            INSERT INTO areas (code, level, name, parent_code, boundary_source, is_deep_poverty) VALUES ('522226000000', 'county', '外县', NULL, 'real', false)
            """);
        await ApiClient.AddUserAsync(cs, "zzb-other", Role.CountyAdmin, "522226000000");
        using var factory = new ApiFactory(cs);
        HttpClient client;
        if (caller.StartsWith("key:", StringComparison.Ordinal))
        {
            var parts = caller.Split(':');
            var area = parts[2] switch { "A1" => TestCounty.A1, "TownA" => TestCounty.TownA, _ => TestCounty.TownB };
            client = factory.WithKey(await ApiClient.AddApiKeyAsync(cs, "k", parts[1].Split(','), area));
        }
        else client = await factory.LoginAsync(caller);

        foreach (var (mutation, query) in Mutations)
        {
            var r = await client.GraphQLAsync(query);
            var audited = Convert.ToInt64(await RosterTests.Scalar(cs, $"SELECT count(*) FROM audit_events WHERE action = '{mutation}'"));
            if (Allowed[caller].Contains(mutation))
            {
                Assert.False(r.HasErrors, mutation + ": " + r);
                Assert.True(audited > 0, mutation);
            }
            else
            {
                Assert.True(r.FirstCode == "FORBIDDEN", mutation + ": " + r);
                Assert.Equal(0, audited);
            }
        }
    }
}
