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

namespace GridGov.Client.Pages.Review;

public partial class ReviewPage
{
    [SupplyParameterFromQuery(Name = "village")] public string? VillageQuery { get; set; }

    private static readonly string[] Ratings = ["EXCELLENT", "QUALIFIED", "BASICALLY_QUALIFIED", "UNQUALIFIED"];

    /// <summary>One declaration of the queue and what happened to it on this page.</summary>
    private sealed class QueueItem(JsonElement json)
    {
        public JsonElement Json { get; } = json;
        public string Id => Json.Str("id");
        public string MemberId => Json.Str("memberId");
        public string MemberName => Json.Obj("member")?.Str("name") ?? "";
        public string HouseholdHead => Json.Obj("household")?.Str("headName") ?? "";
        public string Category => Json.Str("category");
        public string WorkDate => Json.Str("workDate");
        public string Text => Json.Str("text");
        public bool HasLocation => Json.GetProperty("geometry").ValueKind == JsonValueKind.Object;
        /// <summary>The last return's reason when it was returned before and submitted again.</summary>
        public string? PreviousReturn => Json.Arr("reviews").FirstOrDefault() is { ValueKind: JsonValueKind.Object } r && r.Str("outcome") == "returned" ? r.Str("reason") : null;
        public string Status { get; set; } = json.Str("status");
        public string? Reason { get; set; }
        public string ReasonInput { get; set; } = "";
        public string? Error { get; set; }
        public bool Busy { get; set; }
        /// <summary>The decision waiting for its confirmation: true 通过, false 退回, null none.</summary>
        public bool? Pending { get; set; }
    }

    private sealed record BoardRow(string MemberId, string Name, int Linked, int Contacted, List<CategoryCount> Counts, string? Rating);

    private GridMap? _map;
    private Task? _init;
    private string? _village, _villageName, _myMemberId, _error, _boardError, _selected, _loadedMonth;
    private JsonElement? _villageJson;
    private FeatureCollection? _context;
    private List<QueueItem> _queue = [];
    private List<BoardRow> _board = [];
    private bool _checked, _canReview, _loaded, _sheetOpen = true;
    private DateOnly _month = Months.Current();
    private int _loadSeq;

    private static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    protected override void OnInitialized()
    {
        if (!Auth.IsLoggedIn) { Nav.NavigateToLogin(); return; }
        _month = MonthInAddress() ?? _month;
        Nav.LocationChanged += OnLocationChanged;
        _init = InitAsync();
    }

    private DateOnly? MonthInAddress() => Months.Parse(System.Web.HttpUtility.ParseQueryString(new Uri(Nav.Uri).Query)["month"]);

    /// <summary>Back/Forward between months (the month is in the address).</summary>
    private void OnLocationChanged(object? sender, Microsoft.AspNetCore.Components.Routing.LocationChangedEventArgs e) =>
        InvokeAsync(async () =>
        {
            if (!Nav.ToBaseRelativePath(e.Location).StartsWith("review", StringComparison.Ordinal)) return; // leaving the page
            var month = MonthInAddress() ?? Months.Current();
            if (month == _month) return;
            _month = month;
            await LoadAsync();
        });

    private async Task InitAsync()
    {
        try
        {
            _village = VillageQuery ?? (Auth.IsSecretary ? Auth.AreaCode : null);
            _checked = true;
            if (_village is null) return;
            var me = (await Gql.QueryAsync(ReviewQueries.Me)).GetProperty("me");
            _myMemberId = me.Str("memberId");
            // The API lets the village's branch secretary review; everyone else who may read sees the queue.
            _canReview = Auth.IsSecretary && Auth.AreaCode == _village;
            var data = await Gql.QueryAsync(ReviewQueries.Village, new { v = _village });
            _villageJson = data.Obj("village");
            _villageName = _villageJson?.Str("name");
            if (MonthInAddress() is null) _month = await LatestWaitingMonthAsync() ?? _month;
            _context = new FeatureCollection();
            if (_villageJson is { } vj)
            {
                _context.Add("village", vj.GetProperty("geometry"), new FeatureStyle(Stroke: Palette.Boundary, Width: 2, Dash: [6, 4]));
                var i = 0;
                foreach (var c in vj.Arr("gridCells"))
                {
                    var colour = Palette.Cell(i++);
                    _context.Add("c" + c.Str("id"), c.GetProperty("geometry"), new FeatureStyle(Fill: Palette.Fill(colour, 0.12), Stroke: colour, Width: 1.5, Label: c.Str("name"), LabelMaxRes: 20));
                }
            }
        }
        catch (GraphQLException e) { _error = e.Localized(English); }
    }

