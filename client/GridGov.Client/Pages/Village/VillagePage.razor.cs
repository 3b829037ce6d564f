using System.Globalization;
using System.Text.Json;
using GridGov.Client.Components;
using GridGov.Client.Resources;
using GridGov.Client.Queries;
using GridGov.Client.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.Extensions.Localization;

namespace GridGov.Client.Pages.Village;

/// <summary>
/// The village workspace's state: the village, its cells, households and members, and the selection. The
/// selected cell and household are written to the address (village?code=…&amp;cell=…&amp;household=…), so reload,
/// Back/Forward and a shared link show the same selection.
/// </summary>
public partial class VillagePage
{
    [Inject] private AuthState Auth { get; set; } = default!;
    [Inject] private GraphQLClient Gql { get; set; } = default!;
    [Inject] private NavigationManager Nav { get; set; } = default!;
    [Inject] private IStringLocalizer<Strings> L { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "code")] public string? Code { get; set; }

    private GridMap? _map;
    private JsonElement? _village;
    private List<JsonElement> _cells = [], _households = [], _members = [];
    private int _householdsTotal;
    private JsonElement? _household;
    private readonly List<string> _selected = [];
    private string? _loadError, _search, _leaderChoice;
    private bool _canWrite, _loaded, _sheetOpen = true;
    private string VillageCode => Code ?? Auth.AreaCode ?? "";
    private static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    protected override void OnInitialized()
    {
        if (!Auth.IsLoggedIn) { Nav.NavigateToLogin(); return; }
        // Only the village's own secretary edits it (the API refuses everyone else): no tools for the others.
        _canWrite = Auth.IsSecretary && Auth.AreaCode == VillageCode;
        Nav.LocationChanged += OnLocationChanged;
    }

    private async Task OnMapReady()
    {
        await LoadAsync(fit: true);
        _loaded = true;
        await ApplyAddressAsync(zoom: true);
    }

    private async Task LoadAsync(bool fit)
    {
        try
        {
            var data = await Gql.QueryAsync(VillageQueries.Village, new { code = VillageCode });
            if (data.Obj("village") is not { } v) { _loadError = L["VillageNotFound"]; return; }
            _village = v;
            _cells = v.Arr("gridCells").ToList();
            _members = v.GetProperty("partyMembers").Arr("nodes").ToList();
            (_households, _householdsTotal) = await VillageHouseholds.LoadAllAsync(Gql, v.Str("code"));
            _selected.RemoveAll(id => CellById(id) is null);
            await DrawAsync();
            await LoadHistoryAsync();
            if (fit) await ZoomHome();
        }
        catch (GraphQLException e) { _loadError = e.Localized(English); }
        StateHasChanged();
    }

    // ------------------------------------------------------------------ the address

    private static string? QueryValue(string uri, string key) =>
        System.Web.HttpUtility.ParseQueryString(new Uri(uri).Query)[key] is { Length: > 0 } v ? v : null;

    /// <summary>The address of the current selection (the village's code for leaders, the cell, the household).</summary>
    private string SelectionUrl()
    {
        var parts = new List<string>();
        if (Code is { } code) parts.Add("code=" + Uri.EscapeDataString(code));
        if (_selected.Count == 1) parts.Add("cell=" + Uri.EscapeDataString(_selected[0]));
        if (_household?.Str("id") is { Length: > 0 } h) parts.Add("household=" + Uri.EscapeDataString(h));
        return parts.Count == 0 ? "village" : "village?" + string.Join("&", parts);
    }

    /// <summary>After a click: the selection becomes a history entry (nothing happens when the address already says it).</summary>
    private void RememberSelection()
    {
        var url = SelectionUrl();
        if (Nav.ToBaseRelativePath(Nav.Uri) != url) Nav.NavigateTo(url);
    }

    private void OnLocationChanged(object? sender, LocationChangedEventArgs e) => InvokeAsync(async () =>
    {
        if (!Nav.ToBaseRelativePath(e.Location).StartsWith("village", StringComparison.Ordinal) || !_loaded) return;
        if (QueryValue(e.Location, "code") != Code) return; // another village: the router gives the page its new code
        await ApplyAddressAsync(zoom: true);
    });

    /// <summary>Shows the cell and household the address names (a reload, Back/Forward, a link), zoomed to them.</summary>
    private async Task ApplyAddressAsync(bool zoom)
    {
        var cell = QueryValue(Nav.Uri, "cell");
        var household = QueryValue(Nav.Uri, "household");
        if (cell != (_selected.Count == 1 ? _selected[0] : null))
        {
            _selected.Clear();
            if (cell is not null && CellById(cell) is not null) _selected.Add(cell);
            _leaderChoice = cell is null ? null : CellById(cell)?.Obj("leader")?.Str("id") ?? "";
            _rename = cell is null ? "" : CellById(cell)?.Str("name") ?? "";
            await DrawAsync();
            if (zoom && cell is not null && _map is not null && CellById(cell)?.Bbox() is { } b) await _map.FitAsync(b);
        }
        if (household != _household?.Str("id"))
        {
            if (household is null) _household = null;
            else await LoadHouseholdAsync(household, zoom);
        }
        StateHasChanged();
    }

    // ------------------------------------------------------------------ map and selection

    private JsonElement? CellById(string id) => _cells.FirstOrDefault(c => c.Str("id") == id) is { ValueKind: JsonValueKind.Object } c ? c : null;

    private async Task DrawAsync()
    {
        if (_map is null || _village is not { } v) return;
        await _map.SetLayerAsync("village", new FeatureCollection().Add(v.Str("code"), v.GetProperty("geometry"),
            new FeatureStyle(Stroke: Palette.Boundary, Width: 2.5)), 10, clickable: false);
        var cells = new FeatureCollection();
        for (var i = 0; i < _cells.Count; i++)
        {
            var c = _cells[i];
            var id = c.Str("id");
            var selected = _selected.Contains(id);
            var color = Palette.Cell(i);
            var label = c.Obj("leader") is { } leader ? $"{c.Str("name")}\n{leader.Str("name")}" : c.Str("name");
            cells.Add(id, c.GetProperty("geometry"), new FeatureStyle(Fill: Palette.Fill(color, selected ? 0.5 : 0.22),
                Stroke: selected ? Palette.Selected : color, Width: selected ? 4 : 2, Label: label));
        }
        await _map.SetLayerAsync("cells", cells, 20);
        var households = new FeatureCollection();
        var selectedHousehold = _household?.Str("id");
        foreach (var h in _households)
        {
            var linked = h.Obj("currentLink") is not null;
            var selected = h.Str("id") == selectedHousehold;
            households.Add(h.Str("id"), h.GetProperty("geometry"), new FeatureStyle(Fill: linked ? Palette.Contacted : Palette.NotContacted,
                Stroke: selected ? Palette.Selected : "#ffffff", Width: selected ? 3 : 1, Radius: selected ? 7 : 4, Label: h.Str("headName"), LabelMaxRes: 6));
        }
        await _map.SetLayerAsync("households", households, 30);
    }

    private string RowClass(string id) => _selected.Contains(id) ? "selected" : "";

    private async Task ZoomHome()
    {
        if (_map is not null && _village?.Bbox() is { } b) await _map.FitAsync(b);
    }

    private async Task OnMapClick(MapHit hit)
    {
        // While a shape is being drawn or reshaped, clicks belong to the drawing (no household card, no selection).
        if (_mode is Mode.Draw or Mode.Trace or Mode.Split or Mode.Modify or Mode.Fill or Mode.FixDraw) return;
        if (hit.Layer == "households" && hit.Id is { } hid) { await SelectHousehold(hid, false); return; }
        if (hit.Layer != "cells" || hit.Id is not { } id)
        {
            if (_mode != Mode.Merge && _selected.Count > 0) { _selected.Clear(); await DrawAsync(); RememberSelection(); }
            return;
        }
        if (_mode == Mode.Merge)
        {
            if (!_selected.Remove(id)) _selected.Add(id);
            await DrawAsync();
        }
        else await SelectCell(id, false);
    }

    private async Task SelectCell(string id, bool zoom)
    {
        _selected.Clear();
        _selected.Add(id);
        _leaderChoice = CellById(id)?.Obj("leader")?.Str("id") ?? "";
        _rename = CellById(id)?.Str("name") ?? "";
        await DrawAsync();
        if (zoom && _map is not null && CellById(id)?.Bbox() is { } b) await _map.FitAsync(b);
        RememberSelection();
    }

    private async Task SelectHousehold(string id, bool zoom)
    {
        await LoadHouseholdAsync(id, zoom);
        RememberSelection();
    }

    private async Task LoadHouseholdAsync(string id, bool zoom)
    {
        try
        {
            var data = await Gql.QueryAsync(VillageQueries.Household, new { id });
            _household = data.Obj("household");
            await DrawAsync();
            if (zoom && _map is not null && _household?.Bbox() is { } b)
                await _map.FitAsync([b[0] - 0.002, b[1] - 0.002, b[2] + 0.002, b[3] + 0.002]);
        }
        catch (GraphQLException e) { _error = e.Localized(English); }
        StateHasChanged();
    }

    private async Task CloseHousehold()
    {
        _household = null;
        await DrawAsync();
        RememberSelection();
    }

    public void Dispose() => Nav.LocationChanged -= OnLocationChanged;
}
