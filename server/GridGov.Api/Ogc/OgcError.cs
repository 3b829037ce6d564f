using System.Text.Json;
using GridGov.Api.Infrastructure;
using GridGov.Api.Resources;

namespace GridGov.Api.Ogc;

/// <summary>
/// Errors of /ogc as OGC API exceptions (<c>{"code", "description"}</c>) that also carry our stable code and both
/// languages, in the same shape as GraphQL's <c>extensions</c>.
/// </summary>
public static class OgcError
{
    public static IResult From(GridGovError e) => Result(StatusOf(e.Code ?? ErrorCodes.Validation), e.Code ?? ErrorCodes.Validation, new BilingualText(e.Zh, e.En));

    public static IResult Result(int status, string code, BilingualText text) => new ExceptionResult(status, code, text);

    public static int StatusOf(string code) => code switch
    {
        ErrorCodes.Unauthenticated => 401,
        ErrorCodes.Forbidden => 403,
        ErrorCodes.NotFound => 404,
        _ => 400,
    };

    private sealed class ExceptionResult(int status, string code, BilingualText text) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = status;
            // What GDAL and QGIS send: either header works (GraphQL answers 401 the same way).
            if (status == 401) http.Response.Headers.WWWAuthenticate = Auth.AuthSetup.ChallengeWithBasic;
            http.Response.ContentType = "application/json; charset=utf-8";
            var body = new
            {
                code,
                description = text.Zh,
                extensions = new { code, zh = text.Zh, en = text.En },
            };
            await JsonSerializer.SerializeAsync(http.Response.Body, body, OgcJson.Options, http.RequestAborted);
        }
    }
}
