using GridGov.Domain.Households;
using GridGov.Domain.Pairing;
using Google.OrTools.Graph;
using static GridGov.Domain.Tests.Pairing.PairingTestSupport;

namespace GridGov.Domain.Tests.Pairing;

/// <summary>The pairing engine against independent exact optima, as the linking engine is tested.</summary>
public class PairingPropertyTests
{
    private static double Tolerance(PairingInstance i) => 1e-6 * (i.Households.Count + 1) + 1e-9;

    [Fact]
    public void Matches_brute_force_for_given_anchors_on_200_small_random_villages()
    {
        var rng = new Random(1301);
        for (var n = 0; n < 200; n++)
        {
            var instance = RandomInstance(rng, maxCadres: 5, maxHouseholds: 10);
            var anchors = RandomAnchors(rng, instance);
            var result = PairingEngine.SolveForAnchors(instance, anchors);
            AssertFeasible(instance, result);
            var (count, score) = BruteForce(instance, anchors);
            Assert.True(count == result.Pairings.Count, $"instance {n}: {result.Pairings.Count} paired, optimum {count}");
            Assert.True(Math.Abs(score - result.TotalScore) <= Tolerance(instance), $"instance {n}: score {result.TotalScore}, optimum {score}");
        }
    }

    [Fact]
    public void The_full_solve_is_optimal_for_the_anchors_it_reports()
    {
        var rng = new Random(64321);
        for (var n = 0; n < 150; n++)
        {
            var instance = RandomInstance(rng, maxCadres: 4, maxHouseholds: 10, maxQuota: 2);
            var result = PairingEngine.Solve(instance);
            AssertFeasible(instance, result);
            var (count, score) = BruteForce(instance, result.Anchors);
            Assert.Equal(count, result.Pairings.Count);
            Assert.True(Math.Abs(score - result.TotalScore) <= Tolerance(instance), $"instance {n}");
        }
    }

    [Fact]
    public void Matches_OR_Tools_min_cost_flow_on_larger_random_areas()
    {
        var rng = new Random(2021);
        for (var n = 0; n < 10; n++)
        {
            var instance = RandomInstance(rng, maxCadres: 30, maxHouseholds: 150, side: 6000, maxQuota: 6);
            var anchors = RandomAnchors(rng, instance, 6000);
            var result = PairingEngine.SolveForAnchors(instance, anchors);
            AssertFeasible(instance, result);
            var (orCount, orScore) = SolveWithOrTools(instance, anchors, scale: 1000);
            Assert.Equal(orCount, result.Pairings.Count);
            var h = instance.Households.Count;
            Assert.True(result.TotalScore >= orScore - 1e-6 * h - 1e-9, $"instance {n}: {result.TotalScore} < OR-Tools {orScore}");
            Assert.True(result.TotalScore - orScore <= 1e-3 * h, $"instance {n}: {result.TotalScore} ≫ OR-Tools {orScore}");
        }
    }

    /// <summary>source → cadre (quota) → household (1, −score·scale) → sink, solved by OR-Tools; returns the true score.</summary>
    private static (int Count, double Score) SolveWithOrTools(PairingInstance instance, IReadOnlyDictionary<string, Anchor> anchors, long scale)
    {
        var cadres = instance.Cadres.ToList();
        var households = instance.Households.Where(x => x.Status != PovertyStatus.None).ToList();
        var flow = new MinCostFlow();
        int source = 0, sink = 1, firstCadre = 2, firstHousehold = 2 + cadres.Count;
        for (var c = 0; c < cadres.Count; c++)
        {
            var q = Quota(instance, cadres[c]);
            if (q > 0) flow.AddArcWithCapacityAndUnitCost(source, firstCadre + c, q, 0);
        }
        var arcs = new List<(int Arc, double Score)>();
        for (var k = 0; k < households.Count; k++)
        {
            flow.AddArcWithCapacityAndUnitCost(firstHousehold + k, sink, 1, 0);
            for (var c = 0; c < cadres.Count; c++)
            {
                var score = ReferenceScore(instance, anchors, cadres[c].Id, households[k]);
                arcs.Add((flow.AddArcWithCapacityAndUnitCost(firstCadre + c, firstHousehold + k, 1, -(long)Math.Round(score * scale)), score));
            }
        }
        flow.SetNodeSupply(source, households.Count);
        flow.SetNodeSupply(sink, -households.Count);
        Assert.Equal(MinCostFlowBase.Status.OPTIMAL, flow.SolveMaxFlowWithMinCost());
        var used = arcs.Where(a => flow.Flow(a.Arc) > 0).ToList();
        return (used.Count, used.Sum(a => a.Score));
    }
}
