using GridGov.Api.Auth;
using GridGov.Api.Coverage;
using GridGov.Api.Infrastructure;
using GridGov.Api.Resources;
using GridGov.Domain.Access;
using GridGov.Domain.Areas;
using GridGov.Domain.Coverage;
using GridGov.Persistence.Sql;

namespace GridGov.Api.Tiles;

/// <summary>
/// GET /tiles/{layer}/{z}/{x}/{y}.pbf[?month=YYYY-MM] — vector tiles of villages, cells, households, unlinked households
/// and gaps, made by PostGIS and filtered to the caller's area (token or API key, as for GraphQL); links and declarations
/// as of the month (default the running one). Served from memory while nothing they read has changed (<see cref="TileCache"/>).
/// </summary>
public static class TileEndpoint
{
    public const string ContentType = "application/vnd.mapbox-vector-tile";

    public static void MapTileEndpoint(this WebApplication app)
    {
        app.MapGet("/tiles/{layer}/{z}/{x}/{y}.pbf", async (HttpContext http, string layer, string z, string x, string y,
            TileStore tiles, TileCache cache, CoverageStore coverage, CoverageService service) =>
        {
            var caller = Caller.From(http.User);
            if (caller is null)
                return AuthSetup.Problem(401, ErrorCodes.Unauthenticated, Messages.Unauthenticated);
            if (caller.Role == Role.System && !caller.Scopes.Overlaps(["read", "read-pii", "write"]))
                return AuthSetup.Problem(403, ErrorCodes.Forbidden, Messages.KeyWithoutRead);
            if (!TileSql.MinZoom.TryGetValue(layer, out var minZoom))
                return AuthSetup.Problem(400, ErrorCodes.Validation, Messages.TileLayerUnknown(layer));
            // Village figures and gaps are coverage: refused to members as the coverage query is (AccessTable).
            if (AccessTable.Of(caller, AccessTable.Kind.Tile, layer) == AccessLevel.Never)
                return AuthSetup.Problem(403, ErrorCodes.Forbidden, Messages.TileLayerForbidden(layer));
            if (!int.TryParse(z, out var zi) || !int.TryParse(x, out var xi) || !int.TryParse(y, out var yi)
                || zi < 0 || zi > TileSql.MaxZoom || xi < 0 || yi < 0 || xi >= (1 << zi) || yi >= (1 << zi))
                return AuthSetup.Problem(400, ErrorCodes.Validation, Messages.TileCoordinatesInvalid);
            if (zi < minZoom) return NoContent(http);

            var ct = http.RequestAborted;
            // ?month=YYYY-MM (China time) colours houses and villages as of that month, as the coverage figures do.
            var month = CoverageRules.CurrentMonth(service.Now);
            if (http.Request.Query["month"].ToString() is { Length: > 0 } m)
            {
                if (!CoverageRules.TryParseMonth(m, out month) || month.Year < 2000 || month.Year > 2100)
                    return AuthSetup.Problem(400, ErrorCodes.Validation, Messages.MonthInvalid(m));
                if (CoverageRules.IsFuture(month, service.Now))
                    return AuthSetup.Problem(400, ErrorCodes.Validation, Messages.MonthInFuture(m));
            }
            var area = caller.SqlArea;
            var memberId = caller.Role == Role.PartyMember ? caller.MemberId ?? -1 : (long?)null;
            var asOf = CoverageRules.AsOf(month, service.Now);
            var key = TileCache.Key(layer, zi, xi, yi, month, area, memberId);
            // Cache-Control: no-cache (a browser's hard reload, or a benchmark) reads the database; the tile is kept again after.
            var kept = http.Request.Headers.CacheControl.ToString().Contains("no-cache", StringComparison.OrdinalIgnoreCase) ? null : cache.Find(key);
            if (kept is null)
            {
                byte[]? bytes = null;
                var generation = cache.Begin();
                if (TileSql.ReadsCoverage(layer))
                {
                    // These layers read the coverage cache: the tile comes with the staleness check, and only when nothing in it
                    // is stale; else the villages an edit made stale are re-scored and the tile read after.
                    var (stale, tile) = await tiles.TileIfFreshAsync(layer, zi, xi, yi, area, memberId, month, asOf, ct);
                    if (stale.Length > 0)
                    {
                        await coverage.GetAsync(stale, month, await coverage.RulesAsync(Area.CountyCodeOf(caller.AreaCode), ct), service.Now, ct);
                        generation = cache.Begin();
                    }
                    bytes = tile;
                }
                bytes ??= await tiles.TileAsync(layer, zi, xi, yi, area, memberId, month, asOf, ct);
                kept = TileCache.KeptTile.Of(bytes);
                cache.Keep(key, kept, generation);
            }
            if (kept.Bytes.Length == 0) return NoContent(http);

            var etag = kept.ETag;
            SetCaching(http, etag);
            if (http.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == etag || t.Trim() == "*")))
                return Results.StatusCode(StatusCodes.Status304NotModified);
            return Results.Bytes(kept.Bytes, ContentType);
        });
    }

    private static IResult NoContent(HttpContext http)
    {
        http.Response.Headers.CacheControl = "private, max-age=60";
        return Results.NoContent();
    }

    /// <summary>Private: tiles depend on who asks. Short-lived: links and declarations change during the day.</summary>
    private static void SetCaching(HttpContext http, string etag)
    {
        http.Response.Headers.ETag = etag;
        http.Response.Headers.CacheControl = "private, max-age=60";
        http.Response.Headers.Vary = "Authorization, X-Api-Key";
    }
}
