using GridGov.Domain.Import;
using GridGov.Domain.Linking;
using NetTopologySuite.Geometries;

namespace GridGov.Domain.Members;

public enum Gender { Male, Female }

/// <summary>A person the system knows by name: party members and cadres.</summary>
public class Person
{
    /// <summary>The name column's length, in characters (the EF model takes it from here).</summary>
    public const int MaxNameLength = 50;

    public long Id { get; set; }
    public required string Name { get; set; }
    public Gender Gender { get; set; }
    public int? BirthYear { get; set; }
    public string? IdNumber { get; set; }
    public string? Phone { get; set; }
    /// <summary>The household the person lives in, when it is in our data.</summary>
    public long? HouseholdId { get; set; }
    public Areas.DataSource Source { get; set; }

    /// <summary>
    /// A person known by a checked ID number (<see cref="ResidentId.Normalise"/>): gender and birth year come
    /// from the number when not given.
    /// </summary>
    public static Person Identified(string name, string idNumber, Gender? gender, int? birthYear, Areas.DataSource source)
    {
        if (ResidentId.Normalise(idNumber, out _) is not { } id) throw new ArgumentException("not a valid resident ID number", nameof(idNumber));
        return new Person
        {
            Name = name,
            IdNumber = id,
            Gender = gender ?? ResidentId.GenderOf(id),
            BirthYear = birthYear ?? ResidentId.BirthDate(id)?.Year,
            Source = source,
        };
    }
}

/// <summary>What a change of status or branch means for the links a member holds.</summary>
public enum LinkConsequence
{
    /// <summary>The links stay as they are.</summary>
    None,
    /// <summary>流动党员: the links stay, but the member keeps in touch remotely only.</summary>
    RemoteOnly,
    /// <summary>The member can hold no link here any more: every current link ends and the households are proposed to others.</summary>
    EndLinks,
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

    /// <summary>The most households anyone may be given by hand (the database says the same).</summary>
    public const int MaxCapacity = 100;

    /// <summary>
    /// A new status (a death, a move away, a return). Says what becomes of the member's links: 已故/转出 end them,
    /// 流动 keeps them as remote contact only; any other status keeps them.
    /// </summary>
    public LinkConsequence ChangeStatus(MemberStatus status)
    {
        if (status == Status) return LinkConsequence.None;
        Status = status;
        return ConsequenceOf(status);
    }

    /// <summary>What holding <paramref name="status"/> means for links (<see cref="MemberCapacity.IsGone"/> is the rule).</summary>
    public static LinkConsequence ConsequenceOf(MemberStatus status) =>
        MemberCapacity.IsGone(status) ? LinkConsequence.EndLinks
        : status == MemberStatus.Migrant ? LinkConsequence.RemoteOnly
        : LinkConsequence.None;

    /// <summary>Own capacity (0–<see cref="MaxCapacity"/>), or null for the county default of the status.</summary>
    public void SetCapacity(int? capacity)
    {
        if (capacity is < 0 or > MaxCapacity) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, $"0–{MaxCapacity}");
        Capacity = capacity;
    }

    /// <summary>
    /// 转接组织关系: the member joins the branch of another village and lives at <paramref name="home"/>. Links are
    /// kept per village, so every current link ends. A member who has died or left cannot move.
    /// </summary>
    public LinkConsequence MoveToBranch(long branchId, string villageCode, Point home)
    {
        if (villageCode == VillageCode) throw new InvalidOperationException("the member is already in this branch");
        if (MemberCapacity.IsGone(Status)) throw new InvalidOperationException("a member who has died or left cannot move");
        BranchId = branchId;
        VillageCode = villageCode;
        Home = home;
        return LinkConsequence.EndLinks;
    }

    /// <summary>The member now lives in <paramref name="household"/> (of the member's own village): home is that house.</summary>
    public void LiveIn(Person person, Households.Household household)
    {
        if (household.VillageCode != VillageCode) throw new InvalidOperationException("the household is in another village");
        person.HouseholdId = household.Id;
        Home = household.Location;
    }
}

public enum CadreKind { FirstSecretary, ResidentCadre }

/// <summary>第一书记 / 驻村干部 sent to a village; checks in against its geofence.</summary>
public class Cadre
{
    public long Id { get; set; }
    public long PersonId { get; set; }
    public CadreKind Kind { get; set; }
    public required string VillageCode { get; set; }
    /// <summary>职级; unknown for cadres loaded before ranks were kept.</summary>
    public Cadres.CadreRank? Rank { get; set; }
    public DateOnly AssignedFrom { get; set; }
    public DateOnly? AssignedTo { get; set; }
}
