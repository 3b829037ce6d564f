using GridGov.Domain.Cells;
using GridGov.Domain.Geo;
using GridGov.Testing;
using NetTopologySuite.Geometries;
using static GridGov.Domain.Tests.Cells.CellFixtures;

namespace GridGov.Domain.Tests.Cells;

public class SplitMergeTests
{
    [Fact]
    public void A_line_across_the_cell_splits_it_into_two_parts_whose_areas_add_up()
    {
        var cell = Group1;
        var line = Wkt.Read<LineString>("LINESTRING (108.404 28.006, 108.4075 28.0085, 108.411 28.0092)");

        var result = CellGeometryRules.Split(cell, line);

        Assert.True(result.IsSuccess, result.ToString());
        var (a, b) = (result.First!, result.Second!);
        Assert.Equal(Srid.Storage, a.SRID);
        // New nodes sit on edges that are straight in lon/lat, hence very slightly bent in metres:
        // the sums agree to a few cm², not bitwise.
        Assert.Equal(AreaM2(cell), AreaM2(a) + AreaM2(b), 0.01);
        Assert.True(AreaM2(a) >= AreaM2(b));
        Assert.True(AreaM2(b) > 0.2 * AreaM2(cell));
        Assert.Equal(0.0, a.Intersection(b).Area);
        Assert.True(a.Union(b).EqualsTopologically(cell));
        // The cell's own corners survive bitwise in one of the parts.
        foreach (var corner in cell.Coordinates.Take(4))
            Assert.Contains(a.Coordinates.Concat(b.Coordinates), c => SameBits(c.X, corner.X) && SameBits(c.Y, corner.Y));
    }

    [Fact]
    public void A_line_that_stops_inside_the_cell_does_not_split_it()
    {
        var result = CellGeometryRules.Split(Group1, Wkt.Read<LineString>("LINESTRING (108.404 28.0075, 108.408 28.0075)"));
        Assert.Equal(CellErrorCodes.GeometryInvalid, result.Error!.Code);
        Assert.Contains("1", result.Error.MessageEn);
        Assert.Null(result.First);
    }

    [Fact]
    public void A_line_crossing_twice_makes_three_parts_and_is_refused()
    {
        var result = CellGeometryRules.Split(Group1, Wkt.Read<LineString>(
            "LINESTRING (108.404 28.006, 108.411 28.006, 108.411 28.009, 108.404 28.009)"));
        Assert.Equal(CellErrorCodes.GeometryInvalid, result.Error!.Code);
        Assert.Contains("3", result.Error.MessageZh);
    }

    [Fact]
    public void A_line_missing_the_cell_is_refused()
    {
        var result = CellGeometryRules.Split(Group1, Wkt.Read<LineString>("LINESTRING (108.412 28.006, 108.413 28.009)"));
        Assert.Equal(CellErrorCodes.GeometryInvalid, result.Error!.Code);
    }

    [Fact]
    public void Splitting_a_cell_with_a_hole_keeps_the_hole_out_of_both_parts()
    {
        var cell = Wkt.Read<Polygon>(
            "POLYGON ((108.412 28.012, 108.418 28.012, 108.418 28.018, 108.412 28.018, 108.412 28.012)," +
            " (108.414 28.013, 108.414 28.014, 108.416 28.014, 108.416 28.013, 108.414 28.013))");
        var result = CellGeometryRules.Split(cell, Wkt.Read<LineString>("LINESTRING (108.411 28.016, 108.419 28.016)"));
        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(AreaM2(cell), AreaM2(result.First!) + AreaM2(result.Second!), 0.01);
        Assert.Equal(1, result.First!.NumInteriorRings + result.Second!.NumInteriorRings);
    }

    [Fact]
    public void Merging_neighbours_gives_their_union()
    {
        var result = CellGeometryRules.Merge([Group1, Group2]);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.True(result.Polygon!.EqualsTopologically(Group1.Union(Group2)));
        Assert.Equal(AreaM2(Group1) + AreaM2(Group2), AreaM2(result.Polygon), 1e-3);
        Assert.Equal(0, result.Polygon.NumInteriorRings);
    }

    [Fact]
    public void Three_cells_in_a_chain_merge()
    {
        var group3 = Wkt.Read<Polygon>("POLYGON ((108.415 28.005, 108.418 28.005, 108.418 28.010, 108.415 28.010, 108.415 28.005))");
        var result = CellGeometryRules.Merge([Group1, group3, Group2]);
        Assert.True(result.IsSuccess, result.ToString());
        Assert.True(result.Polygon!.EqualsTopologically(
            Wkt.Read("POLYGON ((108.405 28.005, 108.418 28.005, 108.418 28.010, 108.405 28.010, 108.405 28.005))")));
    }

    [Fact]
    public void Merging_cells_that_do_not_touch_fails()
    {
        var far = Wkt.Read<Polygon>("POLYGON ((108.412 28.012, 108.416 28.012, 108.416 28.016, 108.412 28.016, 108.412 28.012))");
        var result = CellGeometryRules.Merge([Group1, far]);
        Assert.Equal(CellErrorCodes.GeometryInvalid, result.Error!.Code);
        Assert.StartsWith("网格不相邻，无法合并", result.Error.MessageZh);
        Assert.Null(result.Polygon);
    }

    [Fact]
    public void Merging_cells_that_touch_at_a_corner_only_fails()
    {
        var diagonal = Wkt.Read<Polygon>("POLYGON ((108.410 28.010, 108.415 28.010, 108.415 28.015, 108.410 28.015, 108.410 28.010))");
        Assert.True(Group1.Touches(diagonal));
        var result = CellGeometryRules.Merge([Group1, diagonal]);
        Assert.Equal(CellErrorCodes.GeometryInvalid, result.Error!.Code);
        Assert.StartsWith("网格不相邻，无法合并", result.Error.MessageZh);
    }

    [Fact]
    public void Merging_needs_two_cells()
    {
        Assert.Equal(CellErrorCodes.GeometryInvalid, CellGeometryRules.Merge([Group1]).Error!.Code);
    }

    [Fact]
    public void A_cell_prepared_by_edge_snapping_still_merges_with_its_neighbour_without_slivers()
    {
        // The snapped vertex lies on 一组's edge only up to rounding; merge must still see one shared edge.
        var (mx, my) = ToMetric(108.410, 28.0075);
        var (ix, iy) = GaussKruger.Unproject(mx - 0.4, my);
        var drawn = Wkt.Read<Polygon>(
            $"POLYGON ((108.410 28.005, 108.415 28.005, 108.415 28.010, 108.410 28.010, {N(ix)} {N(iy)}, 108.410 28.005))");
        var prepared = CellGeometryRules.Prepare(drawn, Village, OnlyGroup1);
        Assert.True(prepared.IsSuccess, prepared.ToString());

        var merged = CellGeometryRules.Merge([Group1, prepared.Polygon!]);

        Assert.True(merged.IsSuccess, merged.ToString());
        Assert.Equal(0, merged.Polygon!.NumInteriorRings);
        Assert.True(merged.Polygon.IsValid);
        // In lon/lat, where the shapes are straight, the areas add up exactly; in metres only to a
        // few cm², because the snapped vertex sits on the meridian's slight curve.
        Assert.Equal(Group1.Area + prepared.Polygon!.Area, merged.Polygon.Area, 1e-15);
        Assert.Equal(AreaM2(Group1) + AreaM2(prepared.Polygon), AreaM2(merged.Polygon), 0.05);
    }
}
