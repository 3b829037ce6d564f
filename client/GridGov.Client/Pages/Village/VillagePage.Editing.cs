using GridGov.Client.Queries;
using System.Text.Json;
using GridGov.Client.Services;

namespace GridGov.Client.Pages.Village;

/// <summary>
/// Cell editing in the village workspace: draw, reshape (shared edges move together), split, merge, delete,
/// set a leader (each undone on the server); the server's refusals are shown on the map. Link and tie edits of a household too.
/// </summary>
public partial class VillagePage
{
    private enum Mode { None, Draw, Trace, Modify, Split, Merge, Fill, FixDraw }

    private readonly List<string> _notes = [];
    private Mode _mode;
    private string? _error, _hint;
    private string _newName = "";

    private string Active(Mode m) => _mode == m ? "active" : "";
    private async Task SetMode(Mode mode, string? hint)
    {
        if (_map is null) return;
        _mode = mode;
        _hint = hint;
        _error = null;
        _refused = null;
        _confirm = null;
        await _map.ClearLayerAsync("highlight");
        await _map.ClearLayerAsync("sketch");
        await _map.ClearLayerAsync("gaps");
        await _map.StopInteractionsAsync();
    }

    private async Task StartDraw()
    {
        await SetMode(Mode.Draw, L["HintDraw"]);
        await _map!.StartDrawAsync("Polygon", "village", "cells");
    }

    /// <summary>Draws a cell along a neighbour's boundary: click its edge, follow it with the pointer, click where to leave it.</summary>
    private async Task StartTrace()
    {
        await SetMode(Mode.Trace, L["HintTrace"]);
        await _map!.StartTracedDrawAsync("Polygon", "cells", "village", "cells");
    }

    private async Task StartModify()
    {
        await SetMode(Mode.Modify, L["HintModify"]);
        await _map!.StartModifyAsync("cells", "village");
    }

    private async Task StartSplit()
    {
        await SetMode(Mode.Split, L["HintSplit"]);
        await _map!.StartDrawAsync("LineString", "cells", "village");
    }

    private async Task StartMerge()
    {
        await SetMode(Mode.Merge, L["HintMerge"]);
        _selected.Clear(); // merge picks its cells afresh on the map
        await DrawAsync();
    }

    private async Task Cancel()
    {
        await SetMode(Mode.None, null);
        StateHasChanged();
    }

    /// <summary>
    /// Runs one edit and shows the server's error (and its geometry) on the map. Every edit is undone on the server
    /// (editHistory, VillagePage.History.cs), so a reload keeps the undo.
    /// </summary>
    private async Task<bool> EditAsync(Func<Task> edit)
    {
        _error = null;
        _notes.Clear();
        if (_map is not null) await _map.ClearLayerAsync("highlight");
        try
        {
            await edit();
            if (_map is not null) await _map.ClearLayerAsync("sketch");
            await LoadAsync(fit: false);
            return true;
        }
        catch (GraphQLException e)
        {
            _error = e.Localized(English);
            await ShowErrorOnMap(e);
            await ZoomToConflict(e);
            StateHasChanged();
            return false;
        }
    }

    private async Task ShowErrorOnMap(GraphQLException e)
    {
        if (_map is null) return;
        var fc = new FeatureCollection();
        if (e.CellId is { } other && CellById(other) is { } cell)
        {
            fc.Add("other-" + other, cell.GetProperty("geometry"), new FeatureStyle(Fill: Palette.Fill(Palette.Error, 0.25), Stroke: Palette.Error, Width: 3,
                Label: string.Format(L["OverlapsCell"], cell.Str("name"))));
        }
        if (e.Highlight is { } h)
            fc.Add("highlight", JsonDocument.Parse(h).RootElement, new FeatureStyle(Fill: Palette.Fill(Palette.Error, 0.6), Stroke: Palette.Error, Width: 2, Dash: [6, 4]));
        await _map.SetLayerAsync("highlight", fc, 80, clickable: false);
    }

    private void AddNotes(JsonElement payload)
    {
        foreach (var n in payload.Arr("notes")) _notes.Add(English ? n.Str("messageEn") : n.Str("message"));
    }

