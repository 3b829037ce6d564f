using System.Globalization;
using GridGov.Api.Infrastructure;
using GridGov.Api.Resources;
using GridGov.Domain.Geo;
using NetTopologySuite.Geometries;

namespace GridGov.Api.Ogc;

/// <summary>
/// The parameters of one /items request, checked before any database work: limit (capped), bbox in bbox-crs (to a
/// storage polygon), crs, the keyset cursor (after / before an id) and the collection's property filters.
/// </summary>
public sealed record OgcQuery(int Limit, Geometry? BBox, OgcCrs Crs, long? After, long? Before,
    IReadOnlyDictionary<string, string> Filters, DateTimeOffset Now)
{
    public const int DefaultLimit = 100, MaxLimit = 1000;

    /// <summary>Parameters of OGC API – Features Core and Part 2 that every collection takes.</summary>
    public static readonly string[] CoreParameters = ["f", "limit", "bbox", "bbox-crs", "crs", "after", "before"];

    /// <summary>villageCode, townshipCode: an area code (checked against the caller's area); any other filter is an id.</summary>
    public static bool IsAreaCodeFilter(string name) => name.EndsWith("Code", StringComparison.Ordinal);

    public string? Filter(string name) => Filters.TryGetValue(name, out var v) ? v : null;

    /// <summary>The storage-CRS filter of a property: a readable area code, or an id.</summary>
    public long? FilterId(string name) => Filter(name) is { } v ? long.Parse(v, CultureInfo.InvariantCulture) : null;

    /// <exception cref="GridGovError">VALIDATION (or FORBIDDEN for an area outside the caller's) with the reason.</exception>
    public static OgcQuery Parse(IQueryCollection q, OgcCollection collection, Caller caller, DateTimeOffset now)
    {
        foreach (var key in q.Keys)
            if (!CoreParameters.Contains(key) && !collection.Filters.Contains(key))
                throw GridGovError.Invalid(OgcMessages.ParameterUnknown(key, string.Join(", ", CoreParameters.Concat(collection.Filters))));

        var limit = DefaultLimit;
        if (q["limit"].ToString() is { Length: > 0 } l)
        {
            if (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1)
                throw GridGovError.Invalid(OgcMessages.LimitInvalid(MaxLimit));
            // Part 1 lets a server return fewer than asked: a large limit is capped, not refused (QGIS asks for thousands).
            limit = Math.Min(limit, MaxLimit);
        }

        var crs = ParseCrs(q, "crs") ?? OgcCrs.Crs84;
        var bboxCrs = ParseCrs(q, "bbox-crs") ?? OgcCrs.Crs84;
        var bbox = q["bbox"].ToString() is { Length: > 0 } b ? ParseBBox(b, bboxCrs) : null;

        long? after = Cursor(q, "after"), before = Cursor(q, "before");
        if (after is not null && before is not null) throw GridGovError.Invalid(OgcMessages.CursorConflict);

        var filters = new Dictionary<string, string>();
        foreach (var name in collection.Filters)
        {
            if (q[name].ToString() is not { Length: > 0 } value) continue;
            if (IsAreaCodeFilter(name))
                caller.ReadablePrefix(value); // the same checks as GraphQL's areaCode/villageCode arguments
            else if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                throw GridGovError.Invalid(OgcMessages.ParameterInvalid(name, value));
            filters[name] = value;
        }
        return new OgcQuery(limit, bbox, crs, after, before, filters, now);
    }

    private static OgcCrs? ParseCrs(IQueryCollection q, string name)
    {
        if (q[name].ToString() is not { Length: > 0 } text) return null;
        return OgcCrs.Parse(text) ?? throw GridGovError.Invalid(OgcMessages.CrsUnsupported(text, OgcCrs.Supported));
    }

    private static long? Cursor(IQueryCollection q, string name)
    {
        if (q[name].ToString() is not { Length: > 0 } text) return null;
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v)
            ? v : throw GridGovError.Invalid(OgcMessages.ParameterInvalid(name, text));
    }

    /// <summary>4 numbers (or 6, heights ignored) in the axis order of bbox-crs, as a storage polygon.</summary>
    public static Geometry ParseBBox(string text, OgcCrs crs)
    {
        var parts = text.Split(',');
        var n = new double[parts.Length];
        if (parts.Length is not (4 or 6) || parts.Select((p, i) => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out n[i])).Any(ok => !ok)
            || n.Any(v => !double.IsFinite(v)))
            throw GridGovError.Invalid(OgcMessages.BBoxInvalid(text));
        var (a0, b0, a1, b1) = parts.Length == 4 ? (n[0], n[1], n[2], n[3]) : (n[0], n[1], n[3], n[4]);
        if (a0 > a1 || b0 > b1) throw GridGovError.Invalid(OgcMessages.BBoxOutOfRange);
        if (!crs.IsProjected)
        {
            var (lon0, lat0, lon1, lat1) = crs.NorthFirst ? (b0, a0, b1, a1) : (a0, b0, a1, b1);
            if (lon0 < -180 || lon1 > 180 || lat0 < -90 || lat1 > 90) throw GridGovError.Invalid(OgcMessages.BBoxOutOfRange);
        }
        // Corners and edge midpoints: a Gauss-Krüger rectangle is not one in degrees.
        var env = new Envelope();
        foreach (var a in new[] { a0, (a0 + a1) / 2, a1 })
            foreach (var b in new[] { b0, (b0 + b1) / 2, b1 })
            {
                var (lon, lat) = crs.ToStorage(a, b);
                if (!double.IsFinite(lon) || !double.IsFinite(lat)) throw GridGovError.Invalid(OgcMessages.BBoxOutOfRange);
                env.ExpandToInclude(lon, lat);
            }
        return CoordinateConverter.StorageFactory.ToGeometry(env);
    }
}
