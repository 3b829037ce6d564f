namespace GridGov.Domain.Cells;

/// <summary>Stable error codes; the API exposes them verbatim as <c>extensions.code</c>.</summary>
public static class CellErrorCodes
{
    public const string GeometryInvalid = "GEOMETRY_INVALID";
    public const string GeometryOutsideVillage = "GEOMETRY_OUTSIDE_VILLAGE";
    public const string GeometryOverlap = "GEOMETRY_OVERLAP";
    public const string CoordinatesSwapped = "COORDINATES_SWAPPED";
}

/// <summary>Stable kinds of the notes a successful preparation carries.</summary>
public static class CellNoteKinds
{
    public const string SnappedToCellVertex = "SNAPPED_TO_CELL_VERTEX";
    public const string SnappedToCellEdge = "SNAPPED_TO_CELL_EDGE";
    public const string SnappedToVillageVertex = "SNAPPED_TO_VILLAGE_VERTEX";
    public const string SnappedToVillageEdge = "SNAPPED_TO_VILLAGE_EDGE";
    public const string VerticesInserted = "VERTICES_INSERTED";
    public const string DuplicateVerticesRemoved = "DUPLICATE_VERTICES_REMOVED";
    public const string ClippedToVillage = "CLIPPED_TO_VILLAGE";
    public const string OverlapRemoved = "OVERLAP_REMOVED";
}
