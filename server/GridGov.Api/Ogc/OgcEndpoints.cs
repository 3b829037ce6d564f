using System.Globalization;
using GridGov.Api.Auth;
using GridGov.Api.Infrastructure;
using GridGov.Api.Resources;
using GridGov.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Primitives;

namespace GridGov.Api.Ogc;

/// <summary>
/// OGC API – Features (Part 1 Core, Part 2 CRS) under /ogc for QGIS, ArcGIS and GDAL. Every request needs a token
/// or an API key, as GraphQL does; which collections a caller gets is AccessTable (Kind.Ogc), which rows Visibility.
/// JSON by default or with f=json; HTML for a browser (Accept: text/html) or f=html.
/// </summary>
public static class OgcEndpoints
{
    public const string GeoJsonType = "application/geo+json";

    public static readonly string[] ConformanceClasses =
    [
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
        "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
    ];

    public static void MapOgcEndpoints(this WebApplication app)
    {
        // Cast to Delegate: a handler of HttpContext alone would otherwise be a RequestDelegate that drops its result.
        app.MapGet("/ogc", (Delegate)((HttpContext http) => Run(http, (_, html) => Task.FromResult(Landing(http, html)))));
        app.MapGet("/ogc/conformance", (Delegate)((HttpContext http) => Run(http, (_, html) => Task.FromResult(html
            ? OgcHtml.Page(OgcMessages.Conformance.Zh, OgcHtml.List(ConformanceClasses.Select(c => OgcHtml.Link(c, c))))
            : Results.Json(new { conformsTo = ConformanceClasses }, OgcJson.Options)))));
        app.MapGet("/ogc/api", (Delegate)((HttpContext http) => Run(http, (caller, html) =>
        {
            var document = OgcApiDocument.Build(Base(http), Visible(caller));
            return Task.FromResult(html
                ? OgcHtml.Page(OgcMessages.ApiDefinition.Zh, "<pre>" + System.Net.WebUtility.HtmlEncode(document.ToJsonString(new() { WriteIndented = true, Encoder = OgcJson.Options.Encoder })) + "</pre>")
                : Results.Text(document.ToJsonString(new() { Encoder = OgcJson.Options.Encoder }), OgcApiDocument.MediaType, System.Text.Encoding.UTF8));
        })));
        app.MapGet("/ogc/collections", (HttpContext http, IDbContextFactory<GridGovDbContext> dbs) => Run(http, async (caller, html) =>
        {
            var extent = await ExtentAsync(dbs, caller, http.RequestAborted);
            var visible = Visible(caller);
            if (html)
                return OgcHtml.Page(OgcMessages.Collections.Zh, OgcHtml.List(visible.Select(c =>
                    OgcHtml.Link($"/ogc/collections/{c.Id}/items", OgcMessages.CollectionTitle(c.Id).Zh) + $" ({c.Id}) — " + System.Net.WebUtility.HtmlEncode(OgcMessages.CollectionDescription(c.Id).Zh))));
            var b = Base(http);
            return Results.Json(new
            {
                links = new[] { new OgcLink($"{b}/ogc/collections?f=json", "self", "application/json"), new OgcLink($"{b}/ogc/collections?f=html", "alternate", "text/html") },
                collections = visible.Select(c => Describe(b, c, extent)),
                crs = OgcCrs.All.Select(c => c.Uri),
            }, OgcJson.Options);
        }));
        app.MapGet("/ogc/collections/{id}", (HttpContext http, string id, IDbContextFactory<GridGovDbContext> dbs) => Run(http, async (caller, html) =>
        {
            var c = Collection(caller, id);
            if (html)
                return OgcHtml.Page(OgcMessages.CollectionTitle(c.Id).Zh, "<p>" + System.Net.WebUtility.HtmlEncode(OgcMessages.CollectionDescription(c.Id).Zh) + "</p>"
                    + OgcHtml.List([OgcHtml.Link($"/ogc/collections/{c.Id}/items?f=html", OgcMessages.Items.Zh), OgcHtml.Link($"/ogc/collections/{c.Id}?f=json", "JSON")]));
            return Results.Json(Describe(Base(http), c, await ExtentAsync(dbs, caller, http.RequestAborted)), OgcJson.Options);
        }));
        app.MapGet("/ogc/collections/{id}/items", (HttpContext http, string id, IDbContextFactory<GridGovDbContext> dbs, TimeProvider clock) =>
            Run(http, (caller, html) => ItemsAsync(http, caller, html, id, dbs, clock)));
        app.MapGet("/ogc/collections/{id}/items/{fid}", (HttpContext http, string id, string fid, IDbContextFactory<GridGovDbContext> dbs, TimeProvider clock) =>
            Run(http, (caller, html) => ItemAsync(http, caller, html, id, fid, dbs, clock)));
        app.MapGet("/ogc/map.js", () => Results.Text(MapScript.Value, "text/javascript; charset=utf-8"));
        // Anything else under /ogc (e.g. /queryables, which QGIS may probe) is a 404 in JSON, not the viewer's index.html.
        app.MapGet("/ogc/{**rest}", (string rest) => OgcError.Result(404, ErrorCodes.NotFound, Messages.NotFound("resource", "/ogc/" + rest)));
    }