    /// <summary>
    /// The newest of the last four months with declarations waiting for review (null: none): the activity day is
    /// often held early in the next month, when the running month is still empty.
    /// </summary>
    private async Task<DateOnly?> LatestWaitingMonthAsync()
    {
        var months = Enumerable.Range(0, 4).Select(i => _month.AddMonths(-i)).ToArray();
        var data = await Gql.QueryAsync(ReviewQueries.Waiting, new { v = _village, m0 = Months.Key(months[0]), m1 = Months.Key(months[1]), m2 = Months.Key(months[2]), m3 = Months.Key(months[3]) });
        for (var i = 0; i < months.Length; i++)
            if (data.Arr("m" + i).Any(d => d.Str("status") == "SUBMITTED")) return months[i];
        return null;
    }

    private async Task OnMapReady()
    {
        if (_init is not null) await _init;
        if (_map is null || _context is null) { StateHasChanged(); return; }
        await _map.SetLayerAsync("context", _context, 5, clickable: false);
        await LoadAsync();
        await ZoomHome();
    }

    private void OnMonthChanged(ChangeEventArgs e)
    {
        if (Months.Parse(e.Value?.ToString()) is not { } m) return;
        var village = VillageQuery is { } v ? "&village=" + Uri.EscapeDataString(v) : "";
        Nav.NavigateTo($"review?month={Months.Key(m)}{village}");
    }

    private async Task LoadAsync()
    {
        if (_village is null) return;
        var seq = ++_loadSeq;
        try
        {
            var data = await Gql.QueryAsync(ReviewQueries.Queue, new { v = _village, m = Months.Key(_month) });
            if (seq != _loadSeq) return;
            _queue = data.Arr("reviewQueue").Select(d => new QueueItem(d)).ToList();
            _error = null;
        }
        catch (GraphQLException e)
        {
            if (seq != _loadSeq) return;
            _queue = [];
            _error = e.Localized(English);
        }
        _selected = null;
        _loaded = true;
        await LoadBoardAsync();
        await DrawAsync();
        _loadedMonth = Months.Key(_month);
        StateHasChanged();
    }

    private async Task LoadBoardAsync()
    {
        if (_village is null) return;
        try
        {
            var data = await Gql.QueryAsync(ReviewQueries.Board, new { v = _village, m = Months.Key(_month) });
            _board = data.GetProperty("branchBoard").Arr("members").Select(b => new BoardRow(
                b.Obj("member")?.Str("id") ?? "", b.Obj("member")?.Str("name") ?? "",
                (int)(b.Num("householdsLinked") ?? 0), (int)(b.Num("householdsContacted") ?? 0),
                CategoryCount.From(b.Arr("declarations")), b.Str("rating") is { Length: > 0 } r ? r : null)).ToList();
            _boardError = null;
        }
        catch (GraphQLException e) { _boardError = e.Localized(English); }
    }

    /// <summary>The queue on the village map: each declaration where it happened, its house, a line between.</summary>
    private async Task DrawAsync()
    {
        if (_map is null) return;
        var houses = new FeatureCollection();
        var lines = new FeatureCollection();
        var markers = new FeatureCollection();
        var offsets = Spread.Displacements(_queue.Select(q => q.HasLocation ? q.Json.GetProperty("geometry")
            : q.Json.Obj("household") is { } qh ? qh.GetProperty("geometry") : default).ToList());
        var index = 0;
        foreach (var q in _queue)
        {
            var offset = offsets[index++];
            var house = q.Json.Obj("household") is { } h ? h.GetProperty("geometry") : default;
            var at = q.Json.GetProperty("geometry");
            if (house.ValueKind == JsonValueKind.Object)
                houses.Add("h" + q.Id, house, new FeatureStyle(Fill: "#fff", Stroke: "#37474f", Width: 2.5, Radius: 5, Label: q.HouseholdHead, LabelMaxRes: 15));
            if (house.ValueKind == JsonValueKind.Object && at.ValueKind == JsonValueKind.Object)
                lines.Add("l" + q.Id, JsonSerializer.SerializeToElement(new { type = "LineString", coordinates = new[] { house.GetProperty("coordinates"), at.GetProperty("coordinates") } }),
                    new FeatureStyle(Stroke: "#37474f", Width: 1.2, Dash: [3, 3]));
            var point = at.ValueKind == JsonValueKind.Object ? at : house;
            markers.Add(q.Id, point, Palette.Declaration(q.Category, q.Status, radius: 8) with { Displacement = offset }, new() { ["category"] = q.Category, ["status"] = q.Status });
        }
        await _map.SetLayerAsync("households", houses, 20, clickable: false);
        await _map.SetLayerAsync("lines", lines, 15, clickable: false);
        await _map.SetLayerAsync("declarations", markers, 30);
        await DrawSelectionAsync();
    }

