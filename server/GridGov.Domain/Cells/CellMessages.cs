using System.Globalization;
using NetTopologySuite.Operation.Valid;

namespace GridGov.Domain.Cells;

/// <summary>One message in both languages: Chinese for secretaries, English for integrators and logs.</summary>
public readonly record struct CellText(string Zh, string En);

/// <summary>
/// Every message of the cell geometry rules, in one place. These are domain messages (they state
/// a rule and what broke it), not UI resources.
/// </summary>
public static class CellMessages
{
    private static string M2(double squareMeters) => squareMeters.ToString("0.0", CultureInfo.InvariantCulture);

    public static CellText CoordinatesSwapped() => new(
        "坐标的经度和纬度似乎写反了（本县经度约 108°、纬度约 28°），请交换经纬度后重新提交。",
        "Longitude and latitude seem to be swapped (this county is at about 108°E, 28°N); swap them and submit again.");

    public static CellText CoordinatesOutOfRange() => new(
        "坐标超出经纬度范围，请使用 WGS84 经纬度（不是平面坐标）。",
        "Coordinates are outside the longitude/latitude range; send WGS84 longitude/latitude, not projected coordinates.");

    public static CellText NonFinite() => new(
        "坐标中含有无效数字（NaN 或无穷大）。",
        "The coordinates contain non-finite numbers (NaN or infinity).");

    public static CellText Empty() => new("网格图形为空。", "The cell geometry is empty.");

    public static CellText NotAPolygon(string geometryType) => new(
        $"网格必须是一个面（多边形），收到的是 {geometryType}。",
        $"A cell must be a single polygon; got {geometryType}.");

    public static CellText MultipleParts(int parts) => new(
        $"网格必须是一个连续的面，收到的图形有 {parts} 个部分。",
        $"A cell must be one contiguous polygon; the geometry has {parts} parts.");

    public static CellText TooFewVertices(int distinct) => new(
        $"网格边界至少需要 3 个不同的顶点，只有 {distinct} 个。",
        $"A cell boundary needs at least 3 distinct vertices; it has {distinct}.");

    public static CellText ZeroArea() => new("网格面积为零。", "The cell has zero area.");

    public static CellText Invalid(TopologyValidationErrors reason, bool afterSnapping)
    {
        var (zh, en) = reason switch
        {
            TopologyValidationErrors.SelfIntersection or TopologyValidationErrors.RingSelfIntersection =>
                ("网格边界自相交（例如画成了“8”字形）", "the cell boundary intersects itself (e.g. a bow-tie)"),
            TopologyValidationErrors.HoleOutsideShell => ("网格的内洞在外边界之外", "a hole lies outside the outer boundary"),
            TopologyValidationErrors.NestedHoles => ("网格的内洞相互嵌套", "holes are nested inside each other"),
            TopologyValidationErrors.DisconnectedInteriors => ("内洞把网格分成了不相连的部分", "holes split the cell into disconnected parts"),
            TopologyValidationErrors.TooFewPoints => ("网格边界的顶点太少", "a boundary ring has too few points"),
            TopologyValidationErrors.RingNotClosed => ("网格边界没有闭合", "a boundary ring is not closed"),
            TopologyValidationErrors.InvalidCoordinate => ("坐标无效", "a coordinate is invalid"),
            _ => ("网格图形无效", "the cell geometry is invalid"),
        };
        return afterSnapping
            ? new($"吸附到相邻网格或村界后，{zh}，请调整顶点后重试。", $"After snapping to neighbouring cells or the village boundary, {en}; adjust the vertices and try again.")
            : new($"{zh}，请修改后重试。", $"The geometry is invalid: {en}.");
    }

    public static CellText OutsideVillage(double outsideSquareMeters) => new(
        $"网格超出村界 {M2(outsideSquareMeters)} 平方米，请把网格画在本村范围内。",
        $"The cell extends {M2(outsideSquareMeters)} m² outside the village boundary; keep it inside.");

