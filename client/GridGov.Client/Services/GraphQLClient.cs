using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace GridGov.Client.Services;

/// <summary>A GraphQL error as the server sends it: code, the Chinese message and the map hints.</summary>
public sealed class GraphQLException(string code, string message, string? messageEn, JsonElement extensions) : Exception(message)
{
    public string Code { get; } = code;
    public string? MessageEn { get; } = messageEn;
    public JsonElement Extensions { get; } = extensions;

    /// <summary>The other cell of a GEOMETRY_OVERLAP, if named.</summary>
    public string? CellId => Extensions.ValueKind == JsonValueKind.Object && Extensions.TryGetProperty("cellId", out var c) ? c.ToString() : null;

    /// <summary>GeoJSON of the offending area (overlap, sliver, …), for the map.</summary>
    public string? Highlight => Extensions.ValueKind == JsonValueKind.Object && Extensions.TryGetProperty("highlight", out var h) && h.ValueKind == JsonValueKind.Object ? h.GetRawText() : null;

    public string Localized(bool english) => english && MessageEn is not null ? MessageEn : Message;
}

/// <summary>POST /graphql with the user's token.</summary>
public sealed class GraphQLClient(HttpClient http, AuthState auth)
{
    public async Task<JsonElement> QueryAsync(string query, object? variables = null, CancellationToken ct = default)
    {
        using var req = new HttpRequestMessage(HttpMethod.Post, "graphql") { Content = JsonContent.Create(new { query, variables }) };
        if (auth.Token is not null) req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", auth.Token);
        using var res = await http.SendAsync(req, ct);
        JsonElement body;
        try { body = await res.Content.ReadFromJsonAsync<JsonElement>(ct); }
        catch (JsonException) { throw new GraphQLException("HTTP", $"HTTP {(int)res.StatusCode}", null, default); }
        if (body.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
        {
            var first = errors[0];
            var ext = first.TryGetProperty("extensions", out var x) ? x.Clone() : default;
            var code = ext.ValueKind == JsonValueKind.Object && ext.TryGetProperty("code", out var c) ? c.GetString() ?? "" : "";
            var zh = ext.ValueKind == JsonValueKind.Object && ext.TryGetProperty("zh", out var z) ? z.GetString() : null;
            var en = ext.ValueKind == JsonValueKind.Object && ext.TryGetProperty("en", out var n) ? n.GetString() : null;
            if (code == "UNAUTHENTICATED") await auth.LogoutAsync();
            throw new GraphQLException(code, zh ?? first.GetProperty("message").GetString() ?? code, en, ext);
        }
        return body.GetProperty("data").Clone();
    }
}
