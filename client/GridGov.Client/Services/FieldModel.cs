using System.Globalization;
using System.Text.Json;
using Microsoft.JSInterop;

namespace GridGov.Client.Services;

/// <summary>A linked household on the phone page, with its distance from where the member stands (or from home).</summary>
public sealed record FieldHousehold(string Id, string HeadName, bool Contacted, string? LastVisit, double? Lon, double? Lat, JsonElement Geometry)
{
    public double? Distance { get; init; }

    public static List<FieldHousehold> From(JsonElement report) => [.. report.Arr("households").Select(h =>
    {
        var g = h.GetProperty("geometry");
        var c = g.ValueKind == JsonValueKind.Object ? g.GetProperty("coordinates") : default;
        return new FieldHousehold(h.Str("householdId"), h.Str("headName"), h.GetProperty("contacted").GetBoolean(),
            h.TryGetProperty("lastVisit", out var lv) && lv.ValueKind == JsonValueKind.String ? lv.GetString() : null,
            c.ValueKind == JsonValueKind.Array ? c[0].GetDouble() : null, c.ValueKind == JsonValueKind.Array ? c[1].GetDouble() : null, g);
    })];

    /// <summary>「本月未走访」 first, then the nearest; without any position by name.</summary>
    public static List<FieldHousehold> Sort(IEnumerable<FieldHousehold> households, double? lon, double? lat) =>
        [.. households.Select(h => h with { Distance = lon is { } x && lat is { } y && h.Lon is { } hx && h.Lat is { } hy ? Metres(x, y, hx, hy) : null })
            .OrderBy(h => h.Contacted).ThenBy(h => h.Distance ?? double.MaxValue).ThenBy(h => h.HeadName, StringComparer.Ordinal)];

    /// <summary>Great-circle distance in metres (enough to order houses a walk apart).</summary>
    public static double Metres(double lon1, double lat1, double lon2, double lat2)
    {
        const double R = 6371008.8;
        double Rad(double d) => d * Math.PI / 180;
        var a = Math.Pow(Math.Sin(Rad(lat2 - lat1) / 2), 2) + Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Pow(Math.Sin(Rad(lon2 - lon1) / 2), 2);
        return 2 * R * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}

/// <summary>What the member is typing: kept in localStorage on every change, so a reload or a closed tab loses nothing.</summary>
public sealed class FieldDraft
{
    public string? EditingId { get; set; }
    public List<string> Households { get; set; } = [];
    public string Category { get; set; } = "VISIT";
    public string Text { get; set; } = "";
    public string WorkDate { get; set; } = "";
    /// <summary>One client id per household, made once per draft: pressing submit twice never declares twice.</summary>
    public Dictionary<string, string> ClientIds { get; set; } = [];
    public double? Lon { get; set; }
    public double? Lat { get; set; }
    public double? Accuracy { get; set; }
    public bool HasPhoto { get; set; }

    public bool IsEmpty => EditingId is null && Households.Count == 0 && Text.Length == 0 && !HasPhoto;

    public string ClientIdFor(string householdId) =>
        ClientIds.TryGetValue(householdId, out var id) ? id : ClientIds[householdId] = Guid.NewGuid().ToString();
}

/// <summary>The phone page's storage: the draft and the member's cached month (localStorage), the queue and photos (js/field.js, IndexedDB).</summary>
public sealed class FieldStore(IJSRuntime js) : IAsyncDisposable
{
    private const string DraftKey = "gridgov.field.draft", StashKey = "gridgov.field.stash", ReportKey = "gridgov.field.report";
    private IJSObjectReference? _module;

    public async Task<IJSObjectReference> ModuleAsync() => _module ??= await js.InvokeAsync<IJSObjectReference>("import", "./js/field.js");

