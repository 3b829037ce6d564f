using System.Globalization;
using System.Text.Json;
using GridGov.Client.Components;
using GridGov.Client.Resources;
using GridGov.Client.Queries;
using GridGov.Client.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.Extensions.Localization;

namespace GridGov.Client.Pages.Coverage;

/// <summary>Where the caller's map starts: the county, their township, or their village (a secretary).</summary>
public enum RootLevel { County, Township, Village }

/// <summary>
/// The coverage page's state and navigation. Every user action writes a new <see cref="CoverageView"/> into the
/// address; <see cref="ApplyAsync"/> turns whatever the address says (a click, Back/Forward, a reload, a shared link)
/// into loads and paints, comparing it with the view shown. Nothing starts work from a property setter.
/// </summary>
public partial class CoveragePage
{
    /// <summary>How a view change moves the map: not at all (a click on the map), to the area in focus, or to the household.</summary>
    private enum ZoomTo { None, Focus, Household }

    [Inject] private AuthState Auth { get; set; } = default!;
    [Inject] private GraphQLClient Gql { get; set; } = default!;
    [Inject] private NavigationManager Nav { get; set; } = default!;
    [Inject] private IStringLocalizer<Strings> L { get; set; } = default!;

    private GridMap? _map;
    /// <summary>Boundaries are in and the map exists: views can be applied (before that the address is only remembered).</summary>
    private bool _ready;
    private CoverageView _view = CoverageView.Default;
    private ZoomTo? _pendingZoom;
    private List<JsonElement> _villages = [], _townships = [];
    /// <summary>
    /// Each village's township and each township's villages, read once from the boundaries: every repaint and render asks
    /// for them, and a JSON property lookup per village per township cost a tenth of a second a render in the browser.
    /// </summary>
    private Dictionary<string, string?> _townshipOfVillage = [];
    private ILookup<string?, JsonElement> _villagesOfTownship = Array.Empty<JsonElement>().ToLookup(_ => (string?)null);
    private string? _areaName, _loadError;
    /// <summary>The township in view: drilled into, the selected village's, or a township leader's own.</summary>
    private string? _township;
    /// <summary>Only the township's villages are drawn (drilled into it, or a township leader's own).</summary>
    private bool _townshipOnly;
    private bool _sheetOpen = true;
    // The quarter that has ended most recently is the one leaders review.
    private readonly string _quarter = LastQuarter(Months.Current());
    private List<JsonElement>? _ranking;
    private Task<JsonElement>? _areas;
    /// <summary>The first focus figures, asked for with the boundaries (<see cref="PrefetchFocus"/>); taken by the first <see cref="LoadFocusAsync"/> they fit.</summary>
    private (string Query, string Code, string Month, Task<JsonElement> Answer)? _focusPrefetch;

    /// <summary>
    /// The adopted first map is coloured with this month's linked shares: until the page's own figures for a village come,
    /// a repaint leaves its colour as it is. Any other month or measure repaints unknown villages grey.
    /// </summary>
    private bool _keepFirstColours;

    private string RootCode => Auth.AreaCode ?? "";
    private RootLevel Root => RootCode.EndsWith("000000", StringComparison.Ordinal) ? RootLevel.County
        : RootCode.EndsWith("000", StringComparison.Ordinal) ? RootLevel.Township : RootLevel.Village;
    private string RootName => _areaName ?? L["County"];
    private string FocusAreaCode => _view.Village ?? _township ?? RootCode;
    /// <summary>Members are refused the coverage figures by the API; the page says so instead of waiting for them.</summary>
    private bool ReadsCoverage => !Auth.IsMember;
    private string MeasureName => _view.Measure == ShareMeasure.Contacted ? L["ContactedShare"] : L["LinkedShare"];
    private string MonthText => Months.Key(_view.Month);

    private static string Count(int n) => n.ToString("N0", CultureInfo.CurrentCulture);
    private static string Mu(double m2) => (m2 / 666.6667).ToString("N0", CultureInfo.CurrentCulture);

    protected override void OnInitialized()
    {
        if (!Auth.IsLoggedIn) { Nav.NavigateToLogin(); return; }
        _view = CoverageView.Parse(Nav.Uri);
        Nav.LocationChanged += OnLocationChanged;
        // The boundaries are fetched while the map module loads: the first map is what users wait for.
        _areas = Gql.QueryAsync(CoverageQueries.Boundaries);
        if (ReadsCoverage && Root != RootLevel.Village) _ = LoadRankingAsync();
        PrefetchFocus();
        _ = ShowPrefetchedFocusAsync();
    }

