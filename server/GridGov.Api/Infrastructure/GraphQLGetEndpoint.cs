using GraphQL;
using GraphQL.Types;
using GraphQLParser.AST;
using GridGov.Api.Resources;

namespace GridGov.Api.Infrastructure;

/// <summary>
/// GET /graphql: a query in the URL (<c>?query=…&amp;variables=…&amp;operationName=…</c>, cacheable with an ETag;
/// a mutation is 405), or GraphiQL for a browser; and GET /graphql/schema.graphql, the SDL, for signed-in callers.
/// </summary>
public static class GraphQLGetEndpoint
{
    public static void MapGraphQLGet(this WebApplication app)
    {
        app.MapGet("/graphql", async (HttpContext http, IDocumentExecuter<ISchema> executer, IGraphQLTextSerializer serializer, IWebHostEnvironment env) =>
        {
            var q = http.Request.Query;
            if (!q.ContainsKey("query") && GraphQLHttp.WantsHtml(http.Request)) return GraphiQL(env);
            var mediaType = GraphQLHttp.Negotiate(http.Request);
            if (mediaType is null)
                return await GraphQLHttp.WriteErrorAsync(http, serializer, GraphQLHttp.GraphQLResponseJson, StatusCodes.Status406NotAcceptable, ErrorCodes.Validation, Messages.NotAcceptable);
            string? query = q["query"], operationName = q["operationName"];
            if (string.IsNullOrWhiteSpace(query))
                return await GraphQLHttp.WriteErrorAsync(http, serializer, mediaType, StatusCodes.Status400BadRequest, ErrorCodes.Validation, Messages.BodyWithoutQuery);
            Inputs? variables = null;
            if (q["variables"] is { Count: > 0 } v && !string.IsNullOrWhiteSpace(v))
            {
                try { variables = serializer.Deserialize<Inputs>(v); }
                catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or ArgumentException or NotSupportedException or GraphQL.Execution.InvalidOperationError)
                {
                    return await GraphQLHttp.WriteErrorAsync(http, serializer, mediaType, StatusCodes.Status400BadRequest, ErrorCodes.Validation, Messages.VariablesNotJson);
                }
            }
            // GET is safe and cacheable, so it never changes anything: the spec's 405 for mutations.
            if (SelectedOperationType(query, operationName) is OperationType.Mutation or OperationType.Subscription)
            {
                http.Response.Headers.Allow = "POST";
                return await GraphQLHttp.WriteErrorAsync(http, serializer, mediaType, StatusCodes.Status405MethodNotAllowed, ErrorCodes.Validation, Messages.MutationNeedsPost);
            }
            var result = await executer.ExecuteAsync(new ExecutionOptions
            {
                Query = query,
                Variables = variables,
                OperationName = operationName,
                RequestServices = http.RequestServices,
                User = http.User,
                CancellationToken = http.RequestAborted,
            });
            await GraphQLHttp.WriteCacheableAsync(http, serializer, result, mediaType, GraphQLHttp.StatusFor(result, mediaType));
            return Results.Empty;
        });

        // The contract, for code generators that read SDL: the same text as server/schema.graphql.
        app.MapGet("/graphql/schema.graphql", async (HttpContext http, ISchema schema, IGraphQLTextSerializer serializer) =>
        {
            if (Caller.From(http.User) is null)
                return await GraphQLHttp.WriteErrorAsync(http, serializer, GraphQLHttp.GraphQLResponseJson, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthenticated, Messages.Unauthenticated);
            return Results.Text(SchemaPrinting.Print(schema), "text/plain; charset=utf-8");
        });
    }

    // GraphiQL (bundled from npm into the viewer's wwwroot/lib by the client build).
    private static IResult GraphiQL(IWebHostEnvironment env)
    {
        var page = env.WebRootFileProvider.GetFileInfo("lib/graphiql/index.html");
        return page.Exists
            ? Results.Stream(page.CreateReadStream(), "text/html; charset=utf-8")
            : Results.Text("GraphiQL is not built (npm run build in client/GridGov.Client). POST /graphql works.", statusCode: 404);
    }

    /// <summary>The type of the operation the request selects; null when the text does not parse (execution reports that).</summary>
    private static OperationType? SelectedOperationType(string query, string? operationName)
    {
        GraphQLDocument document;
        try { document = GraphQLParser.Parser.Parse(query); }
        catch (GraphQLParser.Exceptions.GraphQLParserException) { return null; }
        var operations = document.Definitions.OfType<GraphQLOperationDefinition>().ToList();
        var selected = string.IsNullOrEmpty(operationName)
            ? (operations.Count == 1 ? operations[0] : null)
            : operations.FirstOrDefault(o => o.Name?.StringValue == operationName);
        return selected?.Operation;
    }
}
