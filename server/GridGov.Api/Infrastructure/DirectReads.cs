using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Types;
using GraphQLParser.AST;
using GridGov.Domain.Access;
using GridGov.Persistence.Sql;
using Npgsql;

namespace GridGov.Api.Infrastructure;

/// <summary>
/// A list that the direct path may answer: a root field, the filters its arguments stand for, its
/// node type, the columns each node field reads, and optionally one related object per row (a
/// cell's leader) read in the same statement. Feature folders declare theirs. Rows are always
/// limited to the caller's area (the entity's VillageCode), as <see cref="Visibility"/> does.
/// </summary>
/// <param name="Required">At least one of these arguments must be given (else the usual path answers, with its error).</param>
/// <param name="EndProperty">
/// Rows that end (a household's 注销, <c>EndedAt</c>): the list shows those not ended now, as the usual path
/// does, unless a <see cref="DirectArgument.IncludeEnded"/> argument is true.
/// </param>
public sealed record DirectList(string Field, Type Entity, string Alias, IProjection Columns, bool Paged,
    IReadOnlyDictionary<string, DirectArgument> Arguments, int MaxRows = 5000, DirectRelation? Relation = null, string[]? Required = null,
    string? EndProperty = null);

/// <summary>What an argument of a <see cref="DirectList"/> filters; a null value filters nothing.</summary>
public abstract record DirectArgument
{
    /// <summary>villageCode: the rows of that village (a malformed code goes the usual way, for its error).</summary>
    public sealed record Village(string Property) : DirectArgument;

    /// <summary>areaCode: the rows inside a county, township or village the caller may read.</summary>
    public sealed record Area(string Property) : DirectArgument;

    /// <summary>property = the value (an enum such as a member's status).</summary>
    public sealed record Equal(string Property) : DirectArgument;

    /// <summary>property ≥ the value (changedSince).</summary>
    public sealed record AtLeast(string Property) : DirectArgument;

    /// <summary>unlinked: true, only rows with no open <paramref name="Other"/> (a current link); false, only rows with one.</summary>
    public sealed record Without(Type Other, string ForeignKey, string OpenEnd) : DirectArgument;

    /// <summary>includeEnded: true, also rows ended before now (history); false or absent, only rows not ended (<see cref="DirectList.EndProperty"/>).</summary>
    public sealed record IncludeEnded : DirectArgument;
}

/// <summary>A to-one object field of the node (e.g. <c>leader</c>) read by a join on <paramref name="ForeignKey"/>; visible inside the caller's area.</summary>
public sealed record DirectRelation(string Field, string ForeignKey, Type Entity, string Alias, IProjection Columns);

/// <summary>
/// The direct path for the lists other systems ask for all day. A document that has run once the
/// usual way (parsed, validated, executed without errors) is compiled, if its shape allows, into
/// one SQL statement per root field plus a writer of the JSON response: no GraphQL execution
/// tree, no EF query, one round trip. Leaf values still come from the schema's own resolvers and
/// scalar types (the same masking, GeoJSON and enum names), so both paths answer byte for byte
/// the same, which the tests check. Anything the direct path does not know for certain — another
/// role (party members see only their own households), a village outside the caller's area, an
/// empty answer (an unknown village is an error), a bad cursor or `first`, variables of an
/// unexpected type — goes the usual way, which gives the proper answer or error.
/// </summary>
public sealed class DirectReads
{
    public const string Header = "GridGov-Execution";
    private const int MaxEntries = 2000;
    // Any compiled shape reads at most MaxFirst (or MaxRows) rows and at most this many fields a row,
    // which keeps it well below the complexity limit the usual path enforces.
    private const int MaxFields = 60;

    private readonly BoundedCache<(string Query, string? Operation), DirectPlan?> _plans =
        new(MaxEntries, DocumentCache.MaxChars, k => k.Query.Length + (k.Operation?.Length ?? 0));
    private readonly Dictionary<string, DirectList> _lists;
    private readonly ISchema _schema;
    private readonly NpgsqlDataSource _dataSource;
    private readonly JsonSerializerOptions _json;
    private readonly Microsoft.EntityFrameworkCore.Metadata.IModel _model;
    private readonly ILogger<DirectReads> _logger;

    public bool Enabled { get; }

