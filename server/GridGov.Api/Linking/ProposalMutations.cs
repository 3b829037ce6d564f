using GraphQL;
using GraphQL.Types;
using GridGov.Api.Areas;
using GridGov.Api.Infrastructure;
using GridGov.Api.Resources;
using GridGov.Domain.Access;
using GridGov.Domain.Areas;
using GridGov.Domain.Linking;
using GridGov.Domain.Links;
using GridGov.Persistence;
using GridGov.Persistence.Linking;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Api.Linking;

public sealed class ProposalMutations : IMutationFields
{
    public void Add(ObjectGraphType m)
    {
        AuthorizationRule.Roles(m.Field<NonNullGraphType<LinkProposalType>>("proposeLinks")
            .Description("Runs the linking engine on a village and stores the proposal. Nothing changes until applyLinkProposal.")
            .Argument<NonNullGraphType<StringGraphType>>("villageCode")
            .Argument<LinkSettingsInputType>("settings")
            .ResolveAsync(async ctx => await ctx.InTransactionAsync(async (db, caller) =>
            {
                var villageCode = ctx.GetArgument<string>("villageCode");
                await RequireProposer(db, caller, villageCode, ctx.CancellationToken);
                var settings = LinkSettingsInputType.Apply(await ProposalService.CountySettingsAsync(db, villageCode, ctx.CancellationToken),
                    ctx.GetArgument<Dictionary<string, object?>?>("settings"));
                var proposal = await ProposalService.CreateAsync(db, villageCode, settings, null, caller.Actor, null, ctx.CancellationToken);
                await db.SaveChangesAsync(ctx.CancellationToken);
                Audit.Record(db, caller, "proposeLinks", "LinkProposal", proposal.Id, villageCode, null,
                    new { proposal.Id, proposal.VillageCode });
                return proposal;
            })), Role.CountyLeader, Role.TownshipLeader, Role.BranchSecretary, Role.System);

        AuthorizationRule.Roles(m.Field<NonNullGraphType<LinkProposalType>>("proposeTransfer")
            .Description("When a member leaves, migrates or dies: redistributes that member's households with as few other changes as possible.")
            .Argument<NonNullGraphType<IdGraphType>>("memberId")
            .Argument<LinkSettingsInputType>("settings")
            .ResolveAsync(async ctx => await ctx.InTransactionAsync(async (db, caller) =>
            {
                var memberId = ctx.GetArgument<long>("memberId");
                var member = await db.PartyMembers.AsNoTracking().FirstOrDefaultAsync(x => x.Id == memberId, ctx.CancellationToken)
                    ?? throw GridGovError.NotFound("member", memberId.ToString());
                await RequireProposer(db, caller, member.VillageCode, ctx.CancellationToken);
                var settings = LinkSettingsInputType.Apply(await ProposalService.CountySettingsAsync(db, member.VillageCode, ctx.CancellationToken),
                    ctx.GetArgument<Dictionary<string, object?>?>("settings"));
                var proposal = await ProposalService.CreateAsync(db, member.VillageCode, settings, memberId, caller.Actor, null, ctx.CancellationToken);
                await db.SaveChangesAsync(ctx.CancellationToken);
                Audit.Record(db, caller, "proposeTransfer", "LinkProposal", proposal.Id, member.VillageCode, null,
                    new { proposal.Id, proposal.VillageCode, memberId });
                return proposal;
            })), Role.CountyLeader, Role.TownshipLeader, Role.BranchSecretary, Role.System);

        m.Field<NonNullGraphType<LinkProposalType>>("applyLinkProposal")
            .Description("Applies a proposal (the village's secretary): ends replaced links, starts new ones, in one transaction. " +
                         "A proposal made stale by a later change of the village's links, members, households or ties is refused (CONFLICT).")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async ctx => await ctx.InTransactionAsync(async (db, caller) =>
            {
                var ct = ctx.CancellationToken;
                var proposal = await LoadOpen(db, caller, ctx.GetArgument<long>("id"), ct);
                await db.LockVillageAsync(proposal.VillageCode, ct);
                var settings = ProposalService.Settings(proposal);
                var doc = ProposalService.Document(proposal);
                var now = await VillageLinkingLoader.LoadAsync(db, proposal.VillageCode, settings, doc.LeavingMemberId, ct);
                if (now.Fingerprint != proposal.BaseFingerprint)
                    throw new GridGovError(ErrorCodes.Conflict, Messages.ProposalStale);

                var reason = $"联系户调整（方案 #{proposal.Id}）";
                var ending = doc.Links.Where(l => l.Change == LinkChangeKind.Moved).Select(l => l.HouseholdId)
                    .Concat(doc.Removed.Select(r => r.HouseholdId)).ToHashSet();
                var stamp = DateTimeOffset.UtcNow;
                var toEnd = await db.Links.Where(l => l.ValidTo == null && ending.Contains(l.HouseholdId)).ToListAsync(ct);
                foreach (var l in toEnd)
                {
                    l.ValidTo = stamp;
                    l.EndedBy = caller.Actor;
                    l.EndReason = reason;
                }
                // The partial unique index checks per statement: the old links must end before the new ones exist.
                await db.SaveChangesAsync(ct);
                foreach (var l in doc.Links.Where(l => l.Change is LinkChangeKind.Added or LinkChangeKind.Moved))
                {
                    db.Links.Add(new Link
                    {
                        MemberId = l.MemberId, HouseholdId = l.HouseholdId, ValidFrom = stamp, Basis = l.Basis,
                        DistanceMeters = l.DistanceMeters, Explanation = l.Explanation, CreatedBy = caller.Actor, ProposalId = proposal.Id,
                    });
                }
                proposal.Status = ProposalStatus.Applied;
                proposal.AppliedAt = stamp;
                // Other open proposals of the village were made on the old links: they are stale now.
                await db.LinkProposals.Where(p => p.VillageCode == proposal.VillageCode && p.Status == ProposalStatus.Open && p.Id != proposal.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, ProposalStatus.Stale), ct);
                Audit.Record(db, caller, "applyLinkProposal", "LinkProposal", proposal.Id, proposal.VillageCode, null, new
                {
                    proposal.Id,
                    added = doc.Links.Count(l => l.Change == LinkChangeKind.Added),
                    moved = doc.Links.Count(l => l.Change == LinkChangeKind.Moved),
                    removed = doc.Removed.Count,
                    ended = toEnd.Select(l => l.Id).ToList(),
                });
                return proposal;
            }));

        m.Field<NonNullGraphType<LinkProposalType>>("discardLinkProposal")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async ctx => await ctx.InTransactionAsync(async (db, caller) =>
            {
                var proposal = await LoadOpen(db, caller, ctx.GetArgument<long>("id"), ctx.CancellationToken);
                proposal.Status = ProposalStatus.Discarded;
                Audit.Record(db, caller, "discardLinkProposal", "LinkProposal", proposal.Id, proposal.VillageCode, null, new { proposal.Id });
                return proposal;
            }));

        AuthorizationRule.Roles(m.Field<NonNullGraphType<LinkJobType>>("startLinkJob")
            .Description("County or township leaders: makes a proposal for every village of an area in the background; follow it with linkJob(id).")
            .Argument<NonNullGraphType<StringGraphType>>("areaCode")
            .Argument<LinkSettingsInputType>("settings")
            .ResolveAsync(async ctx =>
            {
                var job = await ctx.InTransactionAsync(async (db, caller) =>
                {
                    var area = ctx.GetArgument<string>("areaCode");
                    if (!Area.IsValidCode(area)) throw GridGovError.Invalid(Messages.AreaCodeInvalid(area));
                    if (!await db.Areas.AnyAsync(a => a.Code == area && a.Level != AreaLevel.Village, ctx.CancellationToken))
                        throw GridGovError.NotFound("area", area);
                    if (!caller.Covers(area)) throw GridGovError.OutsideArea(area);
                    var settings = LinkSettingsInputType.Apply(await ProposalService.CountySettingsAsync(db, area, ctx.CancellationToken),
                        ctx.GetArgument<Dictionary<string, object?>?>("settings"));
                    var prefix = Caller.PrefixOf(area);
                    var job = new LinkJob
                    {
                        AreaCode = area, Status = JobStatus.Queued, Done = 0,
                        Total = await db.Areas.CountAsync(a => a.Level == AreaLevel.Village && a.Code.StartsWith(prefix), ctx.CancellationToken),
                        SettingsJson = System.Text.Json.JsonSerializer.Serialize(settings, ProposalService.Json),
                        CreatedBy = caller.Actor, CreatedAt = DateTimeOffset.UtcNow,
                    };
                    db.LinkJobs.Add(job);
                    await db.SaveChangesAsync(ctx.CancellationToken);
                    Audit.Record(db, caller, "startLinkJob", "LinkJob", job.Id, area, null, new { job.Id, job.Total });
                    return job;
                });
                ctx.Service<LinkJobQueue>().Enqueue(job.Id);
                return job;
            }), Role.CountyLeader, Role.TownshipLeader, Role.System);
    }

    /// <summary>Secretaries propose for their village; leaders for villages in their area; keys need `write`.</summary>
    private static async Task RequireProposer(GridGovDbContext db, Caller caller, string villageCode, CancellationToken ct)
    {
        await AreaQueries.RequireVillageAsync(db, caller, villageCode, ct);
        if (caller.Role == Role.System && !caller.Scopes.Contains("write"))
            throw GridGovError.Forbidden(Messages.ProposalNeedsWrite);
    }

    private static async Task<LinkProposal> LoadOpen(GridGovDbContext db, Caller caller, long id, CancellationToken ct)
    {
        var proposal = await db.LinkProposals.FirstOrDefaultAsync(p => p.Id == id, ct)
            ?? throw new GridGovError(ErrorCodes.NotFound, Messages.ProposalNotFound(id));
        if (!caller.CanWrite(proposal.VillageCode))
            throw GridGovError.Forbidden(Messages.ProposalSecretaryOnly);
        if (proposal.Status != ProposalStatus.Open)
            throw new GridGovError(ErrorCodes.Conflict, Messages.ProposalClosed(proposal.Status));
        return proposal;
    }
}

