namespace GridGov.Domain.Pairing;

/// <summary>A pairing the engine proposes: Score = −PerKm·km(anchor, house) − (Keep if the household moves away from its current cadre).</summary>
public sealed record ProposedPairing(string CadreId, string HouseholdId, double DistanceMeters, double Score, bool Kept);

public enum UnpairedReason
{
    /// <summary>No cadre with a quota above zero serves the village.</summary>
    NoCadre,
    /// <summary>Cadres exist but their quotas are used by other households.</summary>
    QuotasFull,
}

public sealed record UnpairedHousehold(string HouseholdId, UnpairedReason Reason);

/// <summary>A point in metres (projected CRS).</summary>
public readonly record struct Anchor(double X, double Y);

/// <param name="Anchors">The anchor of every cadre the result is optimal for (see <see cref="PairingAnchors"/>).</param>
public sealed record PairingResult(IReadOnlyList<ProposedPairing> Pairings, IReadOnlyList<UnpairedHousehold> Unpaired,
    IReadOnlyDictionary<string, Anchor> Anchors)
{
    public double TotalScore => Pairings.Sum(p => p.Score);
}