    public DirectReads(ISchema schema, NpgsqlDataSource dataSource, GraphQL.IGraphQLTextSerializer serializer,
        Microsoft.EntityFrameworkCore.IDbContextFactory<GridGov.Persistence.GridGovDbContext> contexts, IConfiguration config,
        ILogger<DirectReads> logger)
    {
        _logger = logger;
        _schema = schema;
        _dataSource = dataSource;
        Enabled = config.GetValue("GraphQL:DirectReads", true);
        // The very options the usual path serialises with (encoder, converters), so leaves are written alike.
        // GraphQL.NET keeps them in a protected property; should a new version not have it, the direct
        // path turns itself off rather than write differently.
        var options = serializer.GetType()
            .GetProperty("SerializerOptions", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public)
            ?.GetValue(serializer) as JsonSerializerOptions;
        if (options is null && Enabled)
        {
            logger.LogWarning("Direct path off: the GraphQL serializer's options are not readable ({Type}).", serializer.GetType().FullName);
            Enabled = false;
        }
        _json = options ?? new JsonSerializerOptions();
        using var db = contexts.CreateDbContext();
        _model = db.Model;
        _lists = new[] { Households.HouseholdQueries.Direct, Members.MemberQueries.Direct, Cells.CellQueries.Direct }
            .ToDictionary(l => l.Field, StringComparer.Ordinal);
    }

    /// <summary>The plan of a document that ran before, or null (unknown, or not a shape the direct path answers).</summary>
    public DirectPlan? Find(string query, string? operationName) =>
        Enabled && _plans.TryGetValue((query, operationName), out var plan) ? plan : null;

    /// <summary>After a successful usual execution: compile the document once (or remember that it cannot be).</summary>
    public void Learn(string query, string? operationName, GraphQLDocument document)
    {
        if (!Enabled || _plans.ContainsKey((query, operationName))) return;
        DirectPlan? plan;
        try
        {
            plan = new Compiler(this, document).Compile(operationName);
        }
        catch (NotSupportedException)
        {
            plan = null;
        }
        catch (Exception e)
        {
            // A shape the compiler should have refused: the usual path keeps answering it.
            _logger.LogWarning(e, "Direct path: could not compile a document; it stays on the usual path.");
            plan = null;
        }
        _plans.TryAdd((query, operationName), plan);
    }

