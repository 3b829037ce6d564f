using GraphQL;
using GraphQL.Types;
using GridGov.Api.Coverage;
using GridGov.Api.Infrastructure;
using GridGov.Api.Resources;
using GridGov.Domain.Access;
using GridGov.Domain.Monthly;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Api.Cadres;

public sealed class WorkLogQueries : IQueryFields
{
    public void Add(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<WorkLogEntryType>>>>("workLog")
            .Description("工作信息 posted in an area's villages in a month, newest first (a cadre: their own).")
            .Argument<NonNullGraphType<StringGraphType>>("areaCode")
            .Argument<StringGraphType>("month", "YYYY-MM; default the running month.")
            .ResolveAsync(async ctx =>
            {
                var (caller, prefix, month) = Arguments(ctx);
                await using var db = await ctx.DbAsync();
                var rows = await (from w in db.WorkLogEntries.AsNoTracking()
                                  join c in db.Cadres on w.CadreId equals c.Id
                                  join p in db.People on c.PersonId equals p.Id
                                  where w.VillageCode.StartsWith(prefix) && w.Day >= month && w.Day < month.AddMonths(1)
                                        && (caller.CadreId == null || w.CadreId == caller.CadreId)
                                  orderby w.Day descending, w.Id descending
                                  select new { w, p.Name, c.Kind }).ToListAsync(ctx.CancellationToken);
                return rows.Select(r => new WorkLogItem(r.w, r.Name, r.Kind)).ToList();
            });

        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<WorkLedgerRowType>>>>("workLedger")
            .Description("工作实绩台账 per cadre assigned in an area for a month (a cadre: their own row). The attendance ledger (到岗到位台账) is cadreCompliance.")
            .Argument<NonNullGraphType<StringGraphType>>("areaCode")
            .Argument<StringGraphType>("month", "YYYY-MM; default the running month.")
            .ResolveAsync(async ctx =>
            {
                var (caller, prefix, month) = Arguments(ctx);
                await using var db = await ctx.DbAsync();
                return await Persistence.Cadres.WorkLedgerQuery.LoadAsync(db, prefix, month, caller.CadreId, ctx.CancellationToken);
            });
    }

    /// <summary>Leaders and secretaries read their area; a cadre reads only their own rows, in their own village; members never.</summary>
    private static (Caller Caller, string Prefix, DateOnly Month) Arguments(IResolveFieldContext ctx)
    {
        var caller = ctx.Caller();
        caller.RequireRead();
        if (caller.Role == Role.PartyMember) throw GridGovError.Forbidden(Messages.WorkLogHiddenFromMembers);
        var code = ctx.GetArgument<string>("areaCode");
        if (!caller.Covers(code)) throw GridGovError.OutsideArea(code);
        return (caller, Caller.PrefixOf(code), MonthArgument.Get(ctx, ctx.Service<CoverageService>().Now));
    }
}
