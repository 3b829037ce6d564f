using GraphQL;
using GraphQL.Types;
using GraphQL.Types.Relay;
using GridGov.Api.Infrastructure;
using GridGov.Api.Resources;
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
                    throw GridGovError.Invalid(Messages.AreaCodeInvalid(area));
                if (!caller.Covers(area)) throw GridGovError.OutsideArea(area);
                var prefix = Caller.PrefixOf(area);
                var since = ctx.GetArgument<DateTimeOffset?>("since")?.ToUniversalTime(); // timestamptz parameters must be UTC
                await using var db = await ctx.DbAsync();
                var q = db.AuditEvents.AsNoTracking().Where(a => a.AreaCode.StartsWith(prefix));
                if (since is not null) q = q.Where(a => a.At >= since);
                return await Paging.PageAsync(ctx, q, e => e.Id);
            });
        AuthorizationRule.Roles(field, Role.CountyLeader, Role.TownshipLeader, Role.BranchSecretary, Role.System);
    }
}
