using NetTopologySuite.Geometries;

namespace GridGov.Domain.Cells;

/// <summary>
/// Why a cell geometry was refused. <see cref="Highlight"/> (storage, SRID 4326) is what the map
/// should show: the self-intersection point, the part outside the village, the overlap, or the
/// geometry with longitude and latitude swapped back.
/// </summary>
public sealed record CellRuleError(
    string Code,
    string MessageZh,
    string MessageEn,
    Geometry? Highlight = null,
    long? CellId = null,
    string? CellName = null,
    double? AreaSquareMeters = null);

/// <summary>What preparation changed, in both languages; <see cref="Count"/> or <see cref="SquareMeters"/> when it applies.</summary>
public sealed record CellNote(
    string Kind,
    string MessageZh,
    string MessageEn,
    int? Count = null,
    double? SquareMeters = null,
    long? CellId = null);

/// <summary>Either a polygon to store (SRID 4326) with notes, or an error.</summary>
public sealed class CellGeometryResult
{
    private CellGeometryResult(Polygon? polygon, IReadOnlyList<CellNote> notes, CellRuleError? error)
    {
        Polygon = polygon;
        Notes = notes;
        Error = error;
    }

    public Polygon? Polygon { get; }
    public IReadOnlyList<CellNote> Notes { get; }
    public CellRuleError? Error { get; }
    public bool IsSuccess => Error is null;

    public static CellGeometryResult Success(Polygon polygon, IReadOnlyList<CellNote>? notes = null) =>
        new(polygon, notes ?? [], null);

    public static CellGeometryResult Failure(CellRuleError error) => new(null, [], error);

    public override string ToString() => IsSuccess ? $"OK {Polygon}" : $"{Error!.Code}: {Error.MessageEn}";
}

/// <summary>Either the two halves of a split (SRID 4326), or an error.</summary>
public sealed class CellSplitResult
{
    private CellSplitResult(Polygon? first, Polygon? second, CellRuleError? error)
    {
        First = first;
        Second = second;
        Error = error;
    }

    public Polygon? First { get; }
    public Polygon? Second { get; }
    public CellRuleError? Error { get; }
    public bool IsSuccess => Error is null;

    public static CellSplitResult Success(Polygon first, Polygon second) => new(first, second, null);
    public static CellSplitResult Failure(CellRuleError error) => new(null, null, error);

    public override string ToString() => IsSuccess ? $"OK {First} | {Second}" : $"{Error!.Code}: {Error.MessageEn}";
}
