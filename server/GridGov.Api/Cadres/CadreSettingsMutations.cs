using GraphQL;
using GraphQL.Types;
using GridGov.Api.Infrastructure;
using GridGov.Api.Resources;
using GridGov.Domain.Access;
using GridGov.Domain.Cadres;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Api.Cadres;

public sealed class CadreSettingsMutations : IMutationFields
{
    public void Add(ObjectGraphType m) =>
        AuthorizationRule.Roles(m.Field<NonNullGraphType<IntGraphType>>("setCadreRequiredDays")
            .Description("The county organisation department sets the days a cadre must be present in a whole month (驻村每月不少于 N 天, " +
                         "default 20); cadreCompliance (到岗到位台账) and the ranking's CHECK_IN part count against it. Returns the days.")
            .Argument<NonNullGraphType<StringGraphType>>("countyCode")
            .Argument<NonNullGraphType<IntGraphType>>("days", "1–31.")
            .ResolveAsync(async ctx =>
            {
                var county = ctx.GetArgument<string>("countyCode");
                var days = ctx.GetArgument<int>("days");
                if (!CadreSettings.ValidRequiredDays(days)) throw GridGovError.Invalid(Messages.RequiredDaysInvalid(days));
                return await ctx.InTransactionAsync(async (db, caller) =>
                {
                    if (caller.Role != Role.CountyAdmin || caller.AreaCode != county) throw GridGovError.OutsideArea(county);
                    var row = await db.CadreSettings.FirstOrDefaultAsync(s => s.CountyCode == county, ctx.CancellationToken);
                    var before = row?.RequiredDaysPerMonth;
                    if (row is null) db.CadreSettings.Add(row = new CadreSettings { CountyCode = county });
                    row.RequiredDaysPerMonth = days;
                    row.UpdatedAt = DateTimeOffset.UtcNow;
                    await db.SaveChangesAsync(ctx.CancellationToken);
                    Audit.Record(db, caller, "setCadreRequiredDays", "CadreSettings", county, county,
                        before is null ? null : new { RequiredDaysPerMonth = before }, new { RequiredDaysPerMonth = days });
                    return days;
                });
            }), Role.CountyAdmin);
}
