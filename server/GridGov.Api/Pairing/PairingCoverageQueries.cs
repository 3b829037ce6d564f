using GraphQL;
using GraphQL.Types;
using GridGov.Api.Infrastructure;
using GridGov.Persistence.Pairing;

namespace GridGov.Api.Pairing;

public sealed class PairingFiguresType : ObjectGraphType<PairingFigures>
{
    public PairingFiguresType()
    {
        Name = "PairingFigures";
        Description = "结对帮扶 figures of an area or village (docs/coverage.md).";
        Field(f => f.VillageCode).Description("The village, or the area's code for the totals.");
        Field(f => f.PoorHouseholds).Description("Existing poor, lifted-out and monitored households.");
        Field(f => f.Paired).Description("With a pairing cadre who still serves the village.");
        Field(f => f.WithoutPairingCadre).Description("Poor households without a pairing cadre.");
        Field(f => f.VisitedLast30Days).Description("Paired households named in their pairing cadre's work log within the last 30 days.");
        Field(f => f.NotVisitedLast30Days);
    }
}

public sealed class PairingCoverageType : ObjectGraphType<(PairingFigures Total, List<PairingFigures> Villages)>
{
    public PairingCoverageType()
    {
        Name = "PairingCoverage";
        Field<NonNullGraphType<PairingFiguresType>>("total").Resolve(c => c.Source.Total);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PairingFiguresType>>>>("villages")
            .Description("Villages with poor households, by code.").Resolve(c => c.Source.Villages);
    }
}

public sealed class PairingCoverageQueries : IQueryFields
{
    public void Add(ObjectGraphType q) =>
        q.Field<NonNullGraphType<PairingCoverageType>>("pairingCoverage")
            .Description("结对帮扶 figures today: poor households without a pairing cadre, visits by the pairing cadre in the last 30 days.")
            .Argument<NonNullGraphType<StringGraphType>>("areaCode")
            .ResolveAsync(async ctx =>
            {
                var area = ctx.GetArgument<string>("areaCode");
                PairingQueries.Reader(ctx, area);
                await using var db = await ctx.DbAsync();
                var villages = await PairingCoverage.LoadAsync(db, area, PairingLoader.ChinaToday, ctx.CancellationToken);
                var total = new PairingFigures(area, villages.Sum(v => v.PoorHouseholds), villages.Sum(v => v.Paired), villages.Sum(v => v.VisitedLast30Days));
                return (object)(total, villages);
            });
}