    public async Task<FieldDraft> LoadDraftAsync()
    {
        var json = await js.InvokeAsync<string?>("localStorage.getItem", DraftKey);
        if (string.IsNullOrEmpty(json)) return new FieldDraft();
        try { return JsonSerializer.Deserialize<FieldDraft>(json) ?? new FieldDraft(); }
        catch (JsonException) { return new FieldDraft(); }
    }

    public ValueTask SaveDraftAsync(FieldDraft draft) => js.InvokeVoidAsync("localStorage.setItem", DraftKey, JsonSerializer.Serialize(draft));

    /// <summary>Forgets the draft; its photo too unless <paramref name="keepPhoto"/> (it belongs to a stashed draft).</summary>
    public async Task ClearDraftAsync(bool keepPhoto = false)
    {
        await js.InvokeVoidAsync("localStorage.removeItem", DraftKey);
        if (!keepPhoto) await (await ModuleAsync()).InvokeVoidAsync("dropDraftPhoto");
    }

    /// <summary>Keeps a new declaration being typed while the member edits an older one.</summary>
    public ValueTask StashAsync(FieldDraft draft) => js.InvokeVoidAsync("localStorage.setItem", StashKey, JsonSerializer.Serialize(draft));

    /// <summary>The draft kept by <see cref="StashAsync"/>, once.</summary>
    public async Task<FieldDraft?> PopStashAsync()
    {
        var json = await js.InvokeAsync<string?>("localStorage.getItem", StashKey);
        if (string.IsNullOrEmpty(json)) return null;
        await js.InvokeVoidAsync("localStorage.removeItem", StashKey);
        try { return JsonSerializer.Deserialize<FieldDraft>(json); }
        catch (JsonException) { return null; }
    }

    /// <summary>The member's month as last loaded, with when (shown when offline).</summary>
    public async Task<(JsonElement Report, string SavedAt)?> CachedReportAsync(string username)
    {
        var json = await js.InvokeAsync<string?>("localStorage.getItem", ReportKey);
        if (string.IsNullOrEmpty(json)) return null;
        var e = JsonDocument.Parse(json).RootElement;
        return e.Str("user") == username ? (e.GetProperty("report").Clone(), e.Str("savedAt")) : null;
    }

    public ValueTask SaveReportAsync(string username, JsonElement report) => js.InvokeVoidAsync("localStorage.setItem", ReportKey,
        JsonSerializer.Serialize(new { user = username, savedAt = DateTimeOffset.Now.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), report }));

    public async ValueTask DisposeAsync()
    {
        if (_module is not null) { try { await _module.DisposeAsync(); } catch (JSDisconnectedException) { } }
    }
}

/// <summary>The mutations the phone sends (queued as they are when offline).</summary>
public static class FieldMutations
{
    public const string Submit = "mutation($input: DeclarationInput!) { submitDeclaration(input: $input) { id status } }";
    public const string Update = "mutation($id: ID!, $input: DeclarationInput!) { updateDeclaration(id: $id, input: $input) { id status } }";
    public const string Withdraw = "mutation($id: ID!) { withdrawDeclaration(id: $id) { id } }";

    public const string Report = """
        query($memberId: ID!) { memberReport(memberId: $memberId) {
          month member { id name geometry } cell { id name geometry }
          households { householdId headName contacted lastVisit geometry }
          declarations { id clientId householdId household { headName } workDate category text status photoUrl accuracyMeters
            reviews { outcome reason at } } } }
        """;

    public static Dictionary<string, object?> Input(FieldDraft d, string? householdId)
    {
        var input = new Dictionary<string, object?> { ["workDate"] = d.WorkDate, ["category"] = d.Category, ["text"] = d.Text.Trim() };
        if (householdId is not null)
        {
            input["householdId"] = householdId;
            input["clientId"] = d.ClientIdFor(householdId);
        }
        if (d.Lon is { } lon && d.Lat is { } lat)
        {
            input["location"] = new { type = "Point", coordinates = new[] { lon, lat } };
            input["accuracy"] = d.Accuracy;
        }
        return input;
    }
}
