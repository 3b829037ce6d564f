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

namespace GridGov.Client.Pages.Field;

public partial class FieldPage
{
    private GridMap? _map;
    private FieldDeclareForm? _form;
    private IJSObjectReference? _js;
    private DotNetObjectReference<FieldPage>? _self;
    private FieldDraft _draft = new();
    private JsonElement? _report;
    private List<FieldHousehold> _households = [];
    private List<JsonElement> _declarations = [];
    private List<JsonElement> _queue = [];
    private readonly Dictionary<string, string> _photos = [];
    private (double Lon, double Lat, double Accuracy)? _here;
    private string? _cellName, _cachedAt, _notice, _loadError, _formError, _monthLabel;
    private bool _online = true, _busy, _refusedNotice;
    // Whether this phone holds everything the page needs to start without a connection (the member is told once it does).
    private enum ShellState { NotTried, Caching, Ready, Incomplete }
    private ShellState _shell;
    private DateOnly _today, _minDate;

    protected override async Task OnInitializedAsync()
    {
        if (!Auth.IsLoggedIn) { Nav.NavigateToLogin(); return; }
        var now = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8));
        _today = DateOnly.FromDateTime(now.DateTime);
        _minDate = new DateOnly(_today.Year, _today.Month, 1).AddMonths(-1);
        _monthLabel = Months.Label(Months.Current());
        _draft = await Store.LoadDraftAsync();
        if (_draft.WorkDate.Length == 0) _draft.WorkDate = _today.ToString("yyyy-MM-dd");
        else if (!_draft.IsEmpty) _notice = L["FieldDraftRestored"];
        _js = await Store.ModuleAsync();
        _online = await _js.InvokeAsync<bool>("online");
        _self = DotNetObjectReference.Create(this);
        await _js.InvokeVoidAsync("watchOnline", _self);
        await LoadQueueAsync();
        await LoadAsync();
        _ = LocateAsync();
        if (_online && _queue.Count > 0) await SyncAsync();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // Once the page runs, hand what it loaded to the service worker (the first visit is not yet under its control).
        if (_report is not null && _online && _js is not null && _shell == ShellState.NotTried)
            await CacheShellAsync();
    }

    private async Task CacheShellAsync()
    {
        _shell = ShellState.Caching;
        try
        {
            var r = await _js!.InvokeAsync<ShellCache>("cacheShell");
            _shell = r.Total > 0 && r.Cached == r.Total ? ShellState.Ready : ShellState.Incomplete;
        }
        catch (JSException) { _shell = ShellState.Incomplete; }
        StateHasChanged();
    }

    private async Task LoadAsync()
    {
        var username = Auth.Username ?? "";
        try
        {
            var me = await Gql.QueryAsync(AreaQueries.MeMember);
            var memberId = me.GetProperty("me").Str("memberId");
            if (memberId.Length == 0) { _loadError = L["FieldMemberOnly"]; return; }
            var data = await Gql.QueryAsync(FieldMutations.Report, new { memberId });
            _report = data.GetProperty("memberReport").Clone();
            _cachedAt = null;
            await Store.SaveReportAsync(username, _report.Value);
        }
        catch (Exception e) when (e is HttpRequestException or GraphQLException { Code: "HTTP" or "UNAVAILABLE" } or TaskCanceledException)
        {
            if (await Store.CachedReportAsync(username) is { } cached) { _report = cached.Report; _cachedAt = cached.SavedAt; }
            else _loadError = L["FieldNoData"];
        }
        catch (GraphQLException e) { _loadError = e.Message; }
        if (_report is not { } r) return;
        _cellName = r.Obj("cell")?.Str("name");
        _declarations = [.. r.Arr("declarations").OrderBy(d => d.Str("status") == "RETURNED" ? 0 : 1).ThenByDescending(d => d.Str("workDate"))];
        Resort();
        await DrawAsync();
        _ = LoadPhotosAsync();
    }

    private async Task LoadPhotosAsync()
    {
        if (_js is null || !_online) return;
        foreach (var d in _declarations.Where(d => d.Str("photoUrl").Length > 0 && !_photos.ContainsKey(d.Str("id"))))
            if (await _js.InvokeAsync<string?>("photoUrl", d.Str("photoUrl"), Auth.Token) is { } url) _photos[d.Str("id")] = url;
        StateHasChanged();
    }

    private async Task LoadQueueAsync() => _queue = _js is null ? [] : [.. (await _js.InvokeAsync<JsonElement>("queued")).EnumerateArray().Select(e => e.Clone())];

    private async Task LocateAsync()
    {
        if (_js is null) return;
        var p = await _js.InvokeAsync<JsonElement>("locate");
        if (p.Num("lon") is { } lon && p.Num("lat") is { } lat) _here = (lon, lat, p.Num("accuracy") ?? 0);
        Resort();
        await DrawAsync();
        StateHasChanged();
    }

    private void Resort()
    {
        if (_report is not { } r) return;
        var home = r.GetProperty("member").GetProperty("geometry");
        double? lon = _here?.Lon, lat = _here?.Lat;
        if (lon is null && home.ValueKind == JsonValueKind.Object) (lon, lat) = (home.GetProperty("coordinates")[0].GetDouble(), home.GetProperty("coordinates")[1].GetDouble());
        _households = FieldHousehold.Sort(FieldHousehold.From(r), lon, lat);
    }

    private sealed record ShellCache(int Cached, int Total);

    [JSInvokable]
    public async Task OnlineChanged(bool online)
    {
        _online = online;
        if (online)
        {
            await SyncAsync();
            await LoadAsync();
            if (_shell == ShellState.Incomplete && _report is not null) await CacheShellAsync();
        }
        StateHasChanged();
    }

    private async Task SyncAsync()
    {
        if (_js is null || Auth.Token is null) return;
        var results = await _js.InvokeAsync<JsonElement>("sync", Auth.Token);
        await LoadQueueAsync();
        // The notice says what the sync did: a "saved on the phone" notice must not outlive the queue it spoke of.
        var sent = results.EnumerateArray().Count(x => x.GetProperty("ok").GetBoolean());
        var refused = results.GetArrayLength() - sent;
        _refusedNotice = refused > 0;
        if (refused > 0) _notice = L["FieldSyncRefused", refused];
        else if (sent > 0) _notice = L["FieldSynced"];
        if (sent > 0) await LoadAsync();
        StateHasChanged();
    }

    private async Task SaveDraft() => await Store.SaveDraftAsync(_draft);

    private async Task Toggle(string householdId, bool on)
    {
        if (on && !_draft.Households.Contains(householdId)) _draft.Households.Add(householdId);
        if (!on) _draft.Households.Remove(householdId);
        await SaveDraft();
        await DrawAsync();
    }

    private async Task Submit()
    {
        _formError = null;
        if (_draft.EditingId is null && _draft.Households.Count == 0) { _formError = L["FieldPickHousehold"]; return; }
        if (_draft.Text.Trim().Length == 0) { _formError = L["FieldTextMissing"]; return; }
        if (_js is null || Auth.Token is null) return;
        _busy = true;
        List<Dictionary<string, object?>> items = _draft.EditingId is { } id
            ? [Item("edit-" + id + "-" + _draft.ClientIdFor("edit"), "update", FieldMutations.Update, new { id, input = FieldMutations.Input(_draft, null) }, id, id)]
            : [.. _draft.Households.Select(h => Item(_draft.ClientIdFor(h), "submit", FieldMutations.Submit, new { input = FieldMutations.Input(_draft, h) }, h, null))];
        await SaveDraft();
        var queued = false;
        foreach (var item in items)
        {
            if (!queued && _online)
            {
                var r = await _js.InvokeAsync<JsonElement>("sendNow", item, Auth.Token, _draft.HasPhoto);
                if (r.GetProperty("ok").GetBoolean()) continue;
                if (!(r.TryGetProperty("offline", out var off) && off.GetBoolean()))
                {
                    // Refused: the form keeps what was typed; the households already sent are idempotent on the next try.
                    _formError = r.Str("message");
                    _busy = false;
                    await LoadAsync();
                    return;
                }
                if (r.Str("declarationId") is { Length: > 0 } done) item["declarationId"] = done;
                queued = true;
            }
            await _js.InvokeVoidAsync("enqueue", item, _draft.HasPhoto);
            queued = true;
        }
        (_notice, _refusedNotice) = (queued ? L["FieldQueued"] : L["FieldSaved"], false);
        await FinishDraftAsync();
        _busy = false;
        await LoadQueueAsync();
        if (!queued) await LoadAsync();
        else await DrawAsync();
    }

    private Dictionary<string, object?> Item(string clientId, string kind, string query, object variables, string householdId, string? declarationId) => new()
    {
        ["clientId"] = clientId, ["kind"] = kind, ["query"] = query, ["variables"] = variables, ["declarationId"] = declarationId,
        ["label"] = new
        {
            household = _households.FirstOrDefault(x => x.Id == householdId)?.HeadName
                        ?? _declarations.Where(d => d.Str("id") == declarationId).Select(d => d.Obj("household")?.Str("headName")).FirstOrDefault() ?? "",
            category = _draft.Category, text = _draft.Text.Trim(), workDate = _draft.WorkDate,
        },
    };

    private async Task Edit(JsonElement d)
    {
        if (_draft.EditingId is null && !_draft.IsEmpty) await Store.StashAsync(_draft);
        _draft = new FieldDraft
        {
            EditingId = d.Str("id"), Households = [d.Str("householdId")], Category = d.Str("category"), Text = d.Str("text"), WorkDate = d.Str("workDate"),
        };
        _formError = null;
        await SaveDraft();
        _form?.Open();
    }

    private async Task CancelEdit()
    {
        _formError = null;
        await FinishDraftAsync();
    }

    /// <summary>After a submission or a cancel: an empty form, or the new declaration that was being typed before an edit.</summary>
    private async Task FinishDraftAsync()
    {
        var wasEdit = _draft.EditingId is not null;
        // An edit without a photo of its own leaves the stashed draft's photo where it is.
        await Store.ClearDraftAsync(keepPhoto: wasEdit && !_draft.HasPhoto);
        _draft = (wasEdit ? await Store.PopStashAsync() : null) ?? new FieldDraft { WorkDate = _today.ToString("yyyy-MM-dd") };
        if (!_draft.IsEmpty) await SaveDraft();
        _form?.Reset();
    }

    private async Task Withdraw(JsonElement d)
    {
        if (_js is null || Auth.Token is null) return;
        var id = d.Str("id");
        var item = new Dictionary<string, object?>
        {
            ["clientId"] = "withdraw-" + id, ["kind"] = "withdraw", ["query"] = FieldMutations.Withdraw, ["variables"] = new { id }, ["declarationId"] = id,
            ["label"] = new { household = d.Obj("household")?.Str("headName") ?? "", category = d.Str("category"), text = d.Str("text"), workDate = d.Str("workDate") },
        };
        if (_online)
        {
            var r = await _js.InvokeAsync<JsonElement>("sendNow", item, Auth.Token, false);
            if (r.GetProperty("ok").GetBoolean()) { _notice = L["FieldWithdrawn"]; await LoadAsync(); return; }
            if (!(r.TryGetProperty("offline", out var off) && off.GetBoolean())) { _notice = r.Str("message"); return; }
        }
        await _js.InvokeVoidAsync("enqueue", item, false);
        await LoadQueueAsync();
    }

    private async Task Discard(string clientId)
    {
        if (_js is null) return;
        await _js.InvokeVoidAsync("dequeue", clientId);
        await LoadQueueAsync();
        // A notice of refused items would mislead once none is left.
        var failed = _queue.Count(q => q.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object);
        if (_refusedNotice) _notice = failed > 0 ? L["FieldSyncRefused", failed].Value : null;
        _refusedNotice = failed > 0 && _refusedNotice;
    }

    private async Task Retry(string clientId)
    {
        if (_js is null) return;
        await _js.InvokeVoidAsync("retry", clientId);
        await LoadQueueAsync();
        if (_online) await SyncAsync();
    }

    private string Distance(double? m) => m switch
    {
        null => "",
        < 1000 => L["FieldMetres", Math.Round(m.Value)],
        _ => L["FieldKilometres", (m.Value / 1000).ToString("0.0", System.Globalization.CultureInfo.CurrentCulture)],
    };

    private async Task OnMapReady() => await DrawAsync();

    private async Task OnMapClick(MapHit hit)
    {
        if (hit.Layer == "households" && hit.Id is { } id && _draft.EditingId is null)
        {
            await Toggle(id, !_draft.Households.Contains(id));
            _form?.Open();
            StateHasChanged();
        }
    }

    private async Task ShowOnMap(FieldHousehold h)
    {
        if (_map is null || h.Lon is null || _js is null) return;
        await _js.InvokeVoidAsync("scrollToId", "my-cell");
        await _map.FitAsync([h.Lon.Value - 0.001, h.Lat!.Value - 0.001, h.Lon.Value + 0.001, h.Lat.Value + 0.001], 18);
    }

    private async Task DrawAsync()
    {
        if (_map is not { IsReady: true } || _report is not { } r) return;
        var cell = new FeatureCollection();
        if (r.Obj("cell") is { } c) cell.Add("cell", c.GetProperty("geometry"), new FeatureStyle(Fill: Palette.Fill("#1f77b4", 0.12), Stroke: "#1f77b4", Width: 2.5));
        await _map.SetLayerAsync("cell", cell, 10, clickable: false);
        var households = new FeatureCollection();
        foreach (var h in _households)
        {
            var picked = _draft.Households.Contains(h.Id);
            households.Add(h.Id, h.Geometry, new FeatureStyle(Fill: Palette.ContactedColor(h.Contacted), Stroke: picked ? "#212121" : "#fff",
                Width: picked ? 3 : 2, Radius: picked ? 9 : 7, Label: h.HeadName, LabelMaxRes: 30), new() { ["contacted"] = h.Contacted });
        }
        await _map.SetLayerAsync("households", households, 30, clickable: true);
        var me = new FeatureCollection();
        var home = r.GetProperty("member").GetProperty("geometry");
        me.Add("home", home, new FeatureStyle(Fill: "rgba(255,255,255,0)", Stroke: Palette.MemberHome, Width: 3, Radius: 11));
        if (_here is { } p)
            me.Add("here", JsonSerializer.SerializeToElement(new { type = "Point", coordinates = new[] { p.Lon, p.Lat } }),
                new FeatureStyle(Fill: "#1565c0", Stroke: "#fff", Width: 2, Radius: 6));
        await _map.SetLayerAsync("member", me, 40, clickable: false);
        // The cell, the houses, the home and the phone together: houses of a member often lie outside the home cell.
        var boxes = cell.Features.Concat(households.Features).Concat(me.Features).Select(f => Json.GeometryBbox(f.Geometry)).OfType<double[]>().ToList();
        if (boxes.Count > 0)
            await _map.FitAsync([boxes.Min(b => b[0]), boxes.Min(b => b[1]), boxes.Max(b => b[2]), boxes.Max(b => b[3])], 18);
    }

    public ValueTask DisposeAsync()
    {
        _self?.Dispose();
        return ValueTask.CompletedTask;
    }
}
