using GraphQL;
using GraphQL.Types;
using GridGov.Api.CheckIns;
using GridGov.Api.Coverage;
using GridGov.Api.Infrastructure;
using GridGov.Api.Resources;
using GridGov.Domain.Access;
using GridGov.Domain.Areas;
using GridGov.Domain.Coverage;
using GridGov.Domain.Monthly;
using GridGov.Domain.Ranking;
using Microsoft.EntityFrameworkCore;

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

public sealed record RankingRow(AreaScore Score, string Name);

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
                var current = CoverageRules.CurrentMonth(service.Now);
                if (CoverageRules.IsFuture(first, service.Now)) throw GridGovError.Invalid(Messages.QuarterNotStarted);
                var months = Enumerable.Range(0, 3).Select(first.AddMonths).Where(m => m <= current).ToList();
                var county = Area.CountyCodeOf(caller.AreaCode);
                var level = ctx.GetArgument<RankingLevel>("level");
                var ct = ctx.CancellationToken;

                var sets = new List<CoverageSet>();
                foreach (var m in months) sets.Add(await service.LoadAsync(county, m, ct));
                var areas = sets[0].Areas.Values.Where(a => a.Level == (level == RankingLevel.Township ? AreaLevel.Township : AreaLevel.Village)).ToList();
                string Key(string villageCode) => level == RankingLevel.Township ? Area.TownshipCodeOf(villageCode) : villageCode;

                var lastMonth = months[^1];
                await using var db = await ctx.DbAsync();
                var reviews = await (from d in db.Declarations
                                     join h in db.Households on d.HouseholdId equals h.Id
                                     where d.Month >= first && d.Month <= lastMonth && d.Status != DeclarationStatus.Submitted
                                     group d by new { h.VillageCode, d.Status } into g
                                     select new { g.Key.VillageCode, g.Key.Status, N = g.Count() }).ToListAsync(ct);
                var compliance = new List<(string Village, double Value)>();
                foreach (var m in months)
                    compliance.AddRange((await CheckInRules.ComplianceAsync(db, Caller.PrefixOf(county), m, service.Now, ct))
                        .Select(c => (c.Cadre.VillageCode, c.Compliance)));

                var scores = areas.Select(a =>
                {
                    var linked = sets.Select(s => CoverageFigures.Sum(s.Villages.Values.Where(v => Key(v.VillageCode) == a.Code).Select(v => v.Figures))).ToList();
                    var approved = reviews.Where(r => Key(r.VillageCode) == a.Code && r.Status == DeclarationStatus.Approved).Sum(r => r.N);
                    var reviewed = reviews.Where(r => Key(r.VillageCode) == a.Code).Sum(r => r.N);
                    var cadres = compliance.Where(c => Key(c.Village) == a.Code).Select(c => c.Value).ToList();
                    return RankingRules.Score(a.Code, new Dictionary<RankingPart, double?>
                    {
                        [RankingPart.Coverage] = linked.Average(f => f.LinkedShare),
                        [RankingPart.Contact] = linked.Average(f => f.ContactedShare),
                        [RankingPart.Review] = reviewed > 0 ? (double)approved / reviewed : null,
                        [RankingPart.CheckIn] = cadres.Count > 0 ? cadres.Average() : null,
                    });
                });
                var names = areas.ToDictionary(a => a.Code, a => a.Name);
                return RankingRules.Rank(scores).Where(s => caller.CanRead(s.AreaCode)).Select(s => new RankingRow(s, names[s.AreaCode])).ToList();
            });
    }
}