    private async Task OnDrawEnd(string geometry)
    {
        var geo = JsonDocument.Parse(geometry).RootElement;
        if (_mode == Mode.Fill)
        {
            await FillGapAt(geo);
            StateHasChanged();
            return;
        }
        if (_mode is Mode.Draw or Mode.Trace && !await CreateCellAsync(geo))
        {
            // Refused: the drawing and the typed name stay, to be fixed (VillagePage.Forgiving.cs).
            await KeepRefusedDrawing(geo);
            StateHasChanged();
            return;
        }
        if (_mode == Mode.Split && _selected.Count == 1 && CellById(_selected[0]) is { } cell)
        {
            await EditAsync(() => Gql.QueryAsync(VillageEditQueries.SplitCell, new { id = cell.Str("id"), version = cell.GetProperty("version").GetInt32(), line = geo }));
        }
        _mode = Mode.None;
        _hint = null;
        StateHasChanged();
    }

    private async Task OnModifyEnd(IReadOnlyList<ModifiedFeature> changed)
    {
        if (_mode == Mode.FixDraw)
        {
            await ResubmitRefused(changed);
            StateHasChanged();
            return;
        }
        // Shrinking cells go first so a moved shared edge never overlaps the neighbour midway.
        var ordered = changed
            .Select(f => (f, geo: JsonDocument.Parse(f.Geometry).RootElement, cell: CellById(f.Id)))
            .Where(x => x.cell is not null)
            .OrderBy(x => GeoArea.Planar(x.geo) - GeoArea.Planar(x.cell!.Value.GetProperty("geometry")))
            .ToList();
        var ok = await EditAsync(async () =>
        {
            foreach (var (f, geo, cell) in ordered)
                await Gql.QueryAsync(VillageEditQueries.UpdateCell, new { input = new { id = f.Id, version = cell!.Value.GetProperty("version").GetInt32(), geometry = geo, crs = "EPSG_4326" } });
        });
        if (!ok) await LoadAsync(fit: false); // put the rejected shape back
        if (_mode == Mode.Modify && _map is not null) await _map.StartModifyAsync("cells", "village");
    }

    private async Task ConfirmMerge()
    {
        var cells = _selected.Select(CellById).OfType<JsonElement>().ToList();
        await EditAsync(() => Gql.QueryAsync(VillageEditQueries.MergeCells, new { ids = cells.Select(c => c.Str("id")).ToArray(), versions = cells.Select(c => c.GetProperty("version").GetInt32()).ToArray() }));
        _selected.Clear();
        await SetMode(Mode.None, null);
        RememberSelection();
    }

    private async Task SetLeader()
    {
        if (_selected.Count != 1 || CellById(_selected[0]) is not { } cell) return;
        await EditAsync(() => Gql.QueryAsync(VillageEditQueries.SetLeader,
            new { c = cell.Str("id"), m = string.IsNullOrEmpty(_leaderChoice) ? null : _leaderChoice, v = cell.GetProperty("version").GetInt32() }));
    }

    /// <summary>Locks the current link (the linking engine keeps it), or unlocks a locked one.</summary>
    private async Task LockLink(bool locked)
    {
        if (_household is not { } h) return;
        await EditAsync(() => Gql.QueryAsync(VillageEditQueries.LockLink,
            new { h = h.Str("id"), l = locked }));
        await LoadHouseholdAsync(h.Str("id"), false);
    }

    private async Task AddTie(VillageHouseholdCard.NewTie tie)
    {
        if (_household is not { } h) return;
        await EditAsync(() => Gql.QueryAsync(VillageEditQueries.AddTie,
            new { m = tie.MemberId, h = h.Str("id"), k = tie.Kind, r = tie.Relation }));
        await LoadHouseholdAsync(h.Str("id"), false);
    }

    private async Task RemoveTie(string id)
    {
        if (_household is not { } h) return;
        await EditAsync(() => Gql.QueryAsync(VillageEditQueries.RemoveTie, new { id }));
        await LoadHouseholdAsync(h.Str("id"), false);
    }
}
