using GridGov.Domain.Cells;
using GridGov.Domain.Geo;
using GridGov.Testing;
using NetTopologySuite.Geometries;

namespace GridGov.Domain.Tests.Geo;

/// <summary>
/// The one swap rule on its boundaries, judged directly and through the cell rules (the API's input check calls the
/// same <see cref="CoordinateSwap.Judge"/> with the county's extent; SpatialTests covers it end to end). The place is
/// one where both readings are valid degrees, so only the rule decides.
/// </summary>
public class CoordinateSwapTests
{
    private const string VillageWkt = "MULTIPOLYGON (((30.50 60.20, 30.52 60.20, 30.52 60.22, 30.50 60.22, 30.50 60.20)))";
    private const double M = CoordinateSwap.NeighbourhoodDegrees;

    /// <summary>A small triangle with its south-west corner at (x, y).</summary>
    private static Polygon At(double x, double y) =>
        Wkt.Read<Polygon>(FormattableString.Invariant($"POLYGON (({x} {y}, {x + 0.002} {y}, {x + 0.002} {y + 0.002}, {x} {y}))"));

    public static TheoryData<double, double, CoordinateSwap.Verdict> Cases => new()
    {
        { 30.505, 60.205, CoordinateSwap.Verdict.AsGiven },                 // inside
        { 30.52 + M - 0.003, 60.205, CoordinateSwap.Verdict.AsGiven },      // just inside the neighbourhood
        { 30.52 + M + 0.001, 60.205, CoordinateSwap.Verdict.Elsewhere },    // just beyond it, and swapped nowhere near
        { 60.205, 30.505, CoordinateSwap.Verdict.Swapped },                 // far as given, inside swapped
        { 60.205, 30.50 - M + 0.001, CoordinateSwap.Verdict.Swapped },      // swapped, just inside the neighbourhood
        { 60.205, 30.50 - M - 0.003, CoordinateSwap.Verdict.Elsewhere },    // swapped, just beyond it
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_verdict_on_the_boundaries(double x, double y, CoordinateSwap.Verdict expected)
    {
        var g = At(x, y);
        var village = Wkt.Read<MultiPolygon>(VillageWkt);
        Assert.Equal(expected, CoordinateSwap.Judge(g, CoordinateSwap.Swapped(g), village.EnvelopeInternal));

        // The cell rules say "swapped" exactly when the rule does.
        var error = CellGeometryRules.Prepare(g, village, []).Error;
        Assert.Equal(expected == CoordinateSwap.Verdict.Swapped, error?.Code == CellErrorCodes.CoordinatesSwapped);
    }

    [Fact]
    public void A_reading_that_cannot_be_converted_is_not_near_anything()
    {
        var village = Wkt.Read<MultiPolygon>(VillageWkt);
        Assert.Equal(CoordinateSwap.Verdict.Swapped, CoordinateSwap.Judge(null, At(30.505, 60.205), village.EnvelopeInternal));
        Assert.Equal(CoordinateSwap.Verdict.Elsewhere, CoordinateSwap.Judge(null, null, village.EnvelopeInternal));
    }
}
