using GraphQL;
using GraphQL.Types;
using GridGov.Api.Infrastructure;
using GridGov.Api.Members;
using GridGov.Api.Resources;
using GridGov.Domain.Geo;
using GridGov.Domain.Households;
using GridGov.Domain.Linking;
using GridGov.Domain.Links;
using GridGov.Domain.Members;
using GridGov.Persistence;
using GridGov.Persistence.Linking;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Api.Links;

public sealed class LinkMutations : IMutationFields
{
    public void Add(ObjectGraphType m)
    {
        m.Field<NonNullGraphType<LinkType>>("linkHousehold")
            .Description("Makes a member responsible for a household. The previous link, if any, ends now (history is kept).")
            .Argument<NonNullGraphType<IdGraphType>>("householdId")
            .Argument<NonNullGraphType<IdGraphType>>("memberId")
            .Argument<LinkBasisEnum>("basis", "Optional check only: the basis comes from the member's ties (the strongest tie, else PROXIMITY; " +
                                              "REMOTE for a migrant member), never from the caller; a different value is refused.")
            .Argument<BooleanGraphType>("locked", "Lock it so the linking engine keeps it (default false).")
            .Argument<BooleanGraphType>("overCapacity", "Allow exceeding the member's capacity (default false).")
            .Argument<StringGraphType>("reason", "Why the previous link ends, if one does.")
            .ResolveAsync(async ctx => await ctx.InTransactionAsync(async (db, caller) =>
            {
                var ct = ctx.CancellationToken;
                var householdId = ctx.GetArgument<long>("householdId");
                var memberId = ctx.GetArgument<long>("memberId");
                var h = await LoadWritableHousehold(db, caller, householdId, ct);
                await db.LockVillageAsync(h.VillageCode, ct); // link writes of a village queue up, so proposals see a stable base
                RequireActive(h);
                var member = await db.PartyMembers.FirstOrDefaultAsync(x => x.Id == memberId, ct)
                    ?? throw GridGovError.NotFound("member", memberId.ToString());
                if (member.VillageCode != h.VillageCode)
                    throw GridGovError.Invalid(Messages.LinkOtherVillage);
                if (member.Status is MemberStatus.Deceased or MemberStatus.Left)
                    throw GridGovError.Invalid(Messages.LinkMemberGone);
                var home = await db.People.Where(p => p.Id == member.PersonId).Select(p => p.HouseholdId).FirstOrDefaultAsync(ct);
                if (OwnHouseholdRule.Forbids(home, h.Id, await ProposalService.CountySettingsAsync(db, h.VillageCode, ct)))
                    throw GridGovError.Invalid(Messages.LinkOwnHousehold);

                var current = await db.Links.FirstOrDefaultAsync(l => l.HouseholdId == h.Id && l.ValidTo == null, ct);
                if (current?.MemberId == memberId)
                    throw GridGovError.Invalid(Messages.LinkUnchanged);
                var load = await db.Links.CountAsync(l => l.MemberId == memberId && l.ValidTo == null, ct);
                var capacity = PartyMemberType.EffectiveCapacity(member);
                if (!MemberCapacity.HasRoom(load, capacity) && !ctx.GetArgument("overCapacity", false))
                    throw GridGovError.Invalid(Messages.LinkOverCapacity(load, capacity));

                var ties = await db.Ties.AsNoTracking().Where(t => t.MemberId == memberId && t.HouseholdId == h.Id).ToListAsync(ct);
                var distance = Math.Round(CoordinateConverter.DistanceMeters(member.Home, h.Location), 1);
                var now = DateTimeOffset.UtcNow;
                var link = Link.Start(memberId, h.Id, member.Status, ties, distance, ctx.GetArgument("locked", false), now, caller.Actor);
                if (ctx.GetArgument<LinkBasis?>("basis") is { } asked && asked != link.Basis)
                    throw GridGovError.Invalid(Messages.LinkBasisNotFromTies(LinkWording.BasisZh(asked), LinkWording.BasisZh(link.Basis)));
                object? before = null;
                if (current is not null)
                {
                    before = Snapshot(current);
                    current.End(now, caller.Actor, ctx.GetArgument<string?>("reason") ?? "改由其他党员联系 / reassigned");
                    // The partial unique index checks per statement: end the old link before the new one exists.
                    await db.SaveChangesAsync(ct);
                }
                db.Links.Add(link);
                await db.SaveChangesAsync(ct);
                Audit.Record(db, caller, "linkHousehold", "Household", h.Id, h.VillageCode, before, Snapshot(link));
                return link;
            }));

        m.Field<NonNullGraphType<LinkType>>("unlinkHousehold")
            .Description("Ends the household's current link now; the household is then unlinked.")
            .Argument<NonNullGraphType<IdGraphType>>("householdId")
            .Argument<NonNullGraphType<StringGraphType>>("reason")
            .ResolveAsync(async ctx => await ctx.InTransactionAsync(async (db, caller) =>
            {
                var ct = ctx.CancellationToken;
                var reason = ctx.GetArgument<string>("reason").Trim();
                if (reason.Length == 0) throw GridGovError.Invalid(Messages.LinkEndReasonMissing);
                var (h, current) = await CurrentLinkForWriteAsync(db, caller, ctx.GetArgument<long>("householdId"), Messages.LinkNone, ct);
                var before = Snapshot(current);
                current.End(DateTimeOffset.UtcNow, caller.Actor, reason);
                Audit.Record(db, caller, "unlinkHousehold", "Household", h.Id, h.VillageCode, before, Snapshot(current));
                return current;
            }));

        m.Field<NonNullGraphType<LinkType>>("setLinkLocked")
            .Description("Locks the household's current link so the linking engine keeps it, or unlocks it; the link itself stays.")
            .Argument<NonNullGraphType<IdGraphType>>("householdId")
            .Argument<NonNullGraphType<BooleanGraphType>>("locked")
            .ResolveAsync(async ctx => await ctx.InTransactionAsync(async (db, caller) =>
            {
                var ct = ctx.CancellationToken;
                var (h, current) = await CurrentLinkForWriteAsync(db, caller, ctx.GetArgument<long>("householdId"), Messages.LinkNoneToLock, ct);
                var before = Snapshot(current);
                if (!current.SetLocked(ctx.GetArgument<bool>("locked"))) return current;
                Audit.Record(db, caller, "setLinkLocked", "Household", h.Id, h.VillageCode, before, Snapshot(current));
                return current;
            }));

        m.Field<NonNullGraphType<TieType>>("addTie")
            .Description("Declares a kinship or social tie between a member and a household (an inferred one becomes declared).")
            .Argument<NonNullGraphType<IdGraphType>>("memberId")
            .Argument<NonNullGraphType<IdGraphType>>("householdId")
            .Argument<NonNullGraphType<TieKindEnum>>("kind")
            .Argument<StringGraphType>("relation", "e.g. 堂兄, 岳父, 邻居.")
            .Argument<StringGraphType>("note")
            .ResolveAsync(async ctx => await ctx.InTransactionAsync(async (db, caller) =>
            {
                var ct = ctx.CancellationToken;
                var h = await LoadWritableHousehold(db, caller, ctx.GetArgument<long>("householdId"), ct);
                await db.LockVillageAsync(h.VillageCode, ct);
                RequireActive(h);
                var memberId = ctx.GetArgument<long>("memberId");
                var member = await db.PartyMembers.AsNoTracking().FirstOrDefaultAsync(x => x.Id == memberId, ct)
                    ?? throw GridGovError.NotFound("member", memberId.ToString());
                if (member.VillageCode != h.VillageCode)
                    throw GridGovError.Invalid(Messages.LinkOtherVillage);
                var relation = ctx.GetArgument<string?>("relation")?.Trim();
                if (relation is { Length: > 50 }) throw GridGovError.Invalid(Messages.TieRelationTooLong);
                var kind = ctx.GetArgument<TieKind>("kind");
                var tie = await db.Ties.FirstOrDefaultAsync(t => t.MemberId == memberId && t.HouseholdId == h.Id && t.Kind == kind, ct);
                object? before = tie is null ? null : Snapshot(tie);
                if (tie is null)
                {
                    tie = new Tie { MemberId = memberId, HouseholdId = h.Id, Kind = kind, CreatedAt = DateTimeOffset.UtcNow };
                    db.Ties.Add(tie);
                }
                else if (tie.Origin == TieOrigin.Declared)
                {
                    throw new GridGovError(ErrorCodes.Conflict, Messages.TieAlreadyDeclared);
                }
                tie.Origin = TieOrigin.Declared;
                tie.Relation = relation ?? tie.Relation;
                tie.Note = ctx.GetArgument<string?>("note") ?? tie.Note;
                await db.SaveChangesAsync(ct);
                Audit.Record(db, caller, "addTie", "Tie", tie.Id, h.VillageCode, before, Snapshot(tie));
                return tie;
            }));

        m.Field<NonNullGraphType<IdGraphType>>("removeTie")
            .Description("Removes a tie; returns its id.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async ctx => await ctx.InTransactionAsync(async (db, caller) =>
            {
                var id = ctx.GetArgument<long>("id");
                var tie = await db.Ties.FirstOrDefaultAsync(t => t.Id == id, ctx.CancellationToken)
                    ?? throw GridGovError.NotFound("tie", id.ToString());
                var h = await LoadWritableHousehold(db, caller, tie.HouseholdId, ctx.CancellationToken);
                await db.LockVillageAsync(h.VillageCode, ctx.CancellationToken);
                db.Ties.Remove(tie);
                Audit.Record(db, caller, "removeTie", "Tie", tie.Id, h.VillageCode, Snapshot(tie), null);
                return (object)id;
            }));
    }

    /// <summary>
    /// A household the caller may write and its current link (NOT_FOUND with <paramref name="none"/> if it has
    /// none), the village locked first: link writes of a village queue up, so proposals see a stable base.
    /// </summary>
    private static async Task<(Household Household, Link Current)> CurrentLinkForWriteAsync(GridGovDbContext db, Caller caller, long householdId,
        BilingualText none, CancellationToken ct)
    {
        var h = await LoadWritableHousehold(db, caller, householdId, ct);
        await db.LockVillageAsync(h.VillageCode, ct);
        var current = await db.Links.FirstOrDefaultAsync(l => l.HouseholdId == h.Id && l.ValidTo == null, ct)
            ?? throw new GridGovError(ErrorCodes.NotFound, none);
        return (h, current);
    }

    internal static async Task<Household> LoadWritableHousehold(GridGovDbContext db, Caller caller, long id, CancellationToken ct)
    {
        var h = await db.Households.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct)
            ?? throw GridGovError.NotFound("household", id.ToString());
        if (!caller.CanWrite(h.VillageCode))
            throw GridGovError.Forbidden(Messages.VillageDataNotWritable(h.VillageCode));
        return h;
    }

    /// <summary>An ended household (注销) takes no new link or tie: it is history.</summary>
    private static void RequireActive(Household h)
    {
        if (!h.IsActiveAt(DateTimeOffset.UtcNow)) throw GridGovError.Invalid(Messages.HouseholdEndedNoLinks);
    }

    internal static object Snapshot(Link l) => new
    {
        l.Id, l.MemberId, l.HouseholdId, l.ValidFrom, l.ValidTo, Basis = l.Basis.ToString(), l.Locked, l.DistanceMeters,
        l.Explanation, l.CreatedBy, l.EndedBy, l.EndReason,
    };

    private static object Snapshot(Tie t) => new
    {
        t.Id, t.MemberId, t.HouseholdId, Kind = t.Kind.ToString(), Origin = t.Origin.ToString(), t.Relation, t.Note,
    };
}
