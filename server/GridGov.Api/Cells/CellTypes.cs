using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Types;
using GridGov.Api.Areas;
using GridGov.Api.Households;
using GridGov.Api.Infrastructure;
using GridGov.Api.Members;
using GridGov.Api.Resources;
using GridGov.Domain.Cells;
using GridGov.Domain.Geo;
using GridGov.Persistence.Sql;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Api.Cells;

public sealed class GridCellType : ObjectGraphType<GridCell>
{
    /// <summary>The members each field reads (see <see cref="Projection{T}"/>); the leader is the related row of the direct path.</summary>
    public static readonly Projection<GridCell> Columns = new(["Id", "VillageCode"], new()
    {
        ["id"] = [], ["name"] = ["Name"], ["version"] = ["Version"], ["updatedAt"] = ["UpdatedAt"], ["source"] = ["Source"],
        ["areaSquareMeters"] = ["Geometry"], ["geometry"] = ["Geometry"], ["bbox"] = ["Geometry"], ["village"] = [],
        ["leader"] = ["LeaderMemberId"], ["households"] = [],
    });

    public GridCellType()
    {
        Name = "GridCell";
        Description = "网格: a polygon inside one village, owned by the village's branch.";
        Field(c => c.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(c => c.Name);
        Field(c => c.Version).Description("Row version: pass it back to update or delete; a stale one is a CONFLICT.");
        Field(c => c.UpdatedAt);
        Field<NonNullGraphType<DataSourceEnum>>("source").Resolve(c => c.Source.Source);
        Field<NonNullGraphType<FloatGraphType>>("areaSquareMeters").Description("Area in m², computed in EPSG:4545.")
            .Resolve(ctx => Math.Round(CoordinateConverter.ToMetric(ctx.Source.Geometry).Area, 1));
        this.AddGeometry(c => c.Geometry, "The cell polygon.");
        Field<NonNullGraphType<VillageType>>("village").Resolve(ctx => AreaLoaders.Area(ctx, ctx.Source.VillageCode));
        Field<PartyMemberType>("leader").Description("网格长.")
            .Resolve(ctx => ctx.Source.LeaderMemberId is { } id ? MemberLoaders.Member(ctx, id) : null);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<HouseholdType>>>>("households")
            .Description("Households whose house lies in this cell.")
            .Resolve(ctx => HouseholdLoaders.OfCell(ctx, ctx.Source.Id));
    }
}

internal static class CellLoaders
{
    public static IDataLoaderResult<GridCell?> Cell(IResolveFieldContext ctx, long id)
    {
        var caller = ctx.Caller();
        return ctx.Loaders().Get<long, GridCell>("cell", async (ids, ct) =>
        {
            await using var db = await ctx.DbAsync();
            return await db.GridCells.AsNoTracking().Visible(caller, db).Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        }).Load(id);
    }

    public static IDataLoaderResult<List<GridCell>> CellsOfVillage(IResolveFieldContext ctx, string villageCode)
    {
        var caller = ctx.Caller();
        return ctx.Loaders().Get<string, List<GridCell>>("cellsOfVillage", async (codes, ct) =>
        {
            await using var db = await ctx.DbAsync();
            var rows = await db.GridCells.AsNoTracking().Visible(caller, db).Where(c => codes.Contains(c.VillageCode))
                .OrderBy(c => c.Id).ToListAsync(ct);
            return rows.GroupBy(c => c.VillageCode).ToDictionary(g => g.Key, g => g.ToList());
        }).Load(villageCode).Then(l => l ?? []);
    }
}

public sealed class CellQueries : IQueryFields
{
    /// <summary>`gridCells(villageCode, changedSince)` with column fields and the leader's: answered by <see cref="DirectReads"/> once seen.</summary>
    public static readonly DirectList Direct = new("gridCells", typeof(GridCell), "c", GridCellType.Columns, Paged: false,
        new Dictionary<string, DirectArgument>
        {
            ["villageCode"] = new DirectArgument.Village("VillageCode"),
            ["changedSince"] = new DirectArgument.AtLeast("UpdatedAt"),
        },
        MaxRows: 5000,
        Relation: new DirectRelation("leader", "LeaderMemberId", typeof(Domain.Members.PartyMember), "l", Members.PartyMemberType.Columns),
        // Without one of them (or with `intersects`, not compiled) the usual path answers with its VALIDATION error.
        Required: ["villageCode", "changedSince"],
        // households as HouseholdLoaders.OfCell reads them: by cell, inside the area, not ended now.
        Children: [new DirectChild("households", typeof(Domain.Households.Household), "ch", HouseholdType.Columns,
            new ChildJoin.ByKey(nameof(Domain.Households.Household.CellId)), Single: false,
            AreaProperty: nameof(Domain.Households.Household.VillageCode), EndProperty: nameof(Domain.Households.Household.EndedAt))]);

