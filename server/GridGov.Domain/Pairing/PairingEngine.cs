using GridGov.Domain.Households;
using GridGov.Domain.Linking;

namespace GridGov.Domain.Pairing;

/// <summary>
/// 结对帮扶: pairs a village's poor, lifted-out and monitored households with the cadres serving it, on the
/// member-linking engine (<see cref="LinkingEngine"/>, the same exact transportation solver): first as many
/// households as the quotas allow, then the best total score (<see cref="ProposedPairing"/>).
/// </summary>
/// <remarks>
/// For given anchors the answer is exactly optimal. Seeded anchors (cadres without pairings) then move to the
/// centroid of their households and the problem is solved again, up to <see cref="MaxRounds"/> times or until
/// nothing changes; the result names the anchors it is optimal for.
/// </remarks>
public static class PairingEngine
{
    public const int MaxRounds = 5;

    /// <summary>Far enough to never exclude a house of the village: the village is the limit, not a distance.</summary>
    private const double Unlimited = 1e7;

    public static bool NeedsPairing(PovertyStatus status) => status != PovertyStatus.None;

    public static PairingResult Solve(PairingInstance instance)
    {
        var households = Eligible(instance);
        var byId = households.ToDictionary(h => h.Id, StringComparer.Ordinal);
        var (anchors, free) = PairingAnchors.Initial(instance, households);
        var result = SolveForAnchors(instance, anchors);
        for (var round = 1; round < MaxRounds && free.Count > 0; round++)
        {
            var moved = new Dictionary<string, Anchor>(anchors, StringComparer.Ordinal);
            foreach (var c in free)
            {
                var mine = result.Pairings.Where(p => p.CadreId == c).Select(p => byId[p.HouseholdId]).ToList();
                if (mine.Count > 0) moved[c] = PairingAnchors.Centroid(mine);
            }
            if (moved.All(kv => anchors[kv.Key] == kv.Value)) break;
            var next = SolveForAnchors(instance, moved);
            if (Same(next, result)) break;
            anchors = moved;
            result = next;
        }
        return result;
    }

    /// <summary>The exact optimum for fixed anchors (one per cadre).</summary>
    public static PairingResult SolveForAnchors(PairingInstance instance, IReadOnlyDictionary<string, Anchor> anchors)
    {
        var s = instance.Settings;
        var households = Eligible(instance);
        var cadreIds = instance.Cadres.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var householdIds = households.Select(h => h.Id).ToHashSet(StringComparer.Ordinal);
        var current = instance.Current.Where(p => cadreIds.Contains(p.CadreId) && householdIds.Contains(p.HouseholdId))
            .Select(p => new MemberHousehold(p.CadreId, p.HouseholdId)).ToList();
        var linking = new LinkingInstance
        {
            Settings = new LinkingSettings
            {
                MaxDistanceMeters = Unlimited,
                AllowOwnHousehold = true,
                Weights = new LinkingWeights { Blood = 0, Marriage = 0, Social = 0, PerKm = s.PerKm, Change = s.Rebalance ? 0 : s.Keep },
            },
            Members = [.. instance.Cadres.Select(c => new LinkingMember(c.Id, anchors[c.Id].X, anchors[c.Id].Y, s.Quotas.For(c.Rank)))],
            Households = [.. households.Select(h => new LinkingHousehold(h.Id, h.X, h.Y))],
            Current = current,
        };
        var solved = LinkingEngine.Solve(linking);
        var before = current.ToDictionary(c => c.HouseholdId, c => c.MemberId, StringComparer.Ordinal);
        var pairings = solved.Links.Select(l => new ProposedPairing(l.MemberId, l.HouseholdId, l.DistanceMeters, l.Score,
            before.GetValueOrDefault(l.HouseholdId) == l.MemberId)).ToList();
        var anyQuota = instance.Cadres.Any(c => s.Quotas.For(c.Rank) > 0);
        var unpaired = solved.Unlinked.Select(u => new UnpairedHousehold(u.HouseholdId, anyQuota ? UnpairedReason.QuotasFull : UnpairedReason.NoCadre)).ToList();
        return new PairingResult(pairings, unpaired, new Dictionary<string, Anchor>(anchors, StringComparer.Ordinal));
    }

    private static List<PairingHousehold> Eligible(PairingInstance instance) =>
        [.. instance.Households.Where(h => NeedsPairing(h.Status)).OrderBy(h => h.Id, StringComparer.Ordinal)];

    private static bool Same(PairingResult a, PairingResult b) =>
        a.Pairings.Select(p => (p.CadreId, p.HouseholdId)).SequenceEqual(b.Pairings.Select(p => (p.CadreId, p.HouseholdId)));
}
