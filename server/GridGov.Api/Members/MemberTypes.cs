using GridGov.Domain.Access;
using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Types;
using GraphQL.Types.Relay;
using GraphQL.Types.Relay.DataObjects;
using GridGov.Api.Areas;
using GridGov.Api.Cells;
using GridGov.Api.Households;
using GridGov.Api.Infrastructure;
using GridGov.Domain.Members;
using GridGov.Persistence.Sql;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Api.Members;

public sealed class MemberStatusEnum : EnumerationGraphType<MemberStatus>
{
    public MemberStatusEnum()
    {
        Name = "MemberStatus";
        Description = "ACTIVE, or MIGRANT (流动党员, away), ELDERLY, SICK, LEFT, DECEASED.";
    }
}

public sealed class GenderEnum : EnumerationGraphType<Gender>
{
    public GenderEnum() { Name = "Gender"; }
}

public sealed class PartyMemberType : ObjectGraphType<PartyMember>
{
    /// <summary>County defaults (the linking rules): 8 households; elderly/sick 3; migrants 0 (remote contact by hand).</summary>
    public static int EffectiveCapacity(PartyMember m) =>
        GridGov.Domain.Linking.MemberCapacity.Effective(m.Status, m.Capacity, GridGov.Domain.Linking.LinkingSettings.Default);

    /// <summary>The members each field reads, so that lists read only the columns asked for.</summary>
    public static readonly Projection<PartyMember> Columns = new(["Id", "VillageCode"], new()
    {
        ["id"] = [], ["name"] = ["Person.Name"], ["gender"] = ["Person.Gender"], ["birthYear"] = ["Person.BirthYear"],
        ["phone"] = ["Person.Phone"], ["status"] = ["Status"], ["capacity"] = ["Status", "Capacity"],
        ["joinedOn"] = ["JoinedOn"], ["probationary"] = ["IsProbationary"], ["geometry"] = ["Home"], ["bbox"] = ["Home"], ["village"] = [],
        ["households"] = [], ["cell"] = [], ["leadsCells"] = [],
    });

    public PartyMemberType()
    {
        Name = "PartyMember";
        Description = "党员 of a village branch.";
        Field(m => m.Id, type: typeof(NonNullGraphType<IdGraphType>));
        // Members are loaded with their person (one join), so these need no further query.
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(ctx => ctx.Source.Person?.Name ?? "");
        Field<GenderEnum>("gender").Resolve(ctx => ctx.Source.Person?.Gender);
        Field<IntGraphType>("birthYear").Resolve(ctx => ctx.Source.Person?.BirthYear);
        Field<StringGraphType>("phone").Description("Masked unless you are this village's secretary or hold `read-pii`.")
            .Resolve(ctx => ctx.Caller().SeesPersonalData(ctx.Source.VillageCode) ? ctx.Source.Person?.Phone : Masking.Phone(ctx.Source.Person?.Phone));
        Field<NonNullGraphType<MemberStatusEnum>>("status").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<IntGraphType>>("capacity").Description("Households this member may look after (own setting or the county default).")
            .Resolve(ctx => EffectiveCapacity(ctx.Source));
        Field(m => m.JoinedOn, nullable: true);
        Field<NonNullGraphType<BooleanGraphType>>("probationary").Description("预备党员: not yet a full member.").Resolve(c => c.Source.IsProbationary);
        this.AddGeometry(m => m.Home, "The member's home (a point).");
        Field<NonNullGraphType<VillageType>>("village").Resolve(ctx => AreaLoaders.Area(ctx, ctx.Source.VillageCode));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<HouseholdType>>>>("households")
            .Description("Households currently linked to this member (联系户).")
            .Resolve(ctx => MemberLoaders.LinkedHouseholds(ctx, ctx.Source.Id));
        Field<GridCellType>("cell").Description("The cell the member lives in.")
            .Resolve(ctx => MemberLoaders.HomeCell(ctx, ctx.Source.Id));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<GridCellType>>>>("leadsCells").Description("Cells this member leads (网格长).")
            .Resolve(ctx => MemberLoaders.LedCells(ctx, ctx.Source.Id));
    }
}

public sealed class MemberQueries : IQueryFields
{
    /// <summary>`partyMembers(villageCode, areaCode, status, first, after)` with column fields: answered by <see cref="DirectReads"/> once seen.</summary>
    public static readonly DirectList Direct = new("partyMembers", typeof(PartyMember), "m", PartyMemberType.Columns, Paged: true,
        new Dictionary<string, DirectArgument>
        {
            ["villageCode"] = new DirectArgument.Village("VillageCode"),
            ["areaCode"] = new DirectArgument.Area("VillageCode"),
            ["status"] = new DirectArgument.Equal("Status"),
        },
        // households as MemberLoaders.LinkedHouseholds reads them: through the member's open links, inside the area, ended or not.
        Children: [new DirectChild("households", typeof(Domain.Households.Household), "mh", HouseholdType.Columns,
            new ChildJoin.Through(typeof(Domain.Links.Link), nameof(Domain.Links.Link.MemberId), nameof(Domain.Links.Link.HouseholdId), nameof(Domain.Links.Link.ValidTo)),
            Single: false, AreaProperty: nameof(Domain.Households.Household.VillageCode))]);

