using NetTopologySuite.Geometries;

namespace GridGov.Domain.Members;

public enum Gender { Male, Female }

/// <summary>A person the system knows by name: party members and cadres.</summary>
public class Person
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public Gender Gender { get; set; }
    public int? BirthYear { get; set; }
    public string? IdNumber { get; set; }
    public string? Phone { get; set; }
    /// <summary>The household the person lives in, when it is in our data.</summary>
    public long? HouseholdId { get; set; }
    public Areas.DataSource Source { get; set; }
}

/// <summary>Active, or reasons a member cannot (fully) look after households.</summary>
public enum MemberStatus { Active, Migrant, Elderly, Sick, Left, Deceased }

/// <summary>党员 of one branch, with a home point and a capacity for linked households.</summary>
public class PartyMember
{
    public long Id { get; set; }
    public long PersonId { get; set; }
    public Person? Person { get; set; }
    public long BranchId { get; set; }
    public required string VillageCode { get; set; }
    public required Point Home { get; set; }
    public MemberStatus Status { get; set; }
    /// <summary>Households this member may look after; null means the county default for the status.</summary>
    public int? Capacity { get; set; }
    public DateOnly? JoinedOn { get; set; }
    /// <summary>预备党员: a probationary member (not yet full).</summary>
    public bool IsProbationary { get; set; }
}

public enum CadreKind { FirstSecretary, ResidentCadre }

/// <summary>第一书记 / 驻村干部 sent to a village; checks in against its geofence.</summary>
public class Cadre
{
    public long Id { get; set; }
    public long PersonId { get; set; }
    public CadreKind Kind { get; set; }
    public required string VillageCode { get; set; }
    public DateOnly AssignedFrom { get; set; }
    public DateOnly? AssignedTo { get; set; }
}
