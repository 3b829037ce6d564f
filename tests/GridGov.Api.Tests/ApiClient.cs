using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GridGov.Domain.Access;
using Npgsql;

namespace GridGov.Api.Tests;

/// <summary>Test accounts and a client that logs in through the real token endpoint.</summary>
public static class ApiClient
{
    public const string Password = "test-password";

    /// <summary>Cheap hash for tests (the format carries its own iteration count).</summary>
    private static readonly string Hash = PasswordHasher.Hash(Password, iterations: 1000);

    public static async Task AddUserAsync(string cs, string username, Role role, string areaCode, long? memberId = null)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO users (username, display_name, password_hash, role, area_code, member_id, disabled, is_sample, created_at)
            VALUES (@u, @u, @h, @r, @a, @m, false, false, now())
            """, conn);
        cmd.Parameters.AddWithValue("u", username);
        cmd.Parameters.AddWithValue("h", Hash);
        cmd.Parameters.AddWithValue("r", GridGov.Persistence.GridGovDbContext.SnakeCase(role.ToString()));
        cmd.Parameters.AddWithValue("a", areaCode);
        cmd.Parameters.AddWithValue("m", (object?)memberId ?? DBNull.Value);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Creates an API key row and returns the key to send in X-Api-Key.</summary>
    public static async Task<string> AddApiKeyAsync(string cs, string name, string[] scopes, string areaCode)
    {
        var (key, prefix, hash) = ApiKeySecret.Create();
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO api_keys (name, prefix, secret_hash, scopes, area_code, created_at) VALUES (@n, @p, @h, @s, @a, now())
            """, conn);
        cmd.Parameters.AddWithValue("n", name);
        cmd.Parameters.AddWithValue("p", prefix);
        cmd.Parameters.AddWithValue("h", hash);
        cmd.Parameters.AddWithValue("s", scopes);
        cmd.Parameters.AddWithValue("a", areaCode);
        await cmd.ExecuteNonQueryAsync();
        return key;
    }

    public static async Task<HttpClient> LoginAsync(this ApiFactory factory, string username)
    {
        var client = factory.CreateClient();
        var res = await client.PostAsJsonAsync("/auth/token", new { username, password = Password });
        res.EnsureSuccessStatusCode();
        var body = await res.Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("token").GetString());
        return client;
    }

    public static HttpClient WithKey(this ApiFactory factory, string key)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    public static async Task<GraphQLResponse> GraphQLAsync(this HttpClient client, string query, object? variables = null)
    {
        var res = await client.PostAsJsonAsync("/graphql", new { query, variables });
        var body = await res.Content.ReadFromJsonAsync<JsonElement>();
        return new GraphQLResponse((int)res.StatusCode, body);
    }
}

public sealed record GraphQLResponse(int Status, JsonElement Body)
{
    public JsonElement Data => Body.GetProperty("data");
    public bool HasErrors => Body.TryGetProperty("errors", out var e) && e.GetArrayLength() > 0;
    public string? FirstCode => HasErrors && Body.GetProperty("errors")[0].TryGetProperty("extensions", out var x)
        && x.TryGetProperty("code", out var c) ? c.GetString() : null;
    public override string ToString() => Body.GetRawText();
}
