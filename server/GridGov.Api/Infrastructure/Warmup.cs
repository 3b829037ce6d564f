using System.Diagnostics;
using System.Security.Claims;
using GridGov.Api.Viewer;
using GridGov.Client.Services;
using GridGov.Domain.Access;
using GridGov.Domain.Areas;
using Npgsql;

namespace GridGov.Api.Infrastructure;

/// <summary>
/// Pays once, as the server starts, what the first person after a start or a deploy would otherwise wait for: the runtime
/// compiling GraphQL.NET's execution, EF Core's model, Npgsql's and the coverage store's code, PostGIS loaded into database
/// sessions — about 0.9 s on the development machine — and this month's coverage of the county, which the first map's colours
/// need (a cold county takes ~1 s, more than the first map waits for its figures, so it went out grey). It asks what a county
/// leader's first map asks (<see cref="FirstMap"/>: the county's boundaries, kept as that map keeps them for the county's
/// leaders, and its figures), as the leader of the county of the first village by code, in the background once the server
/// listens: a request that comes meanwhile is answered as before.
/// Reads only, except the coverage rows of the month that any reader's request writes the same way (fresh ones are read,
/// not computed again). Nothing to do on a database without villages; a failure is logged as a warning and changes nothing.
/// <c>Warmup:Enabled</c> (true) turns it off; the in-process test host does (its tests count statements and cache rows).
/// </summary>
public sealed class Warmup(IServiceScopeFactory scopes, NpgsqlDataSource dataSource, IHostApplicationLifetime lifetime,
    IConfiguration configuration, ILogger<Warmup> log) : BackgroundService
{
    // A cold county at ten times the sample's households takes ~10 s on a quiet machine (docs/benchmarks.md).
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);
    private readonly TaskCompletionSource<string?> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The county whose first map was asked, once the warm-up is over; null when it was off, had nothing to do or failed.</summary>
    public Task<string?> Completion => _completion.Task;

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        string? county = null;
        try
        {
            if (!configuration.GetValue("Warmup:Enabled", true)) return;
            await WhenStartedAsync(stopping);
            var started = Stopwatch.GetTimestamp();
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            limit.CancelAfter(Limit);
            string? village;
            await using (var cmd = dataSource.CreateCommand("SELECT code FROM areas WHERE level = 'village' ORDER BY code LIMIT 1"))
                village = await cmd.ExecuteScalarAsync(limit.Token) as string;
            if (village is null)
            {
                log.LogInformation("Warm-up: no village in the database yet, nothing to warm");
                return;
            }
            county = Area.CountyCodeOf(village);
            var leader = new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ClaimTypes.Name, "warm-up"), new Claim(Caller.ClaimRole, nameof(Role.CountyLeader)), new Claim(Caller.ClaimArea, county)],
                authenticationType: "warm-up"));
            await using var scope = scopes.CreateAsyncScope();
            await FirstMapEndpoint.PrimeAsync(scope.ServiceProvider, leader, "/coverage", limit.Token);
            log.LogInformation("Warm-up: the first map of county {County} is ready, its code compiled and this month's figures computed ({Ms:F0} ms)",
                county, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            county = null;
        }
        catch (Exception e)
        {
            county = null;
            log.LogWarning(e, "Warm-up failed: the first requests after this start compile what they need themselves");
        }
        finally
        {
            _completion.TrySetResult(county);
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