public sealed class ProposalQueries : IQueryFields
{
    public void Add(ObjectGraphType q)
    {
        q.Field<LinkProposalType>("linkProposal")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async ctx =>
            {
                var caller = ctx.Caller();
                caller.RequireRead();
                var id = ctx.GetArgument<long>("id");
                await using var db = await ctx.DbAsync();
                var p = await db.LinkProposals.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ctx.CancellationToken)
                    ?? throw new GridGovError(ErrorCodes.NotFound, Messages.ProposalNotFound(id));
                if (!caller.Covers(p.VillageCode)) throw GridGovError.OutsideArea(p.VillageCode);
                return p;
            });
        q.Field<NonNullGraphType<ListGraphType<NonNullGraphType<LinkProposalType>>>>("linkProposals")
            .Description("Proposals of a village, newest first.")
            .Argument<NonNullGraphType<StringGraphType>>("villageCode")
            .Argument<ProposalStatusEnum>("status")
            .ResolveAsync(async ctx =>
            {
                var caller = ctx.Caller();
                caller.RequireRead();
                var code = ctx.GetArgument<string>("villageCode");
                await using var db = await ctx.DbAsync();
                await AreaQueries.RequireVillageAsync(db, caller, code, ctx.CancellationToken);
                var status = ctx.GetArgument<ProposalStatus?>("status");
                var query = db.LinkProposals.AsNoTracking().Where(p => p.VillageCode == code);
                if (status is not null) query = query.Where(p => p.Status == status);
                return await query.OrderByDescending(p => p.Id).Take(50).ToListAsync(ctx.CancellationToken);
            });
        AuthorizationRule.Roles(q.Field<LinkJobType>("linkJob")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async ctx =>
            {
                var caller = ctx.Caller();
                var id = ctx.GetArgument<long>("id");
                await using var db = await ctx.DbAsync();
                var job = await db.LinkJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, ctx.CancellationToken)
                    ?? throw new GridGovError(ErrorCodes.NotFound, Messages.JobNotFound(id));
                if (!caller.Covers(job.AreaCode)) throw GridGovError.OutsideArea(job.AreaCode);
                return job;
            }), Role.CountyLeader, Role.TownshipLeader, Role.System);
    }
}
