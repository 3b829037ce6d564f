using GraphQL;
using GraphQL.Types;
using GridGov.Api.Coverage;
using GridGov.Api.Infrastructure;
using GridGov.Api.Resources;
using GridGov.Domain.Access;
using GridGov.Domain.Areas;
using GridGov.Domain.Assessment;
using GridGov.Domain.Coverage;
using GridGov.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Api.Assessment;

public sealed class MonthlyDispatchQueries : IQueryFields
{
    public void Add(ObjectGraphType query) =>
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<MonthlyDispatchType>>>>("monthlyDispatches")
            .Description("乡镇党委书记每月调度 records of the townships in an area for a month, newest first.")
            .Argument<NonNullGraphType<StringGraphType>>("areaCode")
            .Argument<StringGraphType>("month", "YYYY-MM; default the running month.")
            .ResolveAsync(async ctx =>
            {
                var caller = CadreRankingQueries.RequireLeader(ctx);
                var code = ctx.GetArgument<string>("areaCode");
                if (!caller.CanRead(code)) throw GridGovError.OutsideArea(code);
                var month = MonthArgument.Get(ctx, ctx.Service<CoverageService>().Now);
                // A township leader asking for the county gets the own township only.
                var prefix = caller.Covers(code) ? Caller.PrefixOf(code) : caller.AreaPrefix;
                await using var db = await ctx.DbAsync();
                var rows = await db.MonthlyDispatches.AsNoTracking()
                    .Where(d => d.TownshipCode.StartsWith(prefix) && d.Date >= month && d.Date < month.AddMonths(1))
                    .OrderByDescending(d => d.Date).ThenByDescending(d => d.Id).ToListAsync(ctx.CancellationToken);
                return await ItemsAsync(db, rows, ctx.CancellationToken);
            });

    internal static async Task<List<MonthlyDispatchItem>> ItemsAsync(GridGovDbContext db, List<MonthlyDispatch> rows, CancellationToken ct)
    {
        var ids = rows.SelectMany(r => r.CadreIds).Distinct().ToList();
        var cadres = await (from c in db.Cadres.AsNoTracking()
                            join p in db.People on c.PersonId equals p.Id
                            where ids.Contains(c.Id)
                            select new CadrePresent(c.Id, p.Name, c.VillageCode)).ToDictionaryAsync(c => c.CadreId, ct);
        var towns = rows.Select(r => r.TownshipCode).Distinct().ToList();
        var names = await db.Areas.AsNoTracking().Where(a => towns.Contains(a.Code)).ToDictionaryAsync(a => a.Code, a => a.Name, ct);
        return rows.Select(r => new MonthlyDispatchItem(r, names.GetValueOrDefault(r.TownshipCode) ?? "",
            r.CadreIds.Where(cadres.ContainsKey).Select(id => cadres[id]).ToList())).ToList();
    }
}

public sealed class MonthlyDispatchMutations : IMutationFields
{
    public void Add(ObjectGraphType m) =>
        AuthorizationRule.Roles(m.Field<NonNullGraphType<MonthlyDispatchType>>("recordMonthlyDispatch")
            .Description("A township leader records the township's 每月调度 meeting: date, cadres present, notes, follow-ups; audited.")
            .Argument<NonNullGraphType<MonthlyDispatchInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.GetArgument<Dictionary<string, object?>>("input");
                var town = (string)input["townshipCode"]!;
                var date = (DateOnly)input["date"]!;
                var notes = ((string?)input["notes"] ?? "").Trim();
                var followUps = (input.GetValueOrDefault("followUps") as string)?.Trim();
                var idTexts = ((IEnumerable<object?>)input["cadreIds"]!).Select(x => x?.ToString() ?? "").ToList();
                if (town.Length != 12 || Area.TownshipCodeOf(town) != town || town.EndsWith("000000", StringComparison.Ordinal))
                    throw GridGovError.Invalid(AssessmentMessages.DispatchNotTownship(town));
                var today = CoverageRules.DateOf(ctx.Service<CoverageService>().Now);
                if (date > today || date < today.AddYears(-1)) throw GridGovError.Invalid(AssessmentMessages.DispatchDateInvalid(date));
                if (notes.Length == 0) throw GridGovError.Invalid(AssessmentMessages.DispatchNotesEmpty);
                if (notes.Length > MonthlyDispatch.MaxTextLength || followUps?.Length > MonthlyDispatch.MaxTextLength)
                    throw GridGovError.Invalid(AssessmentMessages.DispatchTextTooLong(MonthlyDispatch.MaxTextLength));
                var ids = new List<long>();
                foreach (var t in idTexts)
                    ids.Add(long.TryParse(t, out var id) ? id : throw GridGovError.NotFound("Cadre", t));
                return await ctx.InTransactionAsync(async (db, caller) =>
                {
                    var ct = ctx.CancellationToken;
                    if (caller.Role != Role.TownshipLeader || caller.AreaCode != town) throw GridGovError.Forbidden(AssessmentMessages.OnlyOwnTownship);
                    var prefix = Caller.PrefixOf(town);
                    var serving = await db.Cadres.AsNoTracking()
                        .Where(c => ids.Contains(c.Id) && c.VillageCode.StartsWith(prefix) && c.AssignedFrom <= date && (c.AssignedTo == null || c.AssignedTo >= date))
                        .Select(c => c.Id).ToListAsync(ct);
                    if (ids.FirstOrDefault(id => !serving.Contains(id)) is var missing and not 0)
                        throw GridGovError.Invalid(AssessmentMessages.DispatchCadreNotServing(missing));
                    var row = new MonthlyDispatch
                    {
                        TownshipCode = town, Date = date, CadreIds = [.. ids.Distinct()], Notes = notes,
                        FollowUps = string.IsNullOrEmpty(followUps) ? null : followUps, CreatedBy = caller.Actor, CreatedAt = DateTimeOffset.UtcNow,
                    };
                    db.MonthlyDispatches.Add(row);
                    await db.SaveChangesAsync(ct);
                    Audit.Record(db, caller, "recordMonthlyDispatch", "MonthlyDispatch", row.Id, town, null,
                        new { row.Date, row.CadreIds, row.Notes, row.FollowUps });
                    await db.SaveChangesAsync(ct);
                    return (await MonthlyDispatchQueries.ItemsAsync(db, [row], ct))[0];
                });
            }), Role.TownshipLeader);
}