    /// <summary>
    /// Answers the request directly if everything is as the plan expects; false (nothing written)
    /// to let the usual path answer.
    /// </summary>
    public async Task<bool> TryExecuteAsync(DirectPlan plan, HttpContext http, Inputs? variables)
    {
        // Roles whose visible rows are exactly "inside my area" (Visibility); a party member's and a
        // cadre's are narrower or may become so: theirs go the usual way.
        var caller = Caller.From(http.User);
        if (caller is null || caller.Role is not (Role.CountyLeader or Role.TownshipLeader or Role.BranchSecretary or Role.System)) return false;
        if (caller.Role == Role.System && !caller.Scopes.Overlaps(["read", "read-pii", "write"])) return false;
        var run = new Run(plan, _schema, caller, http.User, variables, http.RequestServices, http.RequestAborted);
        var results = new List<object>(plan.Roots.Length);
        try
        {
            foreach (var root in plan.Roots)
            {
                var fetched = root is ListRoot list ? await FetchAsync(list, run) : (object)root;
                if (fetched is null) return false;
                results.Add(fetched);
            }
        }
        catch (Fallback)
        {
            return false;
        }
        var buffer = new ArrayBufferWriter<byte>(8192);
        await using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = _json.Encoder, Indented = _json.WriteIndented }))
        {
            try
            {
                w.WriteStartObject();
                w.WritePropertyName("data");
                w.WriteStartObject();
                for (var i = 0; i < plan.Roots.Length; i++)
                {
                    w.WritePropertyName(plan.Roots[i].Key);
                    if (results[i] is Fetched f) WriteList(w, f, run);
                    else w.WriteStringValue(_schema.Query.Name);
                }
                w.WriteEndObject();
                w.WriteEndObject();
            }
            catch (Fallback)
            {
                return false;
            }
        }
        http.Response.StatusCode = 200;
        http.Response.ContentType = GraphQLEndpoint.ResponseContentType;
        http.Response.Headers[Header] = "direct";
        http.Response.ContentLength = buffer.WrittenCount;
        await http.Response.Body.WriteAsync(buffer.WrittenMemory, http.RequestAborted);
        return true;
    }

    private sealed class Fallback : Exception;

    private sealed record Fetched(ListRoot Root, List<PageRow> Rows, int Total, int First, bool HasPrevious);

    private async Task<Fetched?> FetchAsync(ListRoot root, Run run)
    {
        // The caller's area, as Visibility filters every list of these roles; then each argument's filter.
        var filters = new List<RowFilter> { new RowFilter.StartsWith("VillageCode", run.Caller.AreaPrefix) };
        var given = new HashSet<string>(StringComparer.Ordinal);
        var includeEnded = false;
        foreach (var (name, kind, source) in root.Filters)
        {
            var v = run.Value(source);
            if (v is null) continue;
            given.Add(name);
            switch (kind)
            {
                case DirectArgument.Village village:
                    if (v is not string code || !GridGov.Domain.Areas.Area.IsValidCode(code)) return null;
                    filters.Add(new RowFilter.Equal(village.Property, code));
                    break;
                case DirectArgument.Area area:
                    if (v is not string a || !GridGov.Domain.Areas.Area.IsValidCode(a) || !run.Caller.CanRead(a)) return null;
                    filters.Add(new RowFilter.StartsWith(area.Property, Caller.PrefixOf(a)));
                    break;
                case DirectArgument.Equal eq:
                    filters.Add(new RowFilter.Equal(eq.Property, v));
                    break;
                case DirectArgument.AtLeast least:
                    filters.Add(new RowFilter.AtLeast(least.Property, v));
                    break;
                case DirectArgument.Without without:
                    if (v is not bool b) return null;
                    filters.Add(new RowFilter.HasOpen(without.Other, without.ForeignKey, without.OpenEnd, Exists: !b));
                    break;
                case DirectArgument.IncludeEnded:
                    if (v is not bool ended) return null;
                    includeEnded = ended;
                    break;
            }
        }
        // As the usual path: rows that exist now, by the clock it reads too.
        if (root.List.EndProperty is { } end && !includeEnded) filters.Add(new RowFilter.NotEndedAt(end, run.Now));
        if (root.List.Required is { } required && !required.Any(given.Contains)) return null;
        var first = root.List.MaxRows;
        long? after = null;
        if (root.List.Paged)
        {
            first = Paging.DefaultFirst;
            if (root.First is not null)
            {
                var v = run.Value(root.First);
                if (v is int i) first = i;
                else if (v is long l && l is >= int.MinValue and <= int.MaxValue) first = (int)l;
                else if (v is not null) return null;
            }
            if (first is < 0 or > Paging.MaxFirst) return null;
            if (root.After is not null)
            {
                var v = run.Value(root.After);
                if (v is string s && s.Length > 0)
                {
                    if (!Paging.TryDecodeCursor(s, out var k)) return null;
                    after = k;
                }
                else if (v is not null and not "") return null;
            }
        }
        var limit = root.List.Paged ? first + 1 : first;
        var (rows, total) = await root.Query.ReadAsync(_dataSource, filters, after, limit, root.WantsTotal,
            root.List.Relation is null ? null : run.Caller.AreaPrefix, run.Cancel);
        // An empty answer may be an unknown or foreign village: the usual path tells which (or answers the same).
        if (rows.Count == 0) return null;
        return new Fetched(root, rows, total, first, after is not null);
    }

    private void WriteList(Utf8JsonWriter w, Fetched f, Run run)
    {
        var root = f.Root;
        if (!root.List.Paged)
        {
            w.WriteStartArray();
            foreach (var row in f.Rows) WriteObject(w, root.Node!, row.Row, row.Related, run);
            w.WriteEndArray();
            return;
        }
        var page = f.Rows.Count > f.First ? f.Rows.GetRange(0, f.First) : f.Rows;
        string? Cursor(PageRow r) => Paging.Cursor(root.Shape.Key(r.Row));
        w.WriteStartObject();
        foreach (var (key, part) in root.Connection)
        {
            w.WritePropertyName(key);
            switch (part)
            {
                case ConnectionPart.TotalCount: w.WriteNumberValue(f.Total); break;
                case ConnectionPart.Typename t: w.WriteStringValue(t.Name); break;
                case ConnectionPart.Nodes nodes:
                    w.WriteStartArray();
                    foreach (var r in page) WriteObject(w, nodes.Selection, r.Row, r.Related, run);
                    w.WriteEndArray();
                    break;
                case ConnectionPart.Edges edges:
                    w.WriteStartArray();
                    foreach (var r in page)
                    {
                        w.WriteStartObject();
                        foreach (var (ek, ep) in edges.Parts)
                        {
                            w.WritePropertyName(ek);
                            switch (ep)
                            {
                                case ConnectionPart.Cursor: w.WriteStringValue(Cursor(r)); break;
                                case ConnectionPart.Typename t: w.WriteStringValue(t.Name); break;
                                case ConnectionPart.Node n: WriteObject(w, n.Selection, r.Row, r.Related, run); break;
                            }
                        }
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    break;
                case ConnectionPart.PageInfo info:
                    w.WriteStartObject();
                    foreach (var (pk, field) in info.Fields)
                    {
                        w.WritePropertyName(pk);
                        switch (field)
                        {
                            case "hasNextPage": w.WriteBooleanValue(f.Rows.Count > f.First); break;
                            case "hasPreviousPage": w.WriteBooleanValue(f.HasPrevious); break;
                            case "startCursor": if (page.Count > 0) w.WriteStringValue(Cursor(page[0])); else w.WriteNullValue(); break;
                            case "endCursor": if (page.Count > 0) w.WriteStringValue(Cursor(page[^1])); else w.WriteNullValue(); break;
                            default: w.WriteStringValue(field); break; // __typename: the name was stored instead
                        }
                    }
                    w.WriteEndObject();
                    break;
            }
        }
        w.WriteEndObject();
    }

    private void WriteObject(Utf8JsonWriter w, ObjectSelection sel, object source, object? related, Run run)
    {
        w.WriteStartObject();
        foreach (var leaf in sel.Fields)
        {
            w.WritePropertyName(leaf.Key);
            if (leaf.Typename is { } t) { w.WriteStringValue(t); continue; }
            if (leaf.Related is { } nested)
            {
                if (related is null)
                {
                    // A leader id without a visible row: the usual path would answer null for a nullable field.
                    if (leaf.Field.ResolvedType is NonNullGraphType) throw new Fallback();
                    w.WriteNullValue();
                }
                else WriteObject(w, nested, related, null, run);
                continue;
            }
            var ctx = run.Context(leaf, source);
            var value = leaf.Field.Resolver!.ResolveAsync(ctx);
            // Leaf resolvers of the compiled types are synchronous; anything else is not ours to guess.
            if (!value.IsCompletedSuccessfully) throw new Fallback();
            JsonSerializer.Serialize(w, Serialize(leaf.Field.ResolvedType!, value.Result), _json);
        }
        w.WriteEndObject();
    }

    private static object? Serialize(IGraphType type, object? value)
    {
        if (value is null && type is not NonNullGraphType) return null;
        switch (type)
        {
            case NonNullGraphType nn:
                return Serialize(nn.ResolvedType!, value) ?? throw new Fallback();
            case ListGraphType list when value is System.Collections.IEnumerable items and not string:
                var result = new List<object?>();
                foreach (var item in items) result.Add(Serialize(list.ResolvedType!, item));
                return result;
            case ScalarGraphType scalar:
                return value is null ? null : scalar.Serialize(value) ?? throw new Fallback();
            default:
                throw new Fallback();
        }
    }

    // ---------------------------------------------------------------- plan

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
        public List<(string Name, ValueSource? Source, object? Default)> Arguments { get; } = [];
    }

    /// <summary>Turns a document into a plan, or throws NotSupportedException for any shape it does not answer.</summary>
    private sealed class Compiler(DirectReads owner, GraphQLDocument document)
    {
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
                            connection.Add((ck, new ConnectionPart.Nodes(Object(c.SelectionSet, nodeType, list.Columns, members, list.Relation, relatedMembers))));
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
                                    "node" => (ek, new ConnectionPart.Node(Object(e.SelectionSet, nodeType, list.Columns, members, list.Relation, relatedMembers))),
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
            else node = Object(f.SelectionSet, nodeType, list.Columns, members, list.Relation, relatedMembers);
            if (_fields > MaxFields) throw No();

            members.UnionWith(list.Columns.Always);
            var shape = new RowShape(owner._model, list.Entity, list.Alias, members);
            RowShape? relatedShape = null;
            if (list.Relation is { } rel && relatedMembers.Count > 0)
            {
                relatedShape = new RowShape(owner._model, rel.Entity, rel.Alias, relatedMembers, optional: true);
            }
            var query = new PageQuery(owner._model, shape, relatedShape is null ? null : list.Relation!.ForeignKey, relatedShape);
            var root = new ListRoot(key, list, shape, query) { First = first, After = after, WantsTotal = wantsTotal, Node = node };
            root.Filters.AddRange(filters);
            root.Connection.AddRange(connection);
            return root;
        }

        private ObjectSelection Object(GraphQLSelectionSet? set, IObjectGraphType type, IProjection columns, HashSet<string> members,
            DirectRelation? relation, HashSet<string> relatedMembers)
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
                if (relation is not null && name == relation.Field && named is IObjectGraphType relatedType && (f.Arguments?.Items.Count ?? 0) == 0)
                {
                    // Its key and village are read even when only `id` is asked: an empty set would mean "not joined".
                    relatedMembers.UnionWith(relation.Columns.Always);
                    var nested = Object(f.SelectionSet, relatedType, relation.Columns, relatedMembers, null, relatedMembers);
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

    // ---------------------------------------------------------------- one request

    private sealed class Run(DirectPlan plan, ISchema schema, Caller caller, System.Security.Claims.ClaimsPrincipal user, Inputs? variables,
        IServiceProvider services, CancellationToken cancel)
    {
        private readonly Dictionary<Leaf, ResolveFieldContext> _contexts = [];
        private readonly Dictionary<string, object?> _userContext = [];
        public Caller Caller => caller;
        public CancellationToken Cancel => cancel;
        public DateTimeOffset Now { get; } = services.GetRequiredService<TimeProvider>().GetUtcNow();

        /// <summary>An argument's value for this request; a variable of a type the plan did not expect is a fallback.</summary>
        public object? Value(ValueSource s)
        {
            if (s.Variable is null) return s.Literal;
            if (variables is not null && variables.TryGetValue(s.Variable, out var raw))
            {
                if (raw is null) return null;
                if (s.Type is EnumerationGraphType) return raw is string ? Parse(s.Type, raw) : throw new Fallback();
                if (s.Type is StringGraphType or IdGraphType) return raw is string ? raw : throw new Fallback();
                if (s.Type is IntGraphType) return raw is int or long ? raw : throw new Fallback();
                if (s.Type is BooleanGraphType) return raw is bool ? raw : throw new Fallback();
                if (s.Type is DateTimeOffsetGraphType) return raw is string ? Parse(s.Type, raw) : throw new Fallback();
                throw new Fallback();
            }
            return s.Default is null ? null : s.Default is GraphQLNullValue ? null : s.Type!.ParseLiteral(s.Default);
        }

        private bool Provided(ValueSource s) =>
            s.Variable is null || variables?.ContainsKey(s.Variable) == true || s.Default is not null;

        private static object? Parse(ScalarGraphType type, object raw)
        {
            try { return type.ParseValue(raw); }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException) { throw new Fallback(); }
        }

        /// <summary>One resolve context per leaf and request, re-pointed at each row (resolvers read Source, User and arguments).</summary>
        public ResolveFieldContext Context(Leaf leaf, object source)
        {
            if (!_contexts.TryGetValue(leaf, out var ctx))
            {
                Dictionary<string, ArgumentValue>? args = null;
                foreach (var (name, src, def) in leaf.Arguments)
                {
                    args ??= [];
                    // A variable the request leaves out (and without its own default) leaves the argument to the field's default.
                    args[name] = src is null || !Provided(src) ? new ArgumentValue(def, ArgumentSource.FieldDefault)
                        : new ArgumentValue(Value(src), src.Variable is null ? ArgumentSource.Literal
                            : variables?.ContainsKey(src.Variable) == true ? ArgumentSource.Variable : ArgumentSource.VariableDefault);
                }
                ctx = new ResolveFieldContext
                {
                    FieldAst = leaf.Ast,
                    FieldDefinition = leaf.Field,
                    ParentType = leaf.Parent,
                    Arguments = args,
                    Schema = schema,
                    Document = plan.Document,
                    Operation = plan.Operation,
                    User = user,
                    RequestServices = services,
                    CancellationToken = Cancel,
                    UserContext = _userContext,
                };
                _contexts[leaf] = ctx;
            }
            ctx.Source = source;
            return ctx;
        }
    }
}
