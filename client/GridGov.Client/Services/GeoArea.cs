using System.Text.Json;

namespace GridGov.Client.Services;

/// <summary>Planar shoelace area of a GeoJSON Polygon in its own units: only to compare sizes (which edit shrinks).</summary>
public static class GeoArea
{
    public static double Planar(JsonElement geometry)
    {
        if (geometry.ValueKind != JsonValueKind.Object || !geometry.TryGetProperty("coordinates", out var coords)) return 0;
        return geometry.Str("type") switch
        {
            "Polygon" => Polygon(coords),
            "MultiPolygon" => coords.EnumerateArray().Sum(Polygon),
            _ => 0,
        };
    }

    private static double Polygon(JsonElement rings)
    {
        var area = 0.0;
        var first = true;
        foreach (var ring in rings.EnumerateArray())
        {
            var pts = ring.EnumerateArray().Select(p => (X: p[0].GetDouble(), Y: p[1].GetDouble())).ToList();
            var a = 0.0;
            for (var i = 0; i + 1 < pts.Count; i++) a += pts[i].X * pts[i + 1].Y - pts[i + 1].X * pts[i].Y;
            area += first ? Math.Abs(a) / 2 : -Math.Abs(a) / 2;
            first = false;
        }
        return area;
    }
}
