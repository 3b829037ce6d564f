using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Overlay;
using NetTopologySuite.Operation.OverlayNG;

namespace GridGov.Domain.Cells;

/// <summary>
/// 填补空白: the uncovered part of a village (inside its boundary, in no cell) that holds a clicked point. The result is
/// a candidate cell; it still goes through <see cref="CellGeometryRules.Prepare"/> before it is stored.
/// </summary>
public static class CellGaps
{
    /// <summary>
    /// The gap polygon under <paramref name="point"/> (storage coordinates), or an error naming the cell the point
    /// lies in, or saying it is outside the village.
    /// </summary>
    public static CellGeometryResult At(Geometry villageBoundary, IReadOnlyList<(long Id, string Name, Polygon Geometry)> cells, Point point)
    {
        ArgumentNullException.ThrowIfNull(villageBoundary);
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(point);
        if (cells.FirstOrDefault(c => c.Geometry.Covers(point)) is { Geometry: not null } inCell)
        {
            var text = CellMessages.GapPointInCell(inCell.Id, inCell.Name);
            return CellGeometryResult.Failure(new CellRuleError(CellErrorCodes.GeometryInvalid, text.Zh, text.En,
                Highlight: inCell.Geometry, CellId: inCell.Id, CellName: inCell.Name));
        }
        if (!villageBoundary.Covers(point))
        {
            var text = CellMessages.GapPointOutsideVillage();
            return CellGeometryResult.Failure(new CellRuleError(CellErrorCodes.GeometryOutsideVillage, text.Zh, text.En, Highlight: point));
        }
        Geometry gaps = villageBoundary;
        if (cells.Count > 0)
        {
            var covered = OverlayNGRobust.Union(cells.Select(c => (Geometry)c.Geometry).ToList(), villageBoundary.Factory);
            gaps = OverlayNGRobust.Overlay(villageBoundary, covered, SpatialFunction.Difference);
        }
        for (var i = 0; i < gaps.NumGeometries; i++)
        {
            if (gaps.GetGeometryN(i) is Polygon part && part.Covers(point))
            {
                part.SRID = villageBoundary.SRID;
                return CellGeometryResult.Success(part);
            }
        }
        // Only on an edge between a cell and the gap, where neither Covers test above is certain.
        var none = CellMessages.GapPointOnEdge();
        return CellGeometryResult.Failure(new CellRuleError(CellErrorCodes.GeometryInvalid, none.Zh, none.En, Highlight: point));
    }
}
