using GraphQL;
using GraphQL.Types;
using GraphQL.Types.Relay;
using GridGov.Api.Infrastructure;
using GridGov.Domain.Access;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Api.AuditLog;

public sealed class AuditEventType : ObjectGraphType<AuditEvent>
{
    public AuditEventType()
    {
        Name = "AuditEvent";
        Description = "One change: who, when, what, before and after (JSON text).";
        Field(a => a.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(a => a.At);
        Field(a => a.Actor);
        Field(a => a.Action);
        Field(a => a.EntityType);
        Field(a => a.EntityId);
        Field(a => a.AreaCode);
        Field("before", a => a.BeforeJson, nullable: true);
        Field("after", a => a.AfterJson, nullable: true);
    }
}

public sealed class AuditQueries : IQueryFields
{
    public void Add(ObjectGraphType query)
    {
        var field = query.Field<NonNullGraphType<PagedType<AuditEventType>>>("auditEvents")
            .Description("Changes in an area (default: yours), oldest first. Not for party-member accounts.")
            .Argument<StringGraphType>("areaCode")
            .Argument<DateTimeOffsetGraphType>("since")
            .PagingArguments()
            .ResolveAsync(async ctx =>
            {
                var caller = ctx.Caller();
                caller.RequireRead();
                var area = ctx.GetArgument<string?>("areaCode") ?? caller.AreaCode;
                if (!GridGov.Domain.Areas.Area.IsValidCode(area))
                    throw GridGovError.Invalid($"区划代码 {area} 无效。", $"Area code {area} is invalid.");
                if (!caller.Covers(area)) throw GridGovError.OutsideArea(area);
                var prefix = Caller.PrefixOf(area);
                var since = ctx.GetArgument<DateTimeOffset?>("since");
                await using var db = await ctx.DbAsync();
                var q = db.AuditEvents.AsNoTracking().Where(a => a.AreaCode.StartsWith(prefix));
                if (since is not null) q = q.Where(a => a.At >= since);
                var first = Paging.First(ctx);
                var after = Paging.After(ctx);
                var total = await Paging.TotalAsync(ctx, q);
                var rows = await (after is { } a ? q.Where(e => e.Id > a) : q).OrderBy(e => e.Id).Take(first + 1).ToListAsync(ctx.CancellationToken);
                return Paging.Build(rows, first, e => e.Id, total, after is not null);
            });
        AuthorizationRule.Roles(field, Role.CountyLeader, Role.TownshipLeader, Role.BranchSecretary, Role.System);
    }
}
