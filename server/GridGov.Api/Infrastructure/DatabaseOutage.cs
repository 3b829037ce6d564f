using System.Net.Sockets;
using GridGov.Api.Auth;
using GridGov.Api.Resources;
using Npgsql;

namespace GridGov.Api.Infrastructure;

/// <summary>
/// PostgreSQL gone (stopped, restarting, unreachable) is not a fault of ours nor of the input: every
/// request answers UNAVAILABLE at once (GraphQL error; HTTP 503 with Retry-After elsewhere) and the
/// next request after the database is back simply works — no server restart (docs/reliability.md).
/// </summary>
public static class DatabaseOutage
{
    /// <summary>Seconds a client should wait before retrying (the Retry-After header).</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>True when <paramref name="e"/> (or an exception inside it) says the database cannot be reached.</summary>
    public static bool Is(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                // 08: connection exceptions; 57P01–03: shut down by the operator, crashed, starting up or
                // shutting down; 53300: no connection slot left on the server.
                case PostgresException pg:
                    return pg.SqlState.StartsWith("08", StringComparison.Ordinal)
                        || pg.SqlState is "57P01" or "57P02" or "57P03" or "53300";
                // Npgsql's own: connection refused or cut in the middle of a command.
                case NpgsqlException { InnerException: SocketException or IOException }:
                    return true;
                case ConnectionLostException:
                    return true;
            }
        }
        return false;
    }

    /// <summary>A transaction's connection found closed under it (Writes): the database went away mid-request.</summary>
    public sealed class ConnectionLostException(Exception inner) : Exception("the database connection was lost during the transaction", inner);

    /// <summary>
    /// Pooled connections opened before a restart are dead but look idle: the first outage seen drops them
    /// all, so once the database is back every request opens a live one (and none fails on a stale one).
    /// </summary>
    public static void DropPooledConnections(IServiceProvider services) => services.GetService<NpgsqlDataSource>()?.Clear();

    /// <summary>Answers 503 UNAVAILABLE for outages met outside GraphQL (tiles, login, health, first map, imports).</summary>
    public static IApplicationBuilder UseDatabaseOutageAnswers(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        try
        {
            await next(http);
        }
        catch (Exception e) when (Is(e) && !http.Response.HasStarted)
        {
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseOutage).FullName!)
                .LogWarning("database unavailable for {Method} {Path}: {Reason}", http.Request.Method, http.Request.Path, e.Message);
            DropPooledConnections(http.RequestServices);
            http.Response.Clear();
            http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await AuthSetup.Problem(StatusCodes.Status503ServiceUnavailable, ErrorCodes.Unavailable, Messages.DatabaseUnavailable).ExecuteAsync(http);
        }
    });
}
