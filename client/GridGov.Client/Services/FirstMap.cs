using System.Text.Json;
using System.Text.Json.Serialization;

namespace GridGov.Client.Services;

/// <summary>
/// A page's first map, composed in C# so that it can be drawn before .NET has started in the browser:
/// the server answers <c>GET viewer/first-map?path=…</c> with it (the page's own query, run with the
/// caller's token, so the same authorization and area filter; the same layers and styles as the page's
/// first paint), <c>boot()</c> in js/gridmap.js draws it while the WebAssembly runtime downloads and
/// starts, and the page's <see cref="Components.GridMap"/> adopts that map (layers and view) when it is
/// created. The page then paints over it as usual; nothing in JavaScript decides what is shown.
/// </summary>
public sealed record FirstMap(
    [property: JsonPropertyName("elementId")] string ElementId,
    [property: JsonPropertyName("layers")] IReadOnlyList<MapLayer> Layers,
    [property: JsonPropertyName("fit")] double[]? Fit,
    [property: JsonPropertyName("maxZoom")] int MaxZoom = 18)
{
    /// <summary>The GraphQL query whose data composes the first map of a page path ("/coverage"), or null when the page has none.</summary>
    public static string? QueryFor(string path) => PageOf(path) switch
    {
        "coverage" => CoverageLayers.BoundariesQuery,
        _ => null,
    };

    /// <summary>
    /// The query of the figures that colour the first map (variable <c>$area</c>: the caller's own area), or null when the
    /// page's first map has none. Asked on every request (figures change with every edit); the boundaries may be cached.
    /// </summary>
    public static string? FiguresQueryFor(string path) => PageOf(path) switch
    {
        "coverage" => CoverageLayers.FiguresQuery,
        _ => null,
    };

    /// <summary>
    /// Composes the first map of a page from the data of <see cref="QueryFor"/> for a user of this role, coloured by the
    /// data of <see cref="FiguresQueryFor"/> when given (a member reads no figures: grey).
    /// </summary>
    public static FirstMap? Compose(string path, JsonElement data, string? role, JsonElement? figures = null) => PageOf(path) switch
    {
        "coverage" => CoverageLayers.FirstMap(data, role, figures),
        _ => null,
    };

    private static string PageOf(string path) => path.Split('?', '#')[0].Trim('/').ToLowerInvariant();
}

/// <summary>One layer of a <see cref="FirstMap"/>, as <c>setLayer</c> of js/gridmap.js takes it.</summary>
public sealed record MapLayer(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("zIndex")] int ZIndex,
    [property: JsonPropertyName("clickable")] bool Clickable,
    [property: JsonPropertyName("features")] FeatureCollection Features);

/// <summary>
/// The coverage map's area layers: villages coloured by a share, township boundaries on top. The one definition
/// of their names, z-order, clickability and styles: the coverage page paints them with <see cref="Villages"/> and
/// <see cref="Townships"/>, and its first map (<see cref="FirstMap"/>, drawn before .NET has started and adopted
/// by the page) is the same two layers for the page's first paint (no figures yet, nothing selected, the whole
/// area in view), so the page's later paints replace the adopted layers by name.
/// </summary>
public static class CoverageLayers
{
    public const string Font = "\"Noto Sans CJK SC\", sans-serif";

    /// <summary>The villages layer's name (a click on it selects the village).</summary>
    public const string VillagesLayer = "villages";
    /// <summary>The township boundaries layer's name.</summary>
    public const string TownshipsLayer = "townships";
    private const int VillagesZIndex = 10, TownshipsZIndex = 20;

    /// <summary>What the first map needs: the area's townships and villages with their boundaries.</summary>
    public const string BoundariesQuery = """
        { townships { code name bbox geometry }
          villages(first: 1000) { code name bbox geometry township { code } } }
        """;

    /// <summary>
    /// The linked share of every village of the caller's area this month: the villages are the area's children (a township),
    /// its grandchildren (the county) or the area itself (a village); <see cref="VillageShares"/> reads them by level.
    /// </summary>
    public const string FiguresQuery = """
        query($area: String!) { coverage(areaCode: $area) { level areaCode linkedShare
          children { level areaCode linkedShare children { level areaCode linkedShare } } } }
        """;

