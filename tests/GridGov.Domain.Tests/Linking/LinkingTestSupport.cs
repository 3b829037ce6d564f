using GridGov.Domain.Linking;
using GridGov.Domain.Links;

namespace GridGov.Domain.Tests.Linking;

/// <summary>
/// Random instances and an independent checker. The checker recomputes scores from the
/// definition rather than asking the engine, so a wrong formula cannot check itself.
/// </summary>
internal static class LinkingTestSupport
{
    public static LinkingInstance RandomInstance(Random rng, int maxMembers, int maxHouseholds,
        double side = 4000, int maxCapacity = 3, bool withLocks = true, bool withCurrent = true)
    {
        var settings = new LinkingSettings
        {
            MaxDistanceMeters = 1000 + rng.NextDouble() * 2500,
            DefaultCapacity = rng.Next(1, maxCapacity + 1),
            Weights = new LinkingWeights
            {
                Blood = Math.Round(rng.NextDouble() * 12, 2),
                Marriage = Math.Round(rng.NextDouble() * 8, 2),
                Social = Math.Round(rng.NextDouble() * 6, 2),
                PerKm = Math.Round(rng.NextDouble() * 4, 2),
                Change = Math.Round(rng.NextDouble() * 2, 2),
            },
        };
        var members = Enumerable.Range(0, rng.Next(1, maxMembers + 1))
            .Select(i => new LinkingMember($"m{i}", rng.NextDouble() * side, rng.NextDouble() * side,
                rng.Next(3) == 0 ? rng.Next(0, maxCapacity + 1) : null, Migrant: rng.Next(8) == 0))
            .ToList();
        var households = Enumerable.Range(0, rng.Next(1, maxHouseholds + 1))
            .Select(i => new LinkingHousehold($"h{i}", rng.NextDouble() * side, rng.NextDouble() * side))
            .ToList();
        var ties = new List<LinkingTie>();
        foreach (var h in households)
            for (var k = rng.Next(0, 3); k > 0; k--)
                ties.Add(new(members[rng.Next(members.Count)].Id, h.Id, (TieKind)rng.Next(3)));
        var current = new List<MemberHousehold>();
        if (withCurrent)
            foreach (var h in households)
                if (rng.Next(3) == 0) current.Add(new(members[rng.Next(members.Count)].Id, h.Id));
        var locked = new List<MemberHousehold>();
        if (withLocks)
        {
            var left = members.ToDictionary(m => m.Id, m => m.EffectiveCapacity(settings));
            foreach (var h in households)
            {
                if (rng.Next(8) != 0) continue;
                var m = members[rng.Next(members.Count)];
                if (left[m.Id] == 0) continue;
                left[m.Id]--;
                locked.Add(new(m.Id, h.Id));
            }
        }
        return new LinkingInstance
        {
            Settings = settings, Members = members, Households = households,
            Ties = ties, Current = current, Locked = locked,
        };
    }

    public static double Distance(LinkingMember m, LinkingHousehold h) =>
        Math.Sqrt((m.X - h.X) * (m.X - h.X) + (m.Y - h.Y) * (m.Y - h.Y));

    /// <summary>score(m,h) straight from the definition; a tie kind counts once per pair.</summary>
    public static double ReferenceScore(LinkingInstance instance, string memberId, string householdId)
    {
        var w = instance.Settings.Weights;
        var m = instance.Members.Single(x => x.Id == memberId);
        var h = instance.Households.Single(x => x.Id == householdId);
        var tie = instance.Ties.Where(t => t.MemberId == memberId && t.HouseholdId == householdId)
            .Select(t => t.Kind).Distinct()
            .Sum(k => k switch { TieKind.Blood => w.Blood, TieKind.Marriage => w.Marriage, _ => w.Social });
        var current = instance.Current.FirstOrDefault(c => c.HouseholdId == householdId);
        var change = current is not null && current.MemberId != memberId ? w.Change : 0;
        return tie - w.PerKm * Distance(m, h) / 1000 - change;
    }

