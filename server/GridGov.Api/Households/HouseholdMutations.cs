using GraphQL;
using GraphQL.Types;
using GridGov.Api.Infrastructure;
using GridGov.Api.Resources;
using GridGov.Domain.Access;
using GridGov.Domain.Areas;
using GridGov.Domain.Geo;
using GridGov.Domain.Households;
using GridGov.Persistence;
using GridGov.Persistence.Sql;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace GridGov.Api.Households;

/// <summary>
/// Keeping the household roster true between imports: a new household, corrections, a house that moved.
/// The county's organisation department over its county, a secretary over their village, a `write` key over its area.
/// </summary>
public sealed class HouseholdMutations : IMutationFields
{
    public void Add(ObjectGraphType m)
    {
        AuthorizationRule.Roles(m.Field<NonNullGraphType<HouseholdPayloadType>>("createHousehold")
            .Description("Adds a household to a village's roster (户编号 unique in the village: a duplicate is a CONFLICT). " +
                         "The house joins the grid cell that covers it.")
            .Argument<NonNullGraphType<CreateHouseholdInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.GetArgument<Dictionary<string, object?>>("input");
                var location = await LocationAsync(ctx, input);
                return await ctx.InTransactionAsync(async (db, caller) =>
                {
                    var ct = ctx.CancellationToken;
                    var village = await RosterValues.RequireRosterVillageAsync(db, caller, (string)input["villageCode"]!, ct);
                    var notes = new List<RosterNote>();
                    var h = new Household
                    {
                        VillageCode = village.Code,
                        HouseholdNo = HouseholdNo((string?)input["householdNo"]),
                        HeadName = RosterValues.Text((string?)input["headName"], Household.MaxHeadNameLength, Messages.HeadNameLength),
                        Location = location ?? Centre(village, notes),
                        Size = 1,
                        Source = DataSource.Entered,
                    };
                    Apply(h, input);
                    if (input.GetValueOrDefault("villageGroup") is int group) h.GroupId = await GroupIdAsync(db, village.Code, group, ct);
                    await RequireFreeNumberAsync(db, h, ct);
                    NoteOutside(village, h, location, notes);
                    db.Households.Add(h);
                    await db.SaveChangesAsync(ct);
                    await ReattachAsync(db, h, ct);
                    Audit.Record(db, caller, "createHousehold", "Household", h.Id, h.VillageCode, null, Snapshot(h));
                    return new HouseholdPayload(h, notes);
                });
            }), Role.CountyAdmin, Role.BranchSecretary, Role.System);

        AuthorizationRule.Roles(m.Field<NonNullGraphType<HouseholdPayloadType>>("updateHousehold")
            .Description("Corrects a household: only the fields given change. A moved house finds its grid cell again, " +
                         "and members living in it move with it.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Argument<NonNullGraphType<UpdateHouseholdInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var id = ctx.GetArgument<long>("id");
                var input = ctx.GetArgument<Dictionary<string, object?>>("input");
                if (input.Has("location") && input["location"] is null) throw GridGovError.Invalid(Messages.FieldCannotBeNull("location"));
                var location = await LocationAsync(ctx, input);
                return await ctx.InTransactionAsync(async (db, caller) =>
                {
                    var ct = ctx.CancellationToken;
                    var h = await db.Households.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw GridGovError.NotFound("household", id.ToString());
                    RosterValues.RequireRoster(caller, h.VillageCode);
                    var before = Snapshot(h);
                    var notes = new List<RosterNote>();
                    if (input.Has("householdNo")) h.HouseholdNo = HouseholdNo(input.NotNull<string>("householdNo"));
                    if (input.Has("headName")) h.HeadName = RosterValues.Text(input.NotNull<string>("headName"), Household.MaxHeadNameLength, Messages.HeadNameLength);
                    Apply(h, input);
                    if (input.Has("villageGroup"))
                        h.GroupId = input["villageGroup"] is int group ? await GroupIdAsync(db, h.VillageCode, group, ct) : null;
                    await RequireFreeNumberAsync(db, h, ct);
                    var moved = location is not null && h.MoveTo(location);
                    List<long> homesMoved = [];
                    if (moved)
                    {
                        var village = await db.Areas.AsNoTracking().FirstAsync(a => a.Code == h.VillageCode, ct);
                        NoteOutside(village, h, location, notes);
                        // A member's home is their own household's house: they move with it.
                        var living = await (from pm in db.PartyMembers
                                            join p in db.People on pm.PersonId equals p.Id
                                            where p.HouseholdId == h.Id && pm.VillageCode == h.VillageCode
                                            select pm).ToListAsync(ct);
                        foreach (var member in living) member.Home = h.Location;
                        homesMoved = living.Select(x => x.Id).ToList();
                    }
                    await db.SaveChangesAsync(ct);
                    if (moved) await ReattachAsync(db, h, ct);
                    var after = Snapshot(h);
                    if (!SameJson(before, after) || homesMoved.Count > 0)
                        Audit.Record(db, caller, "updateHousehold", "Household", h.Id, h.VillageCode, before,
                            homesMoved.Count == 0 ? after : new { household = after, memberHomesMoved = homesMoved });
                    return new HouseholdPayload(h, notes);
                });
            }), Role.CountyAdmin, Role.BranchSecretary, Role.System);
    }

    /// <summary>The optional attributes both mutations share; only those present in the input change.</summary>
    private static void Apply(Household h, Dictionary<string, object?> input)
    {
        if (input.Has("idNumber")) h.IdNumber = RosterValues.OptionalIdNumber((string?)input["idNumber"]);
        if (input.Has("phone")) h.Phone = RosterValues.Phone((string?)input["phone"]);
        if (input.Has("address")) h.Address = RosterValues.OptionalText((string?)input["address"], Household.MaxAddressLength, Messages.AddressTooLong);
        if (input.Has("size"))
            h.Size = input.NotNull<int>("size") is var size and >= 1 and <= 30 ? size : throw GridGovError.Invalid(Messages.HouseholdSizeOutOfRange);
        if (input.Has("povertyStatus")) h.PovertyStatus = input.NotNull<PovertyStatus>("povertyStatus");
        if (input.Has("assistance")) h.Assistance = input.NotNull<SocialAssistance>("assistance");
    }

    private static string HouseholdNo(string? text) => RosterValues.Text(text, Household.MaxHouseholdNoLength, Messages.HouseholdNoLength);

    private static async Task<Point?> LocationAsync(IResolveFieldContext ctx, Dictionary<string, object?> input) =>
        input.GetValueOrDefault("location") is GeoInput g
            ? await RosterValues.PointAsync(ctx, g, input.GetValueOrDefault("crs") is Crs c ? c : null)
            : null;

    private static Point Centre(Area village, List<RosterNote> notes)
    {
        notes.Add(new RosterNote("LOCATION_FROM_VILLAGE", Messages.NoteLocationFromVillage));
        return RosterValues.VillageCentre(village);
    }

    private static void NoteOutside(Area village, Household h, Point? given, List<RosterNote> notes)
    {
        if (given is null) return;
        var outside = RosterValues.MetersOutside(village, h.Location);
        if (outside > 0) notes.Add(new RosterNote("OUTSIDE_VILLAGE", Messages.NoteOutsideVillage(outside)));
    }

    /// <summary>户编号 is unique within the village: another household with it is a CONFLICT naming the number.</summary>
    private static async Task RequireFreeNumberAsync(GridGovDbContext db, Household h, CancellationToken ct)
    {
        if (h.HouseholdNo is { } no && await db.Households.AnyAsync(x => x.VillageCode == h.VillageCode && x.HouseholdNo == no && x.Id != h.Id, ct))
            throw new GridGovError(ErrorCodes.Conflict, Messages.HouseholdNoTaken(no, h.VillageCode));
    }

    /// <summary>村民小组 by number, created as 「N组」 when the village has none yet (as the import does).</summary>
    private static async Task<long> GroupIdAsync(GridGovDbContext db, string villageCode, int number, CancellationToken ct)
    {
        if (number <= 0) throw GridGovError.Invalid(Messages.VillageGroupInvalid);
        var group = await db.VillageGroups.FirstOrDefaultAsync(g => g.VillageCode == villageCode && g.Number == number, ct);
        if (group is null)
        {
            group = new VillageGroup { VillageCode = villageCode, Number = number, Name = $"{number}组", Source = DataSource.Entered };
            db.VillageGroups.Add(group);
            await db.SaveChangesAsync(ct);
        }
        return group.Id;
    }

    /// <summary>In the same transaction: the house belongs to the lowest-id cell of its village covering it, or none.</summary>
    private static async Task ReattachAsync(GridGovDbContext db, Household h, CancellationToken ct)
    {
        await db.Database.ExecuteSqlRawAsync(HouseholdCellSql.Reattach("h.id = {0}"), [h.Id], ct);
        // The statement set the cell in the database: the tracked entity takes it as its stored value.
        var cellId = await db.Households.Where(x => x.Id == h.Id).Select(x => x.CellId).SingleAsync(ct);
        var entry = db.Entry(h).Property(x => x.CellId);
        entry.OriginalValue = cellId;
        entry.CurrentValue = cellId;
    }

    private static bool SameJson(object a, object b) =>
        System.Text.Json.JsonSerializer.Serialize(a, GeoJson.Options) == System.Text.Json.JsonSerializer.Serialize(b, GeoJson.Options);

    /// <summary>Audit snapshot: ID number and phone masked (the audit log is read more widely than the roster).</summary>
    internal static object Snapshot(Household h) => new
    {
        h.Id, h.VillageCode, h.HouseholdNo, h.HeadName, IdNumber = Masking.IdNumber(h.IdNumber), Phone = Masking.Phone(h.Phone),
        h.GroupId, h.Address, h.Size, PovertyStatus = h.PovertyStatus.ToString(), Assistance = h.Assistance.ToString(),
        Location = Audit.Geo(h.Location),
    };
}
