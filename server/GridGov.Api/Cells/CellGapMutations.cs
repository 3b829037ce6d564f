using GraphQL;
using GraphQL.Types;
using GridGov.Api.Areas;
using GridGov.Api.Infrastructure;
using GridGov.Api.Resources;
using GridGov.Domain.Cells;
using GridGov.Domain.Geo;
using NetTopologySuite.Geometries;

namespace GridGov.Api.Cells;

/// <summary>填补空白: the uncovered part of a village under a clicked point becomes a cell.</summary>
public sealed class CellGapMutations : IMutationFields
{
    public void Add(ObjectGraphType m)
    {
        m.Field<NonNullGraphType<GridCellPayloadType>>("fillGridGap")
            .Description("Makes the uncovered part of the village (inside its boundary, in no cell) that holds the point a new cell, " +
                         "under the same rules as createGridCell. A point inside a cell or outside the village is refused.")
            .Argument<NonNullGraphType<StringGraphType>>("villageCode")
            .Argument<NonNullGraphType<GeoJsonGraphType>>("point", "A Point inside the gap.")
            .Argument<CrsEnumType>("crs", "CRS of the point when it names none (default EPSG_4326).")
            .Argument<NonNullGraphType<StringGraphType>>("name")
            .ResolveAsync(async ctx =>
            {
                var villageCode = ctx.GetArgument<string>("villageCode");
                var name = CellMutations.CleanName(ctx.GetArgument<string>("name"));
                var geometry = await ctx.Service<SpatialInput>().ToStorageAsync(ctx.GetArgument<GeoInput>("point"), ctx.GetArgument<Crs?>("crs"), ctx.CancellationToken);
                if (geometry is not Point point)
                    throw new GridGovError(ErrorCodes.GeometryInvalid, Messages.GapPointNotPoint);
                return await ctx.InTransactionAsync(async (db, caller) =>
                {
                    var ct = ctx.CancellationToken;
                    var village = await AreaQueries.RequireVillageAsync(db, caller, villageCode, ct);
                    CellMutations.RequireWrite(caller, villageCode);
                    await db.LockVillageAsync(villageCode, ct);
                    if (village.Boundary is null) throw GridGovError.Invalid(Messages.CellVillageWithoutBoundary);
                    var gap = CellGaps.At(village.Boundary, await CellMutations.Siblings(db, villageCode, null, ct), point);
                    if (!gap.IsSuccess) throw CellMutations.ToError(gap.Error!);
                    return await CellMutations.CreateAsync(db, caller, village, name, gap.Polygon!, "fillGridGap", ct);
                });
            });
    }
}
