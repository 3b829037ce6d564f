using GraphQL;
using GraphQL.Types;
using GridGov.Api.Infrastructure;
using GridGov.Api.Resources;
using GridGov.Domain.Access;
using GridGov.Domain.Coverage;
using GridGov.Domain.Households;
using GridGov.Domain.Links;
using GridGov.Persistence;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace GridGov.Api.Households;

public sealed class SplitHouseholdInputType : InputObjectGraphType<SplitHouseholdInput>
{
    public SplitHouseholdInputType()
    {
        Name = "SplitHouseholdInput";
        Description = "分户: the household that splits off.";
        Field(x => x.HouseholdNo, nullable: true).Description("Its 户编号: another number than the original's, unused among the village's active households.");
        Field(x => x.HeadName).Description("Its head (户主).");
        Field(x => x.Size).Description("People in it (1–30).");
        Field(x => x.Location, type: typeof(NonNullGraphType<GeoJsonGraphType>)).Description("Its house: a GeoJSON Point inside the village.");
        Field(x => x.RemainingSize, nullable: true).Description("People left in the original household (1–30); default: unchanged.");
    }
}

public sealed class SplitHouseholdInput
{
    public string? HouseholdNo { get; set; }
    public string HeadName { get; set; } = "";
    public int Size { get; set; }
    public GeoInput Location { get; set; } = null!;
    public int? RemainingSize { get; set; }
}

public sealed record SplitHousehold(Household Original, Household Household, int TiesCopied);

public sealed class SplitHouseholdPayloadType : ObjectGraphType<SplitHousehold>
{
    public SplitHouseholdPayloadType()
    {
        Name = "SplitHouseholdPayload";
        Field<NonNullGraphType<HouseholdType>>("original").Description("The household split from (its size reduced if asked).").Resolve(c => c.Source.Original);
        Field<NonNullGraphType<HouseholdType>>("household").Description("The new household; unlinked until a member is linked to it.").Resolve(c => c.Source.Household);
        Field(x => x.TiesCopied).Description("Ties of members to the original family copied to the new household.");
    }
}

