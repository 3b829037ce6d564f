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

    /// <summary>
    /// The collection as GeoJSON in UTF-8, written by hand: what the map module takes (a byte array crosses to
    /// JavaScript as it is). Reflection-based serialization of hundreds of boundaries cost a few hundred
    /// milliseconds in the WebAssembly interpreter on each paint; geometries are copied as they came from the API.
    /// </summary>
    public byte[] ToUtf8Json()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024 + Features.Count * 512);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true }))
        {
            w.WriteStartObject();
            w.WriteString("type", "FeatureCollection");
            w.WriteStartArray("features");
            foreach (var f in Features)
            {
                w.WriteStartObject();
                w.WriteString("type", "Feature");
                w.WriteString("id", f.Id);
                w.WritePropertyName("geometry");
                w.WriteRawValue(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(f.Geometry), skipInputValidation: true);
                w.WritePropertyName("properties");
                WriteProperties(w, f.Properties);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The features' ids (joined by newlines) and their properties in the same order, without geometry, in UTF-8: what the
    /// map module's <c>restyleLayer</c> takes to recolour a layer that already holds these features.
    /// </summary>
    public byte[] StylesToUtf8Json()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256 + Features.Count * 160);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true }))
        {
            w.WriteStartObject();
            w.WriteString("ids", string.Join('\n', Features.Select(f => f.Id)));
            w.WriteStartArray("props");
            foreach (var f in Features) WriteProperties(w, f.Properties);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteProperties(Utf8JsonWriter w, Dictionary<string, object?> properties)
    {
        w.WriteStartObject();
        foreach (var (k, v) in properties)
        {
            w.WritePropertyName(k);
            WriteValue(w, v);
        }
        w.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter w, object? v)
    {
        switch (v)
        {
            case null: w.WriteNullValue(); break;
            case string s: w.WriteStringValue(s); break;
            case bool b: w.WriteBooleanValue(b); break;
            case double d: w.WriteNumberValue(d); break;
            case int i: w.WriteNumberValue(i); break;
            case long l: w.WriteNumberValue(l); break;
            case float x: w.WriteNumberValue(x); break;
            case double[] a: w.WriteStartArray(); foreach (var x in a) w.WriteNumberValue(x); w.WriteEndArray(); break;
            case JsonElement e: w.WriteRawValue(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(e), skipInputValidation: true); break;
            default: JsonSerializer.Serialize(w, v, v.GetType()); break;
        }
    }
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
    string? Label = null, double[]? Dash = null, double? LabelMaxRes = null, string? Font = null, MarkerShape? Shape = null, double[]? Displacement = null)
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
        if (Displacement is not null) d["displacement"] = Displacement;
        if (Shape is { Points: >= 3 } shape)
        {
            var r = (Radius ?? 5) * shape.Scale;
            d["points"] = shape.Points;
            d["angle"] = shape.Angle;
            d["radius"] = r;
            if (shape.InnerRatio > 0) d["radius2"] = r * shape.InnerRatio;
        }
        return d;
    }
}

/// <summary>
/// A point symbol: a circle, or a regular polygon or star drawn like OpenLayers' RegularShape (the first
/// vertex straight up, turned by Angle; a star alternates the outer radius and InnerRatio of it).
/// Scale evens out the visual size of shapes against a circle of the same radius.
/// </summary>
public sealed record MarkerShape(int Points = 0, double Angle = 0, double Scale = 1, double InnerRatio = 0)
{
    public static readonly MarkerShape Circle = new();
    public static readonly MarkerShape Triangle = new(3, 0, 1.3);
    public static readonly MarkerShape Square = new(4, Math.PI / 4, 1.15);
    public static readonly MarkerShape Diamond = new(4, 0, 1.25);
    public static readonly MarkerShape Star = new(5, 0, 1.4, 0.5);

    /// <summary>SVG polygon points around (0, 0) for a symbol of this radius (y down, as on a canvas).</summary>
    public string SvgPoints(double radius)
    {
        var r = radius * Scale;
        var n = InnerRatio > 0 ? Points * 2 : Points;
        var pts = new List<string>();
        for (var i = 0; i < n; i++)
        {
            var a = Angle - Math.PI / 2 + i * 2 * Math.PI / n;
            var ri = InnerRatio > 0 && i % 2 == 1 ? r * InnerRatio : r;
            pts.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{ri * Math.Cos(a):F2},{ri * Math.Sin(a):F2}"));
        }
        return string.Join(' ', pts);
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

/// <summary>Markers that share one position are spread on a small ring (in pixels) so none hides another.</summary>
public static class Spread
{
    /// <summary>For each item, a [dx, dy] pixel displacement (null when it stands alone at its position).</summary>
    public static List<double[]?> Displacements(IReadOnlyList<JsonElement> points, double pixels = 9)
    {
        static string Key(JsonElement p) => p.ValueKind == JsonValueKind.Object && p.TryGetProperty("coordinates", out var c) && c.GetArrayLength() >= 2
            ? $"{Math.Round(c[0].GetDouble(), 6)}|{Math.Round(c[1].GetDouble(), 6)}" : "";
        var keys = points.Select(Key).ToList();
        var groups = keys.Where(k => k.Length > 0).GroupBy(k => k).Where(g => g.Count() > 1).ToDictionary(g => g.Key, g => g.Count());
        var seen = new Dictionary<string, int>();
        var result = new List<double[]?>();
        foreach (var k in keys)
        {
            if (!groups.TryGetValue(k, out var n)) { result.Add(null); continue; }
            var i = seen[k] = seen.GetValueOrDefault(k) + 1;
            var a = Math.PI / 2 + 2 * Math.PI * (i - 1) / n;
            result.Add([Math.Round(pixels * Math.Cos(a), 1), Math.Round(pixels * Math.Sin(a), 1)]);
        }
        return result;
    }
}

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
