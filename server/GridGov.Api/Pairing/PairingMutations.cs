using GraphQL;
using GraphQL.Types;
using GridGov.Api.Infrastructure;
using GridGov.Api.Resources;
using GridGov.Domain.Access;
using GridGov.Domain.Areas;
using GridGov.Domain.Households;
using GridGov.Domain.Linking;
using GridGov.Domain.Links;
using GridGov.Domain.Pairing;
using GridGov.Persistence;
using GridGov.Persistence.Pairing;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Api.Pairing;

/// <summary>
/// 结对帮扶 writes: county and township leaders (and `write` keys) run the engine over their area, apply or discard
/// its proposal, and pair or unpair a household by hand within the rank quotas. Every write is audited.
/// </summary>
public sealed class PairingMutations : IMutationFields
{
    private static readonly Role[] Pairers = [Role.CountyLeader, Role.TownshipLeader, Role.System];

    public void Add(ObjectGraphType m)
    {
        AuthorizationRule.Roles(m.Field<NonNullGraphType<PairingProposalType>>("proposePairings")
            .Description("Runs the pairing engine on every village of an area and stores the proposal (a diff). Existing pairings " +
                         "are kept unless rebalance is true. Nothing changes until applyPairingProposal.")
            .Argument<NonNullGraphType<StringGraphType>>("areaCode")
            .Argument<BooleanGraphType>("rebalance", "Move households freely (the keep bonus counts 0). Default false.")
            .ResolveAsync(async ctx => await ctx.InTransactionAsync(async (db, caller) =>
            {
                var area = ctx.GetArgument<string>("areaCode");
                await RequireArea(db, caller, area, ctx.CancellationToken);
                var proposal = await PairingService.ProposeAsync(db, area, ctx.GetArgument("rebalance", false), caller.Actor, ctx.CancellationToken);
                await db.SaveChangesAsync(ctx.CancellationToken);
                var doc = PairingService.Document(proposal);
                Audit.Record(db, caller, "proposePairings", "PairingProposal", proposal.Id, area, null,
                    new { proposal.Id, changes = doc.Changes.Count(c => c.Kind != LinkChangeKind.Kept), unpaired = doc.Unpaired.Count });
                return proposal;
            })), Pairers);

        AuthorizationRule.Roles(m.Field<NonNullGraphType<PairingProposalType>>("applyPairingProposal")
            .Description("Applies a proposal: ends moved and removed pairings, starts the new ones, at one instant. A proposal made " +
                         "stale by a later change of the area's cadres, poor households or pairings is refused (CONFLICT).")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async ctx => await ctx.InTransactionAsync(async (db, caller) =>
            {
                var ct = ctx.CancellationToken;
                var proposal = await LoadOpen(db, caller, ctx.GetArgument<long>("id"), ct);
                await db.Database.ExecuteSqlRawAsync("LOCK TABLE cadre_pairings IN SHARE ROW EXCLUSIVE MODE", ct);
                var settings = await PairingLoader.CountySettingsAsync(db, proposal.AreaCode, ct);
                var (_, fingerprint) = await PairingLoader.LoadAsync(db, proposal.AreaCode, settings, ct);
                if (fingerprint != proposal.BaseFingerprint)
                    throw new GridGovError(ErrorCodes.Conflict, PairingMessages.ProposalStale, Reason("PAIRING_PROPOSAL_STALE"));
                var ended = await PairingService.ApplyAsync(db, proposal, caller.Actor, ct);
                var doc = PairingService.Document(proposal);
                // Other open proposals of overlapping areas were made on the old pairings.
                var prefix = Caller.PrefixOf(proposal.AreaCode);
                var county = Area.CountyCodeOf(proposal.AreaCode)[..6];
                foreach (var other in await db.PairingProposals.Where(p => p.Status == ProposalStatus.Open && p.Id != proposal.Id
                             && p.AreaCode.StartsWith(county)).ToListAsync(ct))
                    if (other.AreaCode.StartsWith(prefix, StringComparison.Ordinal) || proposal.AreaCode.StartsWith(Caller.PrefixOf(other.AreaCode), StringComparison.Ordinal))
                        other.Status = ProposalStatus.Stale;
                Audit.Record(db, caller, "applyPairingProposal", "PairingProposal", proposal.Id, proposal.AreaCode, null, new
                {
                    proposal.Id,
                    added = doc.Changes.Count(c => c.Kind == LinkChangeKind.Added),
                    moved = doc.Changes.Count(c => c.Kind == LinkChangeKind.Moved),
                    removed = doc.Changes.Count(c => c.Kind == LinkChangeKind.Removed),
                    ended,
                });
                return proposal;
            })), Pairers);

