using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.JSInterop;

namespace GridGov.Client.Services;

/// <summary>The logged-in user: the token from POST /auth/token, kept in localStorage across reloads.</summary>
public sealed class AuthState(IJSRuntime js, HttpClient http)
{
    private const string Key = "gridgov.session";

    public string? Token { get; private set; }
    public string? Username { get; private set; }
    public string? DisplayName { get; private set; }
    public string? Role { get; private set; }
    public string? AreaCode { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public bool IsLoggedIn => Token is not null && ExpiresAt > DateTimeOffset.UtcNow;

    public event Action? Changed;

    public bool IsLeader => Role is "CountyLeader" or "TownshipLeader";
    public bool IsSecretary => Role == "BranchSecretary";
    public bool IsMember => Role == "PartyMember";
    /// <summary>The county organisation department (组织部): imports the county's files.</summary>
    public bool IsCountyAdmin => Role == "CountyAdmin";

    /// <summary>Where a role starts: leaders on the coverage map, secretaries in their village, members on their phone page (我的网格).</summary>
    public string LandingPage => Role switch
    {
        "CountyLeader" or "TownshipLeader" => "coverage",
        "BranchSecretary" => "village",
        "PartyMember" => "field",
        "Cadre" => "cadre",
        "CountyAdmin" => "import",
        _ => "login",
    };

    public async Task LoadAsync()
    {
        var json = await js.InvokeAsync<string?>("localStorage.getItem", Key);
        if (string.IsNullOrEmpty(json)) return;
        try { Apply(JsonDocument.Parse(json).RootElement); }
        catch (JsonException) { await LogoutAsync(); }
    }

    /// <summary>Returns null on success, else the server's message (Chinese first).</summary>
    public async Task<string?> LoginAsync(string username, string password)
    {
        HttpResponseMessage res;
        try { res = await http.PostAsJsonAsync("auth/token", new { username, password }); }
        catch (HttpRequestException e) { return e.Message; }
        var body = await res.Content.ReadFromJsonAsync<JsonElement>();
        if (!res.IsSuccessStatusCode)
            return body.TryGetProperty("errors", out var errors) && errors.GetArrayLength() > 0
                ? errors[0].GetProperty("message").GetString()
                : res.ReasonPhrase;
        Apply(body);
        await js.InvokeVoidAsync("localStorage.setItem", Key, body.GetRawText());
        // GraphiQL offers the same token in its headers editor.
        await js.InvokeVoidAsync("localStorage.setItem", "gridgov.token", Token);
        Changed?.Invoke();
        return null;
    }

    public async Task LogoutAsync()
    {
        // Tell the server, so the token stops working everywhere (not only in this browser); best effort when offline.
        if (Token is { } token)
        {
            try
            {
                using var req = new HttpRequestMessage(HttpMethod.Post, "auth/logout");
                req.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
                using var _ = await http.SendAsync(req);
            }
            catch (HttpRequestException) { }
        }
        Token = Username = Role = AreaCode = DisplayName = null;
        await js.InvokeVoidAsync("localStorage.removeItem", Key);
        await js.InvokeVoidAsync("localStorage.removeItem", "gridgov.token");
        Changed?.Invoke();
    }

    private void Apply(JsonElement e)
    {
        Token = e.GetProperty("token").GetString();
        Role = e.GetProperty("role").GetString();
        AreaCode = e.GetProperty("areaCode").GetString();
        Username = e.TryGetProperty("username", out var u) ? u.GetString() : null;
        DisplayName = e.TryGetProperty("displayName", out var d) ? d.GetString() : Username;
        ExpiresAt = e.TryGetProperty("expiresAt", out var x) && x.TryGetDateTimeOffset(out var t) ? t : DateTimeOffset.UtcNow.AddHours(1);
    }
}
