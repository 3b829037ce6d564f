using GridGov.Domain.Linking;

namespace GridGov.Domain.Tests.Linking;

/// <summary>
/// Both exact algorithms of the solver against exhaustive search, where capacity is scarce: fewer
/// places than rows, so rows compete, get bumped, and some must stay out.
/// </summary>
public class TransportationScarceCapacityTests
{
    [Theory]
    [InlineData(TransportationAlgorithm.ShortestPaths)]
    [InlineData(TransportationAlgorithm.CostScaling)]
    [InlineData(TransportationAlgorithm.SparseFirst)]
    [InlineData(TransportationAlgorithm.Auto)]
    public void Matches_exhaustive_search_on_300_scarce_instances(TransportationAlgorithm algorithm)
    {
        var rng = new Random(1818);
        for (var n = 0; n < 300; n++)
        {
            var (rows, capacity, start, column, cost) = RandomScarce(rng);
            var result = TransportationSolver.Solve(rows, capacity, start, column, cost, algorithm);
            var (count, total) = Evaluate(result, capacity, start, column, cost);
            var (bestCount, bestTotal) = Exhaustive(rows, capacity, start, column, cost);
            Assert.True(bestCount == count && bestTotal == total,
                $"instance {n}: ({count}, {total}), optimum ({bestCount}, {bestTotal})");
        }
    }

    [Fact]
    public void Both_algorithms_reach_the_same_optimum_on_larger_scarce_instances()
    {
        var rng = new Random(77);
        for (var n = 0; n < 40; n++)
        {
            var (rows, capacity, start, column, cost) = Network(rng, rows: 200, columns: 25, maxCapacity: 5);
            var a = Evaluate(TransportationSolver.Solve(rows, capacity, start, column, cost, TransportationAlgorithm.ShortestPaths), capacity, start, column, cost);
            var b = Evaluate(TransportationSolver.Solve(rows, capacity, start, column, cost, TransportationAlgorithm.CostScaling), capacity, start, column, cost);
            var c = Evaluate(TransportationSolver.Solve(rows, capacity, start, column, cost, TransportationAlgorithm.SparseFirst), capacity, start, column, cost);
            Assert.True(capacity.Sum() < rows, "the instance should be scarce");
            Assert.Equal(a, b);
            Assert.Equal(a, c);
        }
    }

    [Fact]
    public void Auto_takes_cost_scaling_on_large_scarce_networks_and_reaches_the_shortest_paths_optimum()
    {
        // Rows compete for the same columns (shared tastes), few edges each, fewer places than rows.
        var rng = new Random(2026);
        for (var n = 0; n < 3; n++)
        {
            var (rows, capacity, start, column, cost) = TransportationTestNetworks.Random(rng, TransportationSolver.CostScalingRows + 300,
                150, maxCapacity: 0, places: TransportationSolver.CostScalingRows, edgeShare: 0.2, sharedTastes: true);
            Assert.Equal(TransportationAlgorithm.CostScaling, TransportationSolver.Choose(rows, capacity, start, column));
            var auto = Evaluate(TransportationSolver.Solve(rows, capacity, start, column, cost), capacity, start, column, cost);
            var paths = Evaluate(TransportationSolver.Solve(rows, capacity, start, column, cost, TransportationAlgorithm.ShortestPaths), capacity, start, column, cost);
            Assert.Equal(paths, auto);
        }
    }

    private static (int Rows, int[] Capacity, int[] Start, int[] Column, long[] Cost) RandomScarce(Random rng) =>
        Network(rng, rows: rng.Next(1, 8), columns: rng.Next(1, 4), maxCapacity: 2);

    /// <summary>Random edges (about two in three pairs), costs of both signs; capacity below the row count when it can be.</summary>
    private static (int Rows, int[] Capacity, int[] Start, int[] Column, long[] Cost) Network(Random rng, int rows, int columns, int maxCapacity)
    {
        var capacity = new int[columns];
        for (var c = 0; c < columns; c++) capacity[c] = rng.Next(0, maxCapacity + 1);
        while (capacity.Sum() >= rows && capacity.Any(c => c > 0)) capacity[Array.FindIndex(capacity, c => c > 0)]--;
        var start = new int[rows + 1];
        var column = new List<int>();
        var cost = new List<long>();
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                if (rng.Next(3) == 0) continue;
                column.Add(c);
                cost.Add(rng.Next(-50, 30));
            }
            start[r + 1] = column.Count;
        }
        return (rows, capacity, start, [.. column], [.. cost]);
    }

    private static (int Count, long Cost) Evaluate(int[] result, int[] capacity, int[] start, int[] column, long[] cost) =>
        TransportationTestNetworks.Evaluate(result, capacity, start, column, cost);

    private static (int Count, long Cost) Exhaustive(int rows, int[] capacity, int[] start, int[] column, long[] cost) =>
        TransportationTestNetworks.Exhaustive(rows, capacity, start, column, cost);
}
