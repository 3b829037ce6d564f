using GridGov.Domain.Access;
using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Types;
using GraphQL.Types.Relay;
using GraphQL.Types.Relay.DataObjects;
using GridGov.Api.Areas;
using GridGov.Api.Cells;
using GridGov.Api.Infrastructure;
using GridGov.Api.Links;
using GridGov.Api.Resources;
using GridGov.Domain.Geo;
using GridGov.Domain.Households;
using GridGov.Domain.Links;
using GridGov.Persistence.Sql;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace GridGov.Api.Households;

public sealed class PovertyStatusEnum : EnumerationGraphType<PovertyStatus>
{
    public PovertyStatusEnum()
    {
        Name = "PovertyStatus";
        Description = "贫困户 POOR / 脱贫户 LIFTED_OUT / 监测户 MONITORED, or NONE.";
    }
}

public sealed class HouseholdType : ObjectGraphType<Household>
{
    /// <summary>The members each field reads, so that lists read only the columns asked for.</summary>
    public static readonly Projection<Household> Columns = new(["Id", "VillageCode"], new()
    {
        ["id"] = [], ["headName"] = ["HeadName"], ["householdNo"] = ["HouseholdNo"], ["address"] = ["Address"], ["assistance"] = ["Assistance"], ["size"] = ["Size"], ["povertyStatus"] = ["PovertyStatus"],
        ["source"] = ["Source"], ["idNumber"] = ["IdNumber"], ["phone"] = ["Phone"],
        ["geometry"] = ["Location"], ["bbox"] = ["Location"], ["village"] = [], ["cell"] = ["CellId"],
        ["currentLink"] = [], ["links"] = [], ["ties"] = [],
        ["endedAt"] = ["EndedAt"], ["endReason"] = ["EndReason"],
    });

    public HouseholdType()
    {
        Name = "Household";
        Description = "户: a house and its household.";
        Field(h => h.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(h => h.HeadName).Description("户主 name.");
        Field(h => h.Address, nullable: true).Description("地址.");
        Field<NonNullGraphType<SocialAssistanceEnum>>("assistance").Description("低保 / 特困, or NONE.").Resolve(c => c.Source.Assistance);
        Field(h => h.Size);
        Field(h => h.HouseholdNo, nullable: true).Description("户编号: the county's number for the household (the import's key), unique among the village's active households.");
        Field(h => h.EndedAt, nullable: true).Description("注销: when the household ended (moved away, died out, merged); null while it exists. Ended households are kept in history.");
        Field(h => h.EndReason, nullable: true).Description("Why it was ended (注销原因).");
        Field<NonNullGraphType<PovertyStatusEnum>>("povertyStatus").Resolve(c => c.Source.PovertyStatus);
        Field<NonNullGraphType<DataSourceEnum>>("source").Resolve(c => c.Source.Source);
        Field<StringGraphType>("idNumber")
            .Description("Head's ID number. Masked (5206**********1234) unless you are this village's secretary or hold `read-pii`.")
            .Resolve(ctx => ctx.Caller().SeesPersonalData(ctx.Source.VillageCode) ? ctx.Source.IdNumber : Masking.IdNumber(ctx.Source.IdNumber));
        Field<StringGraphType>("phone")
            .Description("Phone. Masked (138****5678) unless you are this village's secretary or hold `read-pii`.")
            .Resolve(ctx => ctx.Caller().SeesPersonalData(ctx.Source.VillageCode) ? ctx.Source.Phone : Masking.Phone(ctx.Source.Phone));
        this.AddGeometry(h => h.Location, "The house (a point).");
        Field<NonNullGraphType<VillageType>>("village").Resolve(ctx => AreaLoaders.Area(ctx, ctx.Source.VillageCode));
        Field<GridCellType>("cell").Description("The cell containing the house; null when outside every cell.")
            .Resolve(ctx => ctx.Source.CellId is { } id ? CellLoaders.Cell(ctx, id) : null);
        Field<LinkType>("currentLink").Description("The member responsible now (联系户), if any.")
            .Resolve(ctx => LinkLoaders.CurrentOfHousehold(ctx, ctx.Source.Id));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LinkType>>>>("links").Description("Link history, newest first.")
            .Resolve(ctx => LinkLoaders.HistoryOfHousehold(ctx, ctx.Source.Id));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TieType>>>>("ties").Description("Kinship and social ties to members.")
            .Resolve(ctx => LinkLoaders.TiesOfHousehold(ctx, ctx.Source.Id));
    }
}

public sealed class DWithinInputType : InputObjectGraphType<DWithinInput>
{
    public DWithinInputType()
    {
        Name = "DWithinInput";
        Description = "Within a distance in metres (measured on the spheroid, not in degrees).";
        Field(x => x.Geometry, type: typeof(NonNullGraphType<GeoJsonGraphType>));
        Field(x => x.Meters);
    }
}

public sealed class DWithinInput
{
    public GeoInput Geometry { get; set; } = null!;
    public double Meters { get; set; }
}

public sealed class NearestInputType : InputObjectGraphType<NearestInput>
{
    public NearestInputType()
    {
        Name = "NearestInput";
        Description = "The nearest houses to a point, ordered by distance in metres.";
        Field(x => x.Point, type: typeof(NonNullGraphType<GeoJsonGraphType>));
        Field(x => x.Limit, nullable: true).Description("How many (default 10, at most 100).");
    }
}

public sealed class NearestInput
{
    public GeoInput Point { get; set; } = null!;
    public int? Limit { get; set; }
}

public sealed class HouseholdFilter
{
    /// <summary>Any area: county, township or village code.</summary>
    public string? AreaCode { get; set; }
    public string? VillageCode { get; set; }
    public long? CellId { get; set; }
    public bool? Unlinked { get; set; }
    /// <summary>true: also households ended (注销) before now; otherwise only those that exist now.</summary>
    public bool IncludeEnded { get; set; }
    /// <summary>ILIKE pattern on the head's name (see <see cref="NameSearch"/>).</summary>
    public string? HeadNamePattern { get; set; }
    public Geometry? Intersects { get; set; }
    public Geometry? Within { get; set; }
    public (Geometry Geometry, double Meters)? DWithin { get; set; }
    public (Point Point, int Limit)? Nearest { get; set; }
}

public sealed class HouseholdQueries : IQueryFields
{
    /// <summary>`households(villageCode, areaCode, unlinked, first, after)` with column fields: answered by <see cref="DirectReads"/> once seen.</summary>
    public static readonly DirectList Direct = new("households", typeof(Household), "h", HouseholdType.Columns, Paged: true,
        new Dictionary<string, DirectArgument>
        {
            ["villageCode"] = new DirectArgument.Village("VillageCode"),
            ["areaCode"] = new DirectArgument.Area("VillageCode"),
            ["unlinked"] = new DirectArgument.Without(typeof(Link), "HouseholdId", "ValidTo"),
            ["includeEnded"] = new DirectArgument.IncludeEnded(),
        }, EndProperty: nameof(Household.EndedAt),
        // currentLink { member { … } } as LinkLoaders.CurrentOfHousehold and MemberLoaders read them: the open link, its member inside the area.
        Children: [new DirectChild("currentLink", typeof(Link), "cl", LinkType.Columns, new ChildJoin.ByKey(nameof(Link.HouseholdId), nameof(Link.ValidTo)),
            Single: true, AreaProperty: null,
            Relation: new DirectRelation("member", nameof(Link.MemberId), typeof(Domain.Members.PartyMember), "clm", Members.PartyMemberType.Columns))]);

