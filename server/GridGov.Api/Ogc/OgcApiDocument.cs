using System.Text.Json.Nodes;
using GridGov.Api.Infrastructure;
using GridGov.Api.Resources;

namespace GridGov.Api.Ogc;

/// <summary>
/// The API definition (OpenAPI 3.0) the landing page links as `service-desc`, as Part 1 Core requires. QGIS will not
/// open a server without it ("Missing information in response"), and reads from it the page size limits and, per
/// collection, the simple filters it can offer. Built from the same collections, parameters and limits that
/// <see cref="OgcQuery.Parse"/> accepts, so the document cannot promise what a request would be refused for.
/// </summary>
public static class OgcApiDocument
{
    public const string MediaType = "application/vnd.oai.openapi+json;version=3.0";

    public static JsonObject Build(string baseUrl, IEnumerable<OgcCollection> collections)
    {
        var paths = new JsonObject
        {
            ["/"] = Get("getLandingPage", OgcMessages.Title.En, "application/json"),
            ["/api"] = Get("getApiDefinition", OgcMessages.ApiDefinition.En, MediaType),
            ["/conformance"] = Get("getConformance", OgcMessages.Conformance.En, "application/json"),
            ["/collections"] = Get("getCollections", OgcMessages.Collections.En, "application/json"),
        };
        foreach (var c in collections)
        {
            var title = OgcMessages.CollectionTitle(c.Id).En;
            paths[$"/collections/{c.Id}"] = Get("describe_" + c.Id, title, "application/json");
            var items = new JsonArray(
                Ref("limit"), Ref("bbox"), Ref("bbox-crs"), Ref("crs"), Ref("f"), Ref("after"), Ref("before"));
            foreach (var filter in c.Filters) items.Add(Filter(filter));
            paths[$"/collections/{c.Id}/items"] = Get("getItems_" + c.Id, title, OgcEndpoints.GeoJsonType, items);
            paths[$"/collections/{c.Id}/items/{{featureId}}"] = Get("getItem_" + c.Id, title, OgcEndpoints.GeoJsonType,
                new JsonArray(Ref("featureId"), Ref("crs"), Ref("f")));
        }
        return new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject
            {
                ["title"] = OgcMessages.Title.Zh,
                ["description"] = OgcMessages.Description.Zh,
                ["version"] = "1.0",
                ["contact"] = new JsonObject { ["name"] = "GridGov", ["url"] = baseUrl + "/ogc" },
            },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = baseUrl + "/ogc" }),
            ["security"] = new JsonArray(Scheme("apiKey"), Scheme("basic"), Scheme("bearer")),
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject
                {
                    ["apiKey"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = "X-Api-Key" },
                    // The same key as the password, any user name (QGIS's and Excel's basic authentication).
                    ["basic"] = new JsonObject { ["type"] = "http", ["scheme"] = "basic" },
                    ["bearer"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["bearerFormat"] = "JWT" },
                },
                ["parameters"] = new JsonObject
                {
                    ["limit"] = Query("limit", new JsonObject
                    {
                        ["type"] = "integer", ["minimum"] = 1, ["maximum"] = OgcQuery.MaxLimit, ["default"] = OgcQuery.DefaultLimit,
                    }),
                    ["bbox"] = Query("bbox", new JsonObject
                    {
                        ["type"] = "array", ["minItems"] = 4, ["maxItems"] = 6, ["items"] = new JsonObject { ["type"] = "number" },
                    }),
                    ["bbox-crs"] = Query("bbox-crs", CrsSchema()),
                    ["crs"] = Query("crs", CrsSchema()),
                    ["f"] = Query("f", new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("json", "html") }),
                    ["after"] = Query("after", new JsonObject { ["type"] = "integer" }),
                    ["before"] = Query("before", new JsonObject { ["type"] = "integer" }),
                    ["featureId"] = new JsonObject
                    {
                        ["name"] = "featureId", ["in"] = "path", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "integer" },
                    },
                },
            },
        };
    }

    private static JsonObject Get(string operationId, string summary, string mediaType, JsonArray? parameters = null)
    {
        var get = new JsonObject
        {
            ["operationId"] = operationId,
            ["summary"] = summary,
            ["responses"] = new JsonObject
            {
                ["200"] = new JsonObject
                {
                    ["description"] = "OK",
                    ["content"] = new JsonObject { [mediaType] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "object" } } },
                },
                ["400"] = new JsonObject { ["description"] = "VALIDATION" },
                ["401"] = new JsonObject { ["description"] = "UNAUTHENTICATED" },
                ["403"] = new JsonObject { ["description"] = "FORBIDDEN" },
                ["404"] = new JsonObject { ["description"] = "NOT_FOUND" },
            },
        };
        if (parameters is not null) get["parameters"] = parameters;
        return new JsonObject { ["get"] = get };
    }

    private static JsonObject Ref(string parameter) => new() { ["$ref"] = "#/components/parameters/" + parameter };

    private static JsonObject Query(string name, JsonObject schema) => new()
    {
        ["name"] = name, ["in"] = "query", ["required"] = false, ["style"] = "form", ["explode"] = false, ["schema"] = schema,
    };

    /// <summary>A property filter, typed as <see cref="OgcQuery.Parse"/> reads it: an area code (text) or an id.</summary>
    private static JsonObject Filter(string name) => Query(name, OgcQuery.IsAreaCodeFilter(name)
        ? new JsonObject { ["type"] = "string", ["pattern"] = "^[0-9]{1,12}$" }
        : new JsonObject { ["type"] = "integer", ["minimum"] = 0 });

    private static JsonObject CrsSchema() => new()
    {
        ["type"] = "string", ["format"] = "uri", ["enum"] = new JsonArray([.. OgcCrs.All.Select(c => (JsonNode)JsonValue.Create(c.Uri))]),
    };

    private static JsonObject Scheme(string name) => new() { [name] = new JsonArray() };
}
