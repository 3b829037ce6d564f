using System.Globalization;
using System.Text.Json;
using GridGov.Client.Services;

namespace GridGov.Client.Pages.Coverage;

/// <summary>The coverage page's map: villages and townships (<see cref="CoverageLayers"/>), cells, the vector tiles, zooming.</summary>
public partial class CoveragePage
{
    /// <summary>Households show from this zoom (the server has household tiles from zoom 12; closer in, houses are legible).</summary>
    private const int HouseholdsMinZoom = 13;
    /// <summary>Unlinked households are few: the server's `unlinked` tiles have them county-wide from zoom 8.</summary>
    private const int UnlinkedMinZoom = 8;
    /// <summary>The lowest zoom of the server's household tiles (TileSql.MinZoom).</summary>
    private const int HouseholdTilesMinZoom = 12;
    /// <summary>
    /// Up to this zoom 未联系农户 are one circle per village sized by its count (county-wide, the houses were one
    /// orange carpet); closer in, each house from the `unlinked` tiles.
    /// </summary>
    private const int UnlinkedPerVillageMaxZoom = 12;
    /// <summary>The map's resolution (m/px, EPSG:3857) at that zoom: per-village circles hide below it (gridmap.js `minRes`).</summary>
    private static readonly double UnlinkedPerVillageMinRes = 156543.03392804097 / Math.Pow(2, UnlinkedPerVillageMaxZoom);
    private const string Font = CoverageLayers.Font;

    private bool _showHouseholds = true, _showUncovered, _showUnlinked, _showFarLinks, _showOverloaded;
    private double _zoom;

    private IEnumerable<JsonElement> VisibleVillages => _township is null || !_townshipOnly ? _villages : _villagesOfTownship[_township];

    /// <summary>Villages coloured by the measure, township boundaries on top (the first map has the same layers).</summary>
    private async Task PaintAsync()
    {
        if (_map is null || !_map.IsReady) return;
        // Boundaries do not change while the page lives: a repaint (figures arriving, another measure) only recolours.
        await _map.RestyleOrSetLayerAsync(CoverageLayers.Villages(VisibleVillages, code => Share(_figures.GetValueOrDefault(code)), _view.Measure, _view.Village, _cells.Count > 0, keepUnknown: _keepFirstColours));
        await _map.RestyleOrSetLayerAsync(CoverageLayers.Townships(_townships.Where(t => _township is null || !_townshipOnly || t.Str("code") == _township), labels: !_townshipOnly));
        await PaintUnlinkedPerVillageAsync();
    }

    /// <summary>未联系农户 per village (households minus linked, from the village figures), while zoomed out.</summary>
    private async Task PaintUnlinkedPerVillageAsync()
    {
        if (_map is null || !_map.IsReady) return;
        var fc = new FeatureCollection();
        if (_showUnlinked)
            foreach (var v in VisibleVillages)
                if (_figures.GetValueOrDefault(v.Str("code")) is { } f && f.Households - f.Linked is var n and > 0 && v.Bbox() is { } b)
                {
                    var centre = JsonSerializer.SerializeToElement(new { type = "Point", coordinates = new[] { (b[0] + b[2]) / 2, (b[1] + b[3]) / 2 } });
                    fc.Add("unlinked-" + v.Str("code"), centre, new FeatureStyle(Fill: Palette.Fill(Palette.UnlinkedHousehold, 0.8), Stroke: "#ffffff", Width: 1.5,
                        Radius: Math.Min(5 + 2 * Math.Sqrt(n), 22), Label: Count(n), Font: "bold 11px " + Font), new() { ["minRes"] = UnlinkedPerVillageMinRes });
                }
        await _map.SetLayerAsync("unlinkedVillages", fc, 33, clickable: false);
    }

