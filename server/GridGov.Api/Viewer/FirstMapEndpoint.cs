using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using GraphQL;
using GraphQL.SystemTextJson;
using GraphQL.Types;
using GridGov.Api.Auth;
using GridGov.Api.Infrastructure;
using GridGov.Api.Resources;
using GridGov.Client.Services;

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

    public static void MapFirstMapEndpoint(this WebApplication app)
    {
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
            var body = cache.Get(key);
            var hit = body is not null;
            if (body is null)
            {
                var result = await executer.ExecuteAsync(new ExecutionOptions
                {
                    Query = query,
                    RequestServices = http.RequestServices,
                    User = http.User,
                    CancellationToken = http.RequestAborted,
                });
                if (!result.Executed || result.Errors is { Count: > 0 }) return Results.NoContent();
                var data = JsonSerializer.SerializeToElement(result, ResultJson).GetProperty("data");
                if (FirstMap.Compose(path!, data, caller.Role.ToString()) is not { } map) return Results.NoContent();
                body = JsonSerializer.SerializeToUtf8Bytes(map, Json);
                cache.Set(key, body);
            }
            http.Response.Headers["Server-Timing"] = $"firstmap;desc=\"{(hit ? "cached" : "composed")}\";dur={Stopwatch.GetElapsedTime(started).TotalMilliseconds:F1}";
            return Results.Bytes(body, "application/json; charset=utf-8");
        });
    }
}

/// <summary>
/// Composed first maps per caller scope (role, area, member, scopes) and page, for a few minutes: boundaries
/// change only when the sample or an import is loaded (no API call edits them), and every leader of the same
/// area gets the same bytes. A reload of the data shows on first maps after at most the lifetime
/// (<c>Viewer:FirstMapCacheSeconds</c>, 300; 0 turns the cache off); the pages themselves always read the API.
/// </summary>
public sealed class FirstMapCache(TimeProvider time, IConfiguration config)
{
    private const int MaxEntries = 256;
    private readonly TimeSpan _lifetime = TimeSpan.FromSeconds(config.GetValue("Viewer:FirstMapCacheSeconds", 300));
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, byte[] Body)> _entries = new();

    public static string KeyOf(Caller caller, string path) =>
        $"{caller.Role}|{caller.AreaCode}|{caller.MemberId}|{caller.CadreId}|{string.Join(',', caller.Scopes.Order())}|{path.Split('?', '#')[0].Trim('/').ToLowerInvariant()}";

    public byte[]? Get(string key) =>
        _entries.TryGetValue(key, out var e) && time.GetUtcNow() - e.At < _lifetime ? e.Body : null;

    public void Set(string key, byte[] body)
    {
        if (_lifetime <= TimeSpan.Zero) return;
        var now = time.GetUtcNow();
        if (_entries.Count >= MaxEntries)
            foreach (var (k, e) in _entries)
                if (now - e.At >= _lifetime || _entries.Count >= MaxEntries) _entries.TryRemove(k, out _);
        _entries[key] = (now, body);
    }
}
