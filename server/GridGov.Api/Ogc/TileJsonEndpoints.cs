using GridGov.Api.Auth;
using GridGov.Api.Infrastructure;
using GridGov.Api.Resources;
using GridGov.Persistence;
using GridGov.Persistence.Sql;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Api.Ogc;

/// <summary>
/// GET /tiles/{layer}.json (TileJSON 3.0.0) and GET /tiles/style.json (a Mapbox GL style of every layer the caller
/// may see), so QGIS and MapLibre add the vector tiles in one step. The same callers and refusals as the tiles.
/// </summary>
public static class TileJsonEndpoints
{
    /// <summary>The attributes each MVT layer carries (TileSql's SELECT lists), for clients that style by field.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Fields = new Dictionary<string, IReadOnlyDictionary<string, string>>
    {
        ["villages"] = new Dictionary<string, string> { ["code"] = "String", ["name"] = "String", ["deep_poverty"] = "Boolean", ["households"] = "Number",
            ["linked_share"] = "Number", ["contacted_share"] = "Number", ["uncovered_m2"] = "Number" },
        ["cells"] = new Dictionary<string, string> { ["id"] = "Number", ["name"] = "String", ["village_code"] = "String", ["has_leader"] = "Boolean",
            ["households"] = "Number", ["linked"] = "Number", ["linked_share"] = "Number" },
        ["gaps"] = new Dictionary<string, string> { ["village_code"] = "String", ["area_m2"] = "Number" },
        ["households"] = Houses, ["unlinked"] = Houses,
    };

    private static IReadOnlyDictionary<string, string> Houses => new Dictionary<string, string>
    {
        ["id"] = "Number", ["village_code"] = "String", ["poverty"] = "String", ["in_cell"] = "Boolean", ["linked"] = "Boolean", ["contacted"] = "Boolean",
        // Only on the points of a thinned tile (TileSql.MaxHouses), which have no id: how many houses the point stands for.
        ["n"] = "Number",
    };

    public static void MapTileJsonEndpoints(this WebApplication app)
    {
        app.MapGet("/tiles/{layer}.json", async (HttpContext http, string layer, IDbContextFactory<GridGovDbContext> dbs) =>
        {
            var caller = Caller.From(http.User);
            if (caller is null) return OgcError.From(GridGovError.Unauthenticated());
            try
            {
                caller.RequireRead();
                var bounds = await OgcEndpoints.ExtentAsync(dbs, caller, http.RequestAborted);
                if (layer == "style") return Results.Json(Style(OgcEndpoints.Base(http), caller), OgcJson.Options);
                if (!TileSql.MinZoom.ContainsKey(layer)) throw GridGovError.Invalid(Messages.TileLayerUnknown(layer));
                if (AccessTable.Of(caller, AccessTable.Kind.Tile, layer) == AccessLevel.Never) throw GridGovError.Forbidden(Messages.TileLayerForbidden(layer));
                return Results.Json(TileJson(OgcEndpoints.Base(http), layer, bounds), OgcJson.Options);
            }
            catch (GridGovError e)
            {
                return OgcError.From(e);
            }
        });
    }

    public static object TileJson(string b, string layer, double[]? bounds) => new Dictionary<string, object?>
    {
        ["tilejson"] = "3.0.0",
        ["name"] = layer,
        ["description"] = OgcMessages.TileLayerStyle.Zh + " · " + layer,
        ["scheme"] = "xyz",
        ["tiles"] = new[] { $"{b}/tiles/{layer}/{{z}}/{{x}}/{{y}}.pbf" },
        ["minzoom"] = TileSql.MinZoom[layer],
        ["maxzoom"] = TileSql.MaxZoom,
        ["bounds"] = bounds,
        ["center"] = bounds is null ? null : new[] { (bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2, Math.Max(10, TileSql.MinZoom[layer]) },
        ["vector_layers"] = new[] { new { id = layer, fields = Fields[layer], minzoom = TileSql.MinZoom[layer], maxzoom = TileSql.MaxZoom } },
    };

    /// <summary>A Mapbox GL (v8) style: one source per layer the caller may see, each by its TileJSON URL.</summary>
    public static object Style(string b, Caller caller)
    {
        var layers = TileSql.MinZoom.Keys.Where(l => AccessTable.Of(caller, AccessTable.Kind.Tile, l) != AccessLevel.Never).ToList();
        var styleLayers = new List<object>();
        void Add(string layer, string suffix, string type, object paint) => styleLayers.Add(new Dictionary<string, object>
        {
            ["id"] = $"{layer}-{suffix}", ["type"] = type, ["source"] = $"gridgov-{layer}", ["source-layer"] = layer,
            ["minzoom"] = TileSql.MinZoom[layer], ["paint"] = paint,
        });
        // Drawn bottom to top: village areas, gaps, cell outlines, houses, unlinked houses.
        foreach (var layer in new[] { "villages", "gaps", "cells", "households", "unlinked" }.Where(layers.Contains))
        {
            switch (layer)
            {
                case "villages":
                    Add(layer, "fill", "fill", new Dictionary<string, object> { ["fill-color"] = "#a5d6a7", ["fill-opacity"] = 0.25 });
                    Add(layer, "line", "line", new Dictionary<string, object> { ["line-color"] = "#2e7d32", ["line-width"] = 1.2 });
                    break;
                case "gaps":
                    Add(layer, "fill", "fill", new Dictionary<string, object> { ["fill-color"] = "#e53935", ["fill-opacity"] = 0.35 });
                    break;
                case "cells":
                    Add(layer, "line", "line", new Dictionary<string, object> { ["line-color"] = "#1565c0", ["line-width"] = 1.5 });
                    break;
                case "households":
                    Add(layer, "circle", "circle", new Dictionary<string, object>
                    {
                        ["circle-radius"] = 3,
                        // Linked houses blue, houses nobody looks after orange.
                        ["circle-color"] = new object[] { "case", new object[] { "get", "linked" }, "#1565c0", "#fb8c00" },
                        ["circle-stroke-color"] = "#ffffff", ["circle-stroke-width"] = 0.5,
                    });
                    break;
                case "unlinked":
                    Add(layer, "circle", "circle", new Dictionary<string, object> { ["circle-radius"] = 4, ["circle-color"] = "#d32f2f" });
                    break;
            }
        }
        return new Dictionary<string, object>
        {
            ["version"] = 8,
            ["name"] = OgcMessages.TileLayerStyle.Zh,
            ["sources"] = layers.ToDictionary(l => $"gridgov-{l}", l => (object)new { type = "vector", url = $"{b}/tiles/{l}.json" }),
            ["layers"] = styleLayers,
        };
    }
}
