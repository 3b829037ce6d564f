using GridGov.Domain.Cells;
using GridGov.Testing;
using NetTopologySuite.Geometries;
using static GridGov.Domain.Tests.Cells.CellFixtures;

namespace GridGov.Domain.Tests.Cells;

/// <summary>填补空白: the uncovered part under a click becomes a candidate cell that passes the cell rules unchanged.</summary>
public class GapTests
{
    private static IReadOnlyList<(long Id, string Name, Polygon Geometry)> BothGroups => [(11, "一组", Group1), (12, "二组", Group2)];

    [Fact]
    public void The_gap_around_two_cells_is_the_village_with_them_cut_out_and_passes_the_rules()
    {
        var result = CellGaps.At(Village, BothGroups, Wkt.Read<Point>("POINT (108.402 28.002)"));

        Assert.True(result.IsSuccess, result.ToString());
        var gap = result.Polygon!;
        Assert.Equal(1, gap.NumInteriorRings); // the two cells are an island inside it
        Assert.Equal(AreaM2(Village) - AreaM2(Group1) - AreaM2(Group2), AreaM2(gap), 0.01);
        Assert.True(AreaM2(gap.Intersection(Group1)) < 1e-6);

        var prepared = CellGeometryRules.Prepare(gap, Village, BothGroups);
        Assert.True(prepared.IsSuccess, prepared.ToString());
        Assert.DoesNotContain(prepared.Notes, n => n.Kind == CellNoteKinds.OverlapRemoved);
        Assert.Equal(AreaM2(gap), AreaM2(prepared.Polygon!), 0.01);
    }

    [Fact]
    public void Of_two_gaps_the_one_clicked_is_returned()
    {
        // A cell across the whole village from south to north leaves a western and an eastern gap.
        var band = Wkt.Read<Polygon>("POLYGON ((108.408 27.99, 108.412 27.99, 108.412 28.03, 108.408 28.03, 108.408 27.99))");
        var east = CellGaps.At(Village, [(21, "中", band)], Wkt.Read<Point>("POINT (108.418 28.010)"));
        var west = CellGaps.At(Village, [(21, "中", band)], Wkt.Read<Point>("POINT (108.402 28.010)"));

        Assert.True(east.IsSuccess && west.IsSuccess);
        Assert.Equal(108.412, east.Polygon!.EnvelopeInternal.MinX, 1e-9);
        Assert.Equal(108.408, west.Polygon!.EnvelopeInternal.MaxX, 1e-9);
        // Relative tolerance: the areas are computed on different vertex sets (3.3 km² in all).
        var expected = AreaM2(Village) - AreaM2(Village.Intersection(band));
        Assert.Equal(expected, AreaM2(east.Polygon) + AreaM2(west.Polygon), expected * 1e-6);
    }

    [Fact]
    public void A_click_inside_a_cell_names_it_and_one_outside_the_village_says_so()
    {
        var inCell = CellGaps.At(Village, BothGroups, Wkt.Read<Point>("POINT (108.407 28.007)"));
        Assert.Equal(CellErrorCodes.GeometryInvalid, inCell.Error!.Code);
        Assert.Equal(11, inCell.Error.CellId);
        Assert.Contains("一组", inCell.Error.MessageZh);

        var outside = CellGaps.At(Village, BothGroups, Wkt.Read<Point>("POINT (108.430 28.010)"));
        Assert.Equal(CellErrorCodes.GeometryOutsideVillage, outside.Error!.Code);
        Assert.Contains("边界以外", outside.Error.MessageZh);
    }
}
