using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GridGov.Domain.Access;
using GridGov.Persistence;
using GridGov.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GridGov.Api.Tests;

/// <summary>
/// PostgreSQL crashes and comes back under load (docs/reliability.md). The database is a throwaway
/// cluster of this test's own: the shared test cluster must stay up for the other test classes.
/// </summary>
public class PostgresRestartTests
{
    private sealed record Outcome(string Client, bool SentWhileDown, bool SentAfterRestart, bool Ok, string What);

    private volatile bool _down, _starting, _restarted, _stop;
    private readonly ConcurrentQueue<Outcome> _outcomes = new();
    private readonly ConcurrentDictionary<long, string> _acknowledged = new();

    [Fact]
    public async Task While_postgres_is_down_requests_get_unavailable_and_afterwards_everything_works_with_no_committed_write_lost()
    {
        await using var cluster = await ThrowawayCluster.CreateAsync();
        var cs = await cluster.CreateDatabaseAsync("gridgov");
        await using (var db = new GridGovDbContext(GridGovDb.Options(cs))) await db.Database.MigrateAsync();
        await ExecAsync(cs, TestCounty.Sql);
        await ApiClient.AddUserAsync(cs, "county", Role.CountyLeader, TestCounty.County);
        await ApiClient.AddUserAsync(cs, "sec-a1", Role.BranchSecretary, TestCounty.A1, memberId: 1);
        using var factory = new ApiFactory(cs);

        // Three secretaries' writers and three leaders' readers (lists, coverage, tiles) run throughout.
        var clients = new List<Task>();
        for (var w = 0; w < 3; w++) clients.Add(Writer($"writer{w}", await LoginAsync(factory, "sec-a1")));
        clients.Add(Reader("list", await LoginAsync(factory, "county"),
            c => Query(c, $"{{ households(villageCode: \"{TestCounty.A1}\", first: 20) {{ nodes {{ id headName }} }} }}")));
        clients.Add(Reader("coverage", await LoginAsync(factory, "county"),
            c => Query(c, $"{{ coverage(areaCode: \"{TestCounty.TownA}\") {{ households linkedHouseholds }} }}")));
        clients.Add(Reader("tiles", await LoginAsync(factory, "county"), Tile));
        var names = new[] { "writer0", "writer1", "writer2", "list", "coverage", "tiles" };

        await Until(() => _acknowledged.Count >= 15, "15 writes before the crash");
        await cluster.StopAsync("immediate");
        _down = true;
        await Until(() => names.All(n => _outcomes.Count(o => o.Client == n && o.SentWhileDown) >= 3), "three answers per client while down");

        // Outside GraphQL: 503 with the same code, and a Retry-After.
        using var anonymous = factory.CreateClient();
        var health = await anonymous.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.NotNull(health.Headers.RetryAfter);
        Assert.Equal("UNAVAILABLE", await CodeOf(health));
        var login = await anonymous.PostAsJsonAsync("/auth/token", new { username = "county", password = ApiClient.Password });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, login.StatusCode);

        _starting = true;
        await cluster.StartAsync();
        _restarted = true;
        await Until(() => names.All(n => _outcomes.Count(o => o.Client == n && o.SentAfterRestart && o.Ok) >= 5), "five answers per client after the restart");
        _stop = true;
        await Task.WhenAll(clients);
        var all = _outcomes.ToList();

        // While down: every answer came (no hang — a client waits at most 60 s) and was UNAVAILABLE.
        var down = all.Where(o => o.SentWhileDown).ToList();
        Assert.All(down, o => Assert.Equal("UNAVAILABLE", o.What));
        // Around the crash itself (requests in flight): UNAVAILABLE or an answer, never INTERNAL, a 500 or a timeout.
        Assert.All(all.Where(o => !o.Ok), o => Assert.Equal("UNAVAILABLE", o.What));
        // Once PostgreSQL accepts connections again, every request works: the server recovered by itself.
        var after = all.Where(o => o.SentAfterRestart).ToList();
        Assert.All(after, o => Assert.True(o.Ok, $"{o.Client} after the restart: {o.What}"));

        // Every acknowledged write is there with its audit event; no write is there without one, nor the reverse.
        Assert.True(_acknowledged.Count >= 15 + 15);
        // Unpooled: this process's own pooled connections died with the old server.
        await using var conn = new NpgsqlConnection(cs + ";Pooling=false");
        await conn.OpenAsync();
        var rows = await IdsAsync(conn, "SELECT id, household_no FROM households WHERE household_no LIKE 'R%'");
        var audited = await IdsAsync(conn, "SELECT entity_id::bigint, '' FROM audit_events WHERE action = 'createHousehold'");
        foreach (var (id, no) in _acknowledged)
        {
            Assert.True(rows.TryGetValue(id, out var stored), $"acknowledged household {no} (id {id}) is missing");
            Assert.Equal(no, stored);
        }
        Assert.Equal(rows.Keys.Order(), audited.Keys.Order());