/// <summary>
/// A household's life cycle: 注销 (endHousehold) and 分户 (splitHousehold). Roster upkeep
/// (<see cref="Caller.CanKeepRoster"/>): the county's organisation department, the village's
/// secretary, a `write` key. The rules are the household's own (<see cref="Household.End"/>,
/// <see cref="Household.SplitOff"/>); this file loads, checks access, saves and audits.
/// </summary>
public sealed class HouseholdLifecycleMutations : IMutationFields
{
    public void Add(ObjectGraphType m)
    {
        AuthorizationRule.Roles(m.Field<NonNullGraphType<HouseholdType>>("endHousehold")
            .Description("注销: ends a household now (moved away, died out, merged). It is kept in history: past months still count it; " +
                         "from now on coverage, tiles, lists and linking leave it out. Its current link ends in the same change.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Argument<NonNullGraphType<StringGraphType>>("reason", "Why (注销原因), at most 200 characters.")
            .ResolveAsync(async ctx => await ctx.InTransactionAsync(async (db, caller) =>
            {
                var ct = ctx.CancellationToken;
                var h = await LoadForRosterAsync(db, caller, ctx.GetArgument<long>("id"), ct);
                var now = ctx.Service<TimeProvider>().GetUtcNow();
                var current = await db.Links.FirstOrDefaultAsync(l => l.HouseholdId == h.Id && l.ValidTo == null, ct);
                var before = new { household = Snapshot(h), currentLink = current is null ? null : LinkSnapshot(current) };
                var reason = ctx.GetArgument<string>("reason");
                Apply(() => h.End(now, reason), h);
                current?.End(now, caller.Actor, "注销 / household ended: " + h.EndReason);
                Audit.Record(db, caller, "endHousehold", "Household", h.Id, h.VillageCode, before,
                    new { household = Snapshot(h), endedLink = current is null ? null : LinkSnapshot(current) });
                return h;
            })), Role.CountyAdmin, Role.BranchSecretary, Role.System);

        AuthorizationRule.Roles(m.Field<NonNullGraphType<SplitHouseholdPayloadType>>("splitHousehold")
            .Description("分户: a new household splits off from an existing one (its own 户编号, head, size and house). Members related to " +
                         "the family stay related: the original's ties are copied. The new household starts unlinked.")
            .Argument<NonNullGraphType<IdGraphType>>("id", "The household split from.")
            .Argument<NonNullGraphType<SplitHouseholdInputType>>("input")
            .Argument<CrsEnumType>("inputCrs", "CRS of the location if it has no crs of its own (default EPSG_4326).")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.GetArgument<SplitHouseholdInput>("input");
                var ct = ctx.CancellationToken;
                var location = await ctx.Service<SpatialInput>().ToStorageAsync(input.Location, ctx.GetArgument<Domain.Geo.Crs?>("inputCrs"), ct) as Point
                    ?? throw GridGovError.Invalid(Messages.LocationNotPoint);
                return await ctx.InTransactionAsync(async (db, caller) =>
                {
                    var original = await LoadForRosterAsync(db, caller, ctx.GetArgument<long>("id"), ct);
                    var now = ctx.Service<TimeProvider>().GetUtcNow();
                    var before = Snapshot(original);
                    var added = Apply(() => original.SplitOff(input.HouseholdNo, input.HeadName, input.Size, location, now, input.RemainingSize), original);

                    var boundary = await db.Areas.AsNoTracking().Where(a => a.Code == original.VillageCode).Select(a => a.Boundary).FirstOrDefaultAsync(ct);
                    if (boundary is not null && !boundary.Covers(location))
                        throw GridGovError.Invalid(Messages.SplitLocationOutsideVillage(original.VillageCode));
                    // The unique index holds among households not ended; say so plainly before it would.
                    if (added.HouseholdNo is { } no
                        && await db.Households.AnyAsync(x => x.VillageCode == original.VillageCode && x.HouseholdNo == no && x.EndedAt == null, ct))
                        throw GridGovError.Invalid(Messages.SplitHouseholdNoTaken(no));

                    db.Households.Add(added);
                    await db.SaveChangesAsync(ct);
                    // The house joins the cell that contains it (the cell editor's and the import's rule).
                    await db.Database.ExecuteSqlRawAsync(Persistence.Sql.HouseholdCellSql.Reattach("h.id = {0}"), [added.Id], ct);
                    var ties = await db.Ties.AsNoTracking().Where(t => t.HouseholdId == original.Id).OrderBy(t => t.Id).ToListAsync(ct);
                    db.Ties.AddRange(ties.Select(t => t.CopyFor(added.Id, now)));
                    await db.SaveChangesAsync(ct);
                    added.CellId = await db.Households.Where(x => x.Id == added.Id).Select(x => x.CellId).FirstAsync(ct);
                    Audit.Record(db, caller, "splitHousehold", "Household", added.Id, added.VillageCode, new { original = before },
                        new { original = Snapshot(original), household = Snapshot(added), tiesCopied = ties.Count });
                    return new SplitHousehold(original, added, ties.Count);
                });
            }), Role.CountyAdmin, Role.BranchSecretary, Role.System);
    }

    /// <summary>A household the caller keeps the roster of (tracked), its village locked: link and roster writes of a village queue up.</summary>
    private static async Task<Household> LoadForRosterAsync(GridGovDbContext db, Caller caller, long id, CancellationToken ct)
    {
        var h = await db.Households.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw GridGovError.NotFound("household", id.ToString());
        if (!caller.CanKeepRoster(h.VillageCode)) throw GridGovError.Forbidden(Messages.RosterNotWritable(h.VillageCode));
        await db.LockVillageAsync(h.VillageCode, ct);
        return h;
    }

    /// <summary>Runs a household state change; a rule it refuses becomes VALIDATION with its message.</summary>
    private static T Apply<T>(Func<T> change, Household h)
    {
        try
        {
            return change();
        }
        catch (HouseholdRuleException e)
        {
            throw GridGovError.Invalid(MessageOf(e.Rule, h));
        }
    }

    private static void Apply(Action change, Household h) => Apply(() => { change(); return 0; }, h);

    internal static BilingualText MessageOf(HouseholdRule rule, Household h) => rule switch
    {
        HouseholdRule.AlreadyEnded => Messages.HouseholdAlreadyEnded(h.EndedAt is { } at ? CoverageRules.DateOf(at).ToString("yyyy-MM-dd") : "?"),
        HouseholdRule.EndReasonMissing => Messages.HouseholdEndReasonMissing,
        HouseholdRule.EndReasonTooLong => Messages.HouseholdEndReasonTooLong(Household.MaxEndReasonLength),
        HouseholdRule.HeadNameMissing => Messages.HouseholdHeadNameMissing,
        HouseholdRule.SizeOutOfRange => Messages.SplitSizeOutOfRange(Household.MinSize, Household.MaxSize),
        HouseholdRule.SameHouseholdNo => Messages.HouseholdSameNo,
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, null),
    };

    // No ID numbers or phones in the audit: what changed is the household's existence, head, size and house.
    private static object Snapshot(Household h) => new
    {
        h.Id, h.VillageCode, h.HouseholdNo, h.HeadName, h.Size, h.GroupId, Location = Audit.Geo(h.Location), h.EndedAt, h.EndReason,
    };

    private static object LinkSnapshot(Link l) => new { l.Id, l.MemberId, l.HouseholdId, l.ValidFrom, l.ValidTo, l.EndedBy, l.EndReason };
}
