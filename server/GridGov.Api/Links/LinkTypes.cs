using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Types;
using GraphQL.Types.Relay;
using GridGov.Api.Households;
using GridGov.Api.Infrastructure;
using GridGov.Api.Members;
using GridGov.Api.Resources;
using GridGov.Domain.Links;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Api.Links;

public sealed class LinkBasisEnum : EnumerationGraphType<LinkBasis>
{
    public LinkBasisEnum()
    {
        Name = "LinkBasis";
        Description = "Why a link exists: BLOOD 血缘, MARRIAGE 亲缘, SOCIAL 人缘, PROXIMITY 地缘, or REMOTE (a migrant member's remote contact).";
    }
}

public sealed class TieKindEnum : EnumerationGraphType<TieKind>
{
    public TieKindEnum()
    {
        Name = "TieKind";
        Description = "BLOOD 血缘, MARRIAGE 亲缘 (in-laws), SOCIAL 人缘 (friends, neighbours, colleagues).";
    }
}

public sealed class TieOriginEnum : EnumerationGraphType<TieOrigin>
{
    public TieOriginEnum()
    {
        Name = "TieOrigin";
        Description = "DECLARED (entered or imported) outweighs INFERRED (e.g. same surname in the same natural village).";
    }
}

public sealed class LinkType : ObjectGraphType<Link>
{
    /// <summary>The members each field reads (see <see cref="Projection{T}"/>); the member is the related row of the direct path.</summary>
    public static readonly Projection<Link> Columns = new(["Id", "HouseholdId"], new()
    {
        ["id"] = [], ["validFrom"] = ["ValidFrom"], ["validTo"] = ["ValidTo"], ["basis"] = ["Basis"], ["locked"] = ["Locked"],
        ["distanceMeters"] = ["DistanceMeters"], ["explanation"] = ["Explanation"], ["createdBy"] = ["CreatedBy"], ["endedBy"] = ["EndedBy"],
        ["endReason"] = ["EndReason"], ["member"] = ["MemberId"],
    });

    public LinkType()
    {
        Name = "Link";
        Description = "联系户: a member responsible for a household over a period. Links end; they are never overwritten.";
        Field(l => l.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(l => l.ValidFrom);
        Field(l => l.ValidTo, nullable: true).Description("Null while the link is current.");
        Field<NonNullGraphType<LinkBasisEnum>>("basis").Resolve(c => c.Source.Basis);
        Field(l => l.Locked).Description("Locked by the secretary: the linking engine keeps it.");
        Field(l => l.DistanceMeters, nullable: true).Description("Member home → house, metres (EPSG:4545).");
        Field(l => l.Explanation, nullable: true).Description("e.g. 血缘: 堂兄 · 320 m.");
        Field(l => l.CreatedBy, nullable: true);
        Field(l => l.EndedBy, nullable: true);
        Field(l => l.EndReason, nullable: true);
        Field<PartyMemberType>("member").Resolve(ctx => MemberLoaders.Member(ctx, ctx.Source.MemberId));
        Field<HouseholdType>("household").Resolve(ctx => HouseholdLoaders.Household(ctx, ctx.Source.HouseholdId));
    }
}

public sealed class TieType : ObjectGraphType<Tie>
{
    public TieType()
    {
        Name = "Tie";
        Description = "A kinship or social tie between a member and a household.";
        Field(t => t.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field<NonNullGraphType<TieKindEnum>>("kind").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<TieOriginEnum>>("origin").Resolve(c => c.Source.Origin);
        Field(t => t.Relation, nullable: true).Description("e.g. 堂兄, 岳父, 邻居.");
        Field(t => t.Note, nullable: true);
        Field<PartyMemberType>("member").Resolve(ctx => MemberLoaders.Member(ctx, ctx.Source.MemberId));
        Field<HouseholdType>("household").Resolve(ctx => HouseholdLoaders.Household(ctx, ctx.Source.HouseholdId));
    }
}

public sealed class LinkQueries : IQueryFields
{
    public void Add(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<PagedType<LinkType>>>("links")
            .Description("Links of a member or a household. With asOf: those current at that time; without: the whole history.")
            .Argument<IdGraphType>("memberId")
            .Argument<IdGraphType>("householdId")
            .Argument<DateTimeOffsetGraphType>("asOf")
            .PagingArguments()
            .ResolveAsync(async ctx =>
            {
                var caller = ctx.Caller();
                var memberId = ctx.GetArgument<long?>("memberId");
                var householdId = ctx.GetArgument<long?>("householdId");
                var asOf = ctx.GetArgument<DateTimeOffset?>("asOf")?.ToUniversalTime(); // timestamptz parameters must be UTC
                if (memberId is null && householdId is null)
                    throw GridGovError.Invalid(Messages.LinksFilterMissing);
                await using var db = await ctx.DbAsync();
                var q = db.Links.AsNoTracking().Visible(caller, db);
                if (memberId is not null) q = q.Where(l => l.MemberId == memberId);
                if (householdId is not null) q = q.Where(l => l.HouseholdId == householdId);
                if (asOf is not null) q = q.Where(Link.InForceAt(asOf.Value));
                return await Paging.PageAsync(ctx, q, l => l.Id);
            });
    }
}

internal static class LinkLoaders
{
    public static IDataLoaderResult<Link?> CurrentOfHousehold(IResolveFieldContext ctx, long householdId)
    {
        var caller = ctx.Caller();
        return ctx.Loaders().Get<long, Link>("currentLink", async (ids, ct) =>
        {
            await using var db = await ctx.DbAsync();
            return await db.Links.AsNoTracking().Visible(caller, db).Where(l => l.ValidTo == null && ids.Contains(l.HouseholdId))
                .ToDictionaryAsync(l => l.HouseholdId, ct);
        }).Load(householdId);
    }

    public static IDataLoaderResult<List<Link>> HistoryOfHousehold(IResolveFieldContext ctx, long householdId)
    {
        var caller = ctx.Caller();
        return ctx.Loaders().Get<long, List<Link>>("linkHistory", async (ids, ct) =>
        {
            await using var db = await ctx.DbAsync();
            var rows = await db.Links.AsNoTracking().Visible(caller, db).Where(l => ids.Contains(l.HouseholdId))
                .OrderByDescending(l => l.ValidFrom).ToListAsync(ct);
            return rows.GroupBy(l => l.HouseholdId).ToDictionary(g => g.Key, g => g.ToList());
        }).Load(householdId).Then(l => l ?? []);
    }

    public static IDataLoaderResult<List<Tie>> TiesOfHousehold(IResolveFieldContext ctx, long householdId)
    {
        var caller = ctx.Caller();
        return ctx.Loaders().Get<long, List<Tie>>("ties", async (ids, ct) =>
        {
            await using var db = await ctx.DbAsync();
            var rows = await db.Ties.AsNoTracking().Visible(caller, db).Where(t => ids.Contains(t.HouseholdId))
                .OrderBy(t => t.Id).ToListAsync(ct);
            return rows.GroupBy(t => t.HouseholdId).ToDictionary(g => g.Key, g => g.ToList());
        }).Load(householdId).Then(l => l ?? []);
    }
}
