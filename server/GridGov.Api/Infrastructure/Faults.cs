using System.Text.RegularExpressions;
using GraphQL.Execution;
using GridGov.Api.Resources;
using Npgsql;

namespace GridGov.Api.Infrastructure;

/// <summary>
/// Faults and their correlation ids. Every request gets an id (the caller's <c>X-Correlation-Id</c>
/// if it is a plain token, else ours), echoed in the response header; an INTERNAL error is logged
/// with it and carries it in <c>extensions.correlationId</c>, so an operator finds the log line.
/// Input the database refuses (a data exception, SQLSTATE class 22) is the caller's VALIDATION,
/// a cancelled statement (57014, the statement timeout) is TOO_COMPLEX: neither is INTERNAL.
/// </summary>
public static partial class Faults
{
    public const string Header = "X-Correlation-Id";
    public const string DataKey = "gridgov:correlationId";

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,64}$")]
    private static partial Regex PlainId();

    /// <summary>Sets the correlation id; turns an exception no endpoint handled into a logged INTERNAL answer.</summary>
    public static IApplicationBuilder UseCorrelationIds(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.Request.Headers.TryGetValue(Header, out var given) && given.Count == 1 && PlainId().IsMatch(given[0]!))
            http.TraceIdentifier = given[0]!;
        http.Response.Headers[Header] = http.TraceIdentifier;
        try
        {
            await next(http);
        }
        catch (Exception e) when (!http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested)
        {
            var (status, error) = Classify(e) is { } known
                ? (known.Code == ErrorCodes.TooComplex ? 503 : 400, known)
                : (500, Logged(http.RequestServices.GetRequiredService<ILoggerFactory>(), e, http.TraceIdentifier));
            http.Response.Clear();
            http.Response.Headers[Header] = http.TraceIdentifier;
            http.Response.StatusCode = status;
            await http.Response.WriteAsJsonAsync(new
            {
                errors = new[]
                {
                    new { message = error.Zh, extensions = new { code = error.Code, zh = error.Zh, en = error.En, correlationId = http.TraceIdentifier } },
                },
            });
        }
    });

    /// <summary>The caller's error an exception stands for, or null for a real fault.</summary>
    public static GridGovError? Classify(Exception e)
    {
        for (var x = (Exception?)e; x is not null; x = x.InnerException)
        {
            if (x is GridGovError g) return g;
            if (x is PostgresException pg)
                return pg.SqlState switch
                {
                    "57014" => new GridGovError(ErrorCodes.TooComplex, Messages.StatementTimedOut),
                    _ when pg.SqlState.StartsWith("22", StringComparison.Ordinal) => GridGovError.Invalid(Messages.InputRejectedByDatabase),
                    _ => null,
                };
            if (x is Microsoft.AspNetCore.Http.BadHttpRequestException bad)
                return GridGovError.Invalid(Messages.RequestMalformed(bad.Message));
        }
        return null;
    }

    /// <summary>GraphQL.NET's unhandled-exception hook: map input faults, log real ones with the request's id.</summary>
    public static void OnUnhandled(UnhandledExceptionContext context)
    {
        var options = context.ExecutionOptions;
        if (Classify(context.OriginalException) is { } known)
        {
            context.Exception = known;
            return;
        }
        if (context.OriginalException is OperationCanceledException) return;
        var services = options.RequestServices;
        // An outage is not a fault of ours: the error provider answers UNAVAILABLE; one warning, no INTERNAL line.
        if (DatabaseOutage.Is(context.OriginalException))
        {
            services?.GetService<ILoggerFactory>()?.CreateLogger("GridGov.Faults").LogWarning("database unavailable: {Message}", context.OriginalException.Message);
            return;
        }
        var id = services?.GetService<IHttpContextAccessor>()?.HttpContext?.TraceIdentifier ?? Guid.NewGuid().ToString("N");
        if (services?.GetService<ILoggerFactory>() is { } logs) Logged(logs, context.OriginalException, id);
        context.OriginalException.Data[DataKey] = id;
    }

    private static GridGovError Logged(ILoggerFactory logs, Exception e, string id)
    {
        logs.CreateLogger("GridGov.Faults").LogError(e, "INTERNAL {CorrelationId}: {Type}", id, e.GetType().FullName);
        return new GridGovError(ErrorCodes.Internal, Messages.InternalError);
    }
}