        // A restart nobody noticed (no request while down): the pool still holds connections to the old
        // server. The first request finds one dead (UNAVAILABLE) and drops them all; from then on all work.
        using var quiet = await LoginAsync(factory, "county");
        await cluster.StopAsync("immediate");
        await cluster.StartAsync();
        var list = $"{{ households(villageCode: \"{TestCounty.A1}\", first: 5) {{ nodes {{ id }} }} }}";
        var first = await Query(quiet, list);
        Assert.True(first.Ok || first.What == "UNAVAILABLE", first.What);
        for (var i = 0; i < 20; i++)
        {
            var r = await Query(quiet, list);
            Assert.True(r.Ok, $"request {i + 2} after a quiet restart: {r.What}");
        }
    }

    private async Task Writer(string name, HttpClient client)
    {
        for (var n = 0; !_stop; n++)
        {
            var no = $"R{name[^1]}-{n}";
            var (down, restarted) = (_down, _restarted);
            var r = await Query(client, $$"""mutation { createHousehold(input: {villageCode: "{{TestCounty.A1}}", householdNo: "{{no}}", headName: "测试户"}) { household { id } } }""");
            if (r.Ok) _acknowledged[long.Parse(r.Body.GetProperty("data").GetProperty("createHousehold").GetProperty("household").GetProperty("id").GetString()!)] = no;
            Record(name, down, restarted, r.Ok, r.What);
            if (!r.Ok) await Task.Delay(20); // an outage answers at once: no need to flood it
        }
    }

    private async Task Reader(string name, HttpClient client, Func<HttpClient, Task<(bool Ok, string What, JsonElement Body)>> read)
    {
        while (!_stop)
        {
            var (down, restarted) = (_down, _restarted);
            var r = await read(client);
            Record(name, down, restarted, r.Ok, r.What);
            if (!r.Ok) await Task.Delay(20);
        }
    }

    private void Record(string client, bool downAtSend, bool restartedAtSend, bool ok, string what)
    {
        // "While down": sent after the stop and answered before the start began (pg_ctl notices a
        // started server up to a second late, so answers during the start may be either).
        _outcomes.Enqueue(new Outcome(client, downAtSend && !_starting, restartedAtSend, ok, what));
    }

    /// <summary>Ok, or the error's code; an exception (a timeout: a hang) becomes its type name and fails the test.</summary>
    private static async Task<(bool Ok, string What, JsonElement Body)> Query(HttpClient client, string query)
    {
        try
        {
            var res = await client.PostAsJsonAsync("/graphql", new { query });
            var body = await res.Content.ReadFromJsonAsync<JsonElement>();
            if (body.TryGetProperty("errors", out var errors) && errors.GetArrayLength() > 0)
                return (false, errors[0].GetProperty("extensions").GetProperty("code").GetString()!, body);
            return (res.StatusCode == HttpStatusCode.OK, $"HTTP {(int)res.StatusCode}", body);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return (false, e.GetType().Name, default);
        }
    }

    private static async Task<(bool Ok, string What, JsonElement Body)> Tile(HttpClient client)
    {
        var (x, y) = Mvt.TileOf(108.31, 28.01, 14);
        try
        {
            var res = await client.GetAsync($"/tiles/households/14/{x}/{y}.pbf");
            if (res.StatusCode == HttpStatusCode.OK) return (true, "HTTP 200", default);
            return (false, res.StatusCode == HttpStatusCode.ServiceUnavailable ? await CodeOf(res) ?? "HTTP 503" : $"HTTP {(int)res.StatusCode}", default);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (false, e.GetType().Name, default);
        }
    }

    private static async Task<string?> CodeOf(HttpResponseMessage res)
    {
        var body = await res.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString();
    }

    private static async Task<HttpClient> LoginAsync(ApiFactory factory, string username)
    {
        var client = factory.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(60);
        var res = await client.PostAsJsonAsync("/auth/token", new { username, password = ApiClient.Password });
        res.EnsureSuccessStatusCode();
        var token = (await res.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Waits for a condition of the load (not a timing: the deadline only stops a broken run).</summary>
    private async Task Until(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                _stop = true;
                var last = string.Join("\n", _outcomes.TakeLast(20).Select(o => $"{o.Client}: {o.What}"));
                Assert.Fail($"never reached: {what}; last answers:\n{last}");
            }
            await Task.Delay(100);
        }
    }

    private static async Task<Dictionary<long, string>> IdsAsync(NpgsqlConnection conn, string sql)
    {
        var result = new Dictionary<long, string>();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) result.Add(r.GetInt64(0), r.GetString(1));
        return result;
    }

    private static async Task ExecAsync(string cs, string sql)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