    public void Add(ObjectGraphType query)
    {
        query.Field<PartyMemberType>("partyMember")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async ctx =>
            {
                var id = ctx.GetArgument<long>("id");
                var caller = ctx.Caller();
                await using var db = await ctx.DbAsync();
                return await SingleObject.VisibleOrErrorAsync(db.PartyMembers.AsNoTracking().Include(x => x.Person).Visible(caller),
                    db.PartyMembers.AsNoTracking(), x => x.Id == id, x => x.VillageCode, "member", id, ctx.CancellationToken);
            });

        query.Field<NonNullGraphType<PagedType<PartyMemberType>>>("partyMembers")
            .Argument<StringGraphType>("areaCode", "A county, township or village code: members of the villages inside it.")
            .Argument<StringGraphType>("villageCode")
            .Argument<MemberStatusEnum>("status")
            .PagingArguments()
            .ResolveAsync(async ctx => await Page(ctx, ctx.GetArgument<string?>("villageCode"), ctx.GetArgument<MemberStatus?>("status"),
                ctx.GetArgument<string?>("areaCode")));
    }

    public static async Task<Page> Page(IResolveFieldContext ctx, string? villageCode, MemberStatus? status, string? areaCode = null)
    {
        var caller = ctx.Caller();
        await using var db = await ctx.DbAsync();
        var q = db.PartyMembers.AsNoTracking().Include(m => m.Person).Visible(caller);
        if (areaCode is not null)
        {
            var prefix = caller.ReadablePrefix(areaCode);
            q = q.Where(m => m.VillageCode.StartsWith(prefix));
        }
        if (villageCode is not null) q = q.Where(m => m.VillageCode == villageCode);
        if (status is not null) q = q.Where(m => m.Status == status);
        return await Paging.PageAsync(ctx, q, m => m.Id, PartyMemberType.Columns.ForConnection(ctx));
    }
}

internal static class MemberLoaders
{
    public static IDataLoaderResult<PartyMember?> Member(IResolveFieldContext ctx, long id) => Loader(ctx).Load(id);

    /// <summary>Members already read by a join elsewhere fill the loader, so it needn't ask again.</summary>
    public static void Prime(IResolveFieldContext ctx, IEnumerable<PartyMember> members)
    {
        var loader = Loader(ctx);
        foreach (var m in members) loader.Prime(m.Id, m);
    }

    /// <summary>
    /// Members the caller may see as the related object of something visible (a leader, a link):
    /// those of the caller's area, even for a party-member caller.
    /// </summary>
    public static IQueryable<PartyMember> VisibleAsRelated(IQueryable<PartyMember> all, Caller caller) =>
        caller.Role == Domain.Access.Role.PartyMember
            ? all.Where(m => m.VillageCode.StartsWith(caller.AreaPrefix))
            : all.Visible(caller);

    private static BatchLoader<long, PartyMember> Loader(IResolveFieldContext ctx)
    {
        var caller = ctx.Caller();
        return ctx.Loaders().Get<long, PartyMember>("member", async (ids, ct) =>
        {
            await using var db = await ctx.DbAsync();
            return await VisibleAsRelated(db.PartyMembers.AsNoTracking().Include(m => m.Person), caller)
                .Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);
        });
    }

    public static IDataLoaderResult<List<Domain.Households.Household>> LinkedHouseholds(IResolveFieldContext ctx, long memberId)
    {
        var caller = ctx.Caller();
        return ctx.Loaders().Get<long, List<Domain.Households.Household>>("householdsOfMember", async (ids, ct) =>
        {
            await using var db = await ctx.DbAsync();
            var rows = await (from l in db.Links
                              join h in db.Households.Visible(caller, db) on l.HouseholdId equals h.Id
                              where l.ValidTo == null && ids.Contains(l.MemberId)
                              orderby h.Id
                              select new { l.MemberId, h }).AsNoTracking().ToListAsync(ct);
            return rows.GroupBy(r => r.MemberId).ToDictionary(g => g.Key, g => g.Select(r => r.h).ToList());
        }).Load(memberId).Then(l => l ?? []);
    }

    public static IDataLoaderResult<Domain.Cells.GridCell?> HomeCell(IResolveFieldContext ctx, long memberId)
    {
        var caller = ctx.Caller();
        return ctx.Loaders().Get<long, Domain.Cells.GridCell>("homeCell", async (ids, ct) =>
        {
            await using var db = await ctx.DbAsync();
            var rows = await (from m in db.PartyMembers
                              from c in db.GridCells.Visible(caller, db)
                              where ids.Contains(m.Id) && c.VillageCode == m.VillageCode && c.Geometry.Covers(m.Home)
                              orderby c.Id
                              select new { m.Id, c }).AsNoTracking().ToListAsync(ct);
            return rows.GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.First().c);
        }).Load(memberId);
    }

    public static IDataLoaderResult<List<Domain.Cells.GridCell>> LedCells(IResolveFieldContext ctx, long memberId)
    {
        var caller = ctx.Caller();
        return ctx.Loaders().Get<long, List<Domain.Cells.GridCell>>("ledCells", async (ids, ct) =>
        {
            await using var db = await ctx.DbAsync();
            var rows = await db.GridCells.AsNoTracking().Visible(caller, db)
                .Where(c => c.LeaderMemberId != null && ids.Contains(c.LeaderMemberId.Value)).OrderBy(c => c.Id).ToListAsync(ct);
            return rows.GroupBy(c => c.LeaderMemberId!.Value).ToDictionary(g => g.Key, g => g.ToList());
        }).Load(memberId).Then(l => l ?? []);
    }
}
