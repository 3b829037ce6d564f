using NetTopologySuite.Geometries;

namespace GridGov.Domain.Cells;

/// <summary>网格: a polygon inside one village, owned by that village's branch.</summary>
public class GridCell
{
    public long Id { get; set; }
    public required string VillageCode { get; set; }
    public long BranchId { get; set; }
    public required string Name { get; set; }
    public required Polygon Geometry { get; set; }
    /// <summary>网格长, a party member of the same branch.</summary>
    public long? LeaderMemberId { get; set; }
    /// <summary>Optimistic concurrency: every write bumps it; a stale version is a conflict.</summary>
    public int Version { get; set; } = 1;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public Areas.DataSource Source { get; set; }
}