    public void Add(ObjectGraphType query)
    {
        query.Field<GridCellType>("gridCell")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async ctx =>
            {
                var id = ctx.GetArgument<long>("id");
                var caller = ctx.Caller();
                await using var db = await ctx.DbAsync();
                return await SingleObject.VisibleOrErrorAsync(db.GridCells.AsNoTracking().Visible(caller, db), db.GridCells.AsNoTracking(),
                    c => c.Id == id, c => c.VillageCode, "cell", id, ctx.CancellationToken);
            });

        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<GridCellType>>>>("gridCells")
            .Description("Cells of a village, or intersecting a geometry, or changed since a time; always within your area.")
            .Argument<StringGraphType>("villageCode")
            .Argument<GeoJsonGraphType>("intersects")
            .Argument<CrsEnumType>("inputCrs", "CRS of geometry arguments without their own crs (default EPSG_4326).")
            .Argument<DateTimeOffsetGraphType>("changedSince", "Only cells created or changed at or after this time.")
            .ResolveAsync(async ctx =>
            {
                var caller = ctx.Caller();
                var villageCode = ctx.GetArgument<string?>("villageCode");
                var intersects = ctx.GetArgument<GeoInput?>("intersects");
                // Npgsql writes timestamptz only from UTC offsets: a client's +08:00 must not become an INTERNAL error.
                var since = ctx.GetArgument<DateTimeOffset?>("changedSince")?.ToUniversalTime();
                if (villageCode is null && intersects is null && since is null)
                    throw GridGovError.Invalid(Messages.CellsFilterMissing);
                await using var db = await ctx.DbAsync();
                var q = db.GridCells.AsNoTracking().Visible(caller, db);
                if (villageCode is not null)
                {
                    AreaQueries.RequireValidVillageCode(villageCode);
                    q = q.Where(c => c.VillageCode == villageCode);
                }
                if (intersects is not null)
                {
                    var g = await ctx.Service<SpatialInput>().ToStorageAsync(intersects, ctx.GetArgument<Crs?>("inputCrs"), ctx.CancellationToken);
                    q = q.Where(c => c.Geometry.Intersects(g));
                }
                if (since is not null) q = q.Where(c => c.UpdatedAt >= since);
                var cells = await ListWithLeadersAsync(ctx, db, q.OrderBy(c => c.Id).Take(5000));
                // Cells found means the village exists and is readable; only an empty answer needs the
                // second query that tells an unknown or foreign village (an error) from an empty one.
                if (cells.Count == 0 && villageCode is not null)
                    await AreaQueries.RequireVillageAsync(db, caller, villageCode, ctx.CancellationToken);
                return cells;
            });
    }

    /// <summary>
    /// The cells; when the query asks for their leaders (网格长), read them in the same statement and
    /// hand them to the member loader, so a list of cells with leaders costs one round trip, not two.
    /// </summary>
    private static async Task<List<GridCell>> ListWithLeadersAsync(IResolveFieldContext ctx, GridGov.Persistence.GridGovDbContext db, IQueryable<GridCell> cells)
    {
        var ct = ctx.CancellationToken;
        if (ctx.SubFields?.Values.Any(f => f.FieldType.Name == "leader") != true) return await cells.ToListAsync(ct);
        var members = MemberLoaders.VisibleAsRelated(db.PartyMembers.AsNoTracking(), ctx.Caller());
        var rows = await (from c in cells
                          join m in members on c.LeaderMemberId equals (long?)m.Id into leaders
                          from m in leaders.DefaultIfEmpty()
                          orderby c.Id
                          select new { c, m, p = m != null ? m.Person : null }).AsNoTracking().ToListAsync(ct);
        var found = new List<GridGov.Domain.Members.PartyMember>();
        foreach (var r in rows)
            if (r.m is not null)
            {
                r.m.Person = r.p;
                found.Add(r.m);
            }
        MemberLoaders.Prime(ctx, found);
        return rows.Select(r => r.c).ToList();
    }
}
