using System.Globalization;
using System.Text.Json;
using GridGov.Client.Components;
using GridGov.Client.Queries;
using GridGov.Client.Resources;
using GridGov.Client.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using Microsoft.JSInterop;

namespace GridGov.Client.Pages.Village;

/// <summary>The printable village map (village/print?code=…&amp;size=A4|A3): state and drawing.</summary>
public partial class VillagePrint
{
    [Inject] private AuthState Auth { get; set; } = default!;
    [Inject] private GraphQLClient Gql { get; set; } = default!;
    [Inject] private NavigationManager Nav { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private IStringLocalizer<Strings> L { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "code")] public string? Code { get; set; }
    [SupplyParameterFromQuery(Name = "size")] public string? Size { get; set; }

    /// <summary>One line of the cell table, in the map's colour.</summary>
    private sealed record CellRow(string Id, string Name, string? Leader, int Households, int Linked, string Color);

    private GridMap? _map;
    private JsonElement? _village;
    private List<CellRow> _rows = [];
    private int _total, _linked, _outside;
    private string? _error, _drawnSize;
    private bool _drawn;

    private bool IsA3 => string.Equals(Size, "A3", StringComparison.OrdinalIgnoreCase);
    private string PaperSize => IsA3 ? "A3" : "A4";
    private string VillageCode => Code ?? Auth.AreaCode ?? "";
    private string BackUrl => "village" + (Code is { } c ? "?code=" + Uri.EscapeDataString(c) : "");
    private static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    protected override void OnInitialized()
    {
        if (!Auth.IsLoggedIn) Nav.NavigateToLogin();
    }

    private async Task OnMapReady()
    {
        try
        {
            var data = await Gql.QueryAsync(VillagePrintQueries.Sheet, new { code = VillageCode });
            if (data.Obj("village") is not { } v) { _error = L["VillageNotFound"]; StateHasChanged(); return; }
            _village = v;
            var coverage = data.GetProperty("coverage");
            var counts = coverage.Arr("children").ToDictionary(c => c.Str("cellId"));
            var cells = v.Arr("gridCells").ToList();
            _rows = cells.Select((c, i) => counts.TryGetValue(c.Str("id"), out var k)
                ? new CellRow(c.Str("id"), c.Str("name"), c.Obj("leader")?.Str("name"), k.GetProperty("households").GetInt32(), k.GetProperty("linkedHouseholds").GetInt32(), Palette.Cell(i))
                : new CellRow(c.Str("id"), c.Str("name"), c.Obj("leader")?.Str("name"), 0, 0, Palette.Cell(i))).ToList();
            (_total, _linked) = (coverage.GetProperty("households").GetInt32(), coverage.GetProperty("linkedHouseholds").GetInt32());
            _outside = coverage.GetProperty("householdsOutsideCells").GetProperty("count").GetInt32();
            var (households, _) = await VillageHouseholds.LoadAllAsync(Gql, v.Str("code"));
            await DrawAsync(v, cells, households);
        }
        catch (GraphQLException e) { _error = e.Localized(English); }
        StateHasChanged();
    }

    private async Task DrawAsync(JsonElement v, List<JsonElement> cells, List<JsonElement> households)
    {
        if (_map is null) return;
        await _map.SetLayerAsync("village", new FeatureCollection().Add(v.Str("code"), v.GetProperty("geometry"),
            new FeatureStyle(Stroke: Palette.Boundary, Width: 2.5)), 10, clickable: false);
        var layer = new FeatureCollection();
        for (var i = 0; i < cells.Count; i++)
        {
            var row = _rows[i];
            var label = string.Join("\n", new[] { row.Name, row.Leader is { } l ? L["LeaderLabel", l].Value : null,
                L["CellCountsLabel", row.Households, row.Linked].Value }.OfType<string>());
            layer.Add(row.Id, cells[i].GetProperty("geometry"), new FeatureStyle(Fill: Palette.Fill(row.Color, 0.35), Stroke: row.Color, Width: 2, Label: label,
                Font: "bold 12px \"Noto Sans CJK SC\", sans-serif"));
        }
        await _map.SetLayerAsync("cells", layer, 20, clickable: false);
        var houses = new FeatureCollection();
        foreach (var h in households)
            houses.Add(h.Str("id"), h.GetProperty("geometry"), new FeatureStyle(Fill: h.Obj("currentLink") is null ? Palette.NotContacted : Palette.Contacted,
                Stroke: "#ffffff", Width: 0.5, Radius: 2.5));
        await _map.SetLayerAsync("households", houses, 30, clickable: false);
        await FitAsync();
        _drawn = true;
    }

    private async Task FitAsync()
    {
        if (_map is null || _village?.Bbox() is not { } b) return;
        _drawnSize = PaperSize;
        await _map.RefreshSizeAsync();
        await _map.FitAsync(b, 18);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // A3 ⇄ A4 resizes the sheet: draw the map at its new size and fit the village again.
        if (_drawn && _drawnSize != PaperSize) await FitAsync();
    }

    private void OnSizeChanged(ChangeEventArgs e) =>
        Nav.NavigateTo($"village/print?code={Uri.EscapeDataString(VillageCode)}&size={(e.Value?.ToString() == "A3" ? "A3" : "A4")}", replace: true);

    private async Task Print() => await JS.InvokeVoidAsync("print");
}
