using GraphQL;
using GraphQL.Types;
using GraphQL.Types.Relay;
using GridGov.Api.Cells;
using GridGov.Api.Households;
using GridGov.Api.Infrastructure;
using GridGov.Api.Members;
using GridGov.Api.Resources;
using GridGov.Domain.Areas;
using GridGov.Domain.Geo;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Api.Areas;

public sealed class DataSourceEnum : EnumerationGraphType<DataSource>
{
    public DataSourceEnum()
    {
        Name = "DataSource";
        Description = "Where a row came from: REAL public data, SYNTHETIC sample data, ENTERED by users, or IMPORTED.";
    }
}

public sealed class CountyType : ObjectGraphType<Area>
{
    public CountyType()
    {
        Name = "County";
        Description = "县: the county.";
        Field(a => a.Code).Description("12-digit statistical code (统计用区划代码).");
        Field(a => a.Name);
        Field<NonNullGraphType<DataSourceEnum>>("boundarySource").Resolve(c => c.Source.BoundarySource);
        this.AddGeometry(a => a.Boundary, "The county boundary.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TownshipType>>>>("townships")
            .Resolve(ctx => AreaLoaders.Children(ctx, ctx.Source.Code));
    }
}

public sealed class TownshipType : ObjectGraphType<Area>
{
    public TownshipType()
    {
        Name = "Township";
        Description = "乡镇·街道: a township or street, keyed by its 12-digit statistical code.";
        Field(a => a.Code).Description("12-digit statistical code (统计用区划代码).");
        Field(a => a.Name);
        Field<NonNullGraphType<DataSourceEnum>>("boundarySource").Resolve(c => c.Source.BoundarySource);
        Field<GeoJsonGraphType>("knownPoint").Description("A geocoded centre (real data), where one is known.")
            .Argument<CrsEnumType>("crs", a => a.DefaultValue = Crs.Epsg4326)
            .Resolve(ctx => ctx.Source.KnownPoint is { } p ? GeoJson.Write(p, ctx.GetArgument("crs", Crs.Epsg4326)) : null);
        this.AddGeometry(a => a.Boundary, "The township boundary (synthetic in the sample).");
        Field<NonNullGraphType<CountyType>>("county").Resolve(ctx => AreaLoaders.Area(ctx, ctx.Source.ParentCode!));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<VillageType>>>>("villages")
            .Resolve(ctx => AreaLoaders.Children(ctx, ctx.Source.Code));
    }
}

public sealed class VillageType : ObjectGraphType<Area>
{
    public VillageType()
    {
        Name = "Village";
        Description = "村·社区: a village or community; the unit a party branch governs.";
        Field(a => a.Code).Description("12-digit statistical code (统计用区划代码).");
        Field(a => a.Name);
        Field(a => a.IsDeepPoverty).Description("深度贫困村.");
        Field(a => a.UrbanRuralCode, nullable: true).Description("城乡分类代码, 2016 edition where known: a hint, not 2023 truth.");
        Field<NonNullGraphType<DataSourceEnum>>("boundarySource").Resolve(c => c.Source.BoundarySource);
        Field<GeoJsonGraphType>("knownPoint").Description("A geocoded centre (real data), where one is known.")
            .Argument<CrsEnumType>("crs", a => a.DefaultValue = Crs.Epsg4326)
            .Resolve(ctx => ctx.Source.KnownPoint is { } p ? GeoJson.Write(p, ctx.GetArgument("crs", Crs.Epsg4326)) : null);
        this.AddGeometry(a => a.Boundary, "The village boundary (synthetic in the sample).");
        Field<NonNullGraphType<TownshipType>>("township").Resolve(ctx => AreaLoaders.Area(ctx, ctx.Source.ParentCode!));
        Field<PartyBranchType>("branch").Resolve(ctx => AreaLoaders.Branch(ctx, ctx.Source.Code));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<GridCellType>>>>("gridCells")
            .Resolve(ctx => CellLoaders.CellsOfVillage(ctx, ctx.Source.Code));
        Field<NonNullGraphType<PagedType<HouseholdType>>>("households")
            .Description("The village's households that exist now (or all, with includeEnded).")
            .Argument<BooleanGraphType>("includeEnded", HouseholdQueries.IncludeEndedDescription)
            .PagingArguments()
            .ResolveAsync(async ctx => await HouseholdQueries.Page(ctx,
                new HouseholdFilter { VillageCode = ctx.Source.Code, IncludeEnded = ctx.GetArgument("includeEnded", false) }));
        Field<NonNullGraphType<PagedType<PartyMemberType>>>("partyMembers")
            .PagingArguments()
            .ResolveAsync(async ctx => await MemberQueries.Page(ctx, ctx.Source.Code, null));
    }
}

public sealed class PartyBranchType : ObjectGraphType<PartyBranch>
{
    public PartyBranchType()
    {
        Name = "PartyBranch";
        Description = "党支部: the unit of grid management, one per village.";
        Field(b => b.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(b => b.Name);
        Field<NonNullGraphType<VillageType>>("village").Resolve(ctx => AreaLoaders.Area(ctx, ctx.Source.VillageCode));
        Field<PartyMemberType>("secretary").Description("支部书记.")
            .Resolve(ctx => ctx.Source.SecretaryMemberId is { } id ? MemberLoaders.Member(ctx, id) : null);
    }
}

public sealed class AreaQueries : IQueryFields
{
    public void Add(ObjectGraphType query)
    {
        query.Field<CountyType>("county")
            .Argument<StringGraphType>("code", "12-digit code; default: the county of your area.")
            .ResolveAsync(async ctx => await One(ctx, ctx.GetArgument<string?>("code") ?? Area.CountyCodeOf(ctx.Caller().AreaCode), AreaLevel.County));
        query.Field<TownshipType>("township")
            .Argument<NonNullGraphType<StringGraphType>>("code")
            .ResolveAsync(async ctx => await One(ctx, ctx.GetArgument<string>("code"), AreaLevel.Township));
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<TownshipType>>>>("townships")
            .Description("辖区内的乡镇，按代码排序。Townships in your area, ordered by code.")
            .ResolveAsync(async ctx =>
            {
                var caller = ctx.Caller();
                caller.RequireRead();
                await using var db = await ctx.DbAsync();
                var rows = await db.Areas.AsNoTracking().Where(a => a.Level == AreaLevel.Township).OrderBy(a => a.Code).ToListAsync(ctx.CancellationToken);
                return rows.Where(a => caller.CanRead(a.Code)).ToList();
            });
        query.Field<VillageType>("village")
            .Argument<NonNullGraphType<StringGraphType>>("code")
            .ResolveAsync(async ctx => await One(ctx, ctx.GetArgument<string>("code"), AreaLevel.Village));
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<VillageType>>>>("villages")
            .Description("辖区内的村（社区），按代码排序；可按乡镇、名称或几何范围筛选。Villages in your area, ordered by code; optionally of one township, by name, or intersecting a geometry.")
            .Argument<StringGraphType>("townshipCode")
            .Argument<StringGraphType>("name", "Only villages whose name contains this text, case-insensitive; matched literally, at most 50 characters.")
            .Argument<GeoJsonGraphType>("intersects")
            .Argument<CrsEnumType>("inputCrs", "CRS of geometry arguments without their own crs (default EPSG_4326).")
            .Argument<IntGraphType>("first", "At most this many (default and maximum 1000).")
            .Argument<StringGraphType>("after", "A village code: start after it.")
            .ResolveAsync(async ctx =>
            {
                var caller = ctx.Caller();
                caller.RequireRead();
                var township = ctx.GetArgument<string?>("townshipCode");
                var first = ctx.GetArgument<int?>("first") ?? 1000;
                if (first is < 0 or > 1000) throw GridGovError.Invalid(Messages.FirstOutOfRange(1000));
                var after = ctx.GetArgument<string?>("after");
                var name = NameSearch.Pattern(ctx.GetArgument<string?>("name"), "name");
                await using var db = await ctx.DbAsync();
                var (prefix, served) = (caller.AreaPrefix, caller.ListedVillages);
                var q = db.Areas.AsNoTracking().Where(a => a.Level == AreaLevel.Village);
                q = served is null ? q.Where(a => a.Code.StartsWith(prefix)) : q.Where(a => served.Contains(a.Code));
                if (township is not null)
                {
                    if (!await db.Areas.AnyAsync(a => a.Code == township && a.Level == AreaLevel.Township, ctx.CancellationToken))
                        throw GridGovError.NotFound("township", township);
                    q = q.Where(a => a.ParentCode == township);
                }
                if (ctx.GetArgument<GeoInput?>("intersects") is { } gi)
                {
                    var g = await ctx.Service<SpatialInput>().ToStorageAsync(gi, ctx.GetArgument<GridGov.Domain.Geo.Crs?>("inputCrs"), ctx.CancellationToken);
                    q = q.Where(a => a.Boundary!.Intersects(g));
                }
                if (name is not null) q = q.Where(a => EF.Functions.ILike(a.Name, name, NameSearch.Escape));
                if (after is not null) q = q.Where(a => string.Compare(a.Code, after) > 0);
                return await q.OrderBy(a => a.Code).Take(first).ToListAsync(ctx.CancellationToken);
            });
    }

