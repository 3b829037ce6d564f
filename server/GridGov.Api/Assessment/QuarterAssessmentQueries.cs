using GraphQL.Types;
using GridGov.Api.Infrastructure;
using GridGov.Domain.Areas;
using GridGov.Persistence.Assessment;

namespace GridGov.Api.Assessment;

public sealed class QuarterAssessmentQueries : IQueryFields
{
    public void Add(ObjectGraphType query) =>
        query.Field<NonNullGraphType<QuarterAssessmentType>>("quarterAssessment")
            .Description("The county's closed quarter: townships graded 「差」 with their escalation and history, the top 5 townships, the " +
                         "前20名 cadres and promotion priority. A township leader sees the rows of the own township.")
            .Argument<NonNullGraphType<StringGraphType>>("quarter", "e.g. 2026Q3.")
            .ResolveAsync(async ctx =>
            {
                var caller = CadreRankingQueries.RequireLeader(ctx);
                var first = QuarterArgument.Get(ctx);
                await using var db = await ctx.DbAsync();
                var q = await QuarterAssessmentQuery.LoadAsync(db, Area.CountyCodeOf(caller.AreaCode), first, ctx.CancellationToken);
                return q with
                {
                    Escalations = [.. q.Escalations.Where(e => caller.Covers(e.TownshipCode))],
                    TopTownships = [.. q.TopTownships.Where(t => caller.Covers(t.TownshipCode))],
                    TopCadres = [.. q.TopCadres.Where(c => caller.Covers(c.VillageCode))],
                    PromotionPriority = [.. q.PromotionPriority.Where(c => caller.Covers(c.VillageCode))],
                };
            });
}
