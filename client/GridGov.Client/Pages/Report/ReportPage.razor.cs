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

namespace GridGov.Client.Pages.Report;

public partial class ReportPage
{
    [SupplyParameterFromQuery(Name = "village")] public string? VillageCode { get; set; }
    // member= and month= are read from the address on every navigation (see ReadQuery).

    private GridMap? _map;
    private Task? _init;
    private List<JsonElement> _members = [];
    private JsonElement? _report;
    private List<CategoryCount> _byCategory = [];
    private int _households, _contacted;
    private string? _memberId, _error;
    private bool _sheetOpen = true, _loaded, _mapReady, _printView, _laidOutForPrint;
    private DateOnly _month = Months.Current();
    private int _loadSeq;

    private static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    private IEnumerable<DateOnly> MonthChoices =>
        Months.Recent().Contains(_month) ? Months.Recent() : Months.Recent().Append(_month);

    protected override void OnInitialized()
    {
        if (!Auth.IsLoggedIn) { Nav.NavigateToLogin(); return; }
        Nav.LocationChanged += OnLocationChanged;
        ReadQuery();
        _init = InitAsync();
    }

    /// <summary>/report ⇄ /report/print and other query changes keep this instance: re-read, reload if needed.</summary>
    private void OnLocationChanged(object? sender, Microsoft.AspNetCore.Components.Routing.LocationChangedEventArgs e) =>
        InvokeAsync(async () =>
        {
            if (!Nav.ToBaseRelativePath(e.Location).StartsWith("report", StringComparison.Ordinal)) return; // leaving the page
            var (member, month) = (_memberId, _month);
            ReadQuery();
            StateHasChanged();
            if (_mapReady && (member != _memberId || month != _month)) await LoadReportAsync();
        });

    private void ReadQuery()
    {
        _printView = Nav.ToBaseRelativePath(Nav.Uri).StartsWith("report/print", StringComparison.Ordinal);
        var query = System.Web.HttpUtility.ParseQueryString(new Uri(Nav.Uri).Query);
        if (Months.Parse(query["month"]) is { } m) _month = m;
        if (!string.IsNullOrEmpty(query["member"])) _memberId = query["member"];
    }

    private async Task InitAsync()
    {
        try
        {
            var me = (await Gql.QueryAsync(ReportQueries.Me)).GetProperty("me");
            // A member sees themself; a secretary picks among the village's members (leaders: ?village=).
            var village = Auth.IsMember ? null : VillageCode ?? (Auth.IsSecretary ? Auth.AreaCode : null);
            if (village is not null)
            {
                var data = await Gql.QueryAsync(ReportQueries.VillageMembers, new { v = village });
                // Another village's members are filtered away by the API: say why the list is empty.
                if (data.Obj("village") is null) { _error = L["VillageNotFound"]; return; }
                _members = data.GetProperty("partyMembers").Arr("nodes").ToList();
            }
            _memberId ??= Auth.IsMember ? me.Str("memberId") : _members.Select(x => x.Str("id")).FirstOrDefault();
            _loaded = true;
        }
        catch (GraphQLException e) { _error = e.Localized(English); }
    }

    private async Task OnMapReady()
    {
        if (_init is not null) await _init;
        _mapReady = true;
        // The address names the member and month shown, so Back returns here and a reload shows the same.
        if (_memberId is not null && Nav.ToBaseRelativePath(Nav.Uri) != ReportUrl(_printView)) Nav.NavigateTo(ReportUrl(_printView), replace: true);
        await LoadReportAsync();
    }

    // A choice goes into the address (a history entry); OnLocationChanged loads it, as it does for Back/Forward.
    private void OnMemberChanged(ChangeEventArgs e)
    {
        if (e.Value?.ToString() is { Length: > 0 } member) Nav.NavigateTo(ReportUrl(_printView, member: member));
    }

    private void OnMonthChanged(ChangeEventArgs e)
    {
        if (Months.Parse(e.Value?.ToString()) is { } m) Nav.NavigateTo(ReportUrl(_printView, month: m));
    }

    private async Task LoadReportAsync()
    {
        if (string.IsNullOrEmpty(_memberId) || _map is null) { StateHasChanged(); return; }
        var seq = ++_loadSeq;
        try
        {
            var data = await Gql.QueryAsync(ReportQueries.MemberReport, new { id = _memberId, m = Months.Key(_month) });
            if (seq != _loadSeq) return; // a newer choice is loading
            var r = data.GetProperty("memberReport");
            _report = r;
            _byCategory = CategoryCount.From(r.Arr("byCategory"));
            _households = r.Arr("households").Count();
            _contacted = r.Arr("households").Count(h => h.GetProperty("contacted").GetBoolean());
            _error = null;
            await DrawAsync(r);
            await ZoomHome();
        }
        catch (GraphQLException e)
        {
            if (seq != _loadSeq) return;
            _error = e.Localized(English);
            _report = null;
            foreach (var layer in new[] { "cell", "links", "households", "member", "declarations" }) await _map.ClearLayerAsync(layer);
        }
        StateHasChanged();
    }

