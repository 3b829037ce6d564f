using GraphQL.Types;
using GraphQLParser.AST;
using GridGov.Persistence.Sql;

namespace GridGov.Api.Infrastructure;

/// <summary>The direct path's compiled documents: roots, connection parts, selections.</summary>
public sealed partial class DirectReads
{
    /// <summary>A compiled document: its root fields in order.</summary>
    public sealed class DirectPlan(Root[] roots, GraphQLDocument document, GraphQLOperationDefinition operation)
    {
        public Root[] Roots { get; } = roots;
        public GraphQLDocument Document { get; } = document;
        public GraphQLOperationDefinition Operation { get; } = operation;
    }

    public abstract class Root(string key)
    {
        public string Key { get; } = key;
    }

    private sealed class TypenameRoot(string key) : Root(key);

    /// <summary>An argument's value: a literal (already parsed) or a variable (with its default).</summary>
    private sealed record ValueSource(object? Literal, string? Variable, ScalarGraphType? Type, GraphQLValue? Default);

    private sealed class ListRoot(string key, DirectList list, RowShape shape, PageQuery query) : Root(key)
    {
        public DirectList List { get; } = list;
        public RowShape Shape { get; } = shape;
        public PageQuery Query { get; } = query;
        public List<(string Name, DirectArgument Kind, ValueSource Source)> Filters { get; } = [];
        public ValueSource? First { get; set; }
        public ValueSource? After { get; set; }
        public bool WantsTotal { get; set; }
        /// <summary>The rows' selection of a plain list (a connection's are in its parts).</summary>
        public ObjectSelection? Node { get; set; }
        public List<(string Key, ConnectionPart Part)> Connection { get; } = [];
        /// <summary>
        /// With children, a `first` from a variable may be at most the one the usual path ran (and so costed) when the
        /// document was learnt: a larger page of nested lists may be TOO_COMPLEX there, so it goes the usual way.
        /// </summary>
        public int? MaxFirst { get; set; }
    }

    /// <summary>One occurrence of a <see cref="DirectChild"/> field in the document: its statement is the root's <see cref="Index"/>th child query.</summary>
    private sealed class ChildPlan(int index, DirectChild def)
    {
        public int Index { get; } = index;
        public DirectChild Def { get; } = def;
        public ObjectSelection Selection { get; set; } = null!;
        public HashSet<string> Members { get; } = new(def.Columns.Always, StringComparer.Ordinal);
        public HashSet<string> RelatedMembers { get; } = new(StringComparer.Ordinal);
    }

    private abstract record ConnectionPart
    {
        public sealed record TotalCount : ConnectionPart;
        public sealed record Nodes(ObjectSelection Selection) : ConnectionPart;
        public sealed record Cursor : ConnectionPart;
        public sealed record Node(ObjectSelection Selection) : ConnectionPart;
        public sealed record Typename(string Name) : ConnectionPart;
        public sealed record Edges(List<(string Key, ConnectionPart Part)> Parts) : ConnectionPart;
        public sealed record PageInfo(List<(string Key, string Field)> Fields) : ConnectionPart;
    }

    private sealed class ObjectSelection
    {
        public List<Leaf> Fields { get; } = [];
    }

    private sealed class Leaf(string key)
    {
        public string Key { get; } = key;
        public string? Typename { get; init; }
        public FieldType Field { get; init; } = null!;
        public GraphQLField Ast { get; init; } = null!;
        public IObjectGraphType Parent { get; init; } = null!;
        public ObjectSelection? Related { get; init; }
        public ChildPlan? Child { get; init; }
        public List<(string Name, ValueSource? Source, object? Default)> Arguments { get; } = [];
    }
}
