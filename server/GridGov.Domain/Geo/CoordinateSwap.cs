using NetTopologySuite.Geometries;

namespace GridGov.Domain.Geo;

/// <summary>
/// Longitude and latitude exchanged: the one way to swap a geometry's axes, used by the cell rules (near the village)
/// and by the API's input check (inside the county) to tell a swapped input from a wrong one.
/// </summary>
public static class CoordinateSwap
{
    /// <summary>A copy of <paramref name="g"/> with x and y exchanged in every coordinate.</summary>
    public static Geometry Swapped(Geometry g)
    {
        var copy = g.Copy();
        copy.Apply(new SwapFilter());
        return copy;
    }

    private sealed class SwapFilter : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (var i = 0; i < seq.Count; i++)
            {
                var x = seq.GetX(i);
                seq.SetX(i, seq.GetY(i));
                seq.SetY(i, x);
            }
        }
    }
}
