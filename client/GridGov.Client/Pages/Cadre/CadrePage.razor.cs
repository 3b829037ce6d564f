using System.Globalization;
using System.Net.Http;
using System.Text.Json;
using GridGov.Client;
using GridGov.Client.Components;
using GridGov.Client.Layout;
using GridGov.Client.Queries;
using GridGov.Client.Resources;
using GridGov.Client.Services;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Localization;
using Microsoft.JSInterop;
using Microsoft.AspNetCore.Components;

namespace GridGov.Client.Pages.Cadre;

public partial class CadrePage
{
    private const double TrustedScore = 0.6; // as CheckInCompliance.TrustedScore on the server (docs/coverage.md)
    private sealed record MeRow(string Name, string Kind, string Rank, int TrustedDays, double RequiredDays, int CheckIns);

    private IJSObjectReference? _js;
    private DotNetObjectReference<CadrePage>? _self;
    private JsonElement? _month;
    private MeRow? _me;
    private List<CadreCheckIn> _checkIns = [], _queue = [];
    private List<CadreWorkLogEntry> _workLog = [], _logQueue = [];
    private List<(string Id, string Name)> _households = [], _pairings = [];
    private List<string> _served = [];
    private Dictionary<string, string> _villageNames = [];
    private string? _village;
    private HashSet<string> _logPicked = [];
    private string _logText = "", _logFilter = "";
    private string? _logError;
    private string? _villageName, _areaCode, _cadreId, _cachedAt, _notice, _loadError, _error, _photo;
    private bool _online = true, _busy, _shellCached, _shellTried, _shellBusy;
    private string CacheKey => "gridgov.cadre.month." + Auth.Username;
    private string VillageKey => "gridgov.cadre.village." + Auth.Username;
    private string DraftKey => "gridgov.cadre.draft." + Auth.Username;

    protected override async Task OnInitializedAsync()
    {
        if (!Auth.IsLoggedIn) { Nav.NavigateToLogin(); return; }
        _js = await Js.InvokeAsync<IJSObjectReference>("import", "./js/cadre.js");
        _online = await _js.InvokeAsync<bool>("online");
        _self = DotNetObjectReference.Create(this);
        await _js.InvokeVoidAsync("watchOnline", _self);
        await LoadDraftAsync();
        await LoadQueueAsync();
        await LoadAsync();
        if (_online && _queue.Count + _logQueue.Count > 0) await SyncAsync();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // Once the page runs, hand what it loaded to the service worker (the first visit is not under its control yet).
        if (_month is not null && !_shellTried && _js is not null && _cachedAt is null) await CacheShellAsync();
    }

    /// <summary>The page says it works offline only once the service worker holds every file it loaded.</summary>
    private async Task CacheShellAsync()
    {
        (_shellTried, _shellBusy) = (true, true);
        try
        {
            var r = await _js!.InvokeAsync<ShellCache>("cacheShell");
            _shellCached = r.Total > 0 && r.Cached == r.Total;
        }
        catch (JSException) { _shellCached = false; }
        _shellBusy = false;
        StateHasChanged();
    }

    private sealed record ShellCache(int Cached, int Total);