    private async Task DrawAsync(JsonElement r)
    {
        if (_map is null) return;
        var member = r.GetProperty("member");
        var home = member.GetProperty("geometry");

        var cell = new FeatureCollection();
        if (r.Obj("cell") is { } c)
            cell.Add("cell", c.GetProperty("geometry"), new FeatureStyle(Fill: Palette.Fill("#1f77b4", 0.12), Stroke: "#1f77b4", Width: 2.5, Label: c.Str("name")));
        await _map.SetLayerAsync("cell", cell, 10, clickable: false);

        var lines = new FeatureCollection();
        var households = new FeatureCollection();
        foreach (var h in r.Arr("households"))
        {
            var geometry = h.GetProperty("geometry");
            var contacted = h.GetProperty("contacted").GetBoolean();
            households.Add(h.Str("householdId"), geometry,
                new FeatureStyle(Fill: Palette.ContactedColor(contacted), Stroke: "#fff", Width: 2, Radius: 7, Label: h.Str("headName"), LabelMaxRes: 30),
                new() { ["contacted"] = contacted });
            if (home.ValueKind == JsonValueKind.Object && geometry.ValueKind == JsonValueKind.Object)
                lines.Add("l" + h.Str("householdId"), Line(home, geometry), new FeatureStyle(Stroke: "rgba(198,40,40,0.5)", Width: 1.5, Dash: [4, 4]));
        }
        await _map.SetLayerAsync("links", lines, 20, clickable: false);
        await _map.SetLayerAsync("households", households, 30, clickable: false);
        // The home as a ring: a household in the same house stays visible inside it.
        await _map.SetLayerAsync("member", new FeatureCollection().Add("home", home,
            new FeatureStyle(Fill: "rgba(255,255,255,0)", Stroke: Palette.MemberHome, Width: 3, Radius: 11, Label: member.Str("name"))), 40, clickable: false);

        // Where the work was done; a declaration without a position is drawn at its house.
        var declarations = new FeatureCollection();
        var list = r.Arr("declarations").ToList();
        var points = list.Select(d => d.GetProperty("geometry") is { ValueKind: JsonValueKind.Object } g ? g
            : d.Obj("household") is { } dh ? dh.GetProperty("geometry") : default).ToList();
        var offsets = Spread.Displacements(points);
        for (var i = 0; i < list.Count; i++)
        {
            var d = list[i];
            declarations.Add("d" + d.Str("id"), points[i], Palette.Declaration(d.Str("category"), d.Str("status"), radius: 7) with { Displacement = offsets[i] },
                new() { ["category"] = d.Str("category"), ["status"] = d.Str("status") });
        }
        await _map.SetLayerAsync("declarations", declarations, 50, clickable: false);
    }

    internal static JsonElement Line(JsonElement from, JsonElement to) =>
        JsonSerializer.SerializeToElement(new { type = "LineString", coordinates = new[] { from.GetProperty("coordinates"), to.GetProperty("coordinates") } });

    private async Task ZoomHome()
    {
        if (_map is null || _report is not { } r) return;
        // The member's home, households and work (not the whole cell: ten households in a large cell were one blob).
        var box = Json.Union(new[] { r.Obj("member")?.Bbox() }
            .Concat(r.Arr("households").Select(h => h.Bbox()))
            .Concat(r.Arr("declarations").Select(d => d.Bbox())));
        if (box is not { } b) return;
        // A margin of a tenth of the extent (at least about 30 m), so small villages fill the map too.
        var pad = Math.Max(0.0003, 0.1 * Math.Max(b[2] - b[0], b[3] - b[1]));
        await _map.FitAsync([b[0] - pad, b[1] - pad, b[2] + pad, b[3] + pad], 18);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // Entering or leaving the A4 sheet resizes the map: draw at the new size and fit again.
        if (_mapReady && _map is not null && _laidOutForPrint != _printView)
        {
            _laidOutForPrint = _printView;
            await _map.RefreshSizeAsync();
            await ZoomHome();
        }
    }

    private string ReportUrl(bool print, string? member = null, DateOnly? month = null) =>
        $"report{(print ? "/print" : "")}?member={Uri.EscapeDataString(member ?? _memberId ?? "")}&month={Months.Key(month ?? _month)}"
        + (VillageCode is { } v ? "&village=" + Uri.EscapeDataString(v) : "");

    private string RatingText(string rating) => rating.Length == 0 ? L["NotRated"] : L["Rating" + rating];

    private async Task Print() => await JS.InvokeVoidAsync("print");

    public void Dispose() => Nav.LocationChanged -= OnLocationChanged;
}