    /// <summary>Checks every rule a result must obey, independently of how it was found.</summary>
    public static void AssertFeasible(LinkingInstance instance, LinkingResult result)
    {
        var s = instance.Settings;
        var members = instance.Members.ToDictionary(m => m.Id);
        var households = instance.Households.ToDictionary(h => h.Id);

        var linkedHouseholds = result.Links.Select(l => l.HouseholdId).ToList();
        Assert.Equal(linkedHouseholds.Count, linkedHouseholds.Distinct().Count());
        var unlinkedHouseholds = result.Unlinked.Select(u => u.HouseholdId).ToList();
        Assert.Empty(linkedHouseholds.Intersect(unlinkedHouseholds));
        Assert.Equal(households.Keys.Order(), linkedHouseholds.Concat(unlinkedHouseholds).Order());

        foreach (var l in instance.Locked)
            Assert.Contains(result.Links, x => x.MemberId == l.MemberId && x.HouseholdId == l.HouseholdId && x.Locked);
        Assert.Equal(instance.Locked.Count, result.Links.Count(l => l.Locked));

        var load = result.Links.GroupBy(l => l.MemberId).ToDictionary(g => g.Key, g => g.Count());
        foreach (var (id, n) in load) Assert.True(n <= members[id].EffectiveCapacity(s), $"member {id} over capacity");

        foreach (var l in result.Links)
        {
            var d = Distance(members[l.MemberId], households[l.HouseholdId]);
            Assert.Equal(d, l.DistanceMeters, 9);
            if (!l.Locked) Assert.True(d <= s.MaxDistanceMeters, $"{l.MemberId}→{l.HouseholdId} is {d} m");
            if (!l.Locked && !s.AllowOwnHousehold) Assert.NotEqual(members[l.MemberId].HouseholdId, l.HouseholdId);
            Assert.Equal(ReferenceScore(instance, l.MemberId, l.HouseholdId), l.Score, 9);
            Assert.Equal(l.Score, l.TieScore - l.DistancePenalty - l.ChangePenalty, 9);
        }
        Assert.Equal(result.Links.Count, result.LinkedCount);
        Assert.Equal(result.Links.Sum(l => l.Score), result.TotalScore, 9);

        foreach (var u in result.Unlinked)
        {
            var inReach = instance.Members
                .Where(m => m.EffectiveCapacity(s) > 0 && Distance(m, households[u.HouseholdId]) <= s.MaxDistanceMeters)
                .ToList();
            if (inReach.Count == 0)
            {
                Assert.Equal(UnlinkedReason.NoMemberWithinDistance, u.Reason);
            }
            else
            {
                Assert.Equal(UnlinkedReason.MembersFull, u.Reason);
                // Otherwise one more link was possible and the count was not maximal.
                foreach (var m in inReach) Assert.Equal(m.EffectiveCapacity(s), load.GetValueOrDefault(m.Id));
            }
        }
    }

    /// <summary>
    /// The exact optimum (max count, then max score) by dynamic programming over households
    /// with the members' loads as state: exhaustive, just without re-solving equal states.
    /// </summary>
    public static (int Count, double Score) BruteForce(LinkingInstance instance)
    {
        var s = instance.Settings;
        var members = instance.Members.ToList();
        var capacity = members.Select(m => m.EffectiveCapacity(s)).ToArray();
        var lockedScore = 0.0;
        foreach (var l in instance.Locked)
        {
            capacity[members.FindIndex(m => m.Id == l.MemberId)]--;
            lockedScore += ReferenceScore(instance, l.MemberId, l.HouseholdId);
        }
        var free = instance.Households.Where(h => instance.Locked.All(l => l.HouseholdId != h.Id)).ToList();
        var options = free.Select(h => members
            .Select((m, i) => (Index: i, Member: m))
            .Where(x => Distance(x.Member, h) <= s.MaxDistanceMeters)
            .Select(x => (x.Index, Score: ReferenceScore(instance, x.Member.Id, h.Id)))
            .ToArray()).ToArray();

        var memo = new Dictionary<(int, string), (int, double)>();
        (int, double) Best(int i, int[] load)
        {
            if (i == free.Count) return (0, 0);
            var key = (i, string.Join(',', load));
            if (memo.TryGetValue(key, out var known)) return known;
            var best = Best(i + 1, load); // leave household i unlinked
            foreach (var (m, score) in options[i])
            {
                if (load[m] >= capacity[m]) continue;
                load[m]++;
                var (c, sc) = Best(i + 1, load);
                load[m]--;
                var candidate = (c + 1, sc + score);
                if (candidate.Item1 > best.Item1 || (candidate.Item1 == best.Item1 && candidate.Item2 > best.Item2))
                    best = candidate;
            }
            memo[key] = best;
            return best;
        }
        var (count, total) = Best(0, new int[members.Count]);
        return (count + instance.Locked.Count, total + lockedScore);
    }
}
