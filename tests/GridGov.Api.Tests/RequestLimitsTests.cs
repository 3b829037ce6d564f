using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GridGov.Api.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GridGov.Api.Tests;

/// <summary>Issue 16, items 1–3 and 7: what one request may take, checked before it runs.</summary>
public class RequestLimitsTests(TestCountyFixture county) : IClassFixture<TestCountyFixture>
{
    private static async Task<(int Status, string Body)> PostRawAsync(HttpClient client, string query, object? variables = null)
    {
        var res = await client.PostAsJsonAsync("/graphql", new { query, variables });
        return ((int)res.StatusCode, await res.Content.ReadAsStringAsync());
    }

    private static string? FirstCode(string body) =>
        JsonDocument.Parse(body).RootElement.TryGetProperty("errors", out var e) && e.GetArrayLength() > 0
            && e[0].TryGetProperty("extensions", out var x) && x.TryGetProperty("code", out var c) ? c.GetString() : null;

    [Fact]
    public async Task Conflicting_fields_anonymous_are_refused_with_a_small_answer()
    {
        // 800 fields under one response name that cannot merge: quadratic work and one error per pair before.
        var query = "{ " + string.Join(" ", Enumerable.Range(0, 800).Select(i => i % 2 == 0 ? "a: villages { code }" : "a: townships { name }")) + " }";
        var (status, body) = await PostRawAsync(county.Factory.CreateClient(), query);
        Assert.Equal(400, status);
        Assert.Equal("TOO_COMPLEX", FirstCode(body));
        Assert.True(body.Length < 10_000, $"answer of {body.Length} characters");
    }

    [Theory]
    [InlineData(16_000, "me { role }")]          // over the size limit
    [InlineData(900, "__typename")]              // under it, but 900 root fields
    [InlineData(70, "x: villages { code }")]      // aliases beyond the root field limit
    public async Task Repeated_fields_are_refused_before_validation(int repeats, string field)
    {
        var query = "{ " + string.Join(" ", Enumerable.Range(0, repeats).Select(i => field.StartsWith("x:") ? $"x{i}{field[1..]}" : field)) + " }";
        var (status, body) = await PostRawAsync(await county.Factory.LoginAsync("county"), query);
        Assert.Equal(400, status);
        Assert.Equal("TOO_COMPLEX", FirstCode(body));
    }

    [Fact]
    public async Task A_fragment_bomb_is_counted_expanded()
    {
        // Each fragment spreads the previous one ten times: 10^6 fields in a few hundred characters.
        var sb = new StringBuilder("{ villages { ...F5 } } fragment F0 on Village { code } ");
        for (var i = 1; i <= 5; i++)
            sb.Append($"fragment F{i} on Village {{ {string.Join(" ", Enumerable.Repeat($"...F{i - 1}", 10))} }} ");
        var (status, body) = await PostRawAsync(await county.Factory.LoginAsync("county"), sb.ToString());
        Assert.Equal(400, status);
        Assert.Equal("TOO_COMPLEX", FirstCode(body));
    }

    [Theory]
    [InlineData(40)]
    [InlineData(150)]
    [InlineData(2000)]
    public async Task Deep_nesting_is_too_complex_not_internal(int levels)
    {
        var query = string.Concat(Enumerable.Repeat("{ villages ", levels)) + "{ code }" + new string('}', levels);
        var (status, body) = await PostRawAsync(county.Factory.CreateClient(), query);
        Assert.Equal(400, status);
        Assert.Equal("TOO_COMPLEX", FirstCode(body));
    }

    [Fact]
    public async Task Nested_lists_cost_what_the_county_has()
    {
        var client = await county.Factory.LoginAsync("county");
        // Under the old flat 10 rows a list this cost 10·10·10… and ran (36 s and 7 GB on the sample county).
        var nested = await client.GraphQLAsync("{ villages { township { villages { township { villages { township { villages { code } } } } } } } }");
        Assert.Equal("TOO_COMPLEX", nested.FirstCode);
        // What the viewer and other systems ask stays within the budget.
        var usual = await client.GraphQLAsync("{ townships { code villages { code name gridCells { id name } } } }");
        Assert.Null(usual.FirstCode);
        Assert.Equal(2, usual.Data.GetProperty("townships").GetArrayLength());
    }

