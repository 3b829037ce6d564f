using GridGov.Domain.Links;

namespace GridGov.Domain.Linking;

/// <summary>A party member as the engine sees it: a home in metres (projected CRS) and a capacity.</summary>
/// <param name="Capacity">The member's own capacity; null means the settings' default (or the migrant one).</param>
/// <param name="Migrant">A migrant member is away; without an own capacity they get <see cref="LinkingSettings.MigrantCapacity"/>.</param>
/// <param name="HouseholdId">The household the member lives in, if it is in the instance (see <see cref="OwnHouseholdRule"/>).</param>
public sealed record LinkingMember(string Id, double X, double Y, int? Capacity = null, bool Migrant = false, string? HouseholdId = null)
{
    public int EffectiveCapacity(LinkingSettings settings) =>
        Capacity ?? (Migrant ? settings.MigrantCapacity : settings.DefaultCapacity);
}

/// <summary>A household's house, in metres (same projected CRS as the members).</summary>
public sealed record LinkingHousehold(string Id, double X, double Y);

/// <param name="Inferred">Inferred rather than declared: counts <see cref="LinkingWeights.Inferred"/> of the weight.</param>
public sealed record LinkingTie(string MemberId, string HouseholdId, TieKind Kind, bool Inferred = false);

/// <summary>A member ⇄ household pair: a current or a locked link.</summary>
public sealed record MemberHousehold(string MemberId, string HouseholdId);

/// <summary>
/// One village's linking problem. Ids are compared as ordinal strings; results are ordered by
/// them, so the answer does not depend on the order of the input lists.
/// </summary>
public sealed record LinkingInstance
{
    public LinkingSettings Settings { get; init; } = LinkingSettings.Default;
    public IReadOnlyList<LinkingMember> Members { get; init; } = [];
    public IReadOnlyList<LinkingHousehold> Households { get; init; } = [];
    public IReadOnlyList<LinkingTie> Ties { get; init; } = [];
    /// <summary>Links in force now; moving their household to another member costs <see cref="LinkingWeights.Change"/>.</summary>
    public IReadOnlyList<MemberHousehold> Current { get; init; } = [];
    /// <summary>Links the secretary locked: kept as they are, even beyond the distance limit.</summary>
    public IReadOnlyList<MemberHousehold> Locked { get; init; } = [];
}
