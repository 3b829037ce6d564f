using System.Security.Cryptography;
using GraphQL;
using GridGov.Api.Resources;
using Microsoft.Net.Http.Headers;

namespace GridGov.Api.Infrastructure;

/// <summary>
/// The GraphQL-over-HTTP rules shared by GET and POST /graphql: the media type by <c>Accept</c>, and the status
/// codes of the spec's application/graphql-response+json section (400 when nothing executed; 200 under plain
/// application/json), with 401 for a caller without credentials either way.
/// </summary>
public static class GraphQLHttp
{
    public const string GraphQLResponseJson = "application/graphql-response+json";
    public const string Json = "application/json";

    /// <summary>The response media type the request accepts, or null (406). No Accept header means the spec's default.</summary>
    public static string? Negotiate(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        if (accept is not { Count: > 0 }) return GraphQLResponseJson;
        // Highest quality first; among equals, the order the client listed them.
        foreach (var m in accept.Select((m, i) => (m, i)).OrderByDescending(x => x.m.Quality ?? 1).ThenBy(x => x.i).Select(x => x.m))
        {
            if (m.Quality == 0) continue;
            var type = m.MediaType.Value;
            if (string.Equals(type, GraphQLResponseJson, StringComparison.OrdinalIgnoreCase)) return GraphQLResponseJson;
            if (string.Equals(type, Json, StringComparison.OrdinalIgnoreCase)) return Json;
            if (type is "*/*" or "application/*") return GraphQLResponseJson;
        }
        return null;
    }

    /// <summary>True when the client asked for HTML and no JSON: a browser opening /graphql.</summary>
    public static bool WantsHtml(HttpRequest request) =>
        request.GetTypedHeaders().Accept is { Count: > 0 } accept
        && accept.Any(m => m.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase))
        && !accept.Any(m => m.MediaType.Value is GraphQLResponseJson or Json);

    public static int StatusFor(ExecutionResult result, string mediaType)
    {
        if (!result.Executed && result.Errors is { Count: > 0 } errors && errors.All(e => e.Code == ErrorCodes.Unauthenticated))
            return StatusCodes.Status401Unauthorized;
        if (mediaType == Json) return StatusCodes.Status200OK;
        return result.Executed ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest;
    }

    public static void SetContentType(HttpResponse response, string mediaType, int status)
    {
        response.StatusCode = status;
        response.ContentType = mediaType + "; charset=utf-8";
        if (status == StatusCodes.Status401Unauthorized) response.Headers.WWWAuthenticate = Auth.AuthSetup.Challenge;
    }

    /// <summary>Writes one error (no data) in the negotiated media type.</summary>
    public static async Task<IResult> WriteErrorAsync(HttpContext http, IGraphQLTextSerializer serializer, string mediaType, int status, string code, BilingualText text)
    {
        SetContentType(http.Response, mediaType, status);
        await serializer.WriteAsync(http.Response.Body, new ExecutionResult { Errors = [new GridGovError(code, text)] }, http.RequestAborted);
        return Results.Empty;
    }

    /// <summary>
    /// Writes a GET answer with a strong ETag of its bytes; a matching If-None-Match gets 304 and no body.
    /// Answers depend on the caller, so they are private to it and revalidated each time.
    /// </summary>
    public static async Task WriteCacheableAsync(HttpContext http, IGraphQLTextSerializer serializer, ExecutionResult result, string mediaType, int status)
    {
        using var buffer = new MemoryStream();
        await serializer.WriteAsync(buffer, result, http.RequestAborted);
        var bytes = buffer.ToArray();
        var etag = "\"" + Convert.ToBase64String(SHA256.HashData(bytes)[..18]).Replace('+', '-').Replace('/', '_') + "\"";
        http.Response.Headers.Vary = "Accept, Authorization, X-Api-Key";
        if (status == StatusCodes.Status200OK)
        {
            http.Response.Headers.ETag = etag;
            http.Response.Headers.CacheControl = "private, no-cache";
            if (http.Request.GetTypedHeaders().IfNoneMatch is { Count: > 0 } match && match.Any(m => m.Tag.Value == etag || m.Equals(EntityTagHeaderValue.Any)))
            {
                http.Response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }
        }
        SetContentType(http.Response, mediaType, status);
        await http.Response.Body.WriteAsync(bytes, http.RequestAborted);
    }
}
