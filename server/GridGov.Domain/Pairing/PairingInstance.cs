using GridGov.Domain.Cadres;
using GridGov.Domain.Households;

namespace GridGov.Domain.Pairing;

/// <summary>A cadre who may pair: their rank sets the quota (<see cref="PairingQuotas"/>).</summary>
public sealed record PairingCadre(string Id, CadreRank? Rank);

/// <summary>A household to pair: its house in metres (projected CRS) and its poverty status.</summary>
public sealed record PairingHousehold(string Id, double X, double Y, PovertyStatus Status);

/// <summary>A cadre ⇄ household pair (一对一 per household).</summary>
public sealed record CadreHousehold(string CadreId, string HouseholdId);

/// <summary>
/// Weights of the pairing objective, in points: <see cref="PerKm"/> per km between the house and the
/// cadre's anchor (keeps one cadre's households together), <see cref="Keep"/> for a household that
/// stays with its current cadre (charged as a penalty on moving it, as member linking charges a change).
/// </summary>
public sealed record PairingSettings
{
    public const double DefaultPerKm = 2;
    public const double DefaultKeep = 5;

    public static PairingSettings Default { get; } = new();

    public PairingQuotas Quotas { get; init; } = PairingQuotas.Default;
    public double PerKm { get; init; } = DefaultPerKm;
    public double Keep { get; init; } = DefaultKeep;
    /// <summary>Moves every household freely (Keep counts 0): "existing pairings kept unless asked".</summary>
    public bool Rebalance { get; init; }
}

/// <summary>One village's pairing problem. Households of other statuses than poor ones are ignored.</summary>
public sealed record PairingInstance
{
    public PairingSettings Settings { get; init; } = PairingSettings.Default;
    public IReadOnlyList<PairingCadre> Cadres { get; init; } = [];
    public IReadOnlyList<PairingHousehold> Households { get; init; } = [];
    /// <summary>Pairings in force; those of cadres or households not in the instance are not kept.</summary>
    public IReadOnlyList<CadreHousehold> Current { get; init; } = [];
}