    /// <summary>Linked shares by village code from the data of <see cref="FiguresQuery"/> (cells are left out: they carry their village's code).</summary>
    public static Dictionary<string, double> VillageShares(JsonElement figures)
    {
        var shares = new Dictionary<string, double>();
        void Walk(JsonElement c)
        {
            if (c.Str("level") == "VILLAGE" && c.Num("linkedShare") is { } share) shares[c.Str("areaCode")] = share;
            foreach (var child in c.Arr("children")) Walk(child);
        }
        if (figures.Obj("coverage") is { } root) Walk(root);
        return shares;
    }

    /// <summary>A township leader's map starts in their own township (without its label), the county's with every township.</summary>
    public static bool StartsInOwnTownship(string? role) => role == "TownshipLeader";

    /// <summary>
    /// Villages filled by their share of the measure (<see cref="Palette.ForShare(double?, ShareMeasure)"/>; no share
    /// yet: <see cref="Palette.NoData"/>), the selected one outlined and drawn last, over its neighbours. While the
    /// selected village's cells are shown (<paramref name="selectedCellsShown"/>) they carry the colours: its own fill steps back.
    /// </summary>
    /// <remarks>
    /// <paramref name="keepUnknown"/>: a village without a share yet (and not selected) is marked <c>keep</c>, so that
    /// recolouring in place (<c>restyleLayer</c>) leaves the colour it has — the first map's, drawn with this month's
    /// figures — until the page's own figures for it come.
    /// </remarks>
    public static MapLayer Villages(IEnumerable<JsonElement> villages, Func<string, double?> shareOf, ShareMeasure measure = ShareMeasure.Linked,
        string? selectedCode = null, bool selectedCellsShown = false, bool keepUnknown = false)
    {
        var fc = new FeatureCollection();
        // No share yet: marked (the map counts them: data-nodata-villages), and kept as drawn when asked.
        var noData = new Dictionary<string, object?> { ["noData"] = true };
        var noDataKept = new Dictionary<string, object?> { ["noData"] = true, ["keep"] = true };
        foreach (var v in villages.OrderBy(v => v.Str("code") == selectedCode))
        {
            var code = v.Str("code");
            var selected = code == selectedCode;
            var share = shareOf(code);
            fc.Add(code, v.GetProperty("geometry"), new FeatureStyle(
                Fill: Palette.Fill(Palette.ForShare(share, measure), selected && selectedCellsShown ? 0.25 : Palette.AreaFillAlpha),
                Stroke: selected ? Palette.Selected : "#ffffff", Width: selected ? 3 : 0.6, Label: AreaNames.Short(v.Str("name")), LabelMaxRes: 80, Font: "11px " + Font),
                share is not null ? null : keepUnknown && !selected ? noDataKept : noData);
        }
        return new MapLayer(VillagesLayer, VillagesZIndex, Clickable: true, fc);
    }

    /// <summary>Township boundaries, labelled when the map shows more than one township; not clickable (the villages under them are).</summary>
    public static MapLayer Townships(IEnumerable<JsonElement> townships, bool labels)
    {
        var fc = new FeatureCollection();
        foreach (var t in townships)
            fc.Add(t.Str("code"), t.GetProperty("geometry"), new FeatureStyle(Stroke: Palette.Boundary, Width: 2, Label: labels ? t.Str("name") : null,
                Font: "bold 13px " + Font));
        return new MapLayer(TownshipsLayer, TownshipsZIndex, Clickable: false, fc);
    }

    /// <summary>
    /// The coverage page's first map: every village of the area, coloured by this month's linked share when the figures are
    /// given (else grey: no data yet), the townships, fitted to them. The page keeps these colours until its own figures come.
    /// </summary>
    public static FirstMap FirstMap(JsonElement data, string? role, JsonElement? figures = null)
    {
        var shares = figures is { } f ? VillageShares(f) : [];
        var townships = data.Arr("townships").ToList();
        // A township leader sees one township and starts there (no township label), as the page does.
        var single = StartsInOwnTownship(role) && townships.Count == 1;
        return new FirstMap("map",
        [
            Villages(data.Arr("villages"), code => shares.TryGetValue(code, out var share) ? share : null),
            Townships(townships, labels: !single),
        ], Json.Union(townships.Select(t => t.Bbox())));
    }
}