    private static readonly Lazy<string> MapScript = new(() =>
    {
        using var s = typeof(OgcEndpoints).Assembly.GetManifestResourceStream("GridGov.Api.Ogc.ogcmap.js")!;
        return new StreamReader(s).ReadToEnd();
    });

    /// <summary>Format, caller, and our errors as OGC exceptions; anything else goes on to the host's handlers (INTERNAL, UNAVAILABLE).</summary>
    private static async Task<IResult> Run(HttpContext http, Func<Caller, bool, Task<IResult>> body)
    {
        try
        {
            var html = WantsHtml(http.Request);
            var caller = Caller.From(http.User) ?? throw GridGovError.Unauthenticated();
            caller.RequireRead();
            // What a page holds depends on who asks: never from a shared cache.
            http.Response.Headers.CacheControl = "private, no-cache";
            http.Response.Headers.Vary = "Authorization, X-Api-Key, Accept";
            return await body(caller, html);
        }
        catch (GridGovError e)
        {
            return OgcError.From(e);
        }
    }

    private static bool WantsHtml(HttpRequest request)
    {
        if (request.Query["f"].ToString() is { Length: > 0 } f)
            return f.ToLowerInvariant() switch
            {
                "json" or "geojson" or "application/json" or "application/geo+json" => false,
                "html" or "text/html" => true,
                _ => throw GridGovError.Invalid(OgcMessages.FormatUnsupported(f)),
            };
        // A browser lists text/html first; GDAL and QGIS ask for JSON.
        var accept = request.Headers.Accept.ToString();
        var htmlAt = accept.IndexOf("text/html", StringComparison.OrdinalIgnoreCase);
        var jsonAt = accept.IndexOf("json", StringComparison.OrdinalIgnoreCase);
        return htmlAt >= 0 && (jsonAt < 0 || htmlAt < jsonAt);
    }

