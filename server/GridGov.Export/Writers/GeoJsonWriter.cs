using System.Text.Encodings.Web;
using System.Text.Json;
using GridGov.Domain.Geo;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace GridGov.Export.Writers;

/// <summary>
/// A FeatureCollection streamed with <see cref="Utf8JsonWriter"/>: RFC 7946 (WGS84 longitude/latitude, no "crs" member) unless
/// another CRS is asked for, in which case a GeoJSON 2008 "crs" member names it. Properties are the columns' English keys.
/// </summary>
internal static class GeoJsonWriter
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { new GeoJsonConverterFactory() } };

    public static async Task<int> WriteAsync(string path, string layer, IReadOnlyList<ExportColumn> columns, IAsyncEnumerable<ExportRow> rows,
        CrsSpec? crs, CancellationToken ct)
    {
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        await using var w = new Utf8JsonWriter(file, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        w.WriteStartObject();
        w.WriteString("type", "FeatureCollection");
        w.WriteString("name", layer);
        if (crs is not null && crs.Epsg != 4326)
        {
            w.WriteStartObject("crs");
            w.WriteString("type", "name");
            w.WriteStartObject("properties");
            w.WriteString("name", crs.Epsg is int code ? $"urn:ogc:def:crs:EPSG::{code}" : crs.Name);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteStartArray("features");
        var count = 0;
        await foreach (var row in rows.WithCancellation(ct))
        {
            w.WriteStartObject();
            w.WriteString("type", "Feature");
            w.WritePropertyName("geometry");
            if (row.Geometry is null) w.WriteNullValue();
            else JsonSerializer.Serialize(w, crs is null ? row.Geometry : crs.FromStorage(row.Geometry), Options);
            w.WriteStartObject("properties");
            for (var i = 0; i < columns.Count; i++)
            {
                w.WritePropertyName(columns[i].Key);
                switch (row.Values[i])
                {
                    case null: w.WriteNullValue(); break;
                    case string s: w.WriteStringValue(s); break;
                    case int n: w.WriteNumberValue(n); break;
                    case long n: w.WriteNumberValue(n); break;
                    case double d: w.WriteNumberValue(d); break;
                    case DateOnly d: w.WriteStringValue(d.ToString("yyyy-MM-dd")); break;
                    case var v: w.WriteStringValue(v.ToString()); break;
                }
            }
            w.WriteEndObject();
            w.WriteEndObject();
            count++;
            if (w.BytesPending > 1 << 16) await w.FlushAsync(ct);
        }
        w.WriteEndArray();
        w.WriteEndObject();
        await w.FlushAsync(ct);
        return count;
    }
}