    /// <summary>The argument of household lists that asks for history too.</summary>
    public const string IncludeEndedDescription = "true: also households ended (注销) before now, with endedAt; default false: only households that exist now.";

    public void Add(ObjectGraphType query)
    {
        query.Field<HouseholdType>("household")
            .Description("One household by id, ended (注销) or not.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async ctx =>
            {
                var id = ctx.GetArgument<long>("id");
                var caller = ctx.Caller();
                await using var db = await ctx.DbAsync();
                return await SingleObject.VisibleOrErrorAsync(db.Households.AsNoTracking().Visible(caller, db), db.Households.AsNoTracking(),
                    x => x.Id == id, x => x.VillageCode, "household", id, ctx.CancellationToken);
            });

        query.Field<NonNullGraphType<PagedType<HouseholdType>>>("households")
            .Description("Households in your area, filtered; spatial filters combine with AND.")
            .Argument<StringGraphType>("areaCode", "A county, township or village code: households inside that area.")
            .Argument<StringGraphType>("villageCode")
            .Argument<IdGraphType>("cellId")
            .Argument<BooleanGraphType>("unlinked", "true: only households with no current link; false: only linked ones.")
            .Argument<StringGraphType>("headName", "Only households whose head's name (户主) contains this text, case-insensitive; matched literally, at most 50 characters.")
            .Argument<BooleanGraphType>("includeEnded", IncludeEndedDescription)
            .Argument<GeoJsonGraphType>("intersects")
            .Argument<GeoJsonGraphType>("within")
            .Argument<DWithinInputType>("dwithin")
            .Argument<NearestInputType>("nearest")
            .Argument<CrsEnumType>("inputCrs", "CRS of geometry arguments without their own crs (default EPSG_4326).")
            .PagingArguments()
            .ResolveAsync(async ctx =>
            {
                var spatial = ctx.Service<SpatialInput>();
                var crs = ctx.GetArgument<Crs?>("inputCrs");
                var ct = ctx.CancellationToken;
                var filter = new HouseholdFilter
                {
                    AreaCode = ctx.GetArgument<string?>("areaCode"),
                    VillageCode = ctx.GetArgument<string?>("villageCode"),
                    CellId = ctx.GetArgument<long?>("cellId"),
                    Unlinked = ctx.GetArgument<bool?>("unlinked"),
                    HeadNamePattern = NameSearch.Pattern(ctx.GetArgument<string?>("headName"), "headName"),
                    IncludeEnded = ctx.GetArgument("includeEnded", false),
                };
                if (ctx.GetArgument<GeoInput?>("intersects") is { } i) filter.Intersects = await spatial.ToStorageAsync(i, crs, ct);
                if (ctx.GetArgument<GeoInput?>("within") is { } w) filter.Within = await spatial.ToStorageAsync(w, crs, ct);
                if (ctx.GetArgument<DWithinInput?>("dwithin") is { } d)
                {
                    if (!double.IsFinite(d.Meters) || d.Meters < 0 || d.Meters > 50_000)
                        throw GridGovError.Invalid(Messages.DWithinMetersOutOfRange);
                    filter.DWithin = (await spatial.ToStorageAsync(d.Geometry, crs, ct), d.Meters);
                }
                if (ctx.GetArgument<NearestInput?>("nearest") is { } n)
                {
                    var limit = n.Limit ?? 10;
                    if (limit is < 1 or > 100)
                        throw GridGovError.Invalid(Messages.NearestLimitOutOfRange);
                    if (await spatial.ToStorageAsync(n.Point, crs, ct) is not Point p)
                        throw GridGovError.Invalid(Messages.NearestPointNotPoint);
                    filter.Nearest = (p, limit);
                }
                return await Page(ctx, filter);
            });
    }

