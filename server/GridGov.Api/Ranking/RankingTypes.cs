using GraphQL;
using GraphQL.Types;
using GridGov.Api.Coverage;
using GridGov.Api.Infrastructure;
using GridGov.Api.Resources;
using GridGov.Domain.Access;
using GridGov.Domain.Areas;
using GridGov.Domain.Coverage;
using GridGov.Domain.Monthly;
using GridGov.Domain.Ranking;
using GridGov.Persistence.Ranking;
using GridGov.Persistence.Sql;

namespace GridGov.Api.Ranking;

public enum RankingLevel { Township, Village }

public sealed class RankingLevelEnum : EnumerationGraphType<RankingLevel>
{
    public RankingLevelEnum() { Name = "RankingLevel"; }
}

public sealed class RankingPartEnum : EnumerationGraphType<RankingPart>
{
    public RankingPartEnum()
    {
        Name = "RankingPart";
        Description = "COVERAGE (linked share, weight 35), CONTACT (contacted share, 30), REVIEW (approved ÷ reviewed, 15), CHECK_IN (cadre compliance, 20).";
    }
}

public sealed class ScorePartType : ObjectGraphType<ScorePart>
{
    public ScorePartType()
    {
        Name = "ScorePart";
        Field<NonNullGraphType<RankingPartEnum>>("part").Resolve(c => c.Source.Part);
        Field(p => p.Value).Description("The measured value, 0–1.");
        Field(p => p.Weight).Description("The documented weight (of 100).");
        Field(p => p.Points).Description("Points this part gives: weight × value, scaled when another part does not apply.");
        Field(p => p.Applicable).Description("False when there was nothing to measure (no cadre, no reviewed declaration).");
    }
}

public sealed class RankingRowType : ObjectGraphType<RankingRow>
{
    public RankingRowType()
    {
        Name = "RankingRow";
        Field<NonNullGraphType<StringGraphType>>("areaCode").Resolve(c => c.Source.Score.AreaCode);
        Field(r => r.Name);
        Field<NonNullGraphType<IntGraphType>>("rank").Description("1 = best, among all areas of the level in the county.").Resolve(c => c.Source.Score.Rank);
        Field<NonNullGraphType<FloatGraphType>>("score").Description("0–100.").Resolve(c => c.Source.Score.Score);
        Field<NonNullGraphType<BooleanGraphType>>("bottom").Description("Among the bottom five.").Resolve(c => c.Source.Score.Bottom);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ScorePartType>>>>("parts").Resolve(c => c.Source.Score.Parts);
    }
}

public sealed class RankingQueries : IQueryFields
{
    public void Add(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<RankingRowType>>>>("ranking")
            .Description("季度考核排名 of the townships or villages of your county, best first; you see the rows of your area.")
            .Argument<NonNullGraphType<RankingLevelEnum>>("level")
            .Argument<NonNullGraphType<StringGraphType>>("quarter", "e.g. 2026Q3.")
            .ResolveAsync(async ctx =>
            {
                var caller = ctx.Caller();
                caller.RequireRead();
                if (caller.Role is Role.PartyMember or Role.Cadre)
                    throw GridGovError.Forbidden(Messages.RankingsHidden);
                var q = ctx.GetArgument<string>("quarter");
                if (!RankingRules.TryParseQuarter(q, out var first))
                    throw GridGovError.Invalid(Messages.QuarterInvalid(q));
                var service = ctx.Service<CoverageService>();
                if (CoverageRules.IsFuture(first, service.Now)) throw GridGovError.Invalid(Messages.QuarterNotStarted);
                var county = Area.CountyCodeOf(caller.AreaCode);
                var level = ctx.GetArgument<RankingLevel>("level") == RankingLevel.Township ? AreaLevel.Township : AreaLevel.Village;
                await using var db = await ctx.DbAsync();
                var rows = await RankingQuery.LoadAsync(db, ctx.Service<CoverageStore>(), county, level, first, service.Now, ctx.CancellationToken);
                return rows.Where(r => caller.CanRead(r.Score.AreaCode)).ToList();
            });
    }
}
