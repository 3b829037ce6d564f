using System.Collections.Concurrent;
using System.Diagnostics;
using GridGov.Domain.Access;
using GridGov.Sample;
using GridGov.Testing;
using Npgsql;

namespace GridGov.Api.Tests;

/// <summary>A small generated county: enough villages, cells and links to show batching.</summary>
public sealed class SmallSampleFixture : IAsyncLifetime
{
    private readonly PostgisFixture _pg = new();
    public string ConnectionString { get; private set; } = "";
    public ApiFactory Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _pg.InitializeAsync();
        ConnectionString = await SampleDatabases.CreateAsync(_pg, "batch", new SampleOptions
        {
            GeodataFolder = GeodataSource.ResolveFolder(null), Households = 2500, AsOf = new DateOnly(2026, 11, 1),
        });
        await ApiClient.AddUserAsync(ConnectionString, "leader", Role.CountyLeader, "520625000000");
        // The counted SQL must not depend on how fast the machine is: with the default 5-second session check, a
        // loaded machine let it expire between two counted calls and the second one paid one statement more.
        Factory = new ApiFactory(ConnectionString, new Dictionary<string, string> { ["Auth:SessionCheckSeconds"] = "3600" });
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await _pg.DisposeAsync();
    }
}

/// <summary>Nested fields are batched: the SQL count of a deep query does not grow with the parents.</summary>
public class BatchingTests(SmallSampleFixture sample) : IClassFixture<SmallSampleFixture>
{
    private const string Deep = "query($n: Int) { villages(first: $n) { code gridCells { id households { id currentLink { member { id name } } } } } }";

    /// <summary>Counts the commands Npgsql sends to this test's database while <paramref name="act"/> runs.</summary>
    private async Task<int> CountCommands(Func<Task> act) => (await NpgsqlCommands.SentAsync(sample.ConnectionString, act)).Count;

    [Fact]
    public async Task Villages_cells_households_links_members_cost_the_same_sql_for_3_or_10_villages()
    {
        var client = await sample.Factory.LoginAsync("leader");
        await client.GraphQLAsync(Deep, new { n = 1 }); // warm-up: county envelope, token, pools
        GraphQLResponse? small = null, large = null;
        var few = await CountCommands(async () => small = await client.GraphQLAsync(Deep, new { n = 3 }));
        var many = await CountCommands(async () => large = await client.GraphQLAsync(Deep, new { n = 10 }));
        Assert.False(large!.HasErrors, large.ToString());
        var households = large.Data.GetProperty("villages").EnumerateArray()
            .Sum(v => v.GetProperty("gridCells").EnumerateArray().Sum(c => c.GetProperty("households").GetArrayLength()));
        Assert.True(households > 100, $"only {households} households: the test would prove nothing");
        Assert.True(few > 0, "the listener saw no SQL");
        Assert.Equal(few, many);
        // villages, cells, households, links, members (with their person): one command each.
        Assert.InRange(many, 5, 7);
    }

    [Fact]
    public async Task A_village_s_cells_with_their_leaders_cost_one_statement()
    {
        var client = await sample.Factory.LoginAsync("leader");
        var villages = await client.GraphQLAsync("{ villages(first: 100) { code gridCells { leader { id } } } }");
        var village = villages.Data.GetProperty("villages").EnumerateArray().First(v =>
            v.GetProperty("gridCells").EnumerateArray().Any(c => c.GetProperty("leader").ValueKind != System.Text.Json.JsonValueKind.Null))
            .GetProperty("code").GetString();
        var query = $"{{ gridCells(villageCode: \"{village}\") {{ id leader {{ id name }} }} }}";
        await client.GraphQLAsync(query);
        GraphQLResponse? r = null;
        Assert.Equal(1, await CountCommands(async () => r = await client.GraphQLAsync(query)));
        // The leaders read by the join are the members the member loader would have returned.
        foreach (var cell in r!.Data.GetProperty("gridCells").EnumerateArray().Where(c => c.GetProperty("leader").ValueKind != System.Text.Json.JsonValueKind.Null))
        {
            var leader = cell.GetProperty("leader");
            var member = await client.GraphQLAsync($"{{ partyMember(id: \"{leader.GetProperty("id").GetString()}\") {{ name }} }}");
            Assert.Equal(member.Data.GetProperty("partyMember").GetProperty("name").GetString(), leader.GetProperty("name").GetString());
        }
    }
}
