using System.Text.Json;
using System.Text.Json.Serialization;

namespace GridGov.Client.Services;

/// <summary>A GeoJSON FeatureCollection built in C#; style decisions travel as properties.</summary>
public sealed class FeatureCollection
{
    [JsonPropertyName("type")] public string Type => "FeatureCollection";
    [JsonPropertyName("features")] public List<Feature> Features { get; } = [];

    public FeatureCollection Add(string id, JsonElement geometry, FeatureStyle style, Dictionary<string, object?>? extra = null)
    {
        if (geometry.ValueKind != JsonValueKind.Object) return this;
        var props = style.ToProperties();
        if (extra is not null) foreach (var (k, v) in extra) props[k] = v;
        Features.Add(new Feature(id, geometry, props));
        return this;
    }

    public int Count => Features.Count;
}

public sealed record Feature(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("geometry")] JsonElement Geometry,
    [property: JsonPropertyName("properties")] Dictionary<string, object?> Properties)
{
    [JsonPropertyName("type")] public string Type => "Feature";
}

/// <summary>How one feature looks; OpenLayers reads these names (see js/gridmap.js).</summary>
public sealed record FeatureStyle(string? Fill = null, string? Stroke = null, double Width = 1, double? Radius = null,
    string? Label = null, double[]? Dash = null, double? LabelMaxRes = null, string? Font = null)
{
    public Dictionary<string, object?> ToProperties()
    {
        var d = new Dictionary<string, object?> { ["stroke"] = Stroke, ["width"] = Width };
        if (Fill is not null) d["fill"] = Fill;
        if (Radius is not null) d["radius"] = Radius;
        if (Label is not null) d["label"] = Label;
        if (Dash is not null) d["dash"] = Dash;
        if (LabelMaxRes is not null) d["labelMaxRes"] = LabelMaxRes;
        if (Font is not null) d["font"] = Font;
        return d;
    }
}

/// <summary>
/// A vector-tile layer for js/gridmap.js setTileLayer: the URL template, the headers (the token), the
/// zoom levels the server has, the view zoom above which it shows, and one style per value of one
/// attribute (no style: not drawn). Serialised camelCase by the JS interop.
/// </summary>
public sealed record TileLayerOptions(string Url, IReadOnlyDictionary<string, string> Headers, int ZIndex,
    string? StyleBy, IReadOnlyDictionary<string, Dictionary<string, object?>>? Styles, Dictionary<string, object?>? Fallback,
    int TileMinZoom = 0, int TileMaxZoom = 16, double? MinZoom = null, bool Clickable = false);

public sealed record MapHit(string? Layer, string? Id);

public sealed record ModifiedFeature(string Id, string Geometry);

/// <summary>Small helpers over the JSON the API returns.</summary>
public static class Json
{
    public static string Str(this JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.ToString() : "";

    public static JsonElement? Obj(this JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : null;

    public static IEnumerable<JsonElement> Arr(this JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray() : [];

    public static double[]? Bbox(this JsonElement e) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty("bbox", out var b) && b.ValueKind == JsonValueKind.Array ? b.EnumerateArray().Select(x => x.GetDouble()).ToArray() : null;

    public static double? Num(this JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    /// <summary>[minX, minY, maxX, maxY] of a GeoJSON geometry's coordinates, or null when it has none.</summary>
    public static double[]? GeometryBbox(JsonElement geometry)
    {
        if (geometry.ValueKind != JsonValueKind.Object || !geometry.TryGetProperty("coordinates", out var coords)) return null;
        double[] box = [double.MaxValue, double.MaxValue, double.MinValue, double.MinValue];
        var any = false;
        void Walk(JsonElement e)
        {
            if (e.ValueKind != JsonValueKind.Array) return;
            if (e.GetArrayLength() >= 2 && e[0].ValueKind == JsonValueKind.Number)
            {
                var (x, y) = (e[0].GetDouble(), e[1].GetDouble());
                box[0] = Math.Min(box[0], x); box[1] = Math.Min(box[1], y);
                box[2] = Math.Max(box[2], x); box[3] = Math.Max(box[3], y);
                any = true;
                return;
            }
            foreach (var c in e.EnumerateArray()) Walk(c);
        }
        Walk(coords);
        return any ? box : null;
    }

    /// <summary>Union of bounding boxes.</summary>
    public static double[]? Union(IEnumerable<double[]?> boxes)
    {
        double[]? r = null;
        foreach (var b in boxes)
        {
            if (b is not { Length: 4 }) continue;
            r = r is null ? (double[])b.Clone() : [Math.Min(r[0], b[0]), Math.Min(r[1], b[1]), Math.Max(r[2], b[2]), Math.Max(r[3], b[3])];
        }
        return r;
    }
}

/// <summary>One bar of a chart: an area, its share (0–1) and its colour (from Palette).</summary>
public sealed record ChartItem(string Id, string Label, double? Value, string Color);
