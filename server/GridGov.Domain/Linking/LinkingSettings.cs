using GridGov.Domain.Links;

namespace GridGov.Domain.Linking;

/// <summary>
/// Weights of the linking objective, in score points. Defaults: blood 10, marriage 7, social 5,
/// 2 points per km of distance, 1 point for moving a household away from its current member;
/// inferred ties count half.
/// </summary>
public sealed record LinkingWeights
{
    public const double DefaultBlood = 10;
    public const double DefaultMarriage = 7;
    public const double DefaultSocial = 5;
    public const double DefaultPerKm = 2;
    public const double DefaultChange = 1;
    public const double DefaultInferred = 0.5;

    /// <summary>Bounds of a weight given for one run (docs/api.md): points are 0–100, <see cref="Inferred"/> a fraction 0–1.
    /// A negative weight would invert its principle (a penalty per km that rewards distance).</summary>
    public const double MaxPoints = 100;

    public static double MaxOf(string name) => name == "inferred" ? 1 : MaxPoints;

    public double Blood { get; init; } = DefaultBlood;
    public double Marriage { get; init; } = DefaultMarriage;
    public double Social { get; init; } = DefaultSocial;
    /// <summary>Penalty per kilometre between the member's home and the house.</summary>
    public double PerKm { get; init; } = DefaultPerKm;
    /// <summary>Penalty when the household is currently linked to another member (stability).</summary>
    public double Change { get; init; } = DefaultChange;
    /// <summary>
    /// An inferred tie (e.g. same surname in the same natural village) counts this fraction of its
    /// kind's weight, so a declared tie always outweighs an inferred one of the same kind.
    /// </summary>
    public double Inferred { get; init; } = DefaultInferred;

    public double Of(TieKind kind) => kind switch
    {
        TieKind.Blood => Blood,
        TieKind.Marriage => Marriage,
        TieKind.Social => Social,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}

/// <summary>
/// Settings of one linking run. Defaults: capacity 8 households per member, 0 for migrant
/// members (they cannot visit in person), at most 3000 m between member and house, never the
/// member's own household.
/// </summary>
public sealed record LinkingSettings
{
    public const double DefaultMaxDistanceMeters = 3000;
    public const int DefaultDefaultCapacity = 8;
    public const int DefaultMigrantCapacity = 0;
    public const int DefaultReducedCapacity = 3;

    public static LinkingSettings Default { get; } = new();

    /// <summary>Links longer than this are never proposed (locked links are kept regardless).</summary>
    public double MaxDistanceMeters { get; init; } = DefaultMaxDistanceMeters;
    /// <summary>Capacity of a member who has no capacity of their own and is not a migrant.</summary>
    public int DefaultCapacity { get; init; } = DefaultDefaultCapacity;
    /// <summary>Capacity of a migrant member who has no capacity of their own.</summary>
    public int MigrantCapacity { get; init; } = DefaultMigrantCapacity;
    /// <summary>Capacity of an elderly or sick member who has no capacity of their own.</summary>
    public int ReducedCapacity { get; init; } = DefaultReducedCapacity;
    /// <summary>Whether a member may be linked to their own household (<see cref="OwnHouseholdRule"/>); off by default.</summary>
    public bool AllowOwnHousehold { get; init; }
    public LinkingWeights Weights { get; init; } = new();
}
