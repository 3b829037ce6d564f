using GraphQL;
using GraphQL.Types;
using GridGov.Api.Infrastructure;
using GridGov.Domain.Areas;
using GridGov.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Api.Areas;

public sealed class TownshipType : ObjectGraphType<Area>
{
    public TownshipType()
    {
        Name = "Township";
        Description = "乡镇·街道: a township or street, keyed by its 12-digit statistical code.";
        Field(a => a.Code).Description("12-digit statistical code (统计用区划代码).");
        Field(a => a.Name);
    }
}

public sealed class VillageType : ObjectGraphType<Area>
{
    public VillageType()
    {
        Name = "Village";
        Description = "村·社区: a village or community; the unit a party branch governs.";
        Field(a => a.Code).Description("12-digit statistical code (统计用区划代码).");
        Field(a => a.Name);
        Field<NonNullGraphType<TownshipType>>("township").Resolve(ctx => ctx.Source.Parent);
    }
}

public sealed class AreaQueries : IQueryFields
{
    public void Add(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<VillageType>>>>("villages")
            .Description("Villages, optionally of one township, ordered by code.")
            .Argument<StringGraphType>("townshipCode")
            .ResolveAsync(async ctx =>
            {
                var factory = ctx.RequestServices!.GetRequiredService<IDbContextFactory<GridGovDbContext>>();
                await using var db = await factory.CreateDbContextAsync(ctx.CancellationToken);
                var township = ctx.GetArgument<string?>("townshipCode");
                var q = db.Areas.AsNoTracking().Include(a => a.Parent).Where(a => a.Level == AreaLevel.Village);
                if (township is not null) q = q.Where(a => a.ParentCode == township);
                return await q.OrderBy(a => a.Code).ToListAsync(ctx.CancellationToken);
            });
    }
}