    public static async Task<Page> Page(IResolveFieldContext ctx, HouseholdFilter f)
    {
        var caller = ctx.Caller();
        var ct = ctx.CancellationToken;
        await using var db = await ctx.DbAsync();
        var q = db.Households.AsNoTracking().Visible(caller, db);
        if (!f.IncludeEnded) q = q.Where(Household.ActiveAt(ctx.Service<TimeProvider>().GetUtcNow()));
        if (f.AreaCode is not null)
        {
            var prefix = caller.ReadablePrefix(f.AreaCode);
            q = q.Where(h => h.VillageCode.StartsWith(prefix));
        }
        if (f.VillageCode is not null)
        {
            // The same answer as village(): a village outside the caller's area is FORBIDDEN, not an empty list.
            if (!caller.CanRead(f.VillageCode)) throw GridGovError.OutsideArea(f.VillageCode);
            q = q.Where(h => h.VillageCode == f.VillageCode);
        }
        if (f.CellId is not null) q = q.Where(h => h.CellId == f.CellId);
        if (f.Unlinked is true) q = q.Where(h => !db.Links.Any(l => l.HouseholdId == h.Id && l.ValidTo == null));
        if (f.Unlinked is false) q = q.Where(h => db.Links.Any(l => l.HouseholdId == h.Id && l.ValidTo == null));
        if (f.HeadNamePattern is { } name) q = q.Where(h => EF.Functions.ILike(h.HeadName, name, NameSearch.Escape));
        if (f.Intersects is { } ig) q = q.Where(h => h.Location.Intersects(ig));
        if (f.Within is { } wg) q = q.Where(h => h.Location.Within(wg));
        if (f.DWithin is { } dw)
        {
            // Index-friendly envelope in degrees first, then the exact spheroidal distance.
            var box = Spatial.ExpandByMeters(dw.Geometry, dw.Meters);
            q = q.Where(h => h.Location.Intersects(box) && EF.Functions.IsWithinDistance(h.Location, dw.Geometry, dw.Meters, true));
        }
        if (f.Nearest is { } near)
        {
            var found = await Spatial.NearestAsync(q, near.Point, near.Limit, ct);
            return Paging.Build(found, found.Count, h => h.Id, found.Count, false);
        }

        return await Paging.PageAsync(ctx, q, h => h.Id, HouseholdType.Columns.ForConnection(ctx));
    }
}

internal static class HouseholdLoaders
{
    public static IDataLoaderResult<List<Household>> OfCell(IResolveFieldContext ctx, long cellId)
    {
        var caller = ctx.Caller();
        return ctx.Loaders().Get<long, List<Household>>("householdsOfCell", async (ids, ct) =>
        {
            await using var db = await ctx.DbAsync();
            var rows = await db.Households.AsNoTracking().Visible(caller, db).Where(Domain.Households.Household.ActiveAt(ctx.Service<TimeProvider>().GetUtcNow()))
                .Where(h => h.CellId != null && ids.Contains(h.CellId.Value)).OrderBy(h => h.Id).ToListAsync(ct);
            return rows.GroupBy(h => h.CellId!.Value).ToDictionary(g => g.Key, g => g.ToList());
        }).Load(cellId).Then(l => l ?? []);
    }

    public static IDataLoaderResult<Household?> Household(IResolveFieldContext ctx, long id)
    {
        var caller = ctx.Caller();
        return ctx.Loaders().Get<long, Household>("household", async (ids, ct) =>
        {
            await using var db = await ctx.DbAsync();
            return await db.Households.AsNoTracking().Visible(caller, db).Where(h => ids.Contains(h.Id)).ToDictionaryAsync(h => h.Id, ct);
        }).Load(id);
    }
}
