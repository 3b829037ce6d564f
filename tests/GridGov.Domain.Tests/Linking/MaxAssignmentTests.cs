using GridGov.Domain.Linking;

namespace GridGov.Domain.Tests.Linking;

/// <summary>The most rows an assignment can place, against exhaustive search and the shortest-path solver.</summary>
public class MaxAssignmentTests
{
    [Fact]
    public void Matches_exhaustive_search_on_small_instances()
    {
        var rng = new Random(4242);
        for (var n = 0; n < 400; n++)
        {
            var (rows, capacity, start, column, cost) = TransportationTestNetworks.Random(rng, rng.Next(1, 8), rng.Next(1, 4),
                maxCapacity: 2, edgeShare: rng.NextDouble());
            var (best, _) = TransportationTestNetworks.Exhaustive(rows, capacity, start, column, cost);
            Assert.True(best == MaxAssignment.Count(rows, capacity, start, column), $"instance {n}");
        }
    }

    [Fact]
    public void Places_as_many_rows_as_the_shortest_path_solver_on_larger_sparse_instances()
    {
        // Few edges and tight places: the greedy start leaves rows out that only long augmenting paths can place.
        var rng = new Random(99);
        for (var n = 0; n < 30; n++)
        {
            var (rows, capacity, start, column, cost) = TransportationTestNetworks.Random(rng, 300, 60, maxCapacity: 6,
                edgeShare: 0.03 + 0.05 * rng.NextDouble());
            var solved = TransportationSolver.Solve(rows, capacity, start, column, cost, TransportationAlgorithm.ShortestPaths);
            Assert.Equal(solved.Count(c => c >= 0), MaxAssignment.Count(rows, capacity, start, column));
        }
    }

    [Fact]
    public void Follows_an_augmenting_path_through_every_row_without_running_out_of_stack()
    {
        // Row i (i < n − 1) may take column i + 1 (listed first, so the greedy start takes it) or column i; the last
        // row only column n − 1. Placing the last row moves every other row one column down: one path of n rows.
        const int n = 200_000;
        var start = new int[n + 1];
        var column = new List<int>();
        for (var r = 0; r < n; r++)
        {
            if (r < n - 1) column.Add(r + 1);
            column.Add(r);
            start[r + 1] = column.Count;
        }
        var capacity = Enumerable.Repeat(1, n).ToArray();
        Assert.Equal(n, MaxAssignment.Count(n, capacity, start, [.. column]));
    }

    [Fact]
    public void Counts_no_row_without_edges_or_places()
    {
        // Row 0 has no edges, row 1 only a column without places, rows 2 and 3 share one place.
        int[] start = [0, 0, 1, 2, 3];
        int[] column = [0, 1, 1];
        Assert.Equal(1, MaxAssignment.Count(4, [0, 1], start, column));
    }
}
