using System.Text;
using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;
using GraphQL.Types.Relay;
using GraphQL.Types.Relay.DataObjects;
using GridGov.Api.Resources;

namespace GridGov.Api.Infrastructure;

/// <summary>Relay connections with keyset cursors over ids; `first` is capped so no page is unbounded.</summary>
public static class Paging
{
    public const int DefaultFirst = 50;
    public const int MaxFirst = 500;

    /// <summary>Whether the query selected totalCount: counting is a second query, skipped when nobody asked.</summary>
    public static bool WantsTotal(IResolveFieldContext ctx) =>
        ctx.SubFields?.ContainsKey("totalCount") ?? true;

    /// <summary>Runs the count only if the query asked for totalCount (else -1, never shown).</summary>
    public static async Task<int> TotalAsync<T>(IResolveFieldContext ctx, IQueryable<T> q) =>
        WantsTotal(ctx) ? await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(q, ctx.CancellationToken) : -1;

    public static int First(IResolveFieldContext ctx)
    {
        var first = ctx.GetArgument<int?>("first") ?? DefaultFirst;
        if (first < 0 || first > MaxFirst)
            throw GridGovError.Invalid(Messages.FirstOutOfRange(MaxFirst));
        return first;
    }

    public static string Cursor(long key) => Convert.ToBase64String(Encoding.UTF8.GetBytes("k:" + key));

    /// <summary>The id after which the page starts, or null for the first page.</summary>
    public static long? After(IResolveFieldContext ctx)
    {
        var after = ctx.GetArgument<string?>("after");
        if (string.IsNullOrEmpty(after)) return null;
        return TryDecodeCursor(after, out var k) ? k
            : throw GridGovError.Invalid(Messages.CursorInvalid);
    }

    /// <summary>The id inside a cursor made by <see cref="Cursor"/>.</summary>
    public static bool TryDecodeCursor(string cursor, out long key)
    {
        key = 0;
        try
        {
            var s = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            return s.StartsWith("k:", StringComparison.Ordinal) && long.TryParse(s[2..], out key);
        }
        catch (FormatException) { return false; }
    }

    /// <summary>
    /// One keyset page ordered by <paramref name="key"/> (an id): reads `first` and `after`, fetches one
    /// row more than the page to know whether another exists, and counts only if asked. With
    /// <paramref name="select"/> (a <see cref="Projection{T}"/>), rows carry only the asked-for columns.
    /// </summary>
    public static async Task<Page> PageAsync<T>(IResolveFieldContext ctx, IQueryable<T> q, System.Linq.Expressions.Expression<Func<T, long>> key,
        System.Linq.Expressions.Expression<Func<T, T>>? select = null)
        where T : notnull
    {
        var first = First(ctx);
        var after = After(ctx);
        var total = await TotalAsync(ctx, q);
        if (after is { } a)
        {
            var greater = System.Linq.Expressions.Expression.GreaterThan(key.Body, System.Linq.Expressions.Expression.Constant(a));
            q = q.Where(System.Linq.Expressions.Expression.Lambda<Func<T, bool>>(greater, key.Parameters));
        }
        var page = q.OrderBy(key).Take(first + 1);
        if (select is not null) page = page.Select(select);
        var rows = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(page, ctx.CancellationToken);
        return Build(rows, first, Compiled(key), total, after is not null);
    }

    // Compiling an expression costs a few hundred microseconds, as much as the rest of a small
    // request: keys are plain member accesses (h => h.Id), so one delegate per type and member is kept.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(Type, System.Reflection.MemberInfo), Delegate> KeyDelegates = new();

    private static Func<T, long> Compiled<T>(System.Linq.Expressions.Expression<Func<T, long>> key) =>
        key.Body is System.Linq.Expressions.MemberExpression { Expression: System.Linq.Expressions.ParameterExpression } m
            ? (Func<T, long>)KeyDelegates.GetOrAdd((typeof(T), m.Member), _ => key.Compile())
            : key.Compile();

    /// <summary>Builds a connection from one extra row fetched beyond the page to know if more exist.</summary>
    public static Page Build<T>(IReadOnlyList<T> rowsPlusOne, int first, Func<T, long> key, int totalCount, bool hasPrevious)
        where T : notnull
    {
        var page = rowsPlusOne.Take(first).ToList();
        return new Page
        {
            TotalCount = totalCount,
            Edges = page.Select(n => new PageEdge(Cursor(key(n)), n)).ToList(),
            PageInfo = new PageInfo
            {
                HasNextPage = rowsPlusOne.Count > first,
                HasPreviousPage = hasPrevious,
                StartCursor = page.Count > 0 ? Cursor(key(page[0])) : null,
                EndCursor = page.Count > 0 ? Cursor(key(page[^1])) : null,
            },
        };
    }

    public static FieldBuilder<TSource, object> PagingArguments<TSource>(this FieldBuilder<TSource, object> f) =>
        f.Argument<IntGraphType>("first", $"Page size, at most {MaxFirst} (default {DefaultFirst}).")
         .Argument<StringGraphType>("after", "The endCursor of the previous page.");
}



/// <summary>One page of a Relay connection, whatever the node type.</summary>
public sealed class Page
{
    public int TotalCount { get; init; }
    public required PageInfo PageInfo { get; init; }
    public required List<PageEdge> Edges { get; init; }
}

public sealed record PageEdge(string Cursor, object Node);

/// <summary>A Relay connection (edges, pageInfo, totalCount) plus the `nodes` shortcut GitHub's API has.</summary>
public sealed class PagedType<TNodeType> : ObjectGraphType<Page> where TNodeType : IGraphType
{
    public PagedType()
    {
        var node = NodeName();
        Name = node + "Connection";
        Description = $"A page of {node} objects.";
        Field<NonNullGraphType<IntGraphType>>("totalCount").Description("All matching rows, not just this page.")
            .Resolve(ctx => ctx.Source.TotalCount);
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Resolve(ctx => ctx.Source.PageInfo);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PagedEdgeType<TNodeType>>>>>("edges").Resolve(ctx => ctx.Source.Edges);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TNodeType>>>>("nodes").Description("The nodes of this page, without edges.")
            .Resolve(ctx => ctx.Source.Edges.Select(e => e.Node).ToList());
    }

    internal static string NodeName() => typeof(TNodeType).Name.EndsWith("Type", StringComparison.Ordinal)
        ? typeof(TNodeType).Name[..^4] : typeof(TNodeType).Name;
}

public sealed class PagedEdgeType<TNodeType> : ObjectGraphType<PageEdge> where TNodeType : IGraphType
{
    public PagedEdgeType()
    {
        Name = PagedType<TNodeType>.NodeName() + "Edge";
        Field<NonNullGraphType<StringGraphType>>("cursor").Resolve(ctx => ctx.Source.Cursor);
        Field<NonNullGraphType<TNodeType>>("node").Resolve(ctx => ctx.Source.Node);
    }
}
