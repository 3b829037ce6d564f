using GridGov.Domain.Linking;
using Google.OrTools.Graph;
using static GridGov.Domain.Tests.Linking.LinkingTestSupport;

namespace GridGov.Domain.Tests.Linking;

/// <summary>The engine against independent exact optima on seeded random villages.</summary>
public class LinkingPropertyTests
{
    // Fixed-point resolution is 1e-6 points per link; allow that per household plus float noise.
    private static double Tolerance(LinkingInstance i) => 1e-6 * (i.Households.Count + 1) + 1e-9;

    [Fact]
    public void Matches_brute_force_on_200_small_random_villages()
    {
        var rng = new Random(20240501);
        for (var n = 0; n < 200; n++)
        {
            var instance = RandomInstance(rng, maxMembers: 6, maxHouseholds: 10, side: 3000, maxCapacity: 3);
            var result = LinkingEngine.Solve(instance);
            AssertFeasible(instance, result);
            var (count, score) = BruteForce(instance);
            Assert.True(count == result.LinkedCount, $"instance {n}: count {result.LinkedCount}, optimum {count}");
            Assert.True(Math.Abs(score - result.TotalScore) <= Tolerance(instance),
                $"instance {n}: score {result.TotalScore}, optimum {score}");
        }
    }

    [Fact]
    public void Matches_brute_force_when_capacity_is_scarce()
    {
        // Many households per unit of capacity: the count-first rule and bumping matter most here.
        var rng = new Random(99);
        for (var n = 0; n < 100; n++)
        {
            var instance = RandomInstance(rng, maxMembers: 4, maxHouseholds: 10, side: 2500, maxCapacity: 2);
            var result = LinkingEngine.Solve(instance);
            AssertFeasible(instance, result);
            var (count, score) = BruteForce(instance);
            Assert.Equal(count, result.LinkedCount);
            Assert.True(Math.Abs(score - result.TotalScore) <= Tolerance(instance), $"instance {n}");
        }
    }

    [Fact]
    public void Rerunning_with_the_result_as_current_is_a_fixed_point()
    {
        var rng = new Random(4242);
        for (var n = 0; n < 100; n++)
        {
            var instance = RandomInstance(rng, maxMembers: 8, maxHouseholds: 40, maxCapacity: 4, withCurrent: false);
            var first = LinkingEngine.Solve(instance);
            var current = first.Links.Where(l => !l.Locked).Select(l => new MemberHousehold(l.MemberId, l.HouseholdId)).ToList();
            var again = LinkingEngine.Solve(instance with { Current = current });
            Assert.Equal(first.Links.Select(l => (l.MemberId, l.HouseholdId)), again.Links.Select(l => (l.MemberId, l.HouseholdId)));
            Assert.Equal(first.Unlinked, again.Unlinked);
        }
    }

    [Fact]
    public void Matches_OR_Tools_min_cost_flow_on_larger_random_villages()
    {
        var rng = new Random(31337);
        for (var n = 0; n < 12; n++)
        {
            var instance = RandomInstance(rng, maxMembers: 40, maxHouseholds: 400, side: 6000, maxCapacity: 10);
            var result = LinkingEngine.Solve(instance);
            AssertFeasible(instance, result);
            var (orCount, orScore) = SolveWithOrTools(instance, scale: 1000);

            Assert.Equal(orCount, result.LinkedCount);
            // OR-Tools optimises scores rounded to 1e-3, we to 1e-6: we may only be better, by at
            // most the coarser rounding, and never worse beyond our own rounding.
            var households = instance.Households.Count;
            Assert.True(result.TotalScore >= orScore - 1e-6 * households - 1e-9, $"instance {n}: {result.TotalScore} < OR-Tools {orScore}");
            Assert.True(result.TotalScore - orScore <= 1e-3 * households, $"instance {n}: {result.TotalScore} ≫ OR-Tools {orScore}");
        }
    }

    [Fact]
    public void Matches_OR_Tools_when_capacity_is_scarce_in_larger_villages()
    {
        // Capacity 1–3 for up to 300 households: most members are full and long chains of bumps decide who stays out.
        var rng = new Random(1806);
        var scarce = 0;
        for (var n = 0; n < 12; n++)
        {
            var instance = RandomInstance(rng, maxMembers: 40, maxHouseholds: 300, side: 4000, maxCapacity: 3);
            var result = LinkingEngine.Solve(instance);
            AssertFeasible(instance, result);
            if (result.Unlinked.Any(u => u.Reason == UnlinkedReason.MembersFull)) scarce++;
            var (orCount, orScore) = SolveWithOrTools(instance, scale: 1000);
            Assert.Equal(orCount, result.LinkedCount);
            var households = instance.Households.Count;
            Assert.True(result.TotalScore >= orScore - 1e-6 * households - 1e-9, $"instance {n}: {result.TotalScore} < OR-Tools {orScore}");
            Assert.True(result.TotalScore - orScore <= 1e-3 * households, $"instance {n}: {result.TotalScore} ≫ OR-Tools {orScore}");
        }
        // The case is about households left out because every member within reach is full.
        Assert.True(scarce >= 8, $"only {scarce} of 12 instances had capacity to spare nowhere");
    }

    /// <summary>
    /// The same problem as a textbook network for OR-Tools: source → member (residual capacity)
    /// → household (1, −score) → sink; locked links are added afterwards.
    /// Returns the count and the true (unrounded) score of OR-Tools' solution.
    /// </summary>
    internal static (int Count, double Score) SolveWithOrTools(LinkingInstance instance, long scale)
    {
        var s = instance.Settings;
        var members = instance.Members.ToList();
        var households = instance.Households.Where(h => instance.Locked.All(l => l.HouseholdId != h.Id)).ToList();
        var flow = new MinCostFlow();
        int source = 0, sink = 1, firstMember = 2, firstHousehold = 2 + members.Count;
        var lockedScore = instance.Locked.Sum(l => ReferenceScore(instance, l.MemberId, l.HouseholdId));
        for (var m = 0; m < members.Count; m++)
        {
            var residual = members[m].EffectiveCapacity(s) - instance.Locked.Count(l => l.MemberId == members[m].Id);
            if (residual > 0) flow.AddArcWithCapacityAndUnitCost(source, firstMember + m, residual, 0);
        }
        var arcs = new List<(int Arc, double Score)>();
        for (var h = 0; h < households.Count; h++)
        {
            flow.AddArcWithCapacityAndUnitCost(firstHousehold + h, sink, 1, 0);
            for (var m = 0; m < members.Count; m++)
            {
                if (Distance(members[m], households[h]) > s.MaxDistanceMeters) continue;
                var score = ReferenceScore(instance, members[m].Id, households[h].Id);
                var arc = flow.AddArcWithCapacityAndUnitCost(firstMember + m, firstHousehold + h, 1, -(long)Math.Round(score * scale));
                arcs.Add((arc, score));
            }
        }
        // Supplies bound the flow; SolveMaxFlowWithMinCost then sends as much of it as fits.
        flow.SetNodeSupply(source, households.Count);
        flow.SetNodeSupply(sink, -households.Count);
        var status = flow.SolveMaxFlowWithMinCost();
        Assert.Equal(MinCostFlowBase.Status.OPTIMAL, status);
        var count = 0;
        var total = lockedScore;
        foreach (var (arc, score) in arcs)
        {
            if (flow.Flow(arc) == 0) continue;
            count++;
            total += score;
        }
        Assert.Equal(flow.MaximumFlow(), count);
        return (count + instance.Locked.Count, total);
    }
}