    internal static string Base(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";

    private static List<OgcCollection> Visible(Caller caller) =>
        [.. OgcCollection.All.Where(c => AccessTable.Of(caller, AccessTable.Kind.Ogc, c.Id) != AccessLevel.Never)];

    private static OgcCollection Collection(Caller caller, string id)
    {
        var c = OgcCollection.Find(id) ?? throw new GridGovError(ErrorCodes.NotFound, OgcMessages.CollectionUnknown(id));
        if (AccessTable.Of(caller, AccessTable.Kind.Ogc, c.Id) == AccessLevel.Never) throw GridGovError.Forbidden(OgcMessages.RoleMayNotRead(id));
        return c;
    }

    /// <summary>The bounding box of the caller's area (CRS84), for clients' "zoom to layer".</summary>
    internal static async Task<double[]?> ExtentAsync(IDbContextFactory<GridGovDbContext> dbs, Caller caller, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var boundary = await db.Areas.AsNoTracking().Where(a => a.Code == caller.AreaCode).Select(a => a.Boundary).FirstOrDefaultAsync(ct);
        if (boundary is null) return null;
        var e = boundary.EnvelopeInternal;
        return [e.MinX, e.MinY, e.MaxX, e.MaxY];
    }

    private static object Describe(string b, OgcCollection c, double[]? extent) => new
    {
        id = c.Id,
        title = OgcMessages.CollectionTitle(c.Id).Zh,
        description = OgcMessages.CollectionDescription(c.Id).Zh,
        itemType = "feature",
        links = new[]
        {
            new OgcLink($"{b}/ogc/collections/{c.Id}?f=json", "self", "application/json"),
            new OgcLink($"{b}/ogc/collections/{c.Id}/items?f=json", "items", GeoJsonType),
            new OgcLink($"{b}/ogc/collections/{c.Id}/items?f=html", "items", "text/html"),
        },
        extent = extent is null ? null : new { spatial = new { bbox = new[] { extent }, crs = OgcCrs.Crs84Uri } },
        crs = OgcCrs.All.Select(x => x.Uri),
        storageCrs = OgcCrs.Crs84Uri,
        geometryType = c.GeometryType,
        filters = c.Filters,
    };

    private static IResult Landing(HttpContext http, bool html)
    {
        if (html)
            return OgcHtml.Page(OgcMessages.Title.Zh, "<p>" + System.Net.WebUtility.HtmlEncode(OgcMessages.Description.Zh) + "</p>" + OgcHtml.List(
                [OgcHtml.Link("/ogc/collections?f=html", OgcMessages.Collections.Zh), OgcHtml.Link("/ogc/conformance?f=html", OgcMessages.Conformance.Zh), OgcHtml.Link("/ogc/api?f=html", OgcMessages.ApiDefinition.Zh), OgcHtml.Link("/ogc?f=json", "JSON")]));
        var b = Base(http);
        return Results.Json(new
        {
            title = OgcMessages.Title.Zh,
            description = OgcMessages.Description.Zh,
            links = new[]
            {
                new OgcLink($"{b}/ogc?f=json", "self", "application/json"),
                new OgcLink($"{b}/ogc?f=html", "alternate", "text/html"),
                // The API definition: QGIS refuses a server whose landing page lacks it.
                new OgcLink($"{b}/ogc/api", "service-desc", OgcApiDocument.MediaType),
                new OgcLink($"{b}/ogc/api?f=html", "service-doc", "text/html"),
                new OgcLink($"{b}/ogc/conformance", "conformance", "application/json"),
                new OgcLink($"{b}/ogc/collections", "data", "application/json"),
            },
        }, OgcJson.Options);
    }

    private static async Task<IResult> ItemsAsync(HttpContext http, Caller caller, bool html, string id, IDbContextFactory<GridGovDbContext> dbs, TimeProvider clock)
    {
        var c = Collection(caller, id);
        var now = clock.GetUtcNow();
        var q = OgcQuery.Parse(http.Request.Query, c, caller, now);
        var ct = http.RequestAborted;
        OgcPage page;
        await using (var db = await dbs.CreateDbContextAsync(ct))
            page = await c.PageAsync(db, caller, q, ct);

        string Href(string? cursor, long? value, string f) => $"{Base(http)}/ogc/collections/{c.Id}/items?" + string.Join("&",
            http.Request.Query.Where(p => p.Key is not ("after" or "before" or "f")).Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value.ToString())}")
                .Concat(cursor is null ? [] : [$"{cursor}={value}"]).Append($"f={f}"));
        long? first = page.Features.Count > 0 ? page.Features[0].Id : null;
        long? last = page.Features.Count > 0 ? page.Features[^1].Id : null;
        var cursor = q.After is not null ? ("after", q.After) : q.Before is not null ? ("before", q.Before) : ((string?)null, (long?)null);
        var hasNext = last is not null && (q.Before is not null || page.More);
        var hasPrev = first is not null && (q.After is not null || (q.Before is not null && page.More));

