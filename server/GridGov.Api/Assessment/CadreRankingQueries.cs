using GraphQL;
using GraphQL.Types;
using GridGov.Api.Coverage;
using GridGov.Api.Infrastructure;
using GridGov.Api.Resources;
using GridGov.Domain.Access;
using GridGov.Domain.Areas;
using GridGov.Persistence.Assessment;
using GridGov.Persistence.Sql;

namespace GridGov.Api.Assessment;

public sealed class CadreRankingQueries : IQueryFields
{
    public void Add(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<CadreRankingRowType>>>>("cadreRanking")
            .Description("季度考核排名 of the county's 第一书记 (驻村工作组长), best first, ranked county-wide (docs/assessment.md); " +
                         "a township leader sees the rows of the own township.")
            .Argument<NonNullGraphType<StringGraphType>>("quarter", "e.g. 2026Q3; not a quarter still to come.")
            .ResolveAsync(async ctx =>
            {
                var caller = RequireLeader(ctx);
                var first = QuarterArgument.Get(ctx);
                await using var db = await ctx.DbAsync();
                var rows = await CadreRankingQuery.LoadAsync(db, ctx.Service<CoverageStore>(), Area.CountyCodeOf(caller.AreaCode), first,
                    ctx.Service<CoverageService>().Now, ctx.CancellationToken);
                return rows.Where(r => caller.Covers(r.VillageCode)).ToList();
            });

        query.Field<NonNullGraphType<CadreWeightsType>>("cadreWeights")
            .Description("The weights of the cadre ranking's parts in your county (the defaults until the county sets its own).")
            .ResolveAsync(async ctx =>
            {
                var caller = RequireLeader(ctx);
                await using var db = await ctx.DbAsync();
                return await CadreRankingQuery.WeightsAsync(db, Area.CountyCodeOf(caller.AreaCode), ctx.CancellationToken);
            });
    }

    /// <summary>County and township leaders, the organisation department and keys; not members, cadres or secretaries.</summary>
    internal static Caller RequireLeader(IResolveFieldContext ctx)
    {
        var caller = ctx.Caller();
        caller.RequireRead();
        if (caller.Role is Role.PartyMember or Role.Cadre or Role.BranchSecretary) throw GridGovError.Forbidden(AssessmentMessages.RankingHidden);
        return caller;
    }
}