        AuthorizationRule.Roles(m.Field<NonNullGraphType<PairingProposalType>>("discardPairingProposal")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async ctx => await ctx.InTransactionAsync(async (db, caller) =>
            {
                var proposal = await LoadOpen(db, caller, ctx.GetArgument<long>("id"), ctx.CancellationToken);
                proposal.Status = ProposalStatus.Discarded;
                Audit.Record(db, caller, "discardPairingProposal", "PairingProposal", proposal.Id, proposal.AreaCode, null, new { proposal.Id });
                return proposal;
            })), Pairers);

        AuthorizationRule.Roles(m.Field<NonNullGraphType<CadrePairingType>>("pairHousehold")
            .Description("Pairs a poor, lifted-out or monitored household with a cadre serving its village, by hand, within the cadre's " +
                         "rank quota; a pairing with another cadre ends (a move).")
            .Argument<NonNullGraphType<IdGraphType>>("householdId")
            .Argument<NonNullGraphType<IdGraphType>>("cadreId")
            .ResolveAsync(async ctx => await ctx.InTransactionAsync(async (db, caller) =>
            {
                var ct = ctx.CancellationToken;
                var household = await LoadHousehold(db, caller, ctx.GetArgument<long>("householdId"), ct);
                var cadreId = ctx.GetArgument<long>("cadreId");
                if (!PairingEngine.NeedsPairing(household.PovertyStatus))
                    throw new GridGovError(ErrorCodes.Validation, PairingMessages.NotPoor, Reason("PAIRING_NOT_POOR"));
                await db.LockVillageAsync(household.VillageCode, ct);
                var today = PairingLoader.ChinaToday;
                var cadre = await db.Cadres.AsNoTracking().FirstOrDefaultAsync(c => c.Id == cadreId, ct)
                    ?? throw GridGovError.NotFound("cadre", cadreId.ToString());
                if (!(await Persistence.Cadres.CadreVillages.OnAsync(db, cadreId, today, ct)).Contains(household.VillageCode))
                    throw new GridGovError(ErrorCodes.Validation, PairingMessages.CadreElsewhere, Reason("PAIRING_CADRE_ELSEWHERE"));
                var current = await db.CadrePairings.FirstOrDefaultAsync(p => p.HouseholdId == household.Id && p.ValidTo == null, ct);
                if (current?.CadreId == cadreId)
                    throw new GridGovError(ErrorCodes.Conflict, PairingMessages.AlreadyPaired, Reason("PAIRING_ALREADY_PAIRED"));
                var settings = await PairingLoader.CountySettingsAsync(db, household.VillageCode, ct);
                var quota = settings.Quotas.For(cadre.Rank);
                var paired = await db.CadrePairings.CountAsync(p => p.CadreId == cadreId && p.ValidTo == null, ct);
                if (paired >= quota)
                    throw new GridGovError(ErrorCodes.Conflict, PairingMessages.QuotaFull(paired, quota, settings.Quotas.ToString()), Reason("PAIRING_QUOTA_FULL"));
                var stamp = DateTimeOffset.UtcNow;
                if (current is not null)
                {
                    current.End(stamp, caller.Actor, "手动改派结对干部");
                    await db.SaveChangesAsync(ct);
                }
                var pairing = new CadrePairing
                {
                    CadreId = cadreId, HouseholdId = household.Id, VillageCode = household.VillageCode, ValidFrom = stamp, CreatedBy = caller.Actor,
                };
                db.CadrePairings.Add(pairing);
                await db.SaveChangesAsync(ct);
                Audit.Record(db, caller, "pairHousehold", "CadrePairing", pairing.Id, household.VillageCode,
                    current is null ? null : new { current.Id, current.CadreId }, new { pairing.Id, pairing.CadreId, pairing.HouseholdId });
                return await PairingQueries.RowAsync(db, pairing, ct);
            })), Pairers);

        AuthorizationRule.Roles(m.Field<NonNullGraphType<CadrePairingType>>("unpairHousehold")
            .Description("Ends a household's pairing (kept in the history). Returns the ended pairing.")
            .Argument<NonNullGraphType<IdGraphType>>("householdId")
            .Argument<StringGraphType>("reason", "Why; default 手动解除结对.")
            .ResolveAsync(async ctx => await ctx.InTransactionAsync(async (db, caller) =>
            {
                var ct = ctx.CancellationToken;
                var household = await LoadHousehold(db, caller, ctx.GetArgument<long>("householdId"), ct);
                var current = await db.CadrePairings.FirstOrDefaultAsync(p => p.HouseholdId == household.Id && p.ValidTo == null, ct)
                    ?? throw new GridGovError(ErrorCodes.Conflict, PairingMessages.NotPaired, Reason("PAIRING_NOT_PAIRED"));
                var reason = ctx.GetArgument<string?>("reason")?.Trim();
                current.End(DateTimeOffset.UtcNow, caller.Actor, string.IsNullOrEmpty(reason) ? "手动解除结对" : reason);
                await db.SaveChangesAsync(ct);
                Audit.Record(db, caller, "unpairHousehold", "CadrePairing", current.Id, household.VillageCode,
                    new { current.Id, current.CadreId, current.HouseholdId }, new { current.ValidTo, current.EndReason });
                return await PairingQueries.RowAsync(db, current, ct);
            })), Pairers);

        AuthorizationRule.Roles(m.Field<NonNullGraphType<PairingSettingsType>>("setPairingSettings")
            .Description("The county organisation department sets the 「64321」 quotas (households per cadre by rank: 县级, 科级, 一般干部, " +
                         "村干部, 职级未填) and optionally the weights perKm and keep (0–100). Proposals and pairHousehold read them.")
            .Argument<NonNullGraphType<StringGraphType>>("countyCode")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<IntGraphType>>>>("quotas")
            .Argument<FloatGraphType>("perKm")
            .Argument<FloatGraphType>("keep")
            .ResolveAsync(async ctx =>
            {
                var county = ctx.GetArgument<string>("countyCode");
                var list = ctx.GetArgument<List<int>>("quotas");
                var quotas = PairingQuotas.From(list)
                    ?? throw new GridGovError(ErrorCodes.Validation, PairingMessages.QuotasInvalid(string.Join(",", list)), Reason("PAIRING_QUOTAS_INVALID"));
                var perKm = ctx.GetArgument<double?>("perKm");
                var keep = ctx.GetArgument<double?>("keep");
                foreach (var (name, w) in new[] { ("perKm", perKm), ("keep", keep) })
                    if (w is { } v && !(v is >= 0 and <= 100))
                        throw new GridGovError(ErrorCodes.Validation, PairingMessages.WeightInvalid(name, v), Reason("PAIRING_WEIGHT_INVALID"));
                return await ctx.InTransactionAsync(async (db, caller) =>
                {
                    if (caller.Role != Role.CountyAdmin || caller.AreaCode != county) throw GridGovError.OutsideArea(county);
                    var row = await db.PairingSettings.FirstOrDefaultAsync(s => s.CountyCode == county, ctx.CancellationToken);
                    var before = row is null ? null : new { row.Quotas, row.PerKm, row.Keep };
                    if (row is null) db.PairingSettings.Add(row = new PairingCountySettings { CountyCode = county });
                    row.Quotas = quotas.ToArray();
                    row.PerKm = perKm ?? row.PerKm;
                    row.Keep = keep ?? row.Keep;
                    row.UpdatedAt = DateTimeOffset.UtcNow;
                    await db.SaveChangesAsync(ctx.CancellationToken);
                    Audit.Record(db, caller, "setPairingSettings", "PairingSettings", county, county, before, new { row.Quotas, row.PerKm, row.Keep });
                    return new PairingSettingsView(county, row.ToSettings());
                });
            }), Role.CountyAdmin);
    }

    internal static Dictionary<string, object?> Reason(string reason) => new() { ["reason"] = reason };

    private static async Task RequireArea(GridGovDbContext db, Caller caller, string area, CancellationToken ct)
    {
        if (!Area.IsValidCode(area)) throw GridGovError.Invalid(Messages.AreaCodeInvalid(area));
        if (!await db.Areas.AnyAsync(a => a.Code == area, ct)) throw GridGovError.NotFound("area", area);
        if (!caller.Covers(area)) throw GridGovError.OutsideArea(area);
        if (caller.Role == Role.System && !caller.Scopes.Contains("write")) throw GridGovError.Forbidden(Messages.ProposalNeedsWrite);
    }

    private static async Task<PairingProposal> LoadOpen(GridGovDbContext db, Caller caller, long id, CancellationToken ct)
    {
        var proposal = await db.PairingProposals.FirstOrDefaultAsync(p => p.Id == id, ct)
            ?? throw new GridGovError(ErrorCodes.NotFound, PairingMessages.ProposalNotFound(id));
        await RequireArea(db, caller, proposal.AreaCode, ct);
        if (proposal.Status != ProposalStatus.Open)
            throw new GridGovError(ErrorCodes.Conflict, PairingMessages.ProposalClosed, Reason("PAIRING_PROPOSAL_CLOSED"));
        return proposal;
    }

    private static async Task<Household> LoadHousehold(GridGovDbContext db, Caller caller, long id, CancellationToken ct)
    {
        var h = await db.Households.Where(Household.ActiveAt(DateTimeOffset.UtcNow)).FirstOrDefaultAsync(x => x.Id == id, ct)
            ?? throw GridGovError.NotFound("household", id.ToString());
        if (!caller.Covers(h.VillageCode)) throw GridGovError.OutsideArea(h.VillageCode);
        if (caller.Role == Role.System && !caller.Scopes.Contains("write")) throw GridGovError.Forbidden(Messages.ProposalNeedsWrite);
        return h;
    }
}
