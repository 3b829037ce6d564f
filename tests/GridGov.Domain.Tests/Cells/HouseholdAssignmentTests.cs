using GridGov.Domain.Cells;
using GridGov.Testing;
using NetTopologySuite.Geometries;
using static GridGov.Domain.Tests.Cells.CellFixtures;

namespace GridGov.Domain.Tests.Cells;

public class HouseholdAssignmentTests
{
    private static readonly (long Id, Point Location)[] Households =
    [
        (1, Wkt.Read<Point>("POINT (108.407 28.007)")),   // inside 一组
        (2, Wkt.Read<Point>("POINT (108.413 28.008)")),   // inside 二组
        (3, Wkt.Read<Point>("POINT (108.410 28.0075)")),  // on the shared edge
        (4, Wkt.Read<Point>("POINT (108.419 28.018)")),   // in the village, in no cell
        (5, Wkt.Read<Point>("POINT (108.405 28.006)")),   // on 一组's outer (west) edge
    ];

    [Fact]
    public void Each_household_goes_to_the_cell_that_contains_it_and_shared_edges_to_the_lowest_id()
    {
        var result = CellGeometryRules.AssignHouseholds(Households, [(12, Group2), (11, Group1)]);

        Assert.Equal(5, result.Count);
        Assert.Equal(11, result[1]);
        Assert.Equal(12, result[2]);
        Assert.Equal(11, result[3]);
        Assert.Null(result[4]);
        Assert.Equal(11, result[5]);
    }

    [Fact]
    public void The_shared_edge_rule_follows_the_ids_not_the_input_order()
    {
        // Same shapes, ids swapped: the point on the shared edge now goes to 二组.
        var result = CellGeometryRules.AssignHouseholds(Households, [(7, Group2), (9, Group1)]);
        Assert.Equal(7, result[3]);
        Assert.Equal(9, result[1]);
        Assert.Equal(7, result[2]);
    }
}
