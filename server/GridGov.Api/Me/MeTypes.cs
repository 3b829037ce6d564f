using GraphQL.Types;
using GridGov.Api.Areas;
using GridGov.Api.Infrastructure;
using GridGov.Domain.Access;

namespace GridGov.Api.Me;

public sealed class RoleEnum : EnumerationGraphType<Role>
{
    public RoleEnum()
    {
        Name = "Role";
        Description = "COUNTY_LEADER, TOWNSHIP_LEADER, BRANCH_SECRETARY (支部书记), PARTY_MEMBER, CADRE (第一书记/驻村干部), COUNTY_ADMIN (组织部: imports and keeps the rosters), or SYSTEM (an API key).";
    }
}

public sealed class MeType : ObjectGraphType<Caller>
{
    public MeType()
    {
        Name = "Me";
        Description = "The caller: who you are and the area you may see.";
        Field<NonNullGraphType<StringGraphType>>("username").Resolve(c => c.Source.Actor);
        Field<NonNullGraphType<RoleEnum>>("role").Resolve(c => c.Source.Role);
        Field<NonNullGraphType<StringGraphType>>("areaCode").Resolve(c => c.Source.AreaCode);
        Field<StringGraphType>("areaName").Resolve(ctx => AreaLoaders.Area(ctx, ctx.Source.AreaCode).Then(a => a?.Name));
        Field<IdGraphType>("memberId").Resolve(c => c.Source.MemberId);
        Field<IdGraphType>("cadreId").Description("The cadre behind a cadre account (第一书记 / 驻村干部).").Resolve(c => c.Source.CadreId);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("servedVillages")
            .Description("A cadre account's villages: those of its postings in force today (包村干部 serve several); empty for other roles.")
            .Resolve(c => c.Source.ServedVillages);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("scopes").Resolve(c => c.Source.Scopes.Order().ToList());
        Field<NonNullGraphType<BooleanGraphType>>("canWrite").Resolve(c => c.Source.MayWriteAnything);
    }
}

public sealed class MeQueries : IQueryFields
{
    public void Add(ObjectGraphType query) =>
        query.Field<NonNullGraphType<MeType>>("me").Resolve(ctx => ctx.Caller());
}
