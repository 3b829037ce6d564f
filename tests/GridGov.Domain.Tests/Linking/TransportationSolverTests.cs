using GridGov.Domain.Linking;

namespace GridGov.Domain.Tests.Linking;

public class TransportationSolverTests
{
    [Fact]
    public void Bumps_an_earlier_row_when_that_lets_more_rows_in()
    {
        // Row 0 prefers column 0 (cost −10) and is activated first; row 1 can only use column 0.
        // The optimum moves row 0 to column 1 so both rows are assigned.
        int[] start = [0, 2, 3];
        int[] column = [0, 1, 0];
        long[] cost = [-10, 5, 3];
        var result = TransportationSolver.Solve(2, [1, 1], start, column, cost);
        Assert.Equal([1, 0], result);
    }

    [Fact]
    public void Drops_an_earlier_row_for_a_cheaper_later_one_when_the_count_is_equal()
    {
        int[] start = [0, 1, 2];
        int[] column = [0, 0];
        long[] cost = [-1, -5];
        Assert.Equal([-1, 0], TransportationSolver.Solve(2, [1], start, column, cost));
    }

    [Fact]
    public void Rows_without_edges_and_columns_without_capacity_stay_out()
    {
        int[] start = [0, 0, 1];
        int[] column = [0];
        long[] cost = [0];
        Assert.Equal([-1, -1], TransportationSolver.Solve(2, [0], start, column, cost));
    }

    [Fact]
    public void Rejects_inconsistent_input()
    {
        Assert.Throws<ArgumentException>(() => TransportationSolver.Solve(2, [1], [0, 1], [0], [0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => TransportationSolver.Solve(1, [1], [0, 1], [3], [0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => TransportationSolver.Solve(1, [-1], [0, 1], [0], [0]));
    }
}
