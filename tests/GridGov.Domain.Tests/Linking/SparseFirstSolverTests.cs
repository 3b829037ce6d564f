using GridGov.Domain.Linking;

namespace GridGov.Domain.Tests.Linking;

/// <summary>
/// The sparse-first solver proves its answer on all edges or solves again. A first solve of one
/// or two edges per row fails the proof often, so these cases exercise the proof and the
/// regrowth, not only the happy path; the answer must still be the exhaustive optimum.
/// </summary>
public class SparseFirstSolverTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Narrow_first_solves_still_reach_the_exhaustive_optimum(int edgesPerRow)
    {
        var rng = new Random(2718 + edgesPerRow);
        var regrown = 0;
        for (var n = 0; n < 400; n++)
        {
            var (rows, capacity, start, column, cost) = TransportationTestNetworks.Random(rng, rng.Next(1, 8), rng.Next(1, 4), maxCapacity: 3);
            var result = SparseFirstSolver.Solve(rows, capacity, start, column, cost,
                TransportationSolver.Big(rows, start[rows], cost), edgesPerRow, out var solves);
            if (solves > 1) regrown++;
            Assert.Equal(TransportationTestNetworks.Exhaustive(rows, capacity, start, column, cost),
                TransportationTestNetworks.Evaluate(result, capacity, start, column, cost));
        }
        Assert.True(regrown >= 20, $"only {regrown} of 400 instances needed a second solve: the proof was hardly tested");
    }

    [Theory]
    [InlineData(0.7)]  // scarce
    [InlineData(1.0)]  // balanced
    [InlineData(1.5)]  // ample
    public void Rows_of_many_edges_reach_the_plain_solvers_optimum(double placesPerRow)
    {
        // 40 columns, nearly all within reach of every row: far more edges than the first solve keeps.
        var rng = new Random(31 + (int)(placesPerRow * 10));
        var regrown = 0;
        for (var n = 0; n < 12; n++)
        {
            var (rows, capacity, start, column, cost) = TransportationTestNetworks.Random(rng, 240, 40, maxCapacity: 0,
                places: (int)(240 * placesPerRow), edgeShare: 0.9, sharedTastes: true);
            var result = SparseFirstSolver.Solve(rows, capacity, start, column, cost,
                TransportationSolver.Big(rows, start[rows], cost), SparseFirstSolver.EdgesPerRow, out var solves);
            if (solves > 1) regrown++;
            var plain = TransportationSolver.Solve(rows, capacity, start, column, cost, TransportationAlgorithm.ShortestPaths);
            var scaling = TransportationSolver.Solve(rows, capacity, start, column, cost, TransportationAlgorithm.CostScaling);
            var expected = TransportationTestNetworks.Evaluate(plain, capacity, start, column, cost);
            Assert.Equal(expected, TransportationTestNetworks.Evaluate(scaling, capacity, start, column, cost));
            Assert.Equal(expected, TransportationTestNetworks.Evaluate(result, capacity, start, column, cost));
        }
        Assert.True(regrown > 0, "no instance needed a second solve: the proof was not tested");
    }
}
