using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using GridGov.Domain.Coverage;
using GridGov.Persistence;
using GridGov.Persistence.Sql;
using GridGov.Testing;
using Npgsql;

namespace GridGov.Api.Tests;

/// <summary>
/// The server dies by SIGKILL in the middle of a burst of writes (cell edits, proposals applied,
/// declarations). Afterwards every write is either there with its audit event or not at all, and the
/// coverage cache agrees with a recomputation (docs/reliability.md).
/// </summary>
public class ServerKillTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    private const string Reason = "故障测试";
    private const string Small = "{type: \"Polygon\", coordinates: [[[108.35, 28.07], [108.40, 28.07], [108.40, 28.10], [108.35, 28.10], [108.35, 28.07]]]}";
    private const string Large = "{type: \"Polygon\", coordinates: [[[108.35, 28.05], [108.40, 28.05], [108.40, 28.10], [108.35, 28.10], [108.35, 28.05]]]}";

    private volatile bool _stop;
    private readonly ConcurrentDictionary<string, int> _acks = new();
    private readonly ConcurrentBag<long> _declarations = [], _applied = [];
    private int _cellVersion = 1;

    [Fact]
    public async Task After_a_SIGKILL_mid_burst_every_write_is_whole_with_its_audit_event_or_absent_and_coverage_agrees()
    {
        var cs = await TestCounty.CreateAsync(pg);
        await ExecAsync(cs, "UPDATE links SET locked = true WHERE id = 4"); // household 3 stays member 2's: it declares for it
        var key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));
        var server = await ServedServer.StartAsync(cs, key);
        try
        {
            var sec = await LoginAsync(server, "sec-a1");
            var member = await LoginAsync(server, "member-2");
            var county = await LoginAsync(server, "county");
            var writers = new[]
            {
                Loop("cells", () => EditCell(sec)),
                Loop("links", () => Relink(sec)),
                Loop("declarations", () => Declare(member)),
                Loop("coverage", () => ReadCoverage(county)),
            };
            // Kill while all four are busy, once each has done a few.
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (new[] { "cells", "links", "declarations", "coverage" }.Any(n => _acks.GetValueOrDefault(n) < 4))
            {
                Assert.True(DateTime.UtcNow < deadline, "the burst never got going:\n" + string.Join(", ", _acks) + "\n" + server.Log);
                await Task.Delay(50);
            }
            await server.KillAsync();
            _stop = true;
            await Task.WhenAll(writers);
        }
        finally
        {
            server.Dispose();
        }
        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();

        // Acknowledged writes are all there.
        Assert.True(await ScalarAsync(conn, "SELECT version FROM grid_cells WHERE id = 2") >= Volatile.Read(ref _cellVersion));
        foreach (var id in _declarations) Assert.Equal(1, await ScalarAsync(conn, $"SELECT count(*) FROM declarations WHERE id = {id}"));
        foreach (var id in _applied) Assert.Equal(1, await ScalarAsync(conn, $"SELECT count(*) FROM link_proposals WHERE id = {id} AND status = 'applied'"));

        // Every change has its audit event and every audit event its change (in-flight writes included).
        Assert.Equal(await ScalarAsync(conn, "SELECT version - 1 FROM grid_cells WHERE id = 2"),
            await ScalarAsync(conn, "SELECT count(*) FROM audit_events WHERE action = 'updateGridCell' AND entity_id = '2'"));
        Assert.Equal(await IdsAsync(conn, "SELECT id FROM declarations"),
            await IdsAsync(conn, "SELECT entity_id::bigint FROM audit_events WHERE action = 'submitDeclaration'"));
        Assert.Equal(await IdsAsync(conn, "SELECT id FROM link_proposals"),
            await IdsAsync(conn, "SELECT entity_id::bigint FROM audit_events WHERE action = 'proposeLinks'"));
        Assert.Equal(await IdsAsync(conn, "SELECT id FROM link_proposals WHERE status = 'applied'"),
            await IdsAsync(conn, "SELECT entity_id::bigint FROM audit_events WHERE action = 'applyLinkProposal'"));
        Assert.Equal(0, await ScalarAsync(conn, "SELECT count(*) FROM links l JOIN link_proposals p ON p.id = l.proposal_id WHERE p.status <> 'applied'"));
        Assert.Equal(await ScalarAsync(conn, $"SELECT count(*) FROM links WHERE end_reason = '{Reason}'"),
            await ScalarAsync(conn, "SELECT count(*) FROM audit_events WHERE action = 'unlinkHousehold'"));
        Assert.Equal(0, await ScalarAsync(conn, "SELECT count(*) FROM (SELECT household_id FROM links WHERE valid_to IS NULL GROUP BY 1 HAVING count(*) > 1) x"));
        // A reshaped cell and its households' cell_id changed together.
        Assert.Equal(0, await ScalarAsync(conn, $"""
            SELECT count(*) FROM households h WHERE h.village_code = '{TestCounty.A1}' AND h.cell_id IS DISTINCT FROM
              (SELECT c.id FROM grid_cells c WHERE c.village_code = h.village_code AND ST_Covers(c.geometry, h.location) ORDER BY c.id LIMIT 1)
            """));

        // The coverage cache, as the crash left it, agrees with a recomputation.
        Assert.True(await ScalarAsync(conn, $"SELECT count(*) FROM coverage_cache WHERE village_code = '{TestCounty.A1}'") > 0);
        await using var ds = GridGovDb.CreateDataSource(cs);
        var store = new CoverageStore(ds);
        var rules = await store.RulesAsync(TestCounty.County, default);
        var now = DateTimeOffset.UtcNow;
        var month = CoverageRules.CurrentMonth(now);
        string[] villages = [TestCounty.A1, TestCounty.A2];
        var cached = await store.GetAsync(villages, month, rules, now, default);
        var fresh = await store.RecomputeAsync(villages, month, rules, now, default);
        foreach (var v in villages) Assert.Equal(Comparable(fresh[v]), Comparable(cached[v]));

        // And a new server on the same database serves again.
        using var again = await ServedServer.StartAsync(cs, key);
        var client = await LoginAsync(again, "sec-a1");
        var cov = await PostAsync(client, $"{{ coverage(areaCode: \"{TestCounty.A1}\") {{ households linkedHouseholds contactedHouseholds }} }}");
        Assert.False(cov.TryGetProperty("errors", out _), cov.ToString());
        var served = cov.GetProperty("data").GetProperty("coverage");
        Assert.Equal(fresh[TestCounty.A1].Figures.LinkedHouseholds, served.GetProperty("linkedHouseholds").GetInt32());
        Assert.Equal(fresh[TestCounty.A1].Figures.ContactedHouseholds, served.GetProperty("contactedHouseholds").GetInt32());
    }

    /// <summary>The figures and lists, without the instant they were computed at.</summary>
    private static string Comparable(VillageCoverage c)
    {
        var node = JsonSerializer.SerializeToNode(c)!.AsObject();
        node.Remove(nameof(VillageCoverage.AsOf));
        return node.ToJsonString();
    }

    private Task Loop(string name, Func<Task<bool>> step) => Task.Run(async () =>
    {
        while (!_stop)
        {
            bool ok;
            try { ok = await step(); }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or JsonException) { return; } // the server is gone
            if (ok) _acks.AddOrUpdate(name, 1, (_, n) => n + 1);
        }
    });

    private async Task<bool> EditCell(HttpClient sec)
    {
        var version = Volatile.Read(ref _cellVersion);
        var r = await PostAsync(sec, $"mutation {{ updateGridCell(input: {{id: 2, version: {version}, geometry: {(version % 2 == 0 ? Large : Small)}}}) {{ cell {{ version }} }} }}");
        if (!Ok(r)) return false;
        Volatile.Write(ref _cellVersion, r.GetProperty("data").GetProperty("updateGridCell").GetProperty("cell").GetProperty("version").GetInt32());
        return true;
    }

    /// <summary>Ends household 2's link, proposes for the village and applies the proposal (which links it again).</summary>
    private async Task<bool> Relink(HttpClient sec)
    {
        await PostAsync(sec, $"mutation {{ unlinkHousehold(householdId: 2, reason: \"{Reason}\") {{ id }} }}");
        var p = await PostAsync(sec, $"mutation {{ proposeLinks(villageCode: \"{TestCounty.A1}\", settings: {{maxDistanceMeters: 6000}}) {{ id }} }}");
        if (!Ok(p)) return false;
        var id = p.GetProperty("data").GetProperty("proposeLinks").GetProperty("id").GetString();
        var a = await PostAsync(sec, $"mutation {{ applyLinkProposal(id: {id}) {{ status }} }}");
        if (!Ok(a)) return false;
        _applied.Add(long.Parse(id!));
        return true;
    }

    private async Task<bool> Declare(HttpClient member)
    {
        var today = CoverageRules.DateOf(DateTimeOffset.UtcNow).ToString("yyyy-MM-dd");
        var r = await PostAsync(member, $"mutation {{ submitDeclaration(input: {{householdId: 3, workDate: \"{today}\", category: VISIT, text: \"走访\"}}) {{ id }} }}");
        if (!Ok(r)) return false;
        _declarations.Add(long.Parse(r.GetProperty("data").GetProperty("submitDeclaration").GetProperty("id").GetString()!));
        return true;
    }

    private static async Task<bool> ReadCoverage(HttpClient client) =>
        Ok(await PostAsync(client, $"{{ coverage(areaCode: \"{TestCounty.TownA}\") {{ households linkedHouseholds contactedHouseholds }} }}"));

    private static bool Ok(JsonElement r) => !r.TryGetProperty("errors", out _);

    private static async Task<JsonElement> PostAsync(HttpClient client, string query)
    {
        var res = await client.PostAsJsonAsync("/graphql", new { query });
        return await res.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<HttpClient> LoginAsync(ServedServer server, string username)
    {
        var client = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(60) };
        var res = await client.PostAsJsonAsync("/auth/token", new { username, password = ApiClient.Password });
        res.EnsureSuccessStatusCode();
        var token = (await res.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    private static async Task<List<long>> IdsAsync(NpgsqlConnection conn, string sql)
    {
        var ids = new List<long>();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) ids.Add(r.GetInt64(0));
        ids.Sort();
        return ids;
    }

    private static async Task ExecAsync(string cs, string sql)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
