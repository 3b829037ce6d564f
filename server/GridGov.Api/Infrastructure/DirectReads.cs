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
public sealed partial class DirectReads
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
    public void Learn(string query, string? operationName, GraphQLDocument document, Inputs? variables = null)
    {
        if (!Enabled || _plans.ContainsKey((query, operationName))) return;
        DirectPlan? plan;
        try
        {
            plan = new Compiler(this, document, variables).Compile(operationName);
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
        var buffer = _buffers.Get();
        try
        {
            return await WriteAsync(buffer, plan, results, run, http);
        }
        finally
        {
            _buffers.Return(buffer);
        }
    }

    // Response buffers are reused: a new one per request was 8 KB or more to allocate and zero (docs/benchmarks.md).
    private readonly Microsoft.Extensions.ObjectPool.ObjectPool<ArrayBufferWriter<byte>> _buffers =
        new Microsoft.Extensions.ObjectPool.DefaultObjectPool<ArrayBufferWriter<byte>>(new BufferPolicy(), Environment.ProcessorCount * 4);

    private sealed class BufferPolicy : Microsoft.Extensions.ObjectPool.IPooledObjectPolicy<ArrayBufferWriter<byte>>
    {
        // A buffer grown by a large answer is let go rather than kept for the small ones.
        private const int MaxKept = 1 << 20;
        public ArrayBufferWriter<byte> Create() => new(8192);
        public bool Return(ArrayBufferWriter<byte> buffer)
        {
            if (buffer.Capacity > MaxKept) return false;
            buffer.ResetWrittenCount();
            return true;
        }
    }

    private async Task<bool> WriteAsync(ArrayBufferWriter<byte> buffer, DirectPlan plan, List<object> results, Run run, HttpContext http)
    {
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

    private sealed record Fetched(ListRoot Root, List<PageRow> Rows, int Total, int First, bool HasPrevious, IReadOnlyList<ChildRows> Children);

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
                    // A village outside the area has no rows here: the usual path tells NOT_FOUND from FORBIDDEN. Inside it,
                    // the area's prefix test is implied, and left out: the planner cannot estimate starts_with on the column
                    // (it guessed 3 of a village's 667 households, and then read each one's open link through the GiST
                    // exclusion index, 8× slower than the partial unique index it picks with the true count).
                    if (!GridGov.Domain.Areas.AreaScope.Within(code, run.Caller.AreaPrefix)) return null;
                    filters.RemoveAll(r => r is RowFilter.StartsWith { Property: "VillageCode" } area && area.Prefix == run.Caller.AreaPrefix);
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
            if (first is < 0 or > Paging.MaxFirst || first > root.MaxFirst) return null;
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
        var page = await root.Query.ReadPageAsync(_dataSource, filters, after, limit, root.WantsTotal, run.Caller.AreaPrefix, run.Now, run.Cancel);
        // An empty answer may be an unknown or foreign village: the usual path tells which (or answers the same).
        if (page.Rows.Count == 0) return null;
        return new Fetched(root, page.Rows, page.Total, first, after is not null, page.Children);
    }
}
