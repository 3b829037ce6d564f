using GridGov.Persistence.Linking;
using System.Threading.Channels;
using GridGov.Domain.Areas;
using GridGov.Domain.Linking;
using GridGov.Domain.Links;
using GridGov.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Api.Linking;

public sealed class LinkJobQueue
{
    private readonly Channel<long> _channel = Channel.CreateUnbounded<long>();
    public void Enqueue(long jobId) => _channel.Writer.TryWrite(jobId);
    public IAsyncEnumerable<long> ReadAllAsync(CancellationToken ct) => _channel.Reader.ReadAllAsync(ct);
}

/// <summary>
/// Makes the proposals of a job one village at a time, each in its own transaction, updating
/// progress as it goes. Jobs left queued or running by a restart are picked up again.
/// </summary>
public sealed class LinkJobRunner(LinkJobQueue queue, IDbContextFactory<GridGovDbContext> factory, ILogger<LinkJobRunner> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using (var db = await factory.CreateDbContextAsync(stoppingToken))
                foreach (var id in await db.LinkJobs.Where(j => j.Status == JobStatus.Queued || j.Status == JobStatus.Running)
                             .OrderBy(j => j.Id).Select(j => j.Id).ToListAsync(stoppingToken))
                    queue.Enqueue(id);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A database without the schema yet (or down): jobs resume on the next start.
            log.LogWarning(e, "Could not look for unfinished link jobs");
        }
        await foreach (var id in queue.ReadAllAsync(stoppingToken))
        {
            try
            {
                await RunAsync(id, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Link job {Id} failed", id);
                await using var db = await factory.CreateDbContextAsync(stoppingToken);
                await db.LinkJobs.Where(j => j.Id == id).ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.Status, JobStatus.Failed)
                    .SetProperty(j => j.Error, e.Message)
                    .SetProperty(j => j.FinishedAt, DateTimeOffset.UtcNow), stoppingToken);
            }
        }
    }

    private async Task RunAsync(long id, CancellationToken ct)
    {
        List<string> villages;
        LinkJob job;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            job = await db.LinkJobs.FirstAsync(j => j.Id == id, ct);
            var prefix = Infrastructure.Caller.PrefixOf(job.AreaCode);
            var done = await db.LinkProposals.Where(p => p.JobId == id).Select(p => p.VillageCode).ToListAsync(ct);
            villages = (await db.Areas.Where(a => a.Level == AreaLevel.Village && a.Code.StartsWith(prefix))
                .OrderBy(a => a.Code).Select(a => a.Code).ToListAsync(ct)).Except(done).ToList();
            job.Status = JobStatus.Running;
            job.Done = done.Count;
            await db.SaveChangesAsync(ct);
        }
        var settings = System.Text.Json.JsonSerializer.Deserialize<LinkingSettings>(job.SettingsJson, ProposalService.Json)!;
        foreach (var village in villages)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await ProposalService.CreateAsync(db, village, settings, null, job.CreatedBy ?? "job", id, ct);
            await db.LinkJobs.Where(j => j.Id == id).ExecuteUpdateAsync(s => s.SetProperty(j => j.Done, j => j.Done + 1), ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        await using (var db = await factory.CreateDbContextAsync(ct))
            await db.LinkJobs.Where(j => j.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, JobStatus.Done)
                .SetProperty(j => j.FinishedAt, DateTimeOffset.UtcNow), ct);
    }
}
