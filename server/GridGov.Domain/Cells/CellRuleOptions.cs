namespace GridGov.Domain.Cells;

/// <summary>Tolerances of the cell geometry rules, all in metres (EPSG:4545).</summary>
public sealed record CellRuleOptions
{
    public static CellRuleOptions Default { get; } = new();

    /// <summary>A vertex this close to a neighbour's (or the village's) vertex or edge snaps onto it.</summary>
    public double SnapToleranceMeters { get; init; } = 1.0;

    /// <summary>Parts outside the village whose every point is this close to the boundary are clipped away.</summary>
    public double SliverToleranceMeters { get; init; } = 1.0;

    /// <summary>Overlap with a neighbour up to this area is removed; more is an error.</summary>
    public double MaxOverlapSquareMeters { get; init; } = 0.5;

    /// <summary>
    /// An overlap with a neighbour whose every point lies this close to the neighbour's boundary is a sliver along
    /// the shared edge (typically a neighbour vertex too close to see at the drawing zoom) and is trimmed off, whatever
    /// its area, with a note; a deeper overlap is refused. 0 turns this off.
    /// </summary>
    public double OverlapSliverWidthMeters { get; init; } = 5.0;
}