        if (html)
        {
            var nav = new List<string>();
            if (hasPrev) nav.Add(OgcHtml.Link(Href("before", first, "html"), OgcMessages.Prev.Zh));
            if (hasNext) nav.Add(OgcHtml.Link(Href("after", last, "html"), OgcMessages.Next.Zh));
            nav.Add(OgcHtml.Link(Href(cursor.Item1, cursor.Item2, "json"), OgcMessages.AsJson.Zh));
            var body = $"<p>{System.Net.WebUtility.HtmlEncode(OgcMessages.Matched(page.NumberMatched, page.Features.Count).Zh)}</p><p>{string.Join(" · ", nav)}</p>"
                + OgcHtml.Table(page.Features, f => $"/ogc/collections/{c.Id}/items/{f.Id}?f=html");
            return OgcHtml.Page(OgcMessages.CollectionTitle(c.Id).Zh, body, OgcJson.FeaturesCrs84(page.Features));
        }

        var links = new List<OgcLink>
        {
            new(Href(cursor.Item1, cursor.Item2, "json"), "self", GeoJsonType),
            new(Href(cursor.Item1, cursor.Item2, "html"), "alternate", "text/html"),
            new($"{Base(http)}/ogc/collections/{c.Id}", "collection", "application/json"),
        };
        if (hasNext) links.Add(new(Href("after", last, "json"), "next", GeoJsonType));
        if (hasPrev) links.Add(new(Href("before", first, "json"), "prev", GeoJsonType));
        return new StreamedResult(async (body, token) => await OgcJson.WriteCollectionAsync(body, page, q.Crs, links, now, token), q.Crs);
    }

    private static async Task<IResult> ItemAsync(HttpContext http, Caller caller, bool html, string id, string fid, IDbContextFactory<GridGovDbContext> dbs, TimeProvider clock)
    {
        var c = Collection(caller, id);
        var crs = OgcCrs.Crs84;
        if (http.Request.Query["crs"].ToString() is { Length: > 0 } crsText)
            crs = OgcCrs.Parse(crsText) ?? throw GridGovError.Invalid(OgcMessages.CrsUnsupported(crsText, OgcCrs.Supported));
        if (!long.TryParse(fid, NumberStyles.None, CultureInfo.InvariantCulture, out var key))
            throw GridGovError.Invalid(OgcMessages.FeatureIdInvalid(fid));
        var ct = http.RequestAborted;
        OgcFeature feature;
        await using (var db = await dbs.CreateDbContextAsync(ct))
            feature = await c.OneAsync(db, caller, key, clock.GetUtcNow(), ct);
        if (html)
            return OgcHtml.Page($"{OgcMessages.CollectionTitle(c.Id).Zh} {feature.Id}",
                "<p>" + OgcHtml.Link($"/ogc/collections/{c.Id}/items?f=html", OgcMessages.Back.Zh) + " · " + OgcHtml.Link($"/ogc/collections/{c.Id}/items/{feature.Id}?f=json", OgcMessages.AsJson.Zh) + "</p>"
                + OgcHtml.Properties(feature), OgcJson.FeaturesCrs84([feature]));
        var b = Base(http);
        OgcLink[] links =
        [
            new($"{b}/ogc/collections/{c.Id}/items/{feature.Id}?f=json", "self", GeoJsonType),
            new($"{b}/ogc/collections/{c.Id}/items/{feature.Id}?f=html", "alternate", "text/html"),
            new($"{b}/ogc/collections/{c.Id}", "collection", "application/json"),
        ];
        return new StreamedResult(async (body, token) => await OgcJson.WriteOneAsync(body, feature, crs, links, token), crs);
    }

    /// <summary>GeoJSON written to the response as it is made, with the Content-Crs header of Part 2.</summary>
    private sealed class StreamedResult(Func<Stream, CancellationToken, Task> write, OgcCrs crs) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.ContentType = GeoJsonType;
            http.Response.Headers["Content-Crs"] = new StringValues($"<{crs.Uri}>");
            await write(http.Response.Body, http.RequestAborted);
        }
    }
}