    [Fact]
    public async Task Many_aliases_share_a_few_connections()
    {
        const string app = "gridgov-limits-aliases";
        var cs = new NpgsqlConnectionStringBuilder(county.ConnectionString) { ApplicationName = app }.ConnectionString;
        await using var factory = new ApiFactory(cs);
        var client = await factory.LoginAsync("county");
        var query = "{ " + string.Join(" ", Enumerable.Range(0, RequestLimits.MaxRootFields).Select(i =>
            $"v{i}: village(code: \"{TestCounty.A1}\") {{ code gridCells {{ id name leader {{ name }} }} }}")) + " }";
        var r = await client.GraphQLAsync(query);
        Assert.Null(r.FirstCode);
        Assert.Equal("520625101001", r.Data.GetProperty("v63").GetProperty("code").GetString());
        // The pool only grows when connections are needed at once: it holds the most this request used together.
        await using var conn = new NpgsqlConnection(county.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE application_name = @a", conn);
        cmd.Parameters.AddWithValue("a", app);
        var open = (long)(await cmd.ExecuteScalarAsync())!;
        Assert.InRange(open, 1, RequestLimits.MaxConnectionsPerRequest + 1);
    }

    [Fact]
    public async Task The_pool_leaves_room_and_the_statement_timeout_cancels_in_the_server()
    {
        await using var factory = new ApiFactory(county.ConnectionString, new Dictionary<string, string> { ["Database:StatementTimeoutSeconds"] = "1" });
        var ds = factory.Services.GetRequiredService<NpgsqlDataSource>();
        Assert.Equal(DatabaseLimits.DefaultMaxPoolSize, new NpgsqlConnectionStringBuilder(ds.ConnectionString).MaxPoolSize);
        Assert.True(DatabaseLimits.DefaultMaxPoolSize <= 100 / 2, "half of PostgreSQL's default max_connections at most");
        await using var conn = await ds.OpenConnectionAsync();
        await using (var show = new NpgsqlCommand("SHOW statement_timeout", conn))
            Assert.Equal("1s", await show.ExecuteScalarAsync());
        // The server cancels the statement (SQLSTATE 57014), not just the client's wait.
        await using var sleep = new NpgsqlCommand("SELECT pg_sleep(30)", conn) { CommandTimeout = 0 };
        var e = await Assert.ThrowsAsync<PostgresException>(() => sleep.ExecuteScalarAsync());
        Assert.Equal("57014", e.SqlState);
        Assert.Equal("TOO_COMPLEX", Faults.Classify(e)!.Code);
    }

    [Fact]
    public void The_query_caches_are_bounded_by_size_and_keep_recent_entries()
    {
        var cache = new BoundedCache<string, int>(maxEntries: 1000, maxWeight: 10_000, weigh: k => k.Length);
        for (var i = 0; i < 500; i++) cache.TryAdd($"{i:D4}" + new string('x', 96), i);
        Assert.InRange(cache.Weight, 1, 10_000);
        Assert.True(cache.TryGetValue("0499" + new string('x', 96), out var last) && last == 499);
        Assert.False(cache.TryGetValue("0000" + new string('x', 96), out _));
        // An entry heavier than a tenth of the budget is never kept.
        cache.TryAdd(new string('y', 2_000), 1);
        Assert.False(cache.ContainsKey(new string('y', 2_000)));
    }

    /// <summary>
    /// The soak found it: eviction while other requests add (a snapshot of the dictionary taken by LINQ raced
    /// with the adds and threw, cutting a response). Adds from many threads keep the cache full all the time.
    /// </summary>
    [Fact]
    public async Task The_query_caches_evict_safely_while_other_requests_add()
    {
        var cache = new BoundedCache<string, int>(maxEntries: 2_000, maxWeight: 10_000_000, weigh: k => k.Length);
        var adders = Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 200_000; i++) cache.TryAdd($"{t}-{i}", i);
        }));
        await Task.WhenAll(adders);
        Assert.InRange(cache.Count, 1, 2_000);
    }

    [Fact]
    public async Task Every_answer_carries_a_correlation_id()
    {
        var client = county.Factory.CreateClient();
        var res = await client.PostAsJsonAsync("/graphql", new { query = "{ me { role } }" });
        Assert.True(res.Headers.TryGetValues(Faults.Header, out var ids) && ids.Single().Length > 0);
        using var mine = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        mine.Headers.Add(Faults.Header, "caller-42");
        Assert.Equal("caller-42", (await client.SendAsync(mine)).Headers.GetValues(Faults.Header).Single());
    }
}
