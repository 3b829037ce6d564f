using GraphQL;
using GraphQL.Types;
using GridGov.Api.CheckIns;
using GridGov.Api.Coverage;
using GridGov.Api.Infrastructure;
using GridGov.Api.Resources;
using GridGov.Domain.Access;
using GridGov.Domain.Cadres;
using GridGov.Domain.Coverage;
using GridGov.Persistence.Cadres;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Api.Cadres;

public sealed class WorkLogMutations : IMutationFields
{
    private const int MaxHouseholds = 50;

    public void Add(ObjectGraphType m) =>
        AuthorizationRule.Roles(m.Field<NonNullGraphType<WorkLogEntryType>>("postWorkLog")
            .Description("工作信息（定时发布）: a first secretary or resident cadre posts a short report of the day's work in the village served.")
            .Argument<NonNullGraphType<WorkLogInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var caller = ctx.Caller();
                var cadreId = caller.CadreId ?? throw GridGovError.Forbidden(Messages.CheckInCadresOnly);
                var input = ctx.GetArgument<Dictionary<string, object?>>("input");
                var text = (input.GetValueOrDefault("text") as string ?? "").Trim();
                var households = (input.GetValueOrDefault("householdIds") as IEnumerable<object?> ?? [])
                    .Select(h => long.TryParse(h?.ToString(), out var id) ? id : throw GridGovError.NotFound("household", h?.ToString() ?? "")).Distinct().ToList();
                var clientId = CheckInRules.ClientId(input.GetValueOrDefault("clientId") as string);
                var today = CoverageRules.DateOf(ctx.Service<CoverageService>().Now);
                var day = input.GetValueOrDefault("day") as DateOnly? ?? today;
                return await ctx.InTransactionAsync(async (db, _) =>
                {
                    var ct = ctx.CancellationToken;
                    var cadre = await db.Cadres.AsNoTracking().FirstOrDefaultAsync(c => c.Id == cadreId, ct)
                        ?? throw GridGovError.NotFound("cadre", cadreId.ToString());
                    await db.Database.ExecuteSqlRawAsync("SELECT 1 FROM cadres WHERE id = {0} FOR UPDATE", [cadreId], ct);
                    var name = await db.People.AsNoTracking().Where(p => p.Id == cadre.PersonId).Select(p => p.Name).FirstAsync(ct);
                    if (clientId is { } cid && await db.WorkLogEntries.AsNoTracking().FirstOrDefaultAsync(w => w.CadreId == cadreId && w.ClientId == cid, ct) is { } earlier)
                        return earlier.SameContent(day, text, households) ? new WorkLogItem(earlier, name, cadre.Kind)
                            : throw new GridGovError(ErrorCodes.Conflict, Messages.WorkLogClientIdReused(cid.ToString(), earlier.Id),
                                new Dictionary<string, object?> { ["reason"] = "CLIENT_ID_REUSED", ["workLogId"] = earlier.Id.ToString() });
                    if (text.Length == 0) throw GridGovError.Invalid(Messages.WorkLogTextMissing);
                    if (day > today || day < today.AddDays(-WorkLogEntry.MaxDaysBack)) throw GridGovError.Invalid(Messages.WorkLogDayInvalid(WorkLogEntry.MaxDaysBack));
                    var served = await CadreVillages.OnAsync(db, cadreId, day, ct);
                    if (served.Count == 0) throw GridGovError.Forbidden(Messages.CheckInOutsideAssignment);
                    if (households.Count > MaxHouseholds) throw GridGovError.Invalid(Messages.WorkLogTooManyHouseholds(MaxHouseholds));
                    var found = await db.Households.AsNoTracking().Where(h => households.Contains(h.Id) && served.Contains(h.VillageCode))
                        .Select(h => new { h.Id, h.VillageCode }).ToListAsync(ct);
                    if (found.Count < households.Count) throw GridGovError.Invalid(Messages.WorkLogHouseholdOutside(households.Except(found.Select(h => h.Id)).First()));
                    // An entry is listed under one village: that of its households, else the first village served.
                    var villages = found.Select(h => h.VillageCode).Distinct().ToList();
                    if (villages.Count > 1) throw GridGovError.Invalid(CadreMessages.WorkLogTwoVillages);
                    var village = villages.FirstOrDefault() ?? served[0];
                    var entry = new WorkLogEntry
                    {
                        CadreId = cadreId, VillageCode = village, Day = day, Text = text, HouseholdIds = [.. households.Order()],
                        ClientId = clientId, CreatedAt = DateTimeOffset.UtcNow,
                    };
                    db.WorkLogEntries.Add(entry);
                    await db.SaveChangesAsync(ct);
                    Audit.Record(db, caller, "postWorkLog", "WorkLogEntry", entry.Id, village, null,
                        new { entry.Id, entry.CadreId, entry.Day, entry.Text, entry.HouseholdIds, entry.ClientId });
                    return new WorkLogItem(entry, name, cadre.Kind);
                });
            }), Role.Cadre);
}
