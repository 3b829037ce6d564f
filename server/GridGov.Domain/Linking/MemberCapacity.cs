using GridGov.Domain.Members;

namespace GridGov.Domain.Linking;

/// <summary>How many households a member may look after: their own setting, else the county default for their status.</summary>
public static class MemberCapacity
{
    public static int Effective(MemberStatus status, int? own, LinkingSettings settings) => own ?? status switch
    {
        MemberStatus.Active => settings.DefaultCapacity,
        MemberStatus.Migrant => settings.MigrantCapacity,
        MemberStatus.Elderly or MemberStatus.Sick => settings.ReducedCapacity,
        _ => 0, // left or deceased
    };

    /// <summary>
    /// The one rule of "over capacity": more links than the capacity. A member exactly at capacity is not over it,
    /// but takes no further link (<see cref="HasRoom"/>). SQL restates it in <c>Persistence.Sql.CapacitySql</c>,
    /// pinned by <c>LinkInForceRuleTests</c>.
    /// </summary>
    public static bool IsOver(int linked, int capacity) => linked > capacity;

    /// <summary>Room for one more link: fewer links than the capacity.</summary>
    public static bool HasRoom(int linked, int capacity) => linked < capacity;

    /// <summary>Members who can hold no link at all, whatever their capacity says.</summary>
    public static bool IsGone(MemberStatus status) => status is MemberStatus.Left or MemberStatus.Deceased;
}
