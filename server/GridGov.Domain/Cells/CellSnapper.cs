using GridGov.Domain.Geo;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;

namespace GridGov.Domain.Cells;

/// <summary>
/// Snaps a candidate cell to its neighbours and the village boundary. Distances are decided in
/// EPSG:4545 metres, but the new coordinates are taken from the targets' own storage coordinates
/// (a snapped vertex is a bitwise copy of the neighbour's vertex), because a round trip through
/// the projection would not give back the identical doubles and shared edges would drift apart.
/// </summary>
internal sealed class CellSnapper
{
    private readonly List<TargetRing> _targets = [];
    private readonly double _tolerance;

    public CellSnapper(double toleranceMeters) => _tolerance = toleranceMeters;

    public int CellVertexSnaps { get; private set; }
    public int CellEdgeSnaps { get; private set; }
    public int VillageVertexSnaps { get; private set; }
    public int VillageEdgeSnaps { get; private set; }
    public int Inserted { get; private set; }
    public int DuplicatesRemoved { get; private set; }

    public bool Changed =>
        CellVertexSnaps + CellEdgeSnaps + VillageVertexSnaps + VillageEdgeSnaps + Inserted + DuplicatesRemoved > 0;

    /// <summary>A neighbouring cell: snapped points are kept on its outer side.</summary>
    public void AddCell(Polygon cell) => AddPolygon(cell, isVillage: false);

    /// <summary>The village: snapped points are kept on its inner side.</summary>
    public void AddVillage(Geometry village)
    {
        for (var i = 0; i < village.NumGeometries; i++)
            if (village.GetGeometryN(i) is Polygon p) AddPolygon(p, isVillage: true);
    }

    private void AddPolygon(Polygon p, bool isVillage)
    {
        AddRing(p.ExteriorRing, isShell: true, isVillage);
        foreach (var hole in p.InteriorRings) AddRing(hole, isShell: false, isVillage);
    }

    private void AddRing(LineString ring, bool isShell, bool isVillage)
    {
        var storage = ring.Coordinates;
        if (storage.Length < 4) return;
        var metric = new Coordinate[storage.Length];
        var env = new Envelope();
        for (var i = 0; i < storage.Length; i++)
        {
            var (x, y) = GaussKruger.Project(storage[i].X, storage[i].Y);
            metric[i] = new Coordinate(x, y);
            env.ExpandToInclude(x, y);
        }
        // Which side of each directed edge is the polygon's interior: left of a CCW shell, right of a CCW hole.
        var interiorLeft = Orientation.IsCCW(storage) == isShell;
        var interiorSide = interiorLeft ? OrientationIndex.Left : OrientationIndex.Right;
        // Keep snapped points inside the village, but outside a neighbour.
        var wanted = isVillage ? interiorSide : (OrientationIndex)(-(int)interiorSide);
        env.ExpandBy(_tolerance);
        _targets.Add(new TargetRing(storage, metric, env, isVillage, wanted));
    }

    public Polygon Snap(Polygon candidate)
    {
        if (_tolerance <= 0 || _targets.Count == 0) return candidate;
        var f = CoordinateConverter.StorageFactory;
        var shell = f.CreateLinearRing(SnapRing(candidate.ExteriorRing.Coordinates));
        var holes = candidate.InteriorRings.Select(h => f.CreateLinearRing(SnapRing(h.Coordinates))).ToArray();
        return f.CreatePolygon(shell, holes);
    }

    private Coordinate[] SnapRing(Coordinate[] ring)
    {
        // 1. Move each vertex onto the nearest target vertex, else onto the nearest target edge.
        var n = ring.Length - 1; // the closing point repeats the first
        var pts = new List<Coordinate>(n + 1);
        for (var i = 0; i < n; i++) pts.Add(SnapVertex(ring[i]));

        // 2. Insert target vertices lying within tolerance of a candidate edge, so a shared edge has
        //    the same vertices on both sides and not just the same end points.
        var withInserted = new List<Coordinate>(pts.Count * 2);
        for (var i = 0; i < pts.Count; i++)
        {
            var p = pts[i];
            var q = pts[(i + 1) % pts.Count];
            withInserted.Add(p);
            foreach (var w in VerticesAlong(p, q))
            {
                withInserted.Add(w);
                Inserted++;
            }
        }

        // 3. Two vertices snapped to the same target vertex become one.
        var result = new List<Coordinate>(withInserted.Count + 1);
        foreach (var c in withInserted)
        {
            if (result.Count > 0 && result[^1].Equals2D(c)) { DuplicatesRemoved++; continue; }
            result.Add(c);
        }
        while (result.Count > 1 && result[^1].Equals2D(result[0]))
        {
            result.RemoveAt(result.Count - 1);
            DuplicatesRemoved++;
        }
        result.Add(result[0].Copy());
        // A ring needs four points; if snapping collapsed it, pad it so validation reports the collapse.
        while (result.Count < 4) result.Add(result[0].Copy());
        return [.. result];
    }