    private static async Task<Area> One(IResolveFieldContext ctx, string code, AreaLevel level)
    {
        var caller = ctx.Caller();
        caller.RequireRead();
        if (!Area.IsValidCode(code))
            throw GridGovError.Invalid(Messages.AreaCodeNotTwelveDigits(code));
        await using var db = await ctx.DbAsync();
        var area = await db.Areas.AsNoTracking().FirstOrDefaultAsync(a => a.Code == code && a.Level == level, ctx.CancellationToken)
            ?? throw GridGovError.NotFound(level.ToString().ToLowerInvariant(), code);
        if (!caller.CanRead(code)) throw GridGovError.OutsideArea(code);
        return area;
    }

    /// <summary>The village exists and the caller may read it, or a NOT_FOUND/FORBIDDEN error.</summary>
    /// <summary>A VALIDATION error for a malformed village code, without asking the database.</summary>
    public static void RequireValidVillageCode(string code)
    {
        if (!Area.IsValidCode(code))
            throw GridGovError.Invalid(Messages.VillageCodeNotTwelveDigits(code));
    }

    public static async Task<Area> RequireVillageAsync(GridGov.Persistence.GridGovDbContext db, Caller caller, string code, CancellationToken ct)
    {
        RequireValidVillageCode(code);
        var v = await db.Areas.AsNoTracking().FirstOrDefaultAsync(a => a.Code == code && a.Level == AreaLevel.Village, ct)
            ?? throw GridGovError.NotFound("village", code);
        if (!caller.Covers(code)) throw GridGovError.OutsideArea(code);
        return v;
    }
}

internal static class AreaLoaders
{
    public static GraphQL.DataLoader.IDataLoaderResult<Area?> Area(IResolveFieldContext ctx, string code) =>
        ctx.Loaders().Get<string, Area>("area", async (codes, ct) =>
        {
            await using var db = await ctx.DbAsync();
            return await db.Areas.AsNoTracking().Where(a => codes.Contains(a.Code)).ToDictionaryAsync(a => a.Code, ct);
        }).Load(code);

    public static GraphQL.DataLoader.IDataLoaderResult<PartyBranch?> Branch(IResolveFieldContext ctx, string villageCode) =>
        ctx.Loaders().Get<string, PartyBranch>("branch", async (codes, ct) =>
        {
            await using var db = await ctx.DbAsync();
            return await db.PartyBranches.AsNoTracking().Where(b => codes.Contains(b.VillageCode)).ToDictionaryAsync(b => b.VillageCode, ct);
        }).Load(villageCode);

    public static GraphQL.DataLoader.IDataLoaderResult<List<Area>> Children(IResolveFieldContext ctx, string parentCode)
    {
        var caller = ctx.Caller();
        caller.RequireRead();
        return ctx.Loaders().Get<string, List<Area>>("children", async (codes, ct) =>
        {
            await using var db = await ctx.DbAsync();
            var rows = await db.Areas.AsNoTracking().Where(a => a.ParentCode != null && codes.Contains(a.ParentCode))
                .OrderBy(a => a.Code).ToListAsync(ct);
            return rows.GroupBy(a => a.ParentCode!).ToDictionary(g => g.Key, g => g.ToList());
        }).Load(parentCode).Then(list => (list ?? []).Where(a => caller.CanRead(a.Code)).ToList());
    }
}
