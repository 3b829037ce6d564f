using GridGov.Client.Queries;
using System.Text.Json;
using GridGov.Client.Services;

namespace GridGov.Client.Pages.Village;

/// <summary>
/// Drawing that forgives: 填补空白 (a click in an uncovered part of the village makes it a cell), and a refused
/// drawing that stays on the map, zoomed to the conflict, to be reshaped and sent again — the typed name kept.
/// </summary>
public partial class VillagePage
{
    /// <summary>The refused drawing being fixed: its last shape, sent again after each reshape.</summary>
    private JsonElement? _refused;

    private string NewCellName() =>
        string.IsNullOrWhiteSpace(_newName) ? string.Format(L["DefaultCellName"], _cells.Count + 1) : _newName.Trim();

    private async Task StartFill()
    {
        await SetMode(Mode.Fill, L["HintFill"]);
        await ShowGapsAsync();
        // A one-point "drawing": the click's position comes back through OnDrawEnd.
        await _map!.StartDrawAsync("Point");
    }

    /// <summary>The village's uncovered area (from the coverage figures), one feature per part, while filling.</summary>
    private async Task ShowGapsAsync()
    {
        try
        {
            var data = await Gql.QueryAsync(VillageEditQueries.Gaps, new { code = VillageCode });
            var coverage = data.GetProperty("coverage");
            var gaps = new FeatureCollection();
            if (coverage.TryGetProperty("uncoveredArea", out var area) && area.ValueKind == JsonValueKind.Object)
                gaps.Add("gaps", area, new FeatureStyle(Fill: Palette.Fill(Palette.UnlinkedHousehold, 0.35), Stroke: Palette.UnlinkedHousehold, Width: 2, Dash: [4, 4]));
            await _map!.SetLayerAsync("gaps", gaps, 15, clickable: false);
            if (gaps.Count == 0) _hint = L["GapsNone"];
        }
        catch (GraphQLException e) { _error = e.Localized(English); }
    }

    private async Task FillGapAt(JsonElement point)
    {
        var name = NewCellName();
        var ok = await EditAsync(async () =>
        {
            var data = await Gql.QueryAsync(VillageEditQueries.FillGap, new { code = VillageCode, p = point, n = name });
            AddNotes(data.GetProperty("fillGridGap"));
        });
        if (_map is not null) await _map.ClearLayerAsync("sketch");
        if (ok)
        {
            _newName = "";
            await _map!.ClearLayerAsync("gaps");
            _mode = Mode.None;
            _hint = null;
        }
        else if (_map is not null) await _map.StartDrawAsync("Point"); // another try: click elsewhere
    }

    /// <summary>After a refused drawing: keep the sketch, let its vertices be dragged, and send it again on release.</summary>
    private async Task KeepRefusedDrawing(JsonElement geometry)
    {
        _refused = geometry;
        _mode = Mode.FixDraw;
        _hint = L["HintFixDraw"];
        if (_map is not null) await _map.StartModifyAsync("sketch", "cells", "village");
    }

    private async Task ResubmitRefused(IReadOnlyList<ModifiedFeature> changed)
    {
        if (changed.Count == 0) return;
        var geo = JsonDocument.Parse(changed[0].Geometry).RootElement;
        if (await CreateCellAsync(geo))
        {
            _refused = null;
            _mode = Mode.None;
            _hint = null;
            if (_map is not null) await _map.StopInteractionsAsync();
        }
        else _refused = geo;
    }

    private async Task<bool> CreateCellAsync(JsonElement geometry)
    {
        var name = NewCellName();
        var ok = await EditAsync(async () =>
        {
            var data = await Gql.QueryAsync(VillageEditQueries.CreateCell, new { input = new { villageCode = VillageCode, name, geometry, crs = "EPSG_4326" } });
            AddNotes(data.GetProperty("createGridCell"));
        });
        if (ok) _newName = "";
        return ok;
    }

    /// <summary>Zooms to what the server's refusal points at (the overlap, the part outside), with some room around it.</summary>
    private async Task ZoomToConflict(GraphQLException e)
    {
        if (_map is null || e.Highlight is not { } h || Json.GeometryBbox(JsonDocument.Parse(h).RootElement) is not { } b) return;
        var padX = Math.Max((b[2] - b[0]) * 0.5, 0.0003);
        var padY = Math.Max((b[3] - b[1]) * 0.5, 0.0003);
        await _map.FitAsync([b[0] - padX, b[1] - padY, b[2] + padX, b[3] + padY], maxZoom: 20);
    }
}
