using System.Linq.Expressions;
using GridGov.Api.Infrastructure;
using GridGov.Persistence;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace GridGov.Api.Ogc;

/// <summary>One feature: id, geometry in storage coordinates, properties in order (English keys from the glossary).</summary>
public sealed record OgcFeature(long Id, Geometry? Geometry, IReadOnlyList<KeyValuePair<string, object?>> Properties);

/// <summary>One page of a collection: its features in id order, how many match in all, and whether more follow (or precede, for `before`).</summary>
public sealed record OgcPage(IReadOnlyList<OgcFeature> Features, long NumberMatched, bool More);

/// <summary>
/// A collection of /ogc. Each lives in its own file under Collections/ with its query: rows come through
/// <see cref="Visibility"/> (the GraphQL resolvers' filters), personal data through <c>Caller.SeesPersonalData</c>.
/// </summary>
public abstract class OgcCollection
{
    /// <summary>"households": the path segment, and the row of AccessTable (Kind.Ogc).</summary>
    public abstract string Id { get; }
    /// <summary>GeoJSON geometry type of the features, for clients that want it before the first page.</summary>
    public abstract string GeometryType { get; }
    /// <summary>Property filters beyond Core (`villageCode=…`).</summary>
    public abstract IReadOnlyList<string> Filters { get; }

    public abstract Task<OgcPage> PageAsync(GridGovDbContext db, Caller caller, OgcQuery query, CancellationToken ct);

    /// <summary>One feature; NOT_FOUND for no such id, FORBIDDEN outside the caller's area (as GraphQL's single objects).</summary>
    public abstract Task<OgcFeature> OneAsync(GridGovDbContext db, Caller caller, long id, DateTimeOffset now, CancellationToken ct);

    public static IReadOnlyList<OgcCollection> All { get; } =
        [new Collections.TownshipFeatures(), new Collections.VillageFeatures(), new Collections.CellFeatures(),
         new Collections.HouseholdFeatures(), new Collections.MemberFeatures(), new Collections.LinkFeatures()];

    public static OgcCollection? Find(string id) => All.FirstOrDefault(c => c.Id == id);

    /// <summary>An enum value as the database stores it (lifted_out, blood): the words the import templates and exports use.</summary>
    protected static string Snake<T>(T value) where T : struct, Enum => GridGovDbContext.SnakeCase(value.ToString());
}

/// <summary>
/// Keyset paging by id for the database-backed collections: a stable order that a whole village pages through
/// without gaps or repeats, whatever is written meanwhile, and no OFFSET scans.
/// </summary>
public static class OgcKeyset
{
    private sealed class Box(long value) { public long Value { get; } = value; }

    public static async Task<OgcPage> PageAsync<T, TRow>(IQueryable<T> rows, Expression<Func<T, long>> id,
        Func<IQueryable<T>, IQueryable<TRow>> project, Func<TRow, long> rowId, Func<TRow, OgcFeature> feature,
        OgcQuery q, CancellationToken ct)
    {
        var matched = await rows.LongCountAsync(ct);
        var backwards = q.Before is not null;
        IQueryable<T> page = rows;
        if (q.After is { } after) page = page.Where(Compare(id, after, Expression.GreaterThan));
        if (q.Before is { } before) page = page.Where(Compare(id, before, Expression.LessThan));
        page = (backwards ? page.OrderByDescending(id) : page.OrderBy(id)).Take(q.Limit + 1);
        var list = await project(page).ToListAsync(ct);
        // The projection may not keep the order of its source: sort again by id.
        list = backwards ? [.. list.OrderByDescending(rowId)] : [.. list.OrderBy(rowId)];
        var more = list.Count > q.Limit;
        if (more) list.RemoveAt(list.Count - 1);
        if (backwards) list.Reverse();
        return new OgcPage([.. list.Select(feature)], matched, more);
    }

    // The cursor as a member of a closure object, so EF sends it as a parameter (one plan for every page).
    private static Expression<Func<T, bool>> Compare<T>(Expression<Func<T, long>> id, long value, Func<Expression, Expression, BinaryExpression> op) =>
        Expression.Lambda<Func<T, bool>>(op(id.Body, Expression.Property(Expression.Constant(new Box(value)), nameof(Box.Value))), id.Parameters);

    /// <summary>Paging of a small list already in memory (townships, villages), by the same rules.</summary>
    public static OgcPage InMemory(IReadOnlyList<(long Id, OgcFeature Feature)> rows, OgcQuery q)
    {
        var sorted = rows.OrderBy(r => r.Id).ToList();
        IEnumerable<(long Id, OgcFeature Feature)> page = sorted;
        if (q.After is { } after) page = page.Where(r => r.Id > after);
        if (q.Before is { } before) page = page.Where(r => r.Id < before).Reverse();
        var list = page.Take(q.Limit + 1).ToList();
        var more = list.Count > q.Limit;
        if (more) list.RemoveAt(list.Count - 1);
        if (q.Before is not null) list.Reverse();
        return new OgcPage([.. list.Select(r => r.Feature)], sorted.Count, more);
    }
}