    private Coordinate SnapVertex(Coordinate v)
    {
        var (mx, my) = GaussKruger.Project(v.X, v.Y);
        var vm = new Coordinate(mx, my);

        TargetRing? bestRing = null;
        var bestIndex = -1;
        var bestDistance = double.MaxValue;
        foreach (var t in _targets)
        {
            if (!t.MetricEnvelope.Contains(vm)) continue;
            for (var i = 0; i < t.Metric.Length - 1; i++)
            {
                var d = vm.Distance(t.Metric[i]);
                if (d <= _tolerance && d < bestDistance) { bestDistance = d; bestRing = t; bestIndex = i; }
            }
        }
        if (bestRing is not null)
        {
            var s = bestRing.Storage[bestIndex];
            if (s.X == v.X && s.Y == v.Y) return s.Copy(); // already there: not a snap
            if (bestRing.IsVillage) VillageVertexSnaps++; else CellVertexSnaps++;
            return new Coordinate(s.X, s.Y);
        }

        bestDistance = double.MaxValue;
        var bestT = 0.0;
        foreach (var t in _targets)
        {
            if (!t.MetricEnvelope.Contains(vm)) continue;
            for (var i = 0; i < t.Metric.Length - 1; i++)
            {
                var seg = new LineSegment(t.Metric[i], t.Metric[i + 1]);
                var d = seg.Distance(vm);
                if (d <= _tolerance && d < bestDistance)
                {
                    bestDistance = d; bestRing = t; bestIndex = i;
                    bestT = Math.Clamp(seg.ProjectionFactor(vm), 0, 1);
                }
            }
        }
        if (bestRing is null || bestDistance == 0) return v.Copy();

        // The edge is straight in storage coordinates (that is what is stored), so the point is
        // interpolated there, with the fraction found in metres.
        var a = bestRing.Storage[bestIndex];
        var b = bestRing.Storage[bestIndex + 1];
        var p = new Coordinate(a.X + bestT * (b.X - a.X), a.Y + bestT * (b.Y - a.Y));
        KeepOnSide(a, b, p, bestRing.WantedSide);
        if (bestRing.IsVillage) VillageEdgeSnaps++; else CellEdgeSnaps++;
        return p;
    }

    /// <summary>
    /// An interpolated point is off the exact line by rounding. Nudge it by units in the last place
    /// to the wanted side (or onto the line) so it is never inside a neighbour or outside the village.
    /// </summary>
    private static void KeepOnSide(Coordinate a, Coordinate b, Coordinate p, OrientationIndex wanted)
    {
        // Left normal of a→b is (-dy, dx); the right one its negation.
        var sign = wanted == OrientationIndex.Left ? 1 : -1;
        var nx = Math.Sign(-(b.Y - a.Y)) * sign;
        var ny = Math.Sign(b.X - a.X) * sign;
        for (var i = 0; i < 64; i++)
        {
            var side = Orientation.Index(a, b, p);
            if (side == OrientationIndex.Collinear || side == wanted) return;
            if (nx != 0) p.X = nx > 0 ? Math.BitIncrement(p.X) : Math.BitDecrement(p.X);
            if (ny != 0) p.Y = ny > 0 ? Math.BitIncrement(p.Y) : Math.BitDecrement(p.Y);
        }
    }

    private IEnumerable<Coordinate> VerticesAlong(Coordinate p, Coordinate q)
    {
        var (px, py) = GaussKruger.Project(p.X, p.Y);
        var (qx, qy) = GaussKruger.Project(q.X, q.Y);
        var seg = new LineSegment(px, py, qx, qy);
        var env = new Envelope(px, qx, py, qy);
        env.ExpandBy(_tolerance);
        var found = new List<(double T, Coordinate C)>();
        foreach (var t in _targets)
        {
            if (!t.MetricEnvelope.Intersects(env)) continue;
            for (var i = 0; i < t.Metric.Length - 1; i++)
            {
                var wm = t.Metric[i];
                if (!env.Contains(wm) || seg.Distance(wm) > _tolerance) continue;
                var f = seg.ProjectionFactor(wm);
                if (f <= 0 || f >= 1) continue;
                var w = t.Storage[i];
                if (w.Equals2D(p) || w.Equals2D(q)) continue;
                if (found.Any(x => x.C.Equals2D(w))) continue; // a vertex shared by a neighbour and the village
                found.Add((f, new Coordinate(w.X, w.Y)));
            }
        }
        return found.OrderBy(x => x.T).Select(x => x.C);
    }

    private sealed record TargetRing(
        Coordinate[] Storage, Coordinate[] Metric, Envelope MetricEnvelope, bool IsVillage, OrientationIndex WantedSide);
}
