using GraphQL;
using GraphQL.DI;
using GraphQLParser;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;
using GridGov.Api.Resources;

namespace GridGov.Api.Infrastructure;

/// <summary>
/// Limits checked on the text and the parsed tree before GraphQL.NET's validation rules run: some
/// of those rules (overlapping fields) are quadratic in the number of fields, so a small hostile
/// document could cost seconds and an error per pair. The numbers are documented in docs/api.md
/// ("Limits"); <see cref="CostModel"/> holds the cost side.
/// </summary>
public sealed class RequestLimits : IConfigureExecution
{
    /// <summary>Characters of query text; real queries are a few hundred to a few thousand.</summary>
    public const int MaxDocumentChars = 32_000;
    /// <summary>Nesting of the parsed tree (AST nodes, the parser's own measure; a selection level is about two).</summary>
    public const int MaxParseDepth = 64;
    /// <summary>Fields of one request, counted with every fragment spread expanded.</summary>
    public const int MaxFields = 1_000;
    /// <summary>Root fields of one operation, aliases included.</summary>
    public const int MaxRootFields = 64;
    /// <summary>Errors written into one response.</summary>
    public const int MaxErrors = 20;
    /// <summary>
    /// Resolvers of one request running at once: each may hold a database connection, so this is
    /// also the most connections one request takes (aliases share them).
    /// </summary>
    public const int MaxConnectionsPerRequest = 4;

    // After DocumentCache (200): a cached document passed these limits when it was first seen.
    public float SortOrder => 250;

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        options.MaxParallelExecutionCount = MaxConnectionsPerRequest;
        if (options.Document is null && options.Query is { } query)
        {
            if (Refuse(query, out var document) is { } refused)
                return new ExecutionResult { Errors = [refused], Executed = false };
            options.Document = document;
        }
        var result = await next(options);
        if (result.Errors is { Count: > MaxErrors } errors)
        {
            var kept = new ExecutionErrors();
            foreach (var e in errors.Take(MaxErrors)) kept.Add(e);
            kept.Add(new GridGovError(ErrorCodes.TooComplex, Messages.TooManyErrors(MaxErrors)));
            result.Errors = kept;
        }
        return result;
    }

    /// <summary>The error that refuses <paramref name="query"/>, or null with its parsed document.</summary>
    public static ExecutionError? Refuse(string query, out GraphQLDocument? document)
    {
        document = null;
        if (query.Length > MaxDocumentChars)
            return new GridGovError(ErrorCodes.TooComplex, Messages.DocumentTooLarge(query.Length, MaxDocumentChars));
        try
        {
            document = Parser.Parse(query, new ParserOptions { Ignore = IgnoreOptions.Comments, MaxDepth = MaxParseDepth });
        }
        catch (GraphQLMaxDepthExceededException)
        {
            return new GridGovError(ErrorCodes.TooComplex, Messages.DocumentTooDeep(MaxParseDepth));
        }
        catch (GraphQLSyntaxErrorException e)
        {
            return new GraphQL.Execution.SyntaxError(e);
        }
        // The schema has no subscription type; GraphQL.NET would fail on one as an internal error.
        if (document.Definitions.OfType<GraphQLOperationDefinition>().Any(o => o.Operation == OperationType.Subscription))
            return GridGovError.Invalid(Messages.SubscriptionUnsupported);
        var fragments = document.Definitions.OfType<GraphQLFragmentDefinition>()
            .GroupBy(f => f.FragmentName.Name.StringValue).ToDictionary(g => g.Key, g => g.First());
        var counter = new FieldCounter(fragments);
        foreach (var op in document.Definitions.OfType<GraphQLOperationDefinition>())
        {
            var roots = counter.Count(op.SelectionSet, rootOnly: true);
            if (roots > MaxRootFields)
                return new GridGovError(ErrorCodes.TooComplex, Messages.DocumentTooManyRootFields((int)roots, MaxRootFields));
        }
        var total = 0L;
        foreach (var op in document.Definitions.OfType<GraphQLOperationDefinition>())
            total += counter.Count(op.SelectionSet, rootOnly: false);
        return total > MaxFields
            ? new GridGovError(ErrorCodes.TooComplex, Messages.DocumentTooManyFields((int)Math.Min(total, int.MaxValue), MaxFields))
            : null;
    }

    /// <summary>Counts fields with fragments expanded, each fragment's size computed once (a cycle counts 0: validation reports it).</summary>
    private sealed class FieldCounter(Dictionary<string, GraphQLFragmentDefinition> fragments)
    {
        private readonly Dictionary<string, long> _sizes = [];
        private readonly HashSet<string> _visiting = [];

        public long Count(GraphQLSelectionSet? set, bool rootOnly)
        {
            if (set is null) return 0;
            long n = 0;
            foreach (var selection in set.Selections)
            {
                n += selection switch
                {
                    GraphQLField f => 1 + (rootOnly ? 0 : Count(f.SelectionSet, false)),
                    GraphQLInlineFragment i => Count(i.SelectionSet, rootOnly),
                    GraphQLFragmentSpread s => rootOnly ? RootsOf(s) : SizeOf(s.FragmentName.Name.StringValue),
                    _ => 0,
                };
                // Saturate: a fragment bomb must not overflow the count.
                if (n > int.MaxValue) return n;
            }
            return n;
        }

        private long RootsOf(GraphQLFragmentSpread spread)
        {
            var name = spread.FragmentName.Name.StringValue;
            if (!fragments.TryGetValue(name, out var f) || !_visiting.Add(name + "/root")) return 0;
            try { return Count(f.SelectionSet, rootOnly: true); }
            finally { _visiting.Remove(name + "/root"); }
        }

        private long SizeOf(string name)
        {
            if (_sizes.TryGetValue(name, out var size)) return size;
            if (!fragments.TryGetValue(name, out var f) || !_visiting.Add(name)) return 0;
            try { size = Count(f.SelectionSet, rootOnly: false); }
            finally { _visiting.Remove(name); }
            _sizes[name] = size;
            return size;
        }
    }
}