    /// <summary>
    /// The panel's figures of a plain landing (the caller's own area: no township, village or cell in the address) need nothing
    /// the boundaries or the map bring, so they are asked for with the boundaries instead of after the map is ready — the
    /// panel waited for both, one after the other.
    /// </summary>
    private void PrefetchFocus()
    {
        if (!ReadsCoverage || _view.Cell is not null) return;
        var (query, code) = Root == RootLevel.Village ? (CoverageQueries.FocusVillage, RootCode)
            : _view.Township is null && _view.Village is null ? (CoverageQueries.FocusArea, RootCode) : default;
        if (query is null) return;
        var month = MonthText;
        _focusPrefetch = (query, code, month, Gql.QueryAsync(query, new { a = code, m = month, c = (string?)null }));
    }

    private async Task OnMapReady()
    {
        try
        {
            var data = await (_areas ?? throw new InvalidOperationException("not logged in"));
            _areaName = data.GetProperty("me").Str("areaName");
            _townships = data.Arr("townships").ToList();
            _villages = data.Arr("villages").ToList();
            _townshipOfVillage = _villages.ToDictionary(v => v.Str("code"), v => v.Obj("township")?.Str("code"));
            _villagesOfTownship = _villages.ToLookup(v => _townshipOfVillage[v.Str("code")]);
        }
        catch (GraphQLException e) { _loadError = e.Message; }
        _ready = true;
        await ApplyAsync(_view, ZoomTo.Focus, initial: true);
    }

    private void OnLocationChanged(object? sender, LocationChangedEventArgs e) => InvokeAsync(async () =>
    {
        if (!Nav.ToBaseRelativePath(e.Location).StartsWith("coverage", StringComparison.Ordinal)) return; // leaving the page
        var zoom = _pendingZoom ?? ZoomTo.Focus; // Back/Forward and links show the area in focus
        _pendingZoom = null;
        await ApplyAsync(CoverageView.Parse(e.Location), zoom);
    });

    /// <summary>Shows a view by putting it in the address (a history entry); the address change applies it.</summary>
    private async Task Go(CoverageView next, ZoomTo zoom)
    {
        var url = next.ToUrl();
        if (Nav.ToBaseRelativePath(Nav.Uri) == url) { await ApplyAsync(next, zoom); return; }
        _pendingZoom = zoom;
        Nav.NavigateTo(url);
    }

    /// <summary>A view the caller can have: codes of their area only; a secretary's village is always selected.</summary>
    private CoverageView Normalize(CoverageView v)
    {
        if (Root == RootLevel.Village) v = v with { Township = null, Village = RootCode };
        if (Root == RootLevel.Township || (v.Township is { } t && !_townships.Any(x => x.Str("code") == t))) v = v with { Township = null };
        if (v.Village is { } code && !_townshipOfVillage.ContainsKey(code)) v = v with { Village = null };
        if (v.Township is { } t2 && v.Village is { } c2 && TownshipOf(c2) != t2) v = v with { Village = null };
        if (v.Village is null) v = v with { Cell = null };
        return v;
    }

    /// <summary>Turns the view into the page: paints at once, then loads what the change needs (figures, focus, cells, card).</summary>
    private async Task ApplyAsync(CoverageView requested, ZoomTo zoom, bool initial = false)
    {
        if (!_ready) { _view = requested; return; } // OnMapReady applies it
        var next = Normalize(requested);
        var prev = _view;
        _view = next;
        var monthChanged = initial || prev.Month != next.Month;
        var measureChanged = prev.Measure != next.Measure;
        var villageChanged = initial || prev.Village != next.Village;
        var areaChanged = villageChanged || prev.Township != next.Township;
        var cellChanged = prev.Cell != next.Cell;
        _township = Root == RootLevel.Township ? RootCode : next.Township ?? (next.Village is { } v ? TownshipOf(v) : null);
        _townshipOnly = Root == RootLevel.Township || next.Township is not null;
        if (monthChanged) _figures.Clear();
        if (initial) _keepFirstColours = next.Month == Months.Current() && next.Measure == ShareMeasure.Linked;
        else if (monthChanged || measureChanged) _keepFirstColours = false;
        if (villageChanged || monthChanged) _cells = [];
        await PaintAsync();
        await PaintCellsAsync();
        if (zoom == ZoomTo.Focus) await ZoomToFocus();
        StateHasChanged();

        var work = new List<Task>();
        if (ReadsCoverage)
        {
            if (monthChanged) work.Add(LoadFiguresAsync());
            if (monthChanged || measureChanged) work.Add(ApplyTileLayersAsync());
            if (monthChanged || areaChanged || cellChanged) work.Add(LoadFocusAsync());
            if (monthChanged || villageChanged) work.Add(LoadCellsAsync());
        }
        if (initial || prev.Household != next.Household)
            work.Add(next.Household is { } id ? ShowHouseholdAsync(id, zoom == ZoomTo.Household) : CloseHouseholdLayerAsync());
        await Task.WhenAll(work);
        // A cell named by the address is fitted once its village's cells are in.
        if (zoom == ZoomTo.Focus && next.Cell is not null && (monthChanged || villageChanged)) await ZoomToFocus();
        StateHasChanged();
    }

