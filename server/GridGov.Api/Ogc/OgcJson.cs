using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using NetTopologySuite.Geometries;

namespace GridGov.Api.Ogc;

/// <summary>A link of an OGC API document.</summary>
public sealed record OgcLink(string Href, string Rel, string Type, string? Title = null);

/// <summary>
/// GeoJSON of /ogc, written straight to the response (Utf8JsonWriter, no document in between): features in the
/// requested CRS and its axis order (<see cref="OgcCrs"/>), properties as the collection gives them.
/// </summary>
public static class OgcJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteCollectionAsync(Stream body, OgcPage page, OgcCrs crs, IEnumerable<OgcLink> links, DateTimeOffset now, CancellationToken ct)
    {
        await using var w = new Utf8JsonWriter(body, WriterOptions);
        w.WriteStartObject();
        w.WriteString("type", "FeatureCollection");
        w.WriteStartArray("features");
        foreach (var f in page.Features)
        {
            WriteFeature(w, f, crs, null);
            // Flush as we go: a page of 1,000 polygons need not sit in memory whole.
            if (w.BytesPending > 64 * 1024) await w.FlushAsync(ct);
        }
        w.WriteEndArray();
        WriteLinks(w, links);
        w.WriteString("timeStamp", now.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        w.WriteNumber("numberMatched", page.NumberMatched);
        w.WriteNumber("numberReturned", page.Features.Count);
        w.WriteEndObject();
        await w.FlushAsync(ct);
    }

    public static async Task WriteOneAsync(Stream body, OgcFeature feature, OgcCrs crs, IEnumerable<OgcLink> links, CancellationToken ct)
    {
        await using var w = new Utf8JsonWriter(body, WriterOptions);
        WriteFeature(w, feature, crs, links);
        await w.FlushAsync(ct);
    }

    /// <summary>The features as a GeoJSON string (CRS84), for the HTML page's map.</summary>
    public static string FeaturesCrs84(IEnumerable<OgcFeature> features)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("type", "FeatureCollection");
            w.WriteStartArray("features");
            foreach (var f in features) WriteFeature(w, f, OgcCrs.Crs84, null);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }

    private static void WriteFeature(Utf8JsonWriter w, OgcFeature f, OgcCrs crs, IEnumerable<OgcLink>? links)
    {
        w.WriteStartObject();
        w.WriteString("type", "Feature");
        w.WriteNumber("id", f.Id);
        w.WritePropertyName("geometry");
        WriteGeometry(w, f.Geometry, crs);
        w.WriteStartObject("properties");
        foreach (var (key, value) in f.Properties) WriteValue(w, key, value);
        w.WriteEndObject();
        if (links is not null) WriteLinks(w, links);
        w.WriteEndObject();
    }

    private static void WriteLinks(Utf8JsonWriter w, IEnumerable<OgcLink> links)
    {
        w.WriteStartArray("links");
        foreach (var l in links)
        {
            w.WriteStartObject();
            w.WriteString("href", l.Href);
            w.WriteString("rel", l.Rel);
            w.WriteString("type", l.Type);
            if (l.Title is not null) w.WriteString("title", l.Title);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteValue(Utf8JsonWriter w, string key, object? value)
    {
        switch (value)
        {
            case null: w.WriteNull(key); break;
            case string s: w.WriteString(key, s); break;
            case bool b: w.WriteBoolean(key, b); break;
            case int i: w.WriteNumber(key, i); break;
            case long l: w.WriteNumber(key, l); break;
            case double d: w.WriteNumber(key, d); break;
            default: w.WriteString(key, Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }

    public static void WriteGeometry(Utf8JsonWriter w, Geometry? g, OgcCrs crs)
    {
        if (g is null || g.IsEmpty) { w.WriteNullValue(); return; }
        void Position(Coordinate c)
        {
            var (a, b) = crs.FromStorage(c.X, c.Y);
            w.WriteStartArray();
            w.WriteNumberValue(a);
            w.WriteNumberValue(b);
            w.WriteEndArray();
        }
        void Positions(IEnumerable<Coordinate> cs)
        {
            w.WriteStartArray();
            foreach (var c in cs) Position(c);
            w.WriteEndArray();
        }
        void Rings(Polygon p)
        {
            w.WriteStartArray();
            Positions(p.ExteriorRing.Coordinates);
            foreach (var hole in p.InteriorRings) Positions(hole.Coordinates);
            w.WriteEndArray();
        }
        w.WriteStartObject();
        w.WriteString("type", g.GeometryType);
        w.WritePropertyName("coordinates");
        switch (g)
        {
            case Point p: Position(p.Coordinate); break;
            case LineString l: Positions(l.Coordinates); break;
            case Polygon p: Rings(p); break;
            case MultiPoint mp: Positions(mp.Coordinates); break;
            case MultiLineString ml:
                w.WriteStartArray();
                foreach (var l in ml.Geometries) Positions(l.Coordinates);
                w.WriteEndArray();
                break;
            case MultiPolygon mp:
                w.WriteStartArray();
                foreach (var p in mp.Geometries) Rings((Polygon)p);
                w.WriteEndArray();
                break;
            default: throw new NotSupportedException(g.GeometryType);
        }
        w.WriteEndObject();
    }
}
