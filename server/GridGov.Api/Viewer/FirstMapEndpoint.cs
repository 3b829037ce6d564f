using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Claims;
using System.Text.Json;
using GraphQL;
using GraphQL.SystemTextJson;
using GraphQL.Types;
using GridGov.Api.Auth;
using GridGov.Api.Infrastructure;
using GridGov.Api.Resources;
using GridGov.Client.Services;
using GridGov.Domain.Access;

namespace GridGov.Api.Viewer;

/// <summary>
/// GET /viewer/first-map?path=/coverage — the first map of a viewer page, composed by the viewer's own C#
/// (<see cref="FirstMap"/>: the page's layers and styles) from the page's GraphQL query, run here with the
/// caller's token. The viewer's index page fetches it and draws it while the .NET WebAssembly runtime is still
/// starting; the page adopts that map. 204 when the page has no first map or its query fails (the page itself
/// then shows the error), 401 without a token.
/// </summary>
public static class FirstMapEndpoint
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The query's result as a <see cref="JsonElement"/> for <see cref="FirstMap.Compose"/>: GraphQL.NET's own converter
    /// writes it into System.Text.Json's pooled buffer and the element is read from those bytes (SerializeToElement),
    /// no stream in between. The registered serializer's options are not public in GraphQL.NET 8 (protected); they
    /// add only what this result never has (errors: it is not composed then) or what does not change the parsed
    /// values (the HTTP responses' escaping).
    /// </summary>
    private static readonly JsonSerializerOptions ResultJson = new() { Converters = { new ExecutionResultJsonConverter() } };

    /// <summary>A query's data, run as the caller; null when it failed.</summary>
    private static async Task<JsonElement?> RunAsync(IServiceProvider services, ClaimsPrincipal user, IDocumentExecuter<ISchema> executer,
        string query, Inputs? variables, CancellationToken ct) =>
        await ExecuteAsync(services, user, executer, query, variables, ct) is var result && Succeeded(result) ? DataOf(result) : null;

    private static Task<ExecutionResult> ExecuteAsync(IServiceProvider services, ClaimsPrincipal user, IDocumentExecuter<ISchema> executer,
        string query, Inputs? variables, CancellationToken ct) => executer.ExecuteAsync(new ExecutionOptions
        {
            Query = query,
            Variables = variables,
            RequestServices = services,
            User = user,
            CancellationToken = ct,
        });

    private static bool Succeeded(ExecutionResult result) => result.Executed && result.Errors is not { Count: > 0 };

    private static JsonElement DataOf(ExecutionResult result) => JsonSerializer.SerializeToElement(result, ResultJson).GetProperty("data");

    /// <summary>The figures query's variables: the caller's own area.</summary>
    private static Inputs FiguresVariables(string area) => new(new Dictionary<string, object?> { ["area"] = area });

    /// <summary>
    /// A page's first map made ready before anyone asks (<see cref="Warmup"/>): its boundaries read as <paramref name="user"/>
    /// and kept for that caller's scope as a request keeps them, and its figures asked, so that they are in the coverage
    /// cache. Throws with the error of a query that fails.
    /// </summary>
    internal static async Task PrimeAsync(IServiceProvider services, ClaimsPrincipal user, string path, CancellationToken ct)
    {
        var caller = Caller.From(user) ?? throw new ArgumentException("not a caller", nameof(user));
        var executer = services.GetRequiredService<IDocumentExecuter<ISchema>>();
        async Task<ExecutionResult> AskAsync(string query, Inputs? variables)
        {
            var result = await ExecuteAsync(services, user, executer, query, variables, ct);
            return Succeeded(result) ? result
                : throw new InvalidOperationException("the first map's query failed: " + result.Errors?.FirstOrDefault()?.Message);
        }
        if (FirstMap.QueryFor(path) is not { } query) return;
        services.GetRequiredService<FirstMapCache>().Set(FirstMapCache.KeyOf(caller, path), DataOf(await AskAsync(query, null)));
        if (FirstMap.FiguresQueryFor(path) is { } figures) await AskAsync(figures, FiguresVariables(caller.AreaCode));
    }

    /// <summary>
    /// The figures if they come within the budget, else null (a grey map now rather than a coloured one after a cold
    /// computation: at ten times the households the county's takes seconds). Past the budget the query runs on in its own
    /// scope, so its villages are in the coverage cache when the page asks for them.
    /// </summary>
    private static async Task<JsonElement?> FiguresWithinBudgetAsync(HttpContext http, IDocumentExecuter<ISchema> executer, string query,
        string area, TimeSpan budget, CancellationToken stopping)
    {
        var scope = http.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        var run = RunAsync(scope.ServiceProvider, http.User, executer, query, FiguresVariables(area), stopping);
        _ = run.ContinueWith(_ => scope.DisposeAsync().AsTask(), TaskScheduler.Default).Unwrap();
        try
        {
            return await run.WaitAsync(budget, http.RequestAborted);
        }
        catch (TimeoutException) { return null; }
    }

    public static void MapFirstMapEndpoint(this WebApplication app)
    {
        var budget = TimeSpan.FromMilliseconds(app.Configuration.GetValue("Viewer:FirstMapFiguresBudgetMs", 400));
        app.MapGet("/viewer/first-map", async (HttpContext http, string? path, IDocumentExecuter<ISchema> executer,
            FirstMapCache cache) =>
        {
            var caller = Caller.From(http.User);
            if (caller is null)
                return AuthSetup.Problem(401, ErrorCodes.Unauthenticated, Messages.Unauthenticated);
            http.Response.Headers.CacheControl = "private, no-store";
            if (FirstMap.QueryFor(path ?? "") is not { } query) return Results.NoContent();

            var started = Stopwatch.GetTimestamp();
            var key = FirstMapCache.KeyOf(caller, path!);
            var data = cache.Get(key);
            var hit = data is not null;
            if (data is null)
            {
                if (await RunAsync(http.RequestServices, http.User, executer, query, null, http.RequestAborted) is not { } boundaries) return Results.NoContent();
                data = boundaries;
                cache.Set(key, boundaries);
            }
            // The colours are this month's figures, asked every time (an edit changes them; the cache answers them warm).
            // A member reads no figures (as on the page): grey. Figures that fail leave the map grey, not absent.
            JsonElement? figures = null;
            if (caller.Role != Role.PartyMember && FirstMap.FiguresQueryFor(path!) is { } figuresQuery)
                figures = await FiguresWithinBudgetAsync(http, executer, figuresQuery, caller.AreaCode, budget, app.Lifetime.ApplicationStopping);
            if (FirstMap.Compose(path!, data.Value, caller.Role.ToString(), figures) is not { } map) return Results.NoContent();
            var body = JsonSerializer.SerializeToUtf8Bytes(map, Json);
            http.Response.Headers["Server-Timing"] = $"firstmap;desc=\"{(hit ? "cached" : "composed")}\";dur={Stopwatch.GetElapsedTime(started).TotalMilliseconds:F1}";
            return Results.Bytes(body, "application/json; charset=utf-8");
        });
    }
}

