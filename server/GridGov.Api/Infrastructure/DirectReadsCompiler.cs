using GraphQL;
using GraphQL.Types;
using GraphQLParser.AST;
using GridGov.Domain.Access;
using GridGov.Persistence.Sql;

namespace GridGov.Api.Infrastructure;

public sealed partial class DirectReads
{
    /// <summary>
    /// Turns a document into a plan, or throws NotSupportedException for any shape it does not answer.
    /// <paramref name="variables"/> are those of the request that ran the usual way (see <see cref="ListRoot.MaxFirst"/>).
    /// </summary>
    private sealed class Compiler(DirectReads owner, GraphQLDocument document, GraphQL.Inputs? variables)
    {
        // Child statements one root may add to its round trip (each occurrence of a child field is one).
        private const int MaxChildren = 3;
        private int _fields;
        private GraphQLOperationDefinition _op = null!;

        public DirectPlan Compile(string? operationName)
        {
            var ops = document.Definitions.OfType<GraphQLOperationDefinition>().ToList();
            if (ops.Count != 1 || ops[0].Operation != OperationType.Query || ops[0].Directives is { Count: > 0 }) throw No();
            if (operationName is not null && ops[0].Name?.StringValue != operationName) throw No();
            _op = ops[0];
            var roots = new List<Root>();
            foreach (var f in Fields(_op.SelectionSet, owner._schema.Query))
            {
                var key = f.Alias?.Name.StringValue ?? f.Name.StringValue;
                if (f.Name.StringValue == "__typename") { roots.Add(new TypenameRoot(key)); continue; }
                if (!owner._lists.TryGetValue(f.Name.StringValue, out var list)) throw No();
                roots.Add(CompileList(key, f, list));
            }
            if (roots.OfType<ListRoot>().Count() == 0) throw No();
            return new DirectPlan([.. roots], document, _op);
        }

        private ListRoot CompileList(string key, GraphQLField f, DirectList list)
        {
            var field = owner._schema.Query.GetField(f.Name.StringValue) ?? throw No();
            if (Restricted(field)) throw No();
            ValueSource? first = null, after = null;
            var filters = new List<(string, DirectArgument, ValueSource)>();
            foreach (var arg in f.Arguments?.Items ?? [])
            {
                var name = arg.Name.StringValue;
                var def = field.Arguments?.Find(name) ?? throw No();
                var source = Source(arg.Value, def);
                if (list.Paged && name == "first") first = source;
                else if (list.Paged && name == "after") after = source;
                else if (list.Arguments.TryGetValue(name, out var kind)) filters.Add((name, kind, source));
                else throw No();
            }
            var nodeType = (IObjectGraphType)field.ResolvedType!.GetNamedType();
            var members = new HashSet<string>(StringComparer.Ordinal);
            var relatedMembers = new HashSet<string>(StringComparer.Ordinal);
            ObjectSelection? node = null;
            var connection = new List<(string, ConnectionPart)>();
            var children = new List<ChildPlan>();
            var wantsTotal = false;
            if (list.Paged)
            {
                var conn = nodeType;
                nodeType = (IObjectGraphType)conn.GetField("nodes")!.ResolvedType!.GetNamedType();
                var edgeType = (IObjectGraphType)conn.GetField("edges")!.ResolvedType!.GetNamedType();
                var pageInfoType = (IObjectGraphType)conn.GetField("pageInfo")!.ResolvedType!.GetNamedType();
                foreach (var c in Fields(f.SelectionSet, conn))
                {
                    var ck = c.Alias?.Name.StringValue ?? c.Name.StringValue;
                    switch (c.Name.StringValue)
                    {
                        case "totalCount": wantsTotal = true; connection.Add((ck, new ConnectionPart.TotalCount())); break;
                        case "__typename": connection.Add((ck, new ConnectionPart.Typename(conn.Name))); break;
                        case "nodes":
                            connection.Add((ck, new ConnectionPart.Nodes(Object(c.SelectionSet, nodeType, list.Columns, members, list.Relation, relatedMembers, list.Children, children))));
                            break;
                        case "edges":
                            var parts = new List<(string, ConnectionPart)>();
                            foreach (var e in Fields(c.SelectionSet, edgeType))
                            {
                                var ek = e.Alias?.Name.StringValue ?? e.Name.StringValue;
                                parts.Add(e.Name.StringValue switch
                                {
                                    "cursor" => (ek, new ConnectionPart.Cursor()),
                                    "__typename" => (ek, new ConnectionPart.Typename(edgeType.Name)),
                                    "node" => (ek, new ConnectionPart.Node(Object(e.SelectionSet, nodeType, list.Columns, members, list.Relation, relatedMembers, list.Children, children))),
                                    _ => throw No(),
                                });
                            }
                            connection.Add((ck, new ConnectionPart.Edges(parts)));
                            break;
                        case "pageInfo":
                            var infos = new List<(string, string)>();
                            foreach (var p in Fields(c.SelectionSet, pageInfoType))
                            {
                                var name = p.Name.StringValue;
                                if (name is not ("hasNextPage" or "hasPreviousPage" or "startCursor" or "endCursor" or "__typename")) throw No();
                                infos.Add((p.Alias?.Name.StringValue ?? name, name == "__typename" ? pageInfoType.Name : name));
                            }
                            connection.Add((ck, new ConnectionPart.PageInfo(infos)));
                            break;
                        default: throw No();
                    }
                }
            }
            else node = Object(f.SelectionSet, nodeType, list.Columns, members, list.Relation, relatedMembers, list.Children, children);
            if (_fields > MaxFields) throw No();

            members.UnionWith(list.Columns.Always);
            var shape = new RowShape(owner._model, list.Entity, list.Alias, members);
            RowShape? relatedShape = null;
            if (list.Relation is { } rel && relatedMembers.Count > 0)
            {
                relatedShape = new RowShape(owner._model, rel.Entity, rel.Alias, relatedMembers, optional: true);
            }
            var childQueries = children.Select(ChildQueryOf).ToList();
            var query = new PageQuery(owner._model, shape, relatedShape is null ? null : list.Relation!.ForeignKey, relatedShape, childQueries);
            var root = new ListRoot(key, list, shape, query) { First = first, After = after, WantsTotal = wantsTotal, Node = node };
            if (children.Count > 0 && list.Paged && first?.Variable is not null) root.MaxFirst = TaughtFirst(first);
            root.Filters.AddRange(filters);
            root.Connection.AddRange(connection);
            return root;
        }

