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
        e.TryGetProperty("bbox", out var b) && b.ValueKind == JsonValueKind.Array ? b.EnumerateArray().Select(x => x.GetDouble()).ToArray() : null;

    public static double? Num(this JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

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
