using GridGov.Domain.Cadres;
using GridGov.Domain.Households;
using GridGov.Domain.Pairing;

namespace GridGov.Domain.Tests.Pairing;

/// <summary>Random villages and an independent checker: scores recomputed from the definition in docs/pairing.md.</summary>
internal static class PairingTestSupport
{
    public static PairingInstance RandomInstance(Random rng, int maxCadres, int maxHouseholds, double side = 3000, int maxQuota = 3)
    {
        var settings = new PairingSettings
        {
            Quotas = new PairingQuotas(rng.Next(maxQuota + 1), rng.Next(maxQuota + 1), rng.Next(maxQuota + 1), rng.Next(maxQuota + 1), rng.Next(maxQuota + 1)),
            PerKm = Math.Round(rng.NextDouble() * 4, 2),
            Keep = Math.Round(rng.NextDouble() * 6, 2),
            Rebalance = rng.Next(6) == 0,
        };
        var cadres = Enumerable.Range(0, rng.Next(1, maxCadres + 1))
            .Select(i => new PairingCadre($"c{i}", rng.Next(5) == 4 ? null : (CadreRank)rng.Next(4))).ToList();
        var households = Enumerable.Range(0, rng.Next(1, maxHouseholds + 1))
            .Select(i => new PairingHousehold($"h{i}", rng.NextDouble() * side, rng.NextDouble() * side, (PovertyStatus)rng.Next(4))).ToList();
        var current = households.Where(_ => rng.Next(3) == 0)
            // Now and then a pairing of a cadre who left the village (not in the instance).
            .Select(h => new CadreHousehold(rng.Next(8) == 0 ? "gone" : cadres[rng.Next(cadres.Count)].Id, h.Id)).ToList();
        return new PairingInstance { Settings = settings, Cadres = cadres, Households = households, Current = current };
    }

    public static Dictionary<string, Anchor> RandomAnchors(Random rng, PairingInstance instance, double side = 3000) =>
        instance.Cadres.ToDictionary(c => c.Id, _ => new Anchor(rng.NextDouble() * side, rng.NextDouble() * side));

    public static double Distance(Anchor a, PairingHousehold h) => Math.Sqrt((a.X - h.X) * (a.X - h.X) + (a.Y - h.Y) * (a.Y - h.Y));

    public static int Quota(PairingInstance i, PairingCadre c) => c.Rank switch
    {
        CadreRank.County => i.Settings.Quotas.County,
        CadreRank.Section => i.Settings.Quotas.Section,
        CadreRank.General => i.Settings.Quotas.General,
        CadreRank.Village => i.Settings.Quotas.Village,
        _ => i.Settings.Quotas.Unranked,
    };

    /// <summary>score(c, h) = −PerKm·km − Keep when h is paired now with another cadre of the instance (unless rebalancing).</summary>
    public static double ReferenceScore(PairingInstance i, IReadOnlyDictionary<string, Anchor> anchors, string cadreId, PairingHousehold h)
    {
        var s = i.Settings;
        var now = i.Current.FirstOrDefault(p => p.HouseholdId == h.Id && i.Cadres.Any(c => c.Id == p.CadreId));
        var change = !s.Rebalance && now is not null && now.CadreId != cadreId ? s.Keep : 0;
        return -s.PerKm * Distance(anchors[cadreId], h) / 1000 - change;
    }

    public static void AssertFeasible(PairingInstance i, PairingResult r)
    {
        var poor = i.Households.Where(h => h.Status != PovertyStatus.None).Select(h => h.Id).Order().ToList();
        var paired = r.Pairings.Select(p => p.HouseholdId).ToList();
        Assert.Equal(paired.Count, paired.Distinct().Count());
        Assert.Equal(poor, paired.Concat(r.Unpaired.Select(u => u.HouseholdId)).Order());
        foreach (var c in i.Cadres)
            Assert.True(r.Pairings.Count(p => p.CadreId == c.Id) <= Quota(i, c), $"cadre {c.Id} over quota");
        foreach (var p in r.Pairings)
        {
            var h = i.Households.Single(x => x.Id == p.HouseholdId);
            Assert.Equal(ReferenceScore(i, r.Anchors, p.CadreId, h), p.Score, 9);
        }
        // An unpaired household while some cadre has quota left would mean the count was not maximal.
        if (r.Unpaired.Count > 0)
            foreach (var c in i.Cadres) Assert.Equal(Quota(i, c), r.Pairings.Count(p => p.CadreId == c.Id));
    }

    /// <summary>The exact optimum (most households, then best score) by search over households with the loads as state.</summary>
    public static (int Count, double Score) BruteForce(PairingInstance i, IReadOnlyDictionary<string, Anchor> anchors)
    {
        var cadres = i.Cadres.ToList();
        var quota = cadres.Select(c => Quota(i, c)).ToArray();
        var free = i.Households.Where(h => h.Status != PovertyStatus.None).ToList();
        var memo = new Dictionary<(int, string), (int, double)>();
        (int, double) Best(int k, int[] load)
        {
            if (k == free.Count) return (0, 0);
            var key = (k, string.Join(',', load));
            if (memo.TryGetValue(key, out var known)) return known;
            var best = Best(k + 1, load);
            for (var c = 0; c < cadres.Count; c++)
            {
                if (load[c] >= quota[c]) continue;
                load[c]++;
                var (n, sc) = Best(k + 1, load);
                load[c]--;
                var candidate = (n + 1, sc + ReferenceScore(i, anchors, cadres[c].Id, free[k]));
                if (candidate.Item1 > best.Item1 || (candidate.Item1 == best.Item1 && candidate.Item2 > best.Item2)) best = candidate;
            }
            memo[key] = best;
            return best;
        }
        return Best(0, new int[cadres.Count]);
    }
}
