using NetTopologySuite.Geometries;

namespace GridGov.Domain.Cells;

/// <summary>网格: a polygon inside one village, owned by that village's branch.</summary>
public class GridCell
{
    public long Id { get; set; }
    public required string VillageCode { get; set; }
    public long BranchId { get; set; }

    /// <summary>
    /// 网格长: a member who lives in the village and can visit. A migrant member (流动党员) is away, and one who has died or
    /// left is no member here: neither leads a cell.
    /// </summary>
    public static bool CanLead(Members.MemberStatus status) =>
        status is not (Members.MemberStatus.Migrant or Members.MemberStatus.Left or Members.MemberStatus.Deceased);

    /// <summary>Cell names are unique within a village (compared trimmed, ignoring case): a secretary tells cells apart by name.</summary>
    public static bool NameTaken(string name, IEnumerable<string> otherNamesInVillage) =>
        otherNamesInVillage.Any(n => string.Equals(n.Trim(), name.Trim(), StringComparison.OrdinalIgnoreCase));
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
