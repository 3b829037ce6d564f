using GraphQL;
using GraphQL.Types;
using GridGov.Api.Coverage;
using GridGov.Api.Infrastructure;
using GridGov.Api.Resources;
using GridGov.Domain.Access;
using GridGov.Domain.Areas;
using GridGov.Domain.Assessment;
using GridGov.Domain.Coverage;
using GridGov.Domain.Members;
using GridGov.Persistence.Assessment;
using GridGov.Persistence.Sql;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Api.Assessment;

public sealed class AssessmentMutations : IMutationFields
{
    public void Add(ObjectGraphType m)
    {
        AuthorizationRule.Roles(m.Field<NonNullGraphType<FloatGraphType>>("setCadreManualScore")
            .Description("The township's score (0–100) for a 第一书记 serving in it, for a quarter (the ranking's MANUAL part); audited. " +
                         "A quarter still to come: VALIDATION; a closed quarter: CONFLICT (reason QUARTER_CLOSED). Returns the score.")
            .Argument<NonNullGraphType<IdGraphType>>("cadreId")
            .Argument<NonNullGraphType<StringGraphType>>("quarter", "e.g. 2026Q3.")
            .Argument<NonNullGraphType<FloatGraphType>>("score", "0–100.")
            .Argument<StringGraphType>("note", $"Why, at most {CadreManualScore.MaxNoteLength} characters.")
            .ResolveAsync(async ctx =>
            {
                var first = QuarterArgument.Get(ctx);
                var score = ctx.GetArgument<double>("score");
                if (!CadreManualScore.ValidScore(score)) throw GridGovError.Invalid(AssessmentMessages.ManualScoreInvalid(score));
                var note = ctx.GetArgument<string?>("note")?.Trim();
                if (note?.Length > CadreManualScore.MaxNoteLength) throw GridGovError.Invalid(AssessmentMessages.NoteTooLong(CadreManualScore.MaxNoteLength));
                var idText = ctx.GetArgument<string>("cadreId");
                if (!long.TryParse(idText, out var id)) throw GridGovError.NotFound("Cadre", idText);
                return await ctx.InTransactionAsync(async (db, caller) =>
                {
                    var ct = ctx.CancellationToken;
                    var cadre = await db.Cadres.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw GridGovError.NotFound("Cadre", idText);
                    if (caller.Role != Role.TownshipLeader || !caller.Covers(cadre.VillageCode))
                        throw GridGovError.Forbidden(AssessmentMessages.OnlyTownshipLeader);
                    if (!Domain.Cadres.CadreKinds.IsRankedQuarterly(cadre.Kind)) throw GridGovError.Invalid(AssessmentMessages.CadreNotRanked(id));
                    var county = Area.CountyCodeOf(cadre.VillageCode);
                    if (await QuarterClosing.IsClosedAsync(db, county, first, ct)) throw QuarterArgument.Closed(first);
                    var row = await db.CadreManualScores.FirstOrDefaultAsync(s => s.CadreId == id && s.Quarter == first, ct);
                    var before = row is null ? null : new { row.Score, row.Note };
                    if (row is null) db.CadreManualScores.Add(row = new CadreManualScore { CadreId = id, Quarter = first, EnteredBy = caller.Actor });
                    row.Score = score;
                    row.Note = string.IsNullOrEmpty(note) ? null : note;
                    row.EnteredBy = caller.Actor;
                    row.EnteredAt = DateTimeOffset.UtcNow;
                    await db.SaveChangesAsync(ct);
                    Audit.Record(db, caller, "setCadreManualScore", "CadreManualScore", $"{id}/{QuarterArgument.Name(first)}", cadre.VillageCode,
                        before, new { Score = score, row.Note });
                    return score;
                });
            }), Role.TownshipLeader);

        AuthorizationRule.Roles(m.Field<NonNullGraphType<CadreWeightsType>>("setCadreWeights")
            .Description("The county organisation department sets the weights of the cadre ranking's parts (each 0–100, adding to 100); audited.")
            .Argument<NonNullGraphType<StringGraphType>>("countyCode")
            .Argument<NonNullGraphType<CadreWeightsInputType>>("weights")
            .ResolveAsync(async ctx =>
            {
                var county = ctx.GetArgument<string>("countyCode");
                var input = ctx.GetArgument<Dictionary<string, object?>>("weights");
                int W(string k) => Convert.ToInt32(input[k], System.Globalization.CultureInfo.InvariantCulture);
                var wanted = new CadreWeights
                {
                    CountyCode = county, CheckIn = W("checkIn"), WorkLog = W("workLog"), Coverage = W("coverage"),
                    Contact = W("contact"), PairingVisits = W("pairingVisits"), Manual = W("manual"),
                };
                if (!wanted.Valid) throw GridGovError.Invalid(AssessmentMessages.WeightsInvalid(wanted.ByPart.Values.Sum()));
                return await ctx.InTransactionAsync(async (db, caller) =>
                {
                    if (caller.Role != Role.CountyAdmin || caller.AreaCode != county) throw GridGovError.Forbidden(AssessmentMessages.OnlyCountyAdmin);
                    var row = await db.CadreWeights.FirstOrDefaultAsync(w => w.CountyCode == county, ctx.CancellationToken);
                    var before = row?.ByPart;
                    if (row is null) db.CadreWeights.Add(row = new CadreWeights { CountyCode = county });
                    (row.CheckIn, row.WorkLog, row.Coverage, row.Contact, row.PairingVisits, row.Manual) =
                        (wanted.CheckIn, wanted.WorkLog, wanted.Coverage, wanted.Contact, wanted.PairingVisits, wanted.Manual);
                    row.UpdatedAt = DateTimeOffset.UtcNow;
                    await db.SaveChangesAsync(ctx.CancellationToken);
                    Audit.Record(db, caller, "setCadreWeights", "CadreWeights", county, county, before, row.ByPart);
                    return row;
                });
            }), Role.CountyAdmin);

        AuthorizationRule.Roles(m.Field<NonNullGraphType<DateOnlyGraphType>>("closeAssessmentQuarter")
            .Description("考核定档: a county leader keeps an ended quarter's township and cadre rankings; escalation and promotion read them, " +
                         "and the quarter's township scores can no longer change. Not yet ended: VALIDATION; already closed: CONFLICT " +
                         "(reason QUARTER_CLOSED). Returns the quarter's first day.")
            .Argument<NonNullGraphType<StringGraphType>>("quarter", "e.g. 2026Q3.")
            .ResolveAsync(async ctx =>
            {
                var first = QuarterArgument.Get(ctx);
                var now = ctx.Service<CoverageService>().Now;
                if (first.AddMonths(3) > CoverageRules.CurrentMonth(now))
                    throw GridGovError.Invalid(AssessmentMessages.QuarterNotEnded(QuarterArgument.Name(first)));
                return await ctx.InTransactionAsync(async (db, caller) =>
                {
                    if (caller.Role != Role.CountyLeader) throw GridGovError.Forbidden(AssessmentMessages.OnlyCountyLeader);
                    var county = Area.CountyCodeOf(caller.AreaCode);
                    if (await QuarterClosing.IsClosedAsync(db, county, first, ctx.CancellationToken)) throw QuarterArgument.Closed(first);
                    await QuarterClosing.CloseAsync(db, ctx.Service<CoverageStore>(), county, first, caller.Actor, now, ctx.CancellationToken);
                    Audit.Record(db, caller, "closeAssessmentQuarter", "ClosedQuarter", QuarterArgument.Name(first), county, null,
                        new { Quarter = QuarterArgument.Name(first) });
                    await db.SaveChangesAsync(ctx.CancellationToken);
                    return first;
                });
            }), Role.CountyLeader);
    }
}