    public static CellText ClippingSplitsCell(int parts) => new(
        $"按村界裁剪后网格会分成 {parts} 块，请把网格画在本村范围内。",
        $"Clipping to the village boundary would split the cell into {parts} parts; keep it inside the village boundary.");

    public static CellText Overlap(long cellId, string cellName, double squareMeters) => new(
        $"与网格「{cellName}」（编号 {cellId}）重叠 {M2(squareMeters)} 平方米，请调整边界。",
        $"Overlaps cell \"{cellName}\" (id {cellId}) by {M2(squareMeters)} m²; adjust the boundary.");

    public static CellText OverlapRemovalSplitsCell(long cellId, string cellName) => new(
        $"去掉与网格「{cellName}」（编号 {cellId}）的细小重叠后网格会分成几块，请调整边界。",
        $"Removing the small overlap with cell \"{cellName}\" (id {cellId}) would split the cell; adjust the boundary.");

    public static CellText SplitLineInvalid(int parts) => new(
        $"分割线必须完整穿过网格，把它分成两块（现在是 {parts} 块）。",
        $"The split line must cross the cell completely, into exactly two parts (it gives {parts}).");

    public static CellText MergeTooFew() => new("至少需要两个网格才能合并。", "Merging needs at least two cells.");

    public static CellText MergeNotAdjacent() => new(
        "网格不相邻，无法合并。",
        "The cells do not share an edge and cannot be merged.");

    // Notes on success.

    public static CellText SnappedToCellVertex(int count) => new(
        $"{count} 个顶点吸附到相邻网格的顶点。", $"{count} vertices snapped to a neighbouring cell's vertex.");

    public static CellText SnappedToCellEdge(int count) => new(
        $"{count} 个顶点吸附到相邻网格的边上。", $"{count} vertices snapped onto a neighbouring cell's edge.");

    public static CellText SnappedToVillageVertex(int count) => new(
        $"{count} 个顶点吸附到村界的顶点。", $"{count} vertices snapped to a village boundary vertex.");

    public static CellText SnappedToVillageEdge(int count) => new(
        $"{count} 个顶点吸附到村界上。", $"{count} vertices snapped onto the village boundary.");

    public static CellText VerticesInserted(int count) => new(
        $"在网格边上加入了 {count} 个相邻网格或村界的顶点，使公共边完全重合。",
        $"{count} vertices of neighbouring cells or the village boundary were added to the cell's edges so shared edges coincide.");

    public static CellText DuplicateVerticesRemoved(int count) => new(
        $"去掉了 {count} 个重复顶点。", $"{count} duplicate vertices were removed.");

    public static CellText ClippedToVillage(double squareMeters) => new(
        $"裁掉了村界外 {M2(squareMeters)} 平方米的细条。", $"{M2(squareMeters)} m² of sliver outside the village was clipped away.");

    public static CellText OverlapRemoved(long cellId, string cellName, double squareMeters) => new(
        $"去掉了与网格「{cellName}」（编号 {cellId}）重叠的 {M2(squareMeters)} 平方米。",
        $"{M2(squareMeters)} m² overlapping cell \"{cellName}\" (id {cellId}) was removed.");

    public static CellText GapPointInCell(long cellId, string cellName) => new(
        $"这里已属于网格「{cellName}」（编号 {cellId}），不是空白；请点在村内未划入网格的地方。",
        $"This spot already belongs to cell \"{cellName}\" (id {cellId}); click inside an uncovered part of the village.");

    public static CellText GapPointOutsideVillage() => new(
        "这里在本村边界以外；请点在村内未划入网格的地方。",
        "This spot is outside the village; click inside an uncovered part of the village.");

    public static CellText GapPointOnEdge() => new(
        "这里正好在边线上；请点在空白处的内部。",
        "This spot is on a boundary line; click inside the uncovered part.");
}
