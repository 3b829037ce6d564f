using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GridGov.Domain.Access;
using GridGov.Testing;
using Npgsql;

namespace GridGov.Api.Tests;

/// <summary>
/// Issue 16's corpus: every malformed input of <see cref="MalformedCorpus"/> is refused with a
/// client error — no HTTP 500, no INTERNAL — and no row of any table changes.
/// </summary>
public sealed class MalformedCorpusTests : IAsyncLifetime
{
    private readonly PostgisFixture _pg = new();
    private string _cs = "";
    private ApiFactory _factory = null!;
    private readonly Dictionary<string, HttpClient> _clients = [];

    public async Task InitializeAsync()
    {
        await _pg.InitializeAsync();
        _cs = await TestCounty.CreateAsync(_pg);
        await ApiClient.AddUserAsync(_cs, "admin", Role.CountyAdmin, TestCounty.County);
        _factory = new ApiFactory(_cs);
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _pg.DisposeAsync();
    }

    private async Task<HttpClient> ClientAsync(string? user)
    {
        if (user is null) return _factory.CreateClient();
        if (!_clients.TryGetValue(user, out var c)) _clients[user] = c = await _factory.LoginAsync(user);
        return c;
    }

    /// <summary>Rows of every table of the schema, by name; not the coverage cache, which reads fill.</summary>
    private async Task<Dictionary<string, long>> CountRowsAsync()
    {
        await using var conn = new NpgsqlConnection(_cs);
        await conn.OpenAsync();
        string union;
        await using (var cmd = new NpgsqlCommand(
            "SELECT string_agg(format('SELECT %L, count(*) FROM %I', tablename, tablename), ' UNION ALL ') FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'coverage_cache'", conn))
            union = (string)(await cmd.ExecuteScalarAsync())!;
        var counts = new Dictionary<string, long>();
        await using var read = new NpgsqlCommand(union, conn);
        await using var r = await read.ExecuteReaderAsync();
        while (await r.ReadAsync()) counts[r.GetString(0)] = r.GetInt64(1);
        return counts;
    }

    private static IEnumerable<string> Codes(string body)
    {
        JsonElement root;
        try { root = JsonDocument.Parse(body).RootElement; }
        catch (JsonException) { yield break; }
        if (root.ValueKind != JsonValueKind.Object) yield break;
        if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            foreach (var e in errors.EnumerateArray())
                if (e.TryGetProperty("extensions", out var x) && x.TryGetProperty("code", out var c)) yield return c.GetString() ?? "";
        if (root.TryGetProperty("code", out var top) && top.ValueKind == JsonValueKind.String) yield return top.GetString()!;
        if (root.TryGetProperty("error", out var job) && job.ValueKind == JsonValueKind.Object && job.TryGetProperty("code", out var jc))
            yield return jc.GetString() ?? "";
    }

    [Fact]
    public async Task Five_hundred_malformed_inputs_give_no_500_no_internal_and_change_no_row()
    {
        // Logging in is not malformed input (it may record a login): done before counting.
        foreach (var user in new[] { "county", "sec-a1", "admin" }) await ClientAsync(user);
        var before = await CountRowsAsync();
        var failures = new List<string>();
        var count = 0;
        void Check(string what, int status, string body)
        {
            count++;
            if ((status >= 500 && status != 503) || Codes(body).Contains("INTERNAL"))
                failures.Add($"{what} → {status} {body[..Math.Min(body.Length, 300)]}");
        }

        foreach (var c in MalformedCorpus.GraphQL())
        {
            var client = await ClientAsync(c.User);
            var res = await client.PostAsJsonAsync("/graphql", new { query = c.Query, variables = c.Variables });
            Check($"[{c.User}] {c.Query[..Math.Min(c.Query.Length, 120)]} {JsonSerializer.Serialize(c.Variables)[..Math.Min(120, JsonSerializer.Serialize(c.Variables).Length)]}",
                (int)res.StatusCode, await res.Content.ReadAsStringAsync());
        }
        foreach (var h in MalformedCorpus.Urls())
        {
            var client = await ClientAsync(h.User);
            using var req = new HttpRequestMessage(new HttpMethod(h.Method), h.Url);
            if (h.Json is not null) req.Content = new StringContent(h.Json, Encoding.UTF8, "application/json");
            if (h.Upload is { } u)
            {
                var form = new MultipartFormDataContent { { new StringContent(u.Kind), "kind" } };
                var file = new ByteArrayContent(u.Bytes);
                file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                form.Add(file, "file", u.FileName);
                req.Content = form;
            }
            var res = await client.SendAsync(req);
            var body = await res.Content.ReadAsStringAsync();
            Check($"[{h.User}] {h.Method} {h.Url[..Math.Min(h.Url.Length, 120)]} {h.Json?[..Math.Min(h.Json.Length, 80)]} {h.Upload?.Kind}/{h.Upload?.FileName}",
                (int)res.StatusCode, body);
            // An accepted upload runs as a job: wait for its end, which must be a refusal, not a fault.
            if (h.Upload is not null && res.Headers.Location is { } job)
                Check($"job of {h.Upload?.Kind}/{h.Upload?.FileName}", 200, await FinishedJobAsync(client, job.ToString()));
        }

        Assert.True(count >= 500, $"only {count} inputs");
        Assert.True(failures.Count == 0, $"{failures.Count} of {count} inputs failed:\n" + string.Join("\n", failures.Take(40)));
        var after = await CountRowsAsync();
        var changed = before.Keys.Union(after.Keys).Where(t => before.GetValueOrDefault(t, -1) != after.GetValueOrDefault(t, -1))
            .Select(t => $"{t}: {before.GetValueOrDefault(t, -1)} → {after.GetValueOrDefault(t, -1)}").ToList();
        Assert.True(changed.Count == 0, "rows changed: " + string.Join(", ", changed));
    }

    private static async Task<string> FinishedJobAsync(HttpClient client, string url)
    {
        for (var i = 0; i < 600; i++)
        {
            var body = await client.GetStringAsync(url);
            var state = JsonDocument.Parse(body).RootElement.GetProperty("state").GetString();
            if (state is not ("queued" or "running")) return body;
            await Task.Delay(100);
        }
        throw new TimeoutException("import job did not finish: " + url);
    }
}
