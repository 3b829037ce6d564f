using GraphQL;
using GraphQL.Types;
using GridGov.Api.Areas;
using GridGov.Api.Coverage;
using GridGov.Api.Infrastructure;
using GridGov.Api.Resources;
using GridGov.Domain.Access;
using GridGov.Domain.Coverage;
using GridGov.Domain.Households;
using GridGov.Domain.Links;
using GridGov.Domain.Members;
using GridGov.Domain.Monthly;
using GridGov.Persistence;
using GridGov.Persistence.Monthly;
using GridGov.Persistence.Sql;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Api.Monthly;

public sealed class MonthlyQueries : IQueryFields
{
    public void Add(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<DeclarationType>>>>("reviewQueue")
            .Description("The activity day's queue: submitted declarations of a village's month, oldest first.")
            .Argument<NonNullGraphType<StringGraphType>>("villageCode")
            .Argument<StringGraphType>("month", "YYYY-MM; default the running month.")
            .ResolveAsync(async ctx =>
            {
                var caller = ctx.Caller();
                caller.RequireRead();
                if (caller.Role is Role.PartyMember)
                    throw GridGovError.Forbidden(Messages.ReviewQueueHidden);
                var code = ctx.GetArgument<string>("villageCode");
                var month = MonthArgument.Get(ctx, ctx.Service<CoverageService>().Now);
                await using var db = await ctx.DbAsync();
                await AreaQueries.RequireVillageAsync(db, caller, code, ctx.CancellationToken);
                return await db.Declarations.AsNoTracking()
                    .Where(d => d.Month == month && d.Status == DeclarationStatus.Submitted
                                && db.Households.Any(h => h.Id == d.HouseholdId && h.VillageCode == code))
                    .OrderBy(d => d.CreatedAt).ThenBy(d => d.Id).ToListAsync(ctx.CancellationToken);
            });

        query.Field<NonNullGraphType<BranchBoardType>>("branchBoard")
            .Description("支部活动日展示: per member of the branch, households linked and contacted in the month, declarations by category, rating.")
            .Argument<NonNullGraphType<StringGraphType>>("villageCode")
            .Argument<StringGraphType>("month", "YYYY-MM; default the running month.")
            .ResolveAsync(async ctx =>
            {
                var caller = ctx.Caller();
                caller.RequireRead();
                var code = ctx.GetArgument<string>("villageCode");
                var service = ctx.Service<CoverageService>();
                var month = MonthArgument.Get(ctx, service.Now);
                await using var db = await ctx.DbAsync();
                await AreaQueries.RequireVillageAsync(db, caller, code, ctx.CancellationToken);
                return await BranchBoard.LoadAsync(db, code, month, service.Now, ctx.CancellationToken);
            });

        query.Field<NonNullGraphType<MemberReportType>>("memberReport")
            .Description("A member's month: cell, linked households as of the month (contacted or not), declarations, rating, flags.")
            .Argument<NonNullGraphType<IdGraphType>>("memberId")
            .Argument<StringGraphType>("month", "YYYY-MM; default the running month.")
            .ResolveAsync(async ctx =>
            {
                var caller = ctx.Caller();
                caller.RequireRead();
                var memberId = ctx.GetArgument<long>("memberId");
                var service = ctx.Service<CoverageService>();
                var month = MonthArgument.Get(ctx, service.Now);
                await using var db = await ctx.DbAsync();
                // With the person: PartyMember's name, gender, birth year and phone come from it.
                var member = await db.PartyMembers.AsNoTracking().Include(x => x.Person).FirstOrDefaultAsync(x => x.Id == memberId, ctx.CancellationToken)
                    ?? throw GridGovError.NotFound("member", memberId.ToString());
                if (!caller.Covers(member.VillageCode) || (caller.Role == Role.PartyMember && caller.MemberId != memberId))
                    throw GridGovError.Forbidden(Messages.MemberReportHidden);
                var facts = await MemberFacts.LoadAsync(db, member.VillageCode, memberId, month, service.Now, ctx.CancellationToken);
                var rules = await ctx.Service<CoverageStore>().RulesAsync(GridGov.Domain.Areas.Area.CountyCodeOf(member.VillageCode), ctx.CancellationToken);
                var capacity = rules.CapacityOf(member.Status, member.Capacity);
                var linked = facts.Linked(memberId);
                var households = await db.Households.AsNoTracking().Where(h => linked.Contains(h.Id)).OrderBy(h => h.Id).ToListAsync(ctx.CancellationToken);
                var mine = facts.Declarations.Where(d => d.MemberId == memberId).ToList();
                var thisMonth = mine.Where(d => d.Month == month).OrderBy(d => d.WorkDate).ThenBy(d => d.Id).ToList();
                var contacted = facts.ContactedHouseholds;
                var asOfDate = CoverageRules.DateOf(CoverageRules.AsOf(month, service.Now));
                var flags = MemberFlags.Evaluate(month, asOfDate, linked.Count, facts.Contacted(memberId), capacity,
                    mine.Select(d => new DeclarationFact(d.HouseholdId, d.Month, d.WorkDate, d.Category, d.Status)).ToList());
                var cell = await db.GridCells.AsNoTracking().Where(c => c.VillageCode == member.VillageCode && c.Geometry.Covers(member.Home))
                    .OrderBy(c => c.Id).FirstOrDefaultAsync(ctx.CancellationToken);
                var monthEnd = month.AddMonths(1);
                var lastVisits = await db.Declarations.AsNoTracking()
                    .Where(d => linked.Contains(d.HouseholdId) && d.Month < monthEnd && CoverageRules.ContactStatuses.Contains(d.Status))
                    .GroupBy(d => d.HouseholdId).Select(g => new { g.Key, Last = g.Max(d => d.WorkDate) })
                    .ToDictionaryAsync(x => x.Key, x => x.Last, ctx.CancellationToken);
                return new MemberReport(member, month, cell, households.Select(h => new ReportHousehold(h, contacted.Contains(h.Id),
                        lastVisits.TryGetValue(h.Id, out var lv) ? lv : null)).ToList(),
                    thisMonth, MemberFacts.ByCategory(thisMonth), facts.RatingOf(memberId),
                    flags.Select(f => new FlagItem(f)).ToList(), capacity);
            });
    }
}