        private ChildQuery ChildQueryOf(ChildPlan c)
        {
            var def = c.Def;
            // A single child is left-joined into the page statement: its own navigations must be left joins too, and each
            // occurrence of the field (edges and nodes side by side) needs aliases of its own there.
            var suffix = def.Single ? c.Index.ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
            var shape = new RowShape(owner._model, def.Entity, def.Alias + suffix, c.Members, optional: def.Single);
            RowShape? related = def.Relation is { } rel && c.RelatedMembers.Count > 0
                ? new RowShape(owner._model, rel.Entity, rel.Alias + suffix, c.RelatedMembers, optional: true) : null;
            return new ChildQuery(owner._model, shape, def.Join, def.AreaProperty, def.EndProperty, related is null ? null : def.Relation!.ForeignKey, related,
                single: def.Single);
        }

        /// <summary>The `first` the learning request ran with: its variable, else the variable's default, else the default page.</summary>
        private int TaughtFirst(ValueSource first)
        {
            if (variables is not null && variables.TryGetValue(first.Variable!, out var raw))
                return raw switch { int i => i, long l and >= 0 and <= Paging.MaxFirst => (int)l, null => Paging.DefaultFirst, _ => throw No() };
            return first.Default switch
            {
                null or GraphQLNullValue => Paging.DefaultFirst,
                GraphQLIntValue v when int.TryParse(v.Value.Span, out var d) => d,
                _ => throw No(),
            };
        }

