namespace GridGov.Domain.Coverage;

/// <summary>
/// The figures of one area (village, cell, or a sum of villages) as of a month. Counts add up
/// across villages, so township and county figures are plain sums of village figures; shares
/// are recomputed from the sums, never averaged.
/// </summary>
public sealed record CoverageFigures
{
    public int Households { get; init; }
    public int LinkedHouseholds { get; init; }
    public int ContactedHouseholds { get; init; }
    public double UncoveredAreaM2 { get; init; }
    public int HouseholdsOutsideCells { get; init; }
    public int CellsWithoutLeader { get; init; }
    public int FarLinks { get; init; }
    public int OverloadedMembers { get; init; }
    public int StaleVulnerableHouseholds { get; init; }
    public int MembersWithoutDeclaration { get; init; }

    /// <summary>Share in [0, 1]; an area without households is fully covered (nothing is missing).</summary>
    public double LinkedShare => Households == 0 ? 1 : (double)LinkedHouseholds / Households;
    public double ContactedShare => Households == 0 ? 1 : (double)ContactedHouseholds / Households;

    public static CoverageFigures Sum(IEnumerable<CoverageFigures> parts)
    {
        var s = new CoverageFigures();
        foreach (var p in parts)
            s = s with
            {
                Households = s.Households + p.Households,
                LinkedHouseholds = s.LinkedHouseholds + p.LinkedHouseholds,
                ContactedHouseholds = s.ContactedHouseholds + p.ContactedHouseholds,
                UncoveredAreaM2 = s.UncoveredAreaM2 + p.UncoveredAreaM2,
                HouseholdsOutsideCells = s.HouseholdsOutsideCells + p.HouseholdsOutsideCells,
                CellsWithoutLeader = s.CellsWithoutLeader + p.CellsWithoutLeader,
                FarLinks = s.FarLinks + p.FarLinks,
                OverloadedMembers = s.OverloadedMembers + p.OverloadedMembers,
                StaleVulnerableHouseholds = s.StaleVulnerableHouseholds + p.StaleVulnerableHouseholds,
                MembersWithoutDeclaration = s.MembersWithoutDeclaration + p.MembersWithoutDeclaration,
            };
        return s;
    }
}

/// <summary>A link longer than the limit, with both ends (storage coordinates).</summary>
public sealed record FarLinkItem(long LinkId, long MemberId, long HouseholdId, long? CellId, double DistanceMeters, double MemberX, double MemberY, double HouseX, double HouseY);

public sealed record OverloadedMemberItem(long MemberId, long? CellId, int Linked, int Capacity);

public sealed record StaleHouseholdItem(long HouseholdId, long? CellId, string PovertyStatus, DateOnly? LastContact, double X, double Y);

public sealed record MemberItem(long MemberId, long? CellId, int Linked);

public sealed record HouseholdPointItem(long HouseholdId, double X, double Y);

public sealed record CellItem(long CellId, string Name, bool HasLeader, CoverageFigures Figures);

/// <summary>One village's coverage for one month: figures, cells, and the items behind the counts.</summary>
public sealed record VillageCoverage
{
    public required string VillageCode { get; init; }
    public required DateOnly Month { get; init; }
    public required DateTimeOffset AsOf { get; init; }
    public required CoverageFigures Figures { get; init; }
    public List<CellItem> Cells { get; init; } = [];
    public List<FarLinkItem> FarLinks { get; init; } = [];
    public List<OverloadedMemberItem> OverloadedMembers { get; init; } = [];
    public List<StaleHouseholdItem> StaleVulnerableHouseholds { get; init; } = [];
    public List<MemberItem> MembersWithoutDeclaration { get; init; } = [];
    public List<HouseholdPointItem> HouseholdsOutsideCells { get; init; } = [];
    public List<long> CellsWithoutLeader { get; init; } = [];
}
