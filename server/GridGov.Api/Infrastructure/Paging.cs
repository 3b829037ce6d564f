using System.Text;
using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;
using GraphQL.Types.Relay;
using GraphQL.Types.Relay.DataObjects;

namespace GridGov.Api.Infrastructure;

/// <summary>Relay connections with keyset cursors over ids; `first` is capped so no page is unbounded.</summary>
public static class Paging
{
    public const int DefaultFirst = 50;
    public const int MaxFirst = 500;

    public static int First(IResolveFieldContext ctx)
    {
        var first = ctx.GetArgument<int?>("first") ?? DefaultFirst;
        if (first < 0 || first > MaxFirst)
            throw GridGovError.Invalid($"first 必须在 0 到 {MaxFirst} 之间。", $"`first` must be between 0 and {MaxFirst}.");
        return first;
    }

    public static string Cursor(long key) => Convert.ToBase64String(Encoding.UTF8.GetBytes("k:" + key));

    /// <summary>The id after which the page starts, or null for the first page.</summary>
    public static long? After(IResolveFieldContext ctx)
    {
        var after = ctx.GetArgument<string?>("after");
        if (string.IsNullOrEmpty(after)) return null;
        try
        {
            var s = Encoding.UTF8.GetString(Convert.FromBase64String(after));
            if (s.StartsWith("k:", StringComparison.Ordinal) && long.TryParse(s[2..], out var k)) return k;
        }
        catch (FormatException) { }
        throw GridGovError.Invalid("after 游标无效，请使用上一页返回的 endCursor。", "Invalid `after` cursor; pass a previous page's endCursor.");
    }

    /// <summary>Builds a connection from one extra row fetched beyond the page to know if more exist.</summary>
    public static Connection<T> Build<T>(IReadOnlyList<T> rowsPlusOne, int first, Func<T, long> key, int totalCount, bool hasPrevious)
    {
        var page = rowsPlusOne.Take(first).ToList();
        return new Connection<T>
        {
            TotalCount = totalCount,
            Edges = page.Select(n => new Edge<T> { Node = n, Cursor = Cursor(key(n)) }).ToList(),
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

