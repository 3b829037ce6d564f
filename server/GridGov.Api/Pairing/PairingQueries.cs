using GraphQL;
using GraphQL.Types;
using GridGov.Api.Infrastructure;
using GridGov.Domain.Access;
using GridGov.Domain.Pairing;
using GridGov.Persistence;
using GridGov.Persistence.Pairing;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Api.Pairing;

/// <summary>
/// 结对帮扶 reads. Leaders, the organisation department and keys read their area; a village's secretary reads the
/// village (read-only: writes are the leaders'); a cadre reads only their own pairings; members never.
/// </summary>
public sealed class PairingQueries : IQueryFields
{
    public const int MaxRows = 2000;

    public void Add(ObjectGraphType q)
    {
        q.Field<NonNullGraphType<ListGraphType<NonNullGraphType<CadrePairingType>>>>("pairings")
            .Description($"Pairings in force in an area (history: ended ones too, newest first), at most {MaxRows}; a cadre sees their own.")
            .Argument<NonNullGraphType<StringGraphType>>("areaCode")
            .Argument<IdGraphType>("cadreId")
            .Argument<IdGraphType>("householdId")
            .Argument<BooleanGraphType>("history", "Include ended pairings. Default false.")
            .ResolveAsync(async ctx =>
            {
                var caller = Reader(ctx, ctx.GetArgument<string>("areaCode"));
                var prefix = Caller.PrefixOf(ctx.GetArgument<string>("areaCode"));
                var cadreId = caller.Role == Role.Cadre ? caller.CadreId ?? -1 : ctx.GetArgument<long?>("cadreId");
                var householdId = ctx.GetArgument<long?>("householdId");
                var history = ctx.GetArgument("history", false);
                await using var db = await ctx.DbAsync();
                var query = db.CadrePairings.AsNoTracking().Where(p => p.VillageCode.StartsWith(prefix));
                if (!history) query = query.Where(p => p.ValidTo == null);
                if (cadreId is { } c) query = query.Where(p => p.CadreId == c);
                if (householdId is { } h) query = query.Where(p => p.HouseholdId == h);
                return await Rows(db, query.OrderByDescending(p => p.ValidFrom).ThenByDescending(p => p.Id).Take(MaxRows), ctx.CancellationToken);
            });

        q.Field<PairingProposalType>("pairingProposal")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async ctx =>
            {
                var caller = ctx.Caller();
                caller.RequireRead();
                var id = ctx.GetArgument<long>("id");
                await using var db = await ctx.DbAsync();
                var p = await db.PairingProposals.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ctx.CancellationToken)
                    ?? throw new GridGovError(ErrorCodes.NotFound, PairingMessages.ProposalNotFound(id));
                if (!caller.Covers(p.AreaCode)) throw GridGovError.OutsideArea(p.AreaCode);
                return p;
            });

        q.Field<NonNullGraphType<PairingSettingsType>>("pairingSettings")
            .Description("The county's 「64321」 quotas and weights (the defaults until set).")
            .Argument<NonNullGraphType<StringGraphType>>("countyCode")
            .ResolveAsync(async ctx =>
            {
                var county = ctx.GetArgument<string>("countyCode");
                var caller = ctx.Caller();
                caller.RequireRead();
                if (!caller.CanRead(county)) throw GridGovError.OutsideArea(county);
                await using var db = await ctx.DbAsync();
                return new PairingSettingsView(county, await PairingLoader.CountySettingsAsync(db, county, ctx.CancellationToken));
            });
    }

    internal static Caller Reader(IResolveFieldContext ctx, string area)
    {
        var caller = ctx.Caller();
        caller.RequireRead();
        if (caller.Role == Role.PartyMember) throw GridGovError.Forbidden(PairingMessages.HiddenFromMembers);
        if (!caller.Covers(area)) throw GridGovError.OutsideArea(area);
        return caller;
    }

    internal static async Task<List<PairingRow>> Rows(GridGovDbContext db, IQueryable<CadrePairing> pairings, CancellationToken ct) =>
        [.. (await (from p in pairings
                    join c in db.Cadres on p.CadreId equals c.Id
                    join person in db.People on c.PersonId equals person.Id
                    join h in db.Households on p.HouseholdId equals h.Id
                    select new { p, person.Name, c.Rank, h.HeadName }).ToListAsync(ct))
            .OrderByDescending(x => x.p.ValidFrom).ThenByDescending(x => x.p.Id).Select(x => new PairingRow(x.p, x.Name, x.Rank, x.HeadName))];

    internal static async Task<PairingRow> RowAsync(GridGovDbContext db, CadrePairing pairing, CancellationToken ct) =>
        (await Rows(db, db.CadrePairings.AsNoTracking().Where(p => p.Id == pairing.Id), ct)).Single();
}