/// <summary>
/// First maps' boundaries (their query's data) per caller scope (role, area, member, scopes) and page, for a few
/// minutes: boundaries change only when the sample or an import is loaded (no API call edits them), and every leader
/// of the same area reads the same. A reload of the data shows on first maps after at most the lifetime
/// (<c>Viewer:FirstMapCacheSeconds</c>, 300; 0 turns the cache off); the colours are read on every request, and the
/// pages themselves always read the API.
/// </summary>
public sealed class FirstMapCache(TimeProvider time, IConfiguration config)
{
    private const int MaxEntries = 256;
    private readonly TimeSpan _lifetime = TimeSpan.FromSeconds(config.GetValue("Viewer:FirstMapCacheSeconds", 300));
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, JsonElement Data)> _entries = new();

    public static string KeyOf(Caller caller, string path) =>
        $"{caller.Role}|{caller.AreaCode}|{caller.MemberId}|{caller.CadreId}|{string.Join(',', caller.Scopes.Order())}|{path.Split('?', '#')[0].Trim('/').ToLowerInvariant()}";

    public JsonElement? Get(string key) =>
        _entries.TryGetValue(key, out var e) && time.GetUtcNow() - e.At < _lifetime ? e.Data : null;

    public void Set(string key, JsonElement data)
    {
        if (_lifetime <= TimeSpan.Zero) return;
        var now = time.GetUtcNow();
        if (_entries.Count >= MaxEntries)
            foreach (var (k, e) in _entries)
                if (now - e.At >= _lifetime || _entries.Count >= MaxEntries) _entries.TryRemove(k, out _);
        _entries[key] = (now, data);
    }
}
