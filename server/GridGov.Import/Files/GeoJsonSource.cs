using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using GridGov.Domain.Geo;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace GridGov.Import.Files;

/// <summary>
/// A GeoJSON FeatureCollection (or single Feature). The document is parsed once (JsonDocument keeps
/// it in memory; GeoJSON has no index to stream by) and geometries are built feature by feature.
/// A legacy "crs" member is honoured; without one the file is RFC 7946 WGS84, but DeclaredCrs stays
/// null so the caller can tell "said WGS84" from "said nothing" (GCJ-02 exports often say nothing).
/// </summary>
internal sealed class GeoJsonSource : IGeoSource
{
    private static readonly JsonSerializerOptions GeometryOptions = new() { Converters = { new GeoJsonConverterFactory() } };

    private readonly JsonDocument document;
    private readonly List<JsonElement> features;
    private readonly string fileName;

    private GeoJsonSource(JsonDocument document, List<JsonElement> features, string fileName)
    {
        this.document = document;
        this.features = features;
        this.fileName = fileName;
        var fields = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in features)
            if (f.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Object)
                foreach (var p in props.EnumerateObject())
                    if (seen.Add(p.Name)) fields.Add(p.Name);
        Fields = fields;

        if (document.RootElement.TryGetProperty("crs", out var crs) && crs.ValueKind == JsonValueKind.Object)
        {
            DeclaredCrsText = CrsText(crs);
            if (DeclaredCrsText is not null && CrsSpec.TryParse(DeclaredCrsText, out var spec)) DeclaredCrs = spec;
        }
    }

    public IReadOnlyList<string> Fields { get; }
    public CrsSpec? DeclaredCrs { get; }
    public string? DeclaredCrsText { get; }

    public static GeoJsonSource Open(string path, GeoOptions options)
    {
        JsonDocument doc;
        try
        {
            // GeoJSON is UTF-8 by its RFC, but some Chinese tools write GBK: honour an explicit
            // encoding, and read bytes that are not valid UTF-8 as GB18030.
            var bytes = File.ReadAllBytes(path);
            var encoding = options.Encoding is not null ? GeoFile.RequireEncoding(options.Encoding)
                : Utf8.IsValid(bytes) ? null : Encoding.GetEncoding(54936);
            if (encoding is not null && encoding is not UTF8Encoding)
                bytes = Encoding.UTF8.GetBytes(encoding.GetString(bytes));
            doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new ImportFileException("FILE_FORMAT",
                $"「{Path.GetFileName(path)}」不是有效的 GeoJSON（JSON 格式错误，第 {e.LineNumber + 1} 行附近）：请用 GIS 软件重新导出", e);
        }
        try
        {
            var root = doc.RootElement;
            var type = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String
                ? t.GetString() : null;
            List<JsonElement> features = type switch
            {
                "FeatureCollection" when root.TryGetProperty("features", out var fs) && fs.ValueKind == JsonValueKind.Array =>
                    fs.EnumerateArray().ToList(),
                "Feature" => [root],
                _ => throw new ImportFileException("FILE_FORMAT",
                    $"「{Path.GetFileName(path)}」不是 GeoJSON 要素集合（缺少 \"type\": \"FeatureCollection\" 和 \"features\"）：请导出为 GeoJSON 要素文件"),
            };
            if (features.Count == 0)
                throw new ImportFileException("FILE_EMPTY", $"「{Path.GetFileName(path)}」里没有任何要素（features 为空）");
            return new GeoJsonSource(doc, features, Path.GetFileName(path));
        }
        catch
        {
            doc.Dispose();
            throw;
        }
    }

    public IEnumerable<GeoFeature> Features()
    {
        for (var i = 0; i < features.Count; i++)
        {
            var f = features[i];
            if (f.ValueKind != JsonValueKind.Object)
                throw new ImportFileException("FILE_FORMAT", $"「{fileName}」第 {i + 1} 个要素不是 JSON 对象");
            var attributes = new Dictionary<string, string?>(StringComparer.Ordinal);
            if (f.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Object)
                foreach (var p in props.EnumerateObject())
                    attributes[p.Name] = Text(p.Value);
            Geometry? geometry = null;
            if (f.TryGetProperty("geometry", out var g) && g.ValueKind == JsonValueKind.Object)
            {
                try
                {
                    geometry = g.Deserialize<Geometry>(GeometryOptions);
                }
                catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or FormatException)
                {
                    throw new ImportFileException("FILE_FORMAT", $"「{fileName}」第 {i + 1} 个要素的几何图形无法读取：{e.Message}", e);
                }
            }
            if (geometry is not null) geometry.SRID = DeclaredCrs?.Epsg ?? 0;
            yield return new GeoFeature(i + 1, attributes, geometry);
        }
    }

    public void Dispose() => document.Dispose();

    private static string? Text(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => v.GetString(),
        JsonValueKind.Number => AttributeText.JsonNumber(v.GetRawText()),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => v.GetRawText(), // objects and arrays as their JSON
    };

    // {"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4524"}} or the older {"type":"EPSG","properties":{"code":4524}}
    private static string? CrsText(JsonElement crs)
    {
        if (!crs.TryGetProperty("properties", out var p) || p.ValueKind != JsonValueKind.Object) return null;
        if (p.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String) return name.GetString();
        if (p.TryGetProperty("code", out var code) && code.ValueKind is JsonValueKind.Number or JsonValueKind.String)
            return "EPSG:" + (code.ValueKind == JsonValueKind.Number ? code.GetRawText() : code.GetString());
        return p.GetRawText();
    }
}
