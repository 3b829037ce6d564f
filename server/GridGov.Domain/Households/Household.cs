using NetTopologySuite.Geometries;

namespace GridGov.Domain.Households;

/// <summary>贫困户 / 脱贫户 / 监测户 or none.</summary>
public enum PovertyStatus { None, Poor, LiftedOut, Monitored }

/// <summary>低保 / 特困: social assistance a household receives (apart from its poverty status).</summary>
public enum SocialAssistance { None, Subsistence, Destitute }

/// <summary>户: a house (point) and its attributes. ID number and phone are personal data.</summary>
public class Household
{
    public long Id { get; set; }
    public required string VillageCode { get; set; }
    /// <summary>户编号: the county's own number for the household, unique within its village; the import's key.</summary>
    public string? HouseholdNo { get; set; }
    public long? GroupId { get; set; }
    /// <summary>The grid cell that contains the house; null when it lies outside every cell.</summary>
    public long? CellId { get; set; }
    public required Point Location { get; set; }
    public required string HeadName { get; set; }
    public int Size { get; set; }
    public PovertyStatus PovertyStatus { get; set; }
    public SocialAssistance Assistance { get; set; }
    /// <summary>Head's 18-digit resident ID number — personal data, masked in the API.</summary>
    public string? IdNumber { get; set; }
    public string? Phone { get; set; }
    public string? Address { get; set; }
    public Areas.DataSource Source { get; set; }

    /// <summary>The house moved, or its position was corrected: true when it changed (its grid cell must then be found again).</summary>
    public bool MoveTo(Point location)
    {
        if (location.SRID != Location.SRID && location.SRID != 0) throw new ArgumentException("storage coordinates expected", nameof(location));
        if (Location.EqualsExact(location)) return false;
        Location = location;
        return true;
    }
}
