using GridGov.Domain.Linking;

namespace GridGov.Domain.Tests.Linking;

/// <summary>
/// Every exact algorithm, and the one <see cref="TransportationAlgorithm.Auto"/> picks, against exhaustive search
/// where the search's shortcuts could go wrong: places exactly as many as the rows, one place short or one to spare
/// (the sink is bounded by a column with room before that column is settled), and costs drawn from so few values
/// that many assignments tie.
/// </summary>
public class TransportationBoundaryCaseTests
{
    public static TheoryData<TransportationAlgorithm, int> Cases()
    {
        var data = new TheoryData<TransportationAlgorithm, int>();
        foreach (var algorithm in Enum.GetValues<TransportationAlgorithm>())
            foreach (var spare in new[] { -1, 0, 1 })
                data.Add(algorithm, spare);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Places_at_balance_or_one_off_with_tied_costs_match_exhaustive_search(TransportationAlgorithm algorithm, int spare)
    {
        var rng = new Random(4242 + 10 * (int)algorithm + spare);
        for (var n = 0; n < 300; n++)
        {
            var (rows, capacity, start, column, cost) = TiedNetwork(rng, () => spare);
            var result = TransportationSolver.Solve(rows, capacity, start, column, cost, algorithm);
            Assert.Equal(TransportationTestNetworks.Exhaustive(rows, capacity, start, column, cost),
                TransportationTestNetworks.Evaluate(result, capacity, start, column, cost));
            // Deterministic: the same input gives the same assignment, not only an equally good one.
            Assert.Equal(result, TransportationSolver.Solve(rows, capacity, start, column, cost, algorithm));
        }
    }

    [Fact]
    public void Larger_balanced_networks_with_tied_costs_reach_the_same_optimum_by_every_algorithm()
    {
        var rng = new Random(99);
        for (var n = 0; n < 20; n++)
        {
            // 150 rows, 20 columns, exactly 150 places; costs of few values shared per column.
            var (rows, capacity, start, column, cost) = TransportationTestNetworks.Random(rng, 150, 20, maxCapacity: 0,
                places: 150, edgeShare: 0.5, sharedTastes: true);
            for (var e = 0; e < cost.Length; e++) cost[e] /= 10;
            var expected = TransportationTestNetworks.Evaluate(
                TransportationSolver.Solve(rows, capacity, start, column, cost, TransportationAlgorithm.CostScaling), capacity, start, column, cost);
            foreach (var algorithm in new[] { TransportationAlgorithm.ShortestPaths, TransportationAlgorithm.SparseFirst, TransportationAlgorithm.Auto })
                Assert.Equal(expected, TransportationTestNetworks.Evaluate(
                    TransportationSolver.Solve(rows, capacity, start, column, cost, algorithm), capacity, start, column, cost));
        }
    }

    /// <summary>
    /// The search ends as soon as the sink is reached at the distance of the node being settled (2026-12-06, fourth
    /// pass). With tied costs at balance that happens often; the answer must still be the exhaustive optimum, and the
    /// cases must really take that exit, or this test would prove nothing about it.
    /// </summary>
    [Fact]
    public void A_search_ended_on_a_sink_as_near_as_the_settled_node_still_reaches_the_exhaustive_optimum()
    {
        var rng = new Random(1806);
        var earlyStops = 0;
        var searches = 0;
        for (var n = 0; n < 600; n++)
        {
            var (rows, capacity, start, column, cost) = TiedNetwork(rng, () => rng.Next(-1, 2));
            var search = new RowFirstSearch(rows, capacity, start, column, cost,
                TransportationSolver.Big(rows, column.Length, cost));
            var result = search.Run();
            earlyStops += search.EarlyStops;
            searches += rows;
            Assert.Equal(TransportationTestNetworks.Exhaustive(rows, capacity, start, column, cost),
                TransportationTestNetworks.Evaluate(result, capacity, start, column, cost));
        }
        Assert.True(earlyStops >= 100, $"only {earlyStops} of about {searches} searches ended early: the exit was hardly tested");
    }

    /// <summary>
    /// Up to 7 rows and 3 columns, four edges in five, costs of three values (ties everywhere); the places are the rows plus
    /// <paramref name="spare"/>, which is asked again at every place (the draws stay as they were written).
    /// </summary>
    private static (int Rows, int[] Capacity, int[] Start, int[] Column, long[] Cost) TiedNetwork(Random rng, Func<int> spare)
    {
        var rows = rng.Next(1, 8);
        var columns = rng.Next(1, 4);
        var capacity = new int[columns];
        for (var p = 0; p < Math.Max(0, rows + spare()); p++) capacity[rng.Next(columns)]++;
        var start = new int[rows + 1];
        var column = new List<int>();
        var cost = new List<long>();
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                if (rng.Next(5) == 0) continue;
                column.Add(c);
                cost.Add(rng.Next(-2, 1));
            }
            start[r + 1] = column.Count;
        }
        return (rows, capacity, start, [.. column], [.. cost]);
    }
}
