using GridGov.Domain.Linking;

namespace GridGov.Domain.Pairing;

/// <summary>What a pairing proposal does to one household: keeps, adds, moves or removes its pairing cadre.</summary>
public sealed record PairingChange(string HouseholdId, string? FromCadre, string? ToCadre, LinkChangeKind Kind);

public static class PairingDiff
{
    /// <summary>
    /// Compares every pairing in force among <paramref name="current"/> (also those of cadres who left the village or
    /// households no longer poor: they are removed) with the engine's result, household by household.
    /// </summary>
    public static IReadOnlyList<PairingChange> Compute(IEnumerable<CadreHousehold> current, PairingResult result)
    {
        var before = current.ToDictionary(c => c.HouseholdId, c => c.CadreId, StringComparer.Ordinal);
        var after = result.Pairings.ToDictionary(p => p.HouseholdId, p => p.CadreId, StringComparer.Ordinal);
        return [.. before.Keys.Union(after.Keys).Order(StringComparer.Ordinal).Select(h =>
        {
            before.TryGetValue(h, out var from);
            after.TryGetValue(h, out var to);
            var kind = (from, to) switch
            {
                (null, _) => LinkChangeKind.Added,
                (_, null) => LinkChangeKind.Removed,
                _ when from == to => LinkChangeKind.Kept,
                _ => LinkChangeKind.Moved,
            };
            return new PairingChange(h, from, to, kind);
        })];
    }
}
