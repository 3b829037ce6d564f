using NetTopologySuite.Geometries;

namespace GridGov.Domain.Geo;

/// <summary>
/// Longitude and latitude exchanged: the one rule that tells a swapped input from a wrong one, used by the cell rules
/// (near the village) and by the API's input check (inside the county). A geometry is swapped when, as given, it lies
/// outside the neighbourhood of where it must be, and with its axes exchanged it lies inside it.
/// </summary>
public static class CoordinateSwap
{
    /// <summary>How far beyond the expected extent an input may reach (~20 km): filters and cells near a border.</summary>
    public const double NeighbourhoodDegrees = 0.2;

    public enum Verdict { AsGiven, Swapped, Elsewhere }

    /// <summary>
    /// The verdict for an input, given as read and with its axes exchanged (both already in the expected extent's
    /// coordinates; null when a reading cannot be converted at all).
    /// </summary>
    public static Verdict Judge(Geometry? asGiven, Geometry? swapped, Envelope expected)
    {
        if (asGiven is not null && Near(asGiven, expected)) return Verdict.AsGiven;
        if (swapped is not null && Near(swapped, expected)) return Verdict.Swapped;
        return Verdict.Elsewhere;
    }

    private static bool Near(Geometry g, Envelope expected)
    {
        var e = g.EnvelopeInternal;
        return !e.IsNull
            && e.MinX >= expected.MinX - NeighbourhoodDegrees && e.MaxX <= expected.MaxX + NeighbourhoodDegrees
            && e.MinY >= expected.MinY - NeighbourhoodDegrees && e.MaxY <= expected.MaxY + NeighbourhoodDegrees;
    }

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
