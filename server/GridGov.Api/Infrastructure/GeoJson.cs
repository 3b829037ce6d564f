using System.Text.Json;
using System.Text.Json.Nodes;
using GraphQL.Types;
using GraphQLParser.AST;
using GridGov.Api.Resources;
using GridGov.Domain.Geo;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace GridGov.Api.Infrastructure;

/// <summary>A GeoJSON geometry as received, with the CRS it named (if any).</summary>
public sealed record GeoInput(Geometry Geometry, Crs? Crs);

/// <summary>GeoJSON in and out. Output coordinates are rounded to ~1 cm (degrees) or 1 mm (metres).</summary>
public static class GeoJson
{
    public static readonly JsonSerializerOptions Options = CreateOptions();

    /// <summary>Vertices of one geometry input (a cell, a spatial filter); documented in docs/api.md.</summary>
    public const int MaxVertices = 10_000;

    private static JsonSerializerOptions CreateOptions()
    {
        var o = new JsonSerializerOptions();
        o.Converters.Add(new GeoJsonConverterFactory(CoordinateConverter.StorageFactory));
        return o;
    }

    /// <summary>
    /// GeoJSON of a storage geometry in <paramref name="crs"/>, built directly as dictionaries and
    /// arrays (no intermediate JSON document): maps of 100 houses ask for 100 of these per request.
    /// Coordinates are rounded to ~1 cm (degrees) or 1 mm (metres).
    /// </summary>
    public static IDictionary<string, object?> Write(Geometry storage, Crs crs)
    {
        var scale = Srid.IsProjected(crs) ? 1000.0 : 1e7;
        double[] Position(Coordinate c)
        {
            var (x, y) = crs is Crs.Epsg4326 or Crs.Epsg4490 ? (c.X, c.Y) : CoordinateConverter.FromStorage(c.X, c.Y, crs);
            return [Math.Round(x * scale) / scale, Math.Round(y * scale) / scale];
        }
        double[][] Positions(CoordinateSequence seq)
        {
            var list = new double[seq.Count][];
            for (var i = 0; i < seq.Count; i++) list[i] = Position(seq.GetCoordinate(i));
            return list;
        }
        double[][][] Rings(Polygon p)
        {
            var rings = new double[p.NumInteriorRings + 1][][];
            rings[0] = Positions(p.ExteriorRing.CoordinateSequence);
            for (var i = 0; i < p.NumInteriorRings; i++) rings[i + 1] = Positions(p.GetInteriorRingN(i).CoordinateSequence);
            return rings;
        }
        IDictionary<string, object?> Of(Geometry g) => g switch
        {
            Point p => Obj("Point", Position(p.Coordinate)),
            LineString l => Obj("LineString", Positions(l.CoordinateSequence)),
            Polygon p => Obj("Polygon", Rings(p)),
            MultiPoint mp => Obj("MultiPoint", mp.Geometries.Select(x => Position(x.Coordinate)).ToArray()),
            MultiLineString ml => Obj("MultiLineString", ml.Geometries.Select(x => Positions(((LineString)x).CoordinateSequence)).ToArray()),
            MultiPolygon mp => Obj("MultiPolygon", mp.Geometries.Select(x => Rings((Polygon)x)).ToArray()),
            GeometryCollection gc => new Dictionary<string, object?> { ["type"] = "GeometryCollection", ["geometries"] = gc.Geometries.Select(Of).ToArray() },
            _ => throw new NotSupportedException(g.GeometryType),
        };
        return Of(storage);
    }

    private static Dictionary<string, object?> Obj(string type, object coordinates) =>
        new() { ["type"] = type, ["coordinates"] = coordinates };

    public static double[] BBox(Geometry storage, Crs crs)
    {
        var e = CoordinateConverter.FromStorage(storage, crs).EnvelopeInternal;
        return [e.MinX, e.MinY, e.MaxX, e.MaxY];
    }