    private string? TownshipOf(string village) => _townshipOfVillage.GetValueOrDefault(village);

    /// <summary>The view with this village selected; a drilled township follows the village.</summary>
    private CoverageView WithVillage(string code) =>
        _view with { Village = code, Cell = null, Township = _view.Township is null ? null : TownshipOf(code) };

    // ------------------------------------------------------------------ user actions

    private Task DrillToRoot() => Root == RootLevel.Village ? Go(_view with { Cell = null }, ZoomTo.Focus) : DrillTo(null);

    private Task DrillTo(string? township) =>
        Go(_view with { Township = Root == RootLevel.Township ? null : township, Village = null, Cell = null }, ZoomTo.Focus);

    private Task SelectVillage(string code, bool zoom) => Go(WithVillage(code), zoom ? ZoomTo.Focus : ZoomTo.None);

    private Task SelectCell(string id, bool zoom) =>
        long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var cell) ? Go(_view with { Cell = cell }, zoom ? ZoomTo.Focus : ZoomTo.None) : Task.CompletedTask;

    private Task OnMeasureChanged(ChangeEventArgs e) =>
        Go(_view with { Measure = e.Value?.ToString() == "contacted" ? ShareMeasure.Contacted : ShareMeasure.Linked }, ZoomTo.None);

    private Task OnMonthChanged(DateOnly month) => Go(_view with { Month = month }, ZoomTo.None);

    /// <summary>A household from the search: its village selected, the map at the house, its card open.</summary>
    private Task OpenHousehold(string id, string? village) =>
        Go((village is not null && _townshipOfVillage.ContainsKey(village) ? WithVillage(village) : _view) with { Household = id }, ZoomTo.Household);

    private Task CloseHousehold() => Go(_view with { Household = null }, ZoomTo.None);

    private async Task OnChartSelect(string id)
    {
        switch (_focus?.Level)
        {
            case "COUNTY": await DrillTo(id); break;
            case "TOWNSHIP": await SelectVillage(id, true); break;
            case "VILLAGE": await SelectCell(id, true); break;
        }
    }

    private async Task OnMapClick(MapHit hit)
    {
        switch (hit.Layer)
        {
            case "households" or "unlinked" or "search" when hit.Id is { Length: > 0 } id:
                await Go(_view with { Household = id }, ZoomTo.None);
                break;
            case "cells" when hit.Id is { } cell:
                await SelectCell(cell, false);
                break;
            case CoverageLayers.VillagesLayer when hit.Id is { } code && Root != RootLevel.Village:
                await SelectVillage(code, false);
                break;
        }
    }

    private string TownshipName(string code) => _townships.FirstOrDefault(t => t.Str("code") == code) is { ValueKind: JsonValueKind.Object } t ? t.Str("name") : code;

    private string VillageName(string code) => _villages.FirstOrDefault(v => v.Str("code") == code) is { ValueKind: JsonValueKind.Object } v ? v.Str("name") : code;

    private bool IsDeepPoverty(FocusFigures f) => f.Level == "VILLAGE"
        && _villages.FirstOrDefault(v => v.Str("code") == f.AreaCode) is { ValueKind: JsonValueKind.Object } fv
        && fv.TryGetProperty("isDeepPoverty", out var dp) && dp.ValueKind == JsonValueKind.True;

    private static string LastQuarter(DateOnly month)
    {
        var q = (month.Month - 1) / 3; // the current quarter, 0-based
        return q == 0 ? $"{month.Year - 1}Q4" : $"{month.Year}Q{q}";
    }

    public void Dispose()
    {
        Nav.LocationChanged -= OnLocationChanged;
        _searchCts?.Cancel();
        _searchCts?.Dispose();
    }
}