    /// <summary>The selected village's cells, coloured by the measure; the cell in focus outlined.</summary>
    private async Task PaintCellsAsync()
    {
        if (_map is null || !_map.IsReady) return;
        var selectedId = _view.Cell?.ToString(CultureInfo.InvariantCulture);
        var fc = new FeatureCollection();
        foreach (var c in _cells.OrderBy(c => selectedId == c.Id))
        {
            var selected = selectedId == c.Id;
            fc.Add(c.Id, c.Geometry, new FeatureStyle(Fill: Palette.Fill(Palette.ForShare(c.Share(_view.Measure), _view.Measure), 0.8),
                Stroke: selected ? Palette.Selected : Palette.Boundary, Width: selected ? 3 : 1, Label: c.Name, LabelMaxRes: 12, Font: "11px " + Font));
        }
        await _map.SetLayerAsync("cells", fc, 15);
    }

    private TileLayerOptions Tiles(string layer, int zIndex, string? styleBy, Dictionary<string, Dictionary<string, object?>>? styles,
        Dictionary<string, object?>? fallback, int tileMinZoom, double? minZoom, bool clickable) =>
        // The month is in the URL: another month is another tile source (and cache), coloured as of that month.
        new(Nav.BaseUri + "tiles/" + layer + "/{z}/{x}/{y}.pbf?month=" + MonthText, new Dictionary<string, string> { ["Authorization"] = "Bearer " + Auth.Token },
            zIndex, styleBy, styles, fallback, tileMinZoom, 16, minZoom, clickable);

    /// <summary>The vector-tile layers: households (by the measure), unlinked households and uncovered areas as toggled.</summary>
    private async Task ApplyTileLayersAsync()
    {
        if (_map is null || !_map.IsReady || !ReadsCoverage) return;
        if (_showHouseholds)
        {
            var (property, classes) = Palette.HouseholdClasses(_view.Measure);
            var styles = classes.ToDictionary(c => c.Value, c => new FeatureStyle(Fill: c.Color, Stroke: "#ffffff", Width: 1, Radius: 3.5).ToProperties());
            await _map.SetTileLayerAsync("households", Tiles("households", 30, property, styles, null, HouseholdTilesMinZoom, HouseholdsMinZoom, true));
        }
        else await _map.RemoveLayerAsync("households");

        if (_showUnlinked)
        {
            var style = new FeatureStyle(Fill: Palette.UnlinkedHousehold, Stroke: "#ffffff", Width: 1, Radius: 4).ToProperties();
            await _map.SetTileLayerAsync("unlinked", Tiles("unlinked", 32, null, null, style, UnlinkedMinZoom, UnlinkedPerVillageMaxZoom, true));
        }
        else await _map.RemoveLayerAsync("unlinked");

        if (_showUncovered)
        {
            var style = new FeatureStyle(Fill: Palette.Fill(Palette.Uncovered, 0.35), Stroke: Palette.Uncovered, Width: 1.5, Dash: [4, 3]).ToProperties();
            await _map.SetTileLayerAsync("gaps", Tiles("gaps", 25, null, null, style, 0, null, false));
        }
        else await _map.RemoveLayerAsync("gaps");
        await PaintUnlinkedPerVillageAsync();
        StateHasChanged();
    }

    private async Task ZoomHome()
    {
        if (_map is null || !_map.IsReady) return;
        var boxes = Root switch
        {
            RootLevel.Village => _villages.Where(v => v.Str("code") == RootCode).Select(v => v.Bbox()),
            RootLevel.Township => _townships.Where(t => t.Str("code") == RootCode).Select(t => t.Bbox()),
            _ => _townships.Select(t => t.Bbox()),
        };
        if (Json.Union(boxes) is { } b) await _map.FitAsync(b);
    }

    /// <summary>Fits the map to the cell, village or township in focus (the whole area at the root).</summary>
    private async Task ZoomToFocus()
    {
        if (_map is null || !_map.IsReady) return;
        double[]? box = null;
        if (_view.Cell is { } id && _cells.FirstOrDefault(c => c.Id == id.ToString(CultureInfo.InvariantCulture)) is { } cell) box = Json.GeometryBbox(cell.Geometry);
        else if (_view.Village is { } v) box = _villages.FirstOrDefault(x => x.Str("code") == v).Bbox();
        else if (_township is { } t && Root == RootLevel.County) box = _townships.FirstOrDefault(x => x.Str("code") == t).Bbox();
        if (box is not null) await _map.FitAsync(box);
        else await ZoomHome();
    }

    private void OnMoveEnd(double zoom) => _zoom = zoom;
}