    private async Task DrawSelectionAsync()
    {
        if (_map is null) return;
        var selected = new FeatureCollection();
        if (_queue.FirstOrDefault(q => q.Id == _selected) is { } s)
        {
            var at = s.Json.GetProperty("geometry");
            if (at.ValueKind != JsonValueKind.Object && s.Json.Obj("household") is { } h) at = h.GetProperty("geometry");
            selected.Add("sel", at, new FeatureStyle(Fill: "rgba(255,214,0,0.35)", Stroke: Palette.Selected, Width: 3, Radius: 15));
        }
        await _map.SetLayerAsync("selected", selected, 25, clickable: false);
    }

    private async Task OnMapClick(MapHit hit)
    {
        if (hit.Layer == "declarations" && hit.Id is { } id) await SelectAsync(id, false);
    }

    private async Task SelectAsync(string id, bool fit)
    {
        _selected = id;
        await DrawSelectionAsync();
        if (fit && _queue.FirstOrDefault(q => q.Id == id) is { } q && Json.Union([q.Json.Bbox(), q.Json.Obj("household")?.Bbox()]) is { } b)
            await _map!.FitAsync([b[0] - 0.002, b[1] - 0.002, b[2] + 0.002, b[3] + 0.002], 17);
    }

    /// <summary>
    /// Asks before deciding. A return without a reason asks nothing: the server refuses it with its own message
    /// (the one rule, kept on the server), and nothing changes.
    /// </summary>
    private async Task Ask(QueueItem item, bool approve)
    {
        item.Error = null;
        if (!approve && string.IsNullOrWhiteSpace(item.ReasonInput)) { await ReviewAsync(item, false); return; }
        item.Pending = approve;
    }

    private string ConfirmText(QueueItem item, bool approve) => approve
        ? L["ConfirmApproveText", item.MemberName, item.HouseholdHead, L["Category" + item.Category]]
        : L["ConfirmReturnText", item.MemberName, item.ReasonInput.Trim()];

    private async Task ReviewAsync(QueueItem item, bool approve)
    {
        item.Busy = true;
        item.Error = null;
        try
        {
            // A return without a reason goes to the server too: its validation message is the one shown.
            var reason = string.IsNullOrWhiteSpace(item.ReasonInput) ? null : item.ReasonInput.Trim();
            var data = await Gql.QueryAsync(ReviewQueries.Review, new { id = item.Id, d = approve ? "APPROVE" : "RETURN", r = approve ? null : reason });
            var d = data.GetProperty("reviewDeclaration");
            item.Status = d.Str("status");
            item.Reason = d.Arr("reviews").FirstOrDefault() is { ValueKind: JsonValueKind.Object } rv ? rv.Str("reason") : null;
            await LoadBoardAsync();
            await DrawAsync();
        }
        // Refused: the typed reason stays in its box, to be corrected or sent again.
        catch (GraphQLException e) { item.Error = e.Localized(English); }
        item.Pending = null;
        item.Busy = false;
    }

    private async Task RateAsync(BoardRow row, string? rating)
    {
        if (string.IsNullOrEmpty(rating)) return;
        try
        {
            await Gql.QueryAsync(ReviewQueries.Rate,
                new { id = row.MemberId, m = Months.Key(_month), r = rating });
            _boardError = null;
        }
        catch (GraphQLException e) { _boardError = e.Localized(English); }
        await LoadBoardAsync();
    }

    private async Task ZoomHome()
    {
        if (_map is null) return;
        if (_villageJson?.Bbox() is { } b) await _map.FitAsync(b, 17);
        else await _map.FitLayerAsync("declarations", 17);
    }

    public void Dispose() => Nav.LocationChanged -= OnLocationChanged;
}