        /// <param name="children">Child fields this level may have (only a root's rows have them), and the plans they become.</param>
        private ObjectSelection Object(GraphQLSelectionSet? set, IObjectGraphType type, IProjection columns, HashSet<string> members,
            DirectRelation? relation, HashSet<string> relatedMembers, IReadOnlyList<DirectChild>? children, List<ChildPlan> plans)
        {
            var sel = new ObjectSelection();
            foreach (var f in Fields(set, type))
            {
                _fields++;
                var key = f.Alias?.Name.StringValue ?? f.Name.StringValue;
                var name = f.Name.StringValue;
                if (name == "__typename") { sel.Fields.Add(new Leaf(key) { Typename = type.Name }); continue; }
                var field = type.GetField(name) ?? throw No();
                if (Restricted(field)) throw No();
                if (!columns.TryNeeds(name, out var needs)) throw No();
                members.UnionWith(needs);
                var named = field.ResolvedType!.GetNamedType();
                if (children?.FirstOrDefault(c => c.Field == name) is { } child && named is IObjectGraphType childType
                    && (f.Arguments?.Items.Count ?? 0) == 0 && Fits(child, field.ResolvedType!))
                {
                    if (plans.Count >= MaxChildren) throw No();
                    var plan = new ChildPlan(plans.Count, child);
                    plans.Add(plan);
                    // Its key and village are read even when only `id` is asked; its own children: none (one level).
                    plan.Selection = Object(f.SelectionSet, childType, child.Columns, plan.Members, child.Relation, plan.RelatedMembers, null, plans);
                    sel.Fields.Add(new Leaf(key) { Field = field, Ast = f, Parent = type, Child = plan });
                    continue;
                }
                if (relation is not null && name == relation.Field && named is IObjectGraphType relatedType && (f.Arguments?.Items.Count ?? 0) == 0)
                {
                    // Its key and village are read even when only `id` is asked: an empty set would mean "not joined".
                    relatedMembers.UnionWith(relation.Columns.Always);
                    var nested = Object(f.SelectionSet, relatedType, relation.Columns, relatedMembers, null, relatedMembers, null, plans);
                    sel.Fields.Add(new Leaf(key) { Field = field, Ast = f, Parent = type, Related = nested });
                    continue;
                }
                if (named is not ScalarGraphType || f.SelectionSet is not null) throw No();
                var leaf = new Leaf(key) { Field = field, Ast = f, Parent = type };
                foreach (var def in field.Arguments ?? [])
                {
                    var given = f.Arguments?.Items.FirstOrDefault(a => a.Name.StringValue == def.Name);
                    leaf.Arguments.Add((def.Name, given is null ? null : Source(given.Value, def), def.DefaultValue));
                }
                if (f.Arguments?.Items.Any(a => field.Arguments?.Find(a.Name.StringValue) is null) == true) throw No();
                sel.Fields.Add(leaf);
            }
            return sel;
        }

        private ValueSource Source(GraphQLValue value, QueryArgument def)
        {
            if (def.ResolvedType!.GetNamedType() is not ScalarGraphType scalar) throw No();
            if (value is GraphQLVariable v)
            {
                var decl = _op.Variables?.Items.FirstOrDefault(d => d.Variable.Name.StringValue == v.Name.StringValue) ?? throw No();
                return new ValueSource(null, v.Name.StringValue, scalar, decl.DefaultValue);
            }
            return new ValueSource(value is GraphQLNullValue ? null : scalar.ParseLiteral(value), null, scalar, null);
        }

        /// <summary>A single child is a nullable object; a list child a non-null list of non-null objects (what the writer writes).</summary>
        private static bool Fits(DirectChild child, IGraphType type) => child.Single
            ? type is IObjectGraphType
            : type is NonNullGraphType { ResolvedType: ListGraphType { ResolvedType: NonNullGraphType { ResolvedType: IObjectGraphType } } };

        private static bool Restricted(FieldType f) => f.GetMetadata<Role[]>("gridgov:roles") is not null;

        /// <summary>The fields of a selection set through fragments on this very type; directives, duplicate keys, other types: not ours.</summary>
        private IEnumerable<GraphQLField> Fields(GraphQLSelectionSet? set, IObjectGraphType type)
        {
            var keys = new HashSet<string>(StringComparer.Ordinal);
            // Fragments only on this very type, without directives.
            foreach (var f in Selection.Fields(document, set, (on, directives) => (on is null || on == type.Name) && !directives))
            {
                if (f.Directives is { Count: > 0 }) throw No();
                if (!keys.Add(f.Alias?.Name.StringValue ?? f.Name.StringValue)) throw No();
                yield return f;
            }
        }

        private static NotSupportedException No() => new();
    }
}
