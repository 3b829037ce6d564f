using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using GraphQL;
using GraphQLParser.AST;

namespace GridGov.Api.Infrastructure;

/// <summary>
/// Reads only the columns a list query asks for. Each GraphQL field of the node type names the
/// entity members it needs ("HeadName", "Person.Name"); a query whose node fields are all known
/// gets rows with just those members (plus <c>always</c>), anything else gets whole entities.
/// Lists of a hundred houses then read 4 columns, not 12, and build no unused geometry.
/// </summary>
public sealed class Projection<T> : IProjection where T : class
{
    private readonly Dictionary<string, string[]> _needs;
    private readonly string[] _always;
    private readonly ConcurrentDictionary<string, Expression<Func<T, T>>> _selectors = new(StringComparer.Ordinal);

    public Projection(string[] always, Dictionary<string, string[]> needs)
    {
        _always = always;
        _needs = needs;
    }

    /// <summary>Members every row carries (its id and village).</summary>
    public IReadOnlyList<string> Always => _always;

    /// <summary>The members a field of the node type reads; false for a field not mapped.</summary>
    public bool TryNeeds(string field, out string[] members) => _needs.TryGetValue(field, out members!);

    /// <summary>The selector for the connection's node fields, or null to read whole entities.</summary>
    public Expression<Func<T, T>>? ForConnection(IResolveFieldContext ctx)
    {
        var fields = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in Selection.Fields(ctx, ctx.FieldAst.SelectionSet))
        {
            var sub = f.Name.StringValue switch
            {
                "nodes" => f.SelectionSet,
                "edges" => Selection.Fields(ctx, f.SelectionSet).FirstOrDefault(e => e.Name.StringValue == "node")?.SelectionSet,
                _ => null,
            };
            if (sub is null) continue;
            foreach (var n in Selection.Fields(ctx, sub)) fields.Add(n.Name.StringValue);
        }
        return For(fields);
    }

    /// <summary>The selector for these node fields, or null when one of them is not mapped.</summary>
    public Expression<Func<T, T>>? For(IEnumerable<string> fields)
    {
        var members = new SortedSet<string>(_always, StringComparer.Ordinal);
        foreach (var f in fields)
        {
            if (f == "__typename") continue;
            if (!_needs.TryGetValue(f, out var m)) return null;
            members.UnionWith(m);
        }
        return _selectors.GetOrAdd(string.Join(',', members), _ => Build(members));
    }

    // x => new T { A = x.A, Nav = new N { B = x.Nav.B } }: EF translates it to just those columns.
    private static Expression<Func<T, T>> Build(IEnumerable<string> members)
    {
        var x = Expression.Parameter(typeof(T), "x");
        var bindings = new List<MemberBinding>();
        foreach (var group in members.GroupBy(m => m.Split('.')[0]))
        {
            var prop = typeof(T).GetProperty(group.Key, BindingFlags.Public | BindingFlags.Instance)
                ?? throw new InvalidOperationException($"{typeof(T).Name} has no property {group.Key}");
            var access = Expression.Property(x, prop);
            var nested = group.Where(m => m.Contains('.')).Select(m => m[(m.IndexOf('.') + 1)..]).ToList();
            if (nested.Count == 0)
            {
                bindings.Add(Expression.Bind(prop, access));
                continue;
            }
            // A navigation: a new object with the nested members, or null when there is none.
            var inner = nested.Select(n => (MemberBinding)Expression.Bind(prop.PropertyType.GetProperty(n)!, Expression.Property(access, n)));
            var init = Expression.MemberInit(Expression.New(prop.PropertyType), inner);
            bindings.Add(Expression.Bind(prop, Expression.Condition(
                Expression.Equal(access, Expression.Constant(null, prop.PropertyType)), Expression.Constant(null, prop.PropertyType), init)));
        }
        return Expression.Lambda<Func<T, T>>(Expression.MemberInit(Expression.New(typeof(T)), bindings), x);
    }
}

/// <summary>What a <see cref="Projection{T}"/> knows without its entity type: the members each field reads.</summary>
public interface IProjection
{
    IReadOnlyList<string> Always { get; }
    bool TryNeeds(string field, out string[] members);
}

/// <summary>The fields of a selection set, through inline fragments and named fragments.</summary>
public static class Selection
{
    public static IEnumerable<GraphQLField> Fields(IResolveFieldContext ctx, GraphQLSelectionSet? set) => Fields(ctx.Document, set);

    /// <summary>
    /// With <paramref name="onType"/>, each fragment is asked whether it may be flattened (its type
    /// condition, whether it or its spread carries directives): false stops with
    /// <see cref="NotSupportedException"/> (the direct path takes only selections that mean the same for every row).
    /// </summary>
    public static IEnumerable<GraphQLField> Fields(GraphQLDocument document, GraphQLSelectionSet? set,
        Func<string?, bool, bool>? onType = null)
    {
        if (set is null) yield break;
        foreach (var s in set.Selections)
        {
            switch (s)
            {
                case GraphQLField f:
                    yield return f;
                    break;
                case GraphQLInlineFragment inline:
                    if (onType is not null && !onType(inline.TypeCondition?.Type.Name.StringValue, inline.Directives is { Count: > 0 }))
                        throw new NotSupportedException();
                    foreach (var f in Fields(document, inline.SelectionSet, onType)) yield return f;
                    break;
                case GraphQLFragmentSpread spread:
                    var def = document.Definitions.OfType<GraphQLFragmentDefinition>()
                        .FirstOrDefault(d => d.FragmentName.Name.StringValue == spread.FragmentName.Name.StringValue);
                    if (onType is not null && (def is null || !onType(def.TypeCondition.Type.Name.StringValue, spread.Directives is { Count: > 0 } || def.Directives is { Count: > 0 })))
                        throw new NotSupportedException();
                    foreach (var f in Fields(document, def?.SelectionSet, onType)) yield return f;
                    break;
            }
        }
    }
}
