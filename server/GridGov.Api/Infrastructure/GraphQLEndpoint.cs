using System.Text.Json;
using GraphQL;
using GraphQL.Transport;
using GraphQL.Types;
using GridGov.Api.Resources;

namespace GridGov.Api.Infrastructure;

/// <summary>
/// GraphQL over HTTP on a minimal-API endpoint (GraphQL.NET has no server package here):
/// POST /graphql with a JSON body of query, variables and operationName.
/// </summary>
public static class GraphQLEndpoint
{
    public const string ResponseContentType = "application/graphql-response+json; charset=utf-8";

    public static void MapGraphQLEndpoint(this WebApplication app)
    {
        app.MapGraphQLGet();
        app.MapPost("/graphql", async (HttpContext http, IDocumentExecuter<ISchema> executer, IGraphQLTextSerializer serializer, DirectReads direct,
            GridGov.Persistence.Sql.TileChanges tileChanges) =>
        {
            GraphQLRequest? request;
            try
            {
                request = await serializer.ReadAsync<GraphQLRequest>(http.Request.Body, http.RequestAborted);
            }
            catch (Exception e) when (e is JsonException or GraphQL.Execution.InvalidOperationError or ArgumentException or NotSupportedException)
            {
                request = null;
            }
            var mediaType = GraphQLHttp.Negotiate(http.Request);
            if (mediaType is null)
                return await GraphQLHttp.WriteErrorAsync(http, serializer, GraphQLHttp.GraphQLResponseJson, 406, ErrorCodes.Validation, Messages.NotAcceptable);
            if (request is null || string.IsNullOrWhiteSpace(request.Query))
                return await WriteError(http, serializer, "VALIDATION", Messages.BodyWithoutQuery.Both);

            // A list query seen before may be answered by one SQL statement (see DirectReads, which writes graphql-response+json); else the usual way.
            if (mediaType == GraphQLHttp.GraphQLResponseJson && direct.Find(request.Query, request.OperationName) is { } plan && await direct.TryExecuteAsync(plan, http, request.Variables))
                return Results.Empty;

            var result = await executer.ExecuteAsync(new ExecutionOptions
            {
                Query = request.Query,
                Variables = request.Variables,
                OperationName = request.OperationName,
                RequestServices = http.RequestServices,
                User = http.User,
                CancellationToken = http.RequestAborted,
            });
            // A mutation may have changed what tiles show: tiles kept in memory are not served again. Before the answer is
            // written, so that a map asking for tiles on the answer sees the change (the database's announcement may come later).
            if (result.Operation?.Operation == GraphQLParser.AST.OperationType.Mutation) tileChanges.Touch();
            // graphql-response+json: a request that never executed (parse/validation) is a 400; see GraphQLHttp.
            GraphQLHttp.SetContentType(http.Response, mediaType, GraphQLHttp.StatusFor(result, mediaType));
            await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted);
            if (result.Executed && result.Errors is not { Count: > 0 } && result.Document is not null)
                direct.Learn(request.Query, request.OperationName, result.Document, request.Variables);
            return Results.Empty;
        });
    }

    private static async Task<IResult> WriteError(HttpContext http, IGraphQLTextSerializer serializer, string code, string message)
    {
        var error = new ExecutionError(message) { Code = code };
        http.Response.StatusCode = 400;
        http.Response.ContentType = ResponseContentType;
        await serializer.WriteAsync(http.Response.Body, new ExecutionResult { Errors = [error] }, http.RequestAborted);
        return Results.Empty;
    }
}
