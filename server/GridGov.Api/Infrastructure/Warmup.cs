using System.Diagnostics;
using System.Security.Claims;
using GraphQL;
using GraphQL.Types;
using GridGov.Client.Services;
using GridGov.Domain.Access;
using GridGov.Domain.Areas;
using Npgsql;

namespace GridGov.Api.Infrastructure;

/// <summary>
/// Pays once, as the server starts, what the first requests after a start or a deploy would otherwise wait for: the runtime
/// compiling GraphQL.NET's execution, EF Core's model, Npgsql's and the coverage store's code, PostGIS loaded into a database
/// session — about 0.9 s on the development machine, on top of the request's own work (docs/benchmarks.md). It asks what a
/// county leader's first map asks (<see cref="FirstMap"/>: the county's boundaries, and the figures of its first village by
/// code), as that county's leader, in the background once the server listens: a request that comes meanwhile is answered
/// as before. Reads only, except that one village's coverage row of the month, which any reader's request writes the same
/// way. Nothing to do on a database without villages; a failure is logged as a warning and changes nothing.
/// <c>Warmup:Enabled</c> (true) turns it off; the in-process test host does (its tests count statements and cache rows).
/// </summary>
public sealed class Warmup(IServiceScopeFactory scopes, NpgsqlDataSource dataSource, IHostApplicationLifetime lifetime,
    IConfiguration configuration, ILogger<Warmup> log) : BackgroundService
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private readonly TaskCompletionSource<string?> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The village whose figures were asked once the warm-up is over; null when it was off, had nothing to do or failed.</summary>
    public Task<string?> Completion => _completion.Task;

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        string? village = null;
        try
        {
            if (!configuration.GetValue("Warmup:Enabled", true)) return;
            await WhenStartedAsync(stopping);
            var started = Stopwatch.GetTimestamp();
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            limit.CancelAfter(Limit);
            await using (var cmd = dataSource.CreateCommand("SELECT code FROM areas WHERE level = 'village' ORDER BY code LIMIT 1"))
                village = await cmd.ExecuteScalarAsync(limit.Token) as string;
            if (village is null)
            {
                log.LogInformation("Warm-up: no village in the database yet, nothing to warm");
                return;
            }
            var county = Area.CountyCodeOf(village);
            var leader = new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ClaimTypes.Name, "warm-up"), new Claim(Caller.ClaimRole, nameof(Role.CountyLeader)), new Claim(Caller.ClaimArea, county)],
                authenticationType: "warm-up"));
            await using var scope = scopes.CreateAsyncScope();
            var executer = scope.ServiceProvider.GetRequiredService<IDocumentExecuter<ISchema>>();
            foreach (var (query, variables) in new (string, Inputs?)[]
                     {
                         (FirstMap.QueryFor("/coverage")!, null),
                         (FirstMap.FiguresQueryFor("/coverage")!, new Inputs(new Dictionary<string, object?> { ["area"] = village })),
                     })
            {
                var result = await executer.ExecuteAsync(new ExecutionOptions
                {
                    Query = query,
                    Variables = variables,
                    RequestServices = scope.ServiceProvider,
                    User = leader,
                    CancellationToken = limit.Token,
                });
                if (!result.Executed || result.Errors is { Count: > 0 })
                    throw new InvalidOperationException("the warm-up's query failed: " + result.Errors?.FirstOrDefault()?.Message);
            }
            log.LogInformation("Warm-up: the first requests' code is ready ({Ms:F0} ms, county {County}, figures of village {Village})",
                Stopwatch.GetElapsedTime(started).TotalMilliseconds, county, village);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            village = null;
        }
        catch (Exception e)
        {
            village = null;
            log.LogWarning(e, "Warm-up failed: the first requests after this start compile what they need themselves");
        }
        finally
        {
            _completion.TrySetResult(village);
        }
    }

    private async Task WhenStartedAsync(CancellationToken stopping)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        await using (stopping.Register(() => started.TrySetCanceled(stopping)))
            await started.Task;
    }
}