    /// <summary>An unclosed ring is refused in our words before the reader sees it (its own text is English).</summary>
    private static void RequireClosedRings(JsonObject obj)
    {
        var type = obj["type"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : null;
        // A plain list: a JsonArray would adopt the nodes, and they already have a parent.
        List<JsonNode?> polygons = type switch
        {
            "Polygon" => [obj["coordinates"]],
            "MultiPolygon" when obj["coordinates"] is JsonArray many => [.. many],
            _ => [],
        };
        foreach (var polygon in polygons.OfType<JsonArray>())
            foreach (var ring in polygon.OfType<JsonArray>())
                if (ring.Count > 0 && !SamePosition(ring[0], ring[^1]))
                    throw new FormatException(Messages.RingNotClosed.Both);
    }

    /// <summary>Two positions with equal x and y; anything unreadable counts as equal (the reader then says what is wrong).</summary>
    private static bool SamePosition(JsonNode? a, JsonNode? b)
    {
        if (a is not JsonArray pa || b is not JsonArray pb || pa.Count < 2 || pb.Count < 2) return true;
        for (var i = 0; i < 2; i++)
        {
            if (pa[i] is not JsonValue va || pb[i] is not JsonValue vb
                || !va.TryGetValue<double>(out var x) || !vb.TryGetValue<double>(out var y)) return true;
            if (x != y) return false;
        }
        return true;
    }

    /// <summary>Parses a GeoJSON geometry object; a "crs" member (named CRS) is honoured and removed.</summary>
    public static GeoInput Read(JsonNode? node)
    {
        if (node is not JsonObject obj)
            throw new FormatException(Messages.GeometryNotGeometryObject.Both);
        Crs? crs = null;
        if (obj["crs"] is { } crsNode)
        {
            var name = (crsNode is JsonValue v ? v : crsNode["properties"]?["name"]) is JsonValue n && n.TryGetValue<string>(out var text) ? text : null;
            crs = CrsNames.Parse(name) ?? throw new FormatException(Messages.CrsUnsupported(name).Both);
            obj = (JsonObject)obj.DeepClone();
            obj.Remove("crs");
        }
        RequireClosedRings(obj);
        Geometry? g;
        try
        {
            g = obj.Deserialize<Geometry>(Options);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or NotSupportedException or IndexOutOfRangeException)
        {
            throw new FormatException(Messages.GeoJsonUnreadable(e.Message).Both);
        }
        if (g is null || g.IsEmpty)
            throw new FormatException(Messages.GeoJsonEmpty.Both);
        // A cell of 400,000 vertices made its village's coverage 13× slower and the audit log 27 MB larger.
        if (g.NumPoints > MaxVertices)
            throw new FormatException(Messages.GeometryTooManyVertices(g.NumPoints, MaxVertices).Both);
        foreach (var c in g.Coordinates)
            if (!double.IsFinite(c.X) || !double.IsFinite(c.Y))
                throw new FormatException(Messages.CoordinatesNotFinite.Both);
        return new GeoInput(g, crs);
    }

}

public static class CrsNames
{
    public static Crs? Parse(string? name) => name?.Trim().ToUpperInvariant().Replace("URN:OGC:DEF:CRS:", "").Replace("::", ":") switch
    {
        "EPSG:4326" or "EPSG_4326" or "OGC:1.3:CRS84" or "OGC:CRS84" or "WGS84" => Crs.Epsg4326,
        "EPSG:4490" or "EPSG_4490" or "CGCS2000" => Crs.Epsg4490,
        "EPSG:3857" or "EPSG_3857" => Crs.Epsg3857,
        "EPSG:4545" or "EPSG_4545" => Crs.Epsg4545,
        "GCJ02" or "GCJ-02" => Crs.Gcj02,
        _ => null,
    };
}

/// <summary>The GraphQL enum of coordinate systems.</summary>
public sealed class CrsEnumType : EnumerationGraphType
{
    public CrsEnumType()
    {
        Name = "CRS";
        Description = "Coordinate system of a geometry. Storage is EPSG:4326; EPSG:4490 (CGCS2000) is treated as equal to it.";
        Add("EPSG_4326", Crs.Epsg4326, "WGS84 longitude/latitude (default).");
        Add("EPSG_4490", Crs.Epsg4490, "CGCS2000 longitude/latitude.");
        Add("EPSG_3857", Crs.Epsg3857, "Web Mercator, metres.");
        Add("EPSG_4545", Crs.Epsg4545, "CGCS2000 3-degree Gauss-Krüger CM 108°E, metres.");
        Add("GCJ02", Crs.Gcj02, "GCJ-02 longitude/latitude (Chinese web maps).");
    }
}

/// <summary>The GeoJSON scalar: a geometry object in output; in input, a geometry object with an optional named crs.</summary>
public sealed class GeoJsonGraphType : ScalarGraphType
{
    public GeoJsonGraphType()
    {
        Name = "GeoJSON";
        Description = "A GeoJSON geometry object (RFC 7946). Inputs may carry a named `crs` member, e.g. {\"type\":\"name\",\"properties\":{\"name\":\"EPSG:4545\"}}.";
    }

    public override object? Serialize(object? value) => value switch
    {
        null => null,
        IDictionary<string, object?> d => d,
        JsonElement e => e,
        Geometry g => GeoJson.Write(g, Crs.Epsg4326),
        _ => throw new InvalidOperationException("not a geometry"),
    };

    public override object? ParseValue(object? value) => value switch
    {
        null => null,
        GeoInput g => g,
        string s => GeoJson.Read(JsonNode.Parse(s)),
        _ => GeoJson.Read(JsonSerializer.SerializeToNode(value)),
    };

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLNullValue => null,
        GraphQLStringValue s => GeoJson.Read(JsonNode.Parse((string)s.Value)),
        GraphQLObjectValue o => GeoJson.Read(ToNode(o)),
        _ => throw new FormatException(Messages.GeometryNotObject.Both),
    };

    public override bool CanParseLiteral(GraphQLValue value) => value is GraphQLNullValue or GraphQLStringValue or GraphQLObjectValue;

    public override bool CanParseValue(object? value) => true;

    private static JsonNode? ToNode(GraphQLValue v) => v switch
    {
        GraphQLObjectValue o => new JsonObject((o.Fields ?? []).Select(f => KeyValuePair.Create((string)f.Name.Value, ToNode(f.Value)))),
        GraphQLListValue l => new JsonArray((l.Values ?? []).Select(ToNode).ToArray()),
        GraphQLStringValue s => JsonValue.Create((string)s.Value),
        GraphQLIntValue i => JsonValue.Create(double.Parse((string)i.Value, System.Globalization.CultureInfo.InvariantCulture)),
        GraphQLFloatValue f => JsonValue.Create(double.Parse((string)f.Value, System.Globalization.CultureInfo.InvariantCulture)),
        GraphQLBooleanValue b => JsonValue.Create(b.BoolValue),
        GraphQLEnumValue e => JsonValue.Create((string)e.Name.Value),
        _ => null,
    };
}
