using GraphQL;
using GraphQL.DI;
using GraphQLParser.AST;

namespace GridGov.Api.Infrastructure;

/// <summary>
/// Other systems send the same few queries all day: keep their parsed, validated documents.
/// Only documents that passed validation are kept; the authorization and complexity rules still run
/// for every request (they are registered for cached documents), as do variables and area checks.
/// </summary>
public sealed class DocumentCache : IConfigureExecution
{
    /// <summary>Bounds of the cache: entries, and characters of query text (a document in memory is a few times its text).</summary>
    public const int MaxEntries = 2000;
    public const long MaxChars = 4_000_000;
    private readonly BoundedCache<string, GraphQLDocument> _documents = new(MaxEntries, MaxChars, q => q.Length);

    /// <summary>Characters of query text held now (tests check the bound).</summary>
    public long CachedChars => _documents.Weight;

    public float SortOrder => 200;

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        var query = options.Query;
        if (options.Document is null && query is not null && _documents.TryGetValue(query, out var cached))
        {
            options.Document = cached;
            // The document passed the spec's rules when it was cached; only the rules registered for
            // cached documents (authorization, complexity: they depend on the caller and variables) run again.
            options.ValidationRules = options.CachedDocumentValidationRules ?? [];
            return await next(options);
        }
        var result = await next(options);
        if (query is not null && result.Executed && result.Document is not null)
            _documents.TryAdd(query, result.Document);
        return result;
    }
}
