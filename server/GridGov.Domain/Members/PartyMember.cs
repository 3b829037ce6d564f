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

/// <summary>第一书记, 驻村工作队员 (resident cadre), 驻村工作队长 (the work team's leader), 包村干部 (a township cadre in charge of villages).</summary>
public enum CadreKind { FirstSecretary, ResidentCadre, TeamLeader, LiaisonCadre }

/// <summary>
/// 第一书记 / 驻村干部 / 包村干部: serves the villages of its <see cref="Postings"/> (several at once for a 包村干部, one for
/// a 第一书记) and checks in against their geofences. <see cref="VillageCode"/>, <see cref="AssignedFrom"/> and
/// <see cref="AssignedTo"/> summarise the postings (main village, whole span) for readers that take one village per cadre.
/// </summary>
public class Cadre
{
    public long Id { get; set; }
    public long PersonId { get; set; }
    public CadreKind Kind { get; set; }
    /// <summary>主驻村: the running posting that began first, else the one that ended last.</summary>
    public required string VillageCode { get; set; }
    /// <summary>职级; unknown for cadres loaded before ranks were kept.</summary>
    public Cadres.CadreRank? Rank { get; set; }
    public DateOnly AssignedFrom { get; set; }
    public DateOnly? AssignedTo { get; set; }
    public List<Cadres.CadrePosting> Postings { get; set; } = [];

    /// <summary>A 第一书记 serves one village at a time.</summary>
    public bool ServesOneVillage => Kind == CadreKind.FirstSecretary;

    /// <summary>The villages served on <paramref name="day"/> (<see cref="Cadres.CadrePostings.VillagesOn"/>).</summary>
    public IReadOnlyList<string> VillagesOn(DateOnly day) => Cadres.CadrePostings.VillagesOn(Postings, day);

    /// <summary>
    /// A new cadre with its first posting (the summary columns filled from it).
    /// </summary>
    public static Cadre PostedTo(long personId, CadreKind kind, Cadres.CadreRank? rank, string villageCode, DateOnly from, DateOnly? to)
    {
        var cadre = new Cadre { PersonId = personId, Kind = kind, Rank = rank, VillageCode = villageCode, AssignedFrom = from, AssignedTo = to };
        cadre.Post(villageCode, from, to);
        return cadre;
    }

    /// <summary>
    /// Posts the cadre to a village for [from, to]. Refused (<see cref="InvalidOperationException"/>) when a posting to the
    /// same village overlaps, or when a 第一书记 would serve two villages on one day.
    /// </summary>
    public Cadres.CadrePosting Post(string villageCode, DateOnly from, DateOnly? to)
    {
        if (to is { } t && t < from) throw new ArgumentException("a posting ends on or after the day it begins", nameof(to));
        Refuse(ConflictOf(villageCode, from, to));
        var posting = new Cadres.CadrePosting { CadreId = Id, VillageCode = villageCode, From = from, To = to };
        Postings.Add(posting);
        Summarise();
        return posting;
    }

    /// <summary>Ends a posting: <paramref name="lastDay"/> is the last day served (not before its first day, not later than a set end).</summary>
    public void EndPosting(Cadres.CadrePosting posting, DateOnly lastDay)
    {
        if (!Postings.Contains(posting)) throw new InvalidOperationException("not this cadre's posting");
        if (lastDay < posting.From) throw new ArgumentException("a posting ends on or after the day it begins", nameof(lastDay));
        if (posting.To is { } t && t <= lastDay) throw new InvalidOperationException("the posting has already ended by then");
        posting.To = lastDay;
        Summarise();
    }

    /// <summary>Changes a posting's period (a corrected roster); the same overlap rules as <see cref="Post"/>.</summary>
    public void Reschedule(Cadres.CadrePosting posting, DateOnly from, DateOnly? to)
    {
        if (to is { } t && t < from) throw new ArgumentException("a posting ends on or after the day it begins", nameof(to));
        Refuse(ConflictOf(posting.VillageCode, from, to, posting));
        (posting.From, posting.To) = (from, to);
        Summarise();
    }

    /// <summary>
    /// Which posting rule a posting to <paramref name="villageCode"/> for [from, to] would break (<paramref name="except"/>, a posting
    /// being rescheduled, not counted): the one place the rules live, for <see cref="Post"/>, <see cref="Reschedule"/> and the roster import.
    /// </summary>
    public Cadres.PostingConflict ConflictOf(string villageCode, DateOnly from, DateOnly? to, Cadres.CadrePosting? except = null)
    {
        var last = to ?? DateOnly.MaxValue;
        var others = Postings.Where(p => p != except).ToList();
        if (others.Any(p => p.VillageCode == villageCode && p.Overlaps(from, last))) return Cadres.PostingConflict.SameVillage;
        if (ServesOneVillage && others.Any(p => p.Overlaps(from, last))) return Cadres.PostingConflict.OneVillageAtATime;
        return Cadres.PostingConflict.None;
    }

    private static void Refuse(Cadres.PostingConflict conflict)
    {
        if (conflict == Cadres.PostingConflict.SameVillage) throw new InvalidOperationException("the cadre already serves this village in that period");
        if (conflict == Cadres.PostingConflict.OneVillageAtATime) throw new InvalidOperationException("a first secretary serves one village at a time");
    }

    private void Summarise()
    {
        if (Postings.Count == 0) return;
        var main = Postings.Where(p => p.To is null).OrderBy(p => p.From).FirstOrDefault()
                   ?? Postings.OrderByDescending(p => p.To).ThenBy(p => p.From).First();
        VillageCode = main.VillageCode;
        AssignedFrom = Postings.Min(p => p.From);
        AssignedTo = Postings.Any(p => p.To is null) ? null : Postings.Max(p => p.To);
    }
}