    private async Task LoadAsync()
    {
        try
        {
            var me = (await Gql.QueryAsync(CadreQueries.Me)).GetProperty("me");
            _cadreId = me.Str("cadreId");
            if (_cadreId.Length == 0) { _loadError = L["CadreOnly"]; return; }
            var served = me.Arr("servedVillages").Select(v => v.GetString() ?? "").ToList();
            var chosen = _village ?? await Js.InvokeAsync<string?>("localStorage.getItem", VillageKey);
            var village = served.Contains(chosen ?? "") ? chosen! : served.Contains(me.Str("areaCode")) || served.Count == 0 ? me.Str("areaCode") : served[0];
            var data = await Gql.QueryAsync(CadreQueries.Month, new { area = village, id = _cadreId });
            var json = JsonSerializer.Serialize(new { me, data, village, savedAt = DateTimeOffset.Now.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) });
            await Js.InvokeVoidAsync("localStorage.setItem", CacheKey, json);
            Show(JsonDocument.Parse(json).RootElement, cached: false);
        }
        catch (Exception e) when (e is HttpRequestException or GraphQLException { Code: "HTTP" or "UNAVAILABLE" } or TaskCanceledException)
        {
            var json = await Js.InvokeAsync<string?>("localStorage.getItem", CacheKey);
            if (string.IsNullOrEmpty(json)) { _loadError = L["FieldNoData"]; return; }
            Show(JsonDocument.Parse(json).RootElement, cached: true);
        }
        catch (GraphQLException e) { _loadError = e.Message; }
    }

    private void Show(JsonElement saved, bool cached)
    {
        _month = saved.Clone();
        var me = saved.GetProperty("me");
        (_areaCode, _cadreId) = (me.Str("areaCode"), me.Str("cadreId"));
        var data = saved.GetProperty("data");
        _served = [.. me.Arr("servedVillages").Select(v => v.GetString() ?? "")];
        _village = saved.Str("village") is { Length: > 0 } v ? v : _areaCode;
        _villageNames = data.Arr("villages").ToDictionary(x => x.Str("code"), x => AreaNames.Short(x.Str("name")));
        _villageName = _villageNames.GetValueOrDefault(_village ?? "") ?? me.Str("areaName");
        _pairings = [.. data.Arr("pairings").Select(p => (p.Str("householdId"), p.Str("headName")))];
        var row = data.Arr("cadreCompliance").FirstOrDefault(c => c.Str("cadreId") == _cadreId);
        _me = row.ValueKind == JsonValueKind.Object
            ? new MeRow(row.Str("name"), L["CadreKind" + row.Str("kind")], row.Str("rank").Length > 0 ? L["CadreRank" + row.Str("rank")] : "",
                (int)(row.Num("trustedDays") ?? 0), row.Num("requiredDays") ?? 0, (int)(row.Num("checkIns") ?? 0))
            : null;
        _checkIns = [.. data.Arr("checkIns").Select(CadreCheckIn.FromServer).OrderByDescending(c => c.At)];
        _workLog = [.. data.Arr("workLog").Select(CadreWorkLogEntry.FromServer)];
        _households = [.. (data.Obj("households")?.Arr("nodes") ?? []).Select(h => (h.Str("id"), h.Str("headName")))];
        _cachedAt = cached ? saved.Str("savedAt") : null;
    }

    private string VillageName(string code) => _villageNames.GetValueOrDefault(code) ?? code;

    /// <summary>Another served village: households, work log and pairings follow it; picked households of the other village are dropped.</summary>
    private async Task ChooseVillageAsync(ChangeEventArgs e)
    {
        if (e.Value?.ToString() is not { Length: > 0 } code || code == _village) return;
        _village = code;
        await Js.InvokeVoidAsync("localStorage.setItem", VillageKey, code);
        _logPicked = [];
        await SaveDraftAsync();
        await LoadAsync();
    }

    private async Task LoadQueueAsync()
    {
        if (_js is null) return;
        var all = (await _js.InvokeAsync<JsonElement>("listed", Auth.Username ?? "")).EnumerateArray().Select(e => e.Clone()).ToList();
        _queue = [.. all.Where(q => q.Str("kind") != "workLog").Select(CadreCheckIn.FromQueue).OrderByDescending(c => c.At)];
        _logQueue = [.. all.Where(q => q.Str("kind") == "workLog").Select(CadreWorkLogEntry.FromQueue).Reverse()];
    }

    private async Task PhotoChosen(ChangeEventArgs _)
    {
        if (_js is null) return;
        var p = await _js.InvokeAsync<JsonElement?>("takePhoto", "checkin-photo");
        _photo = p is { } x && x.ValueKind == JsonValueKind.Object
            ? L["CadrePhotoInfo", x.Num("width") ?? 0, x.Num("height") ?? 0, Math.Round((x.Num("bytes") ?? 0) / 1024)].Value : null;
    }

    private sealed record Draft(string Text, List<string> Households);

    private async Task OnLogText(ChangeEventArgs e)
    {
        _logText = e.Value?.ToString() ?? "";
        await SaveDraftAsync();
    }

    private async Task OnPick(string id, bool on)
    {
        if (on) _logPicked.Add(id); else _logPicked.Remove(id);
        await SaveDraftAsync();
    }

    private async Task LoadDraftAsync()
    {
        var json = await Js.InvokeAsync<string?>("localStorage.getItem", DraftKey);
        if (string.IsNullOrEmpty(json)) return;
        try { if (JsonSerializer.Deserialize<Draft>(json) is { } d) (_logText, _logPicked) = (d.Text, [.. d.Households]); }
        catch (JsonException) { }
    }

    // What is typed survives a reload or a closed tab.
    private ValueTask SaveDraftAsync() => Js.InvokeVoidAsync("localStorage.setItem", DraftKey, JsonSerializer.Serialize(new Draft(_logText, [.. _logPicked])));

    private async Task PostWorkLogAsync()
    {
        if (_js is null || Auth.Token is null) return;
        _logError = null;
        if (_logText.Trim().Length == 0) { _logError = L["CadreWorkLogEmpty"]; return; }
        _busy = true;
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime);
        var item = CadreQueries.WorkLogItem(await _js.InvokeAsync<string>("newId"), Auth.Username ?? "", _logText.Trim(), _logPicked, today);
        var sent = false;
        if (_online)
        {
            var r = await _js.InvokeAsync<JsonElement>("sendNow", item, Auth.Token);
            if (r.GetProperty("ok").GetBoolean()) sent = true;
            else if (!(r.TryGetProperty("offline", out var off) && off.GetBoolean())) { (_logError, _busy) = (r.Str("message"), false); return; }
        }
        if (!sent) await _js.InvokeVoidAsync("enqueue", item, false);
        (_logText, _logPicked, _logFilter) = ("", [], "");
        await Js.InvokeVoidAsync("localStorage.removeItem", DraftKey);
        _notice = sent ? L["CadreWorkLogPosted"] : L["CadreQueued"];
        await LoadQueueAsync();
        if (sent) await LoadAsync();
        _busy = false;
    }

    private async Task CheckInAsync()
    {
        if (_js is null || Auth.Token is null) return;
        (_busy, _error, _notice) = (true, null, null);
        StateHasChanged();
        var p = await _js.InvokeAsync<JsonElement>("locate");
        if (p.Num("lon") is not { } lon || p.Num("lat") is not { } lat)
        {
            (_error, _busy) = (p.Str("error") == "denied" ? L["CadreLocationDenied"] : L["CadreLocationUnavailable"], false);
            return;
        }
        var item = CadreQueries.Item(await _js.InvokeAsync<string>("newId"), Auth.Username ?? "", lon, lat, p.Num("accuracy") ?? 0, DateTimeOffset.UtcNow);
        var sent = false;
        if (_online)
        {
            var r = await _js.InvokeAsync<JsonElement>("sendNow", item, Auth.Token, _photo is not null);
            if (r.GetProperty("ok").GetBoolean()) sent = true;
            else if (!(r.TryGetProperty("offline", out var off) && off.GetBoolean())) { (_error, _busy) = (r.Str("message"), false); await LoadAsync(); return; }
        }
        if (!sent) await _js.InvokeVoidAsync("enqueue", item, _photo is not null);
        await _js.InvokeVoidAsync("dropPhoto");
        _photo = null;
        _notice = sent ? L["CadreCheckedIn"] : L["CadreQueued"];
        await LoadQueueAsync();
        if (sent) await LoadAsync();
        _busy = false;
    }

    [JSInvokable]
    public async Task OnlineChanged(bool online)
    {
        _online = online;
        if (online)
        {
            await SyncAsync();
            await LoadAsync();
            if (_shellTried && !_shellCached && _month is not null) await CacheShellAsync();
        }
        StateHasChanged();
    }

    private async Task SyncAsync()
    {
        if (_js is null || Auth.Token is null) return;
        var results = await _js.InvokeAsync<JsonElement>("sync", Auth.Username ?? "", Auth.Token);
        await LoadQueueAsync();
        var sent = results.EnumerateArray().Count(x => x.GetProperty("ok").GetBoolean());
        var refused = results.GetArrayLength() - sent;
        if (refused > 0) _notice = L["CadreSyncRefused", refused];
        else if (sent > 0) _notice = L["CadreSynced", sent];
        if (sent > 0) await LoadAsync();
        StateHasChanged();
    }

    private async Task DiscardAsync(string clientId)
    {
        if (_js is null) return;
        await _js.InvokeVoidAsync("dequeue", clientId);
        await LoadQueueAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _self?.Dispose();
        if (_js is not null) { try { await _js.DisposeAsync(); } catch (JSDisconnectedException) { } }
    }
}
