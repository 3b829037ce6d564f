using GridGov.Domain.Geo;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Coverage;
using NetTopologySuite.Geometries;
using NetTopologySuite.Noding.Snapround;
using NetTopologySuite.Operation.Polygonize;
using NetTopologySuite.Triangulate;

namespace GridGov.Sample;

/// <summary>
/// Splits the county (EPSG:4545 metres) into small "faces" and grows townships and villages out
/// of them. Faces come from one noding of the Voronoi diagram of a jittered grid together with
/// the county ring, so neighbouring faces share exactly the same vertices and any union of faces
/// is an exact coverage: no gaps, no overlaps, by construction rather than by tolerance.
/// </summary>
internal sealed class CountyPartition
{
    /// <summary>Everything is snapped to millimetres so noding is robust and repeatable.</summary>
    public static readonly PrecisionModel Mm = new(1000);
    private static readonly GeometryFactory MetricFactory = new(Mm, Srid.Metric);

    public required Polygon CountyMetric { get; init; }
    public required Polygon[] Faces { get; init; }
    public required double[] Area { get; init; }
    public required Coordinate[] Centre { get; init; }
    public required int[][] Neighbours { get; init; }
    private readonly NetTopologySuite.Index.Strtree.STRtree<int> _index = new();

    public static CountyPartition Build(Polygon countyMetric, IEnumerable<Coordinate> fixedSites, double spacing, Random rng)
    {
        var county = (Polygon)Snap(countyMetric);
        var env = county.EnvelopeInternal;
        var sites = new List<Coordinate>();
        var fixedList = fixedSites.Select(c => new Coordinate(Mm.MakePrecise(c.X), Mm.MakePrecise(c.Y))).ToList();
        sites.AddRange(fixedList);

        // Jittered grid, only near the county, and kept away from the fixed (known) sites so every
        // known point sits in its own face.
        var near = new IndexedPointInAreaLocator(county.Buffer(spacing * 1.5));
        var fixedIndex = new NetTopologySuite.Index.Strtree.STRtree<Coordinate>();
        foreach (var c in fixedList) fixedIndex.Insert(new Envelope(c), c);
        fixedIndex.Build();
        var minDist = spacing * 0.6;
        for (var y = env.MinY - spacing; y <= env.MaxY + spacing; y += spacing)
            for (var x = env.MinX - spacing; x <= env.MaxX + spacing; x += spacing)
            {
                var c = new Coordinate(Mm.MakePrecise(x + (rng.NextDouble() - 0.5) * 0.7 * spacing),
                                       Mm.MakePrecise(y + (rng.NextDouble() - 0.5) * 0.7 * spacing));
                if (near.Locate(c) == Location.Exterior) continue;
                var probe = new Envelope(c); probe.ExpandBy(minDist);
                if (fixedIndex.Query(probe).Any(f => f.Distance(c) < minDist)) continue;
                sites.Add(c);
            }

        var vb = new VoronoiDiagramBuilder();
        vb.SetSites(sites);
        var clip = new Envelope(env); clip.ExpandBy(spacing * 4);
        vb.ClipEnvelope = clip;
        var diagram = vb.GetDiagram(MetricFactory);

        // Unique Voronoi edges of cells touching the county, plus the county ring, noded together.
        var prepared = NetTopologySuite.Geometries.Prepared.PreparedGeometryFactory.Prepare(county);
        var segs = new HashSet<SegKey>();
        var lines = new List<NetTopologySuite.Noding.ISegmentString>();
        for (var i = 0; i < diagram.NumGeometries; i++)
        {
            var cell = (Polygon)diagram.GetGeometryN(i);
            if (!prepared.Intersects(cell)) continue;
            var cs = cell.ExteriorRing.Coordinates;
            for (var k = 0; k + 1 < cs.Length; k++)
            {
                var a = Snap(cs[k]); var b = Snap(cs[k + 1]);
                if (a.Equals2D(b) || !segs.Add(SegKey.Of(a, b))) continue;
                lines.Add(new NetTopologySuite.Noding.NodedSegmentString(new[] { a, b }, null));
            }
        }
        lines.Add(new NetTopologySuite.Noding.NodedSegmentString(county.ExteriorRing.Coordinates.Select(c => c.Copy()).ToArray(), null));
        var noder = new SnapRoundingNoder(Mm);
        noder.ComputeNodes(lines);
        var noded = noder.GetNodedSubstrings();
        var unique = new HashSet<SegKey>();
        var polygonizer = new Polygonizer();
        foreach (var ss in noded)
        {
            var cs = ss.Coordinates;
            for (var k = 0; k + 1 < cs.Length; k++)
            {
                if (cs[k].Equals2D(cs[k + 1]) || !unique.Add(SegKey.Of(cs[k], cs[k + 1]))) continue;
                polygonizer.Add(MetricFactory.CreateLineString(new[] { cs[k].Copy(), cs[k + 1].Copy() }));
            }
        }
        var inside = new IndexedPointInAreaLocator(county);
        var faces = polygonizer.GetPolygons().Cast<Polygon>()
            .Where(p => p.Area > 1e-6 && inside.Locate(p.InteriorPoint.Coordinate) == Location.Interior)
            .ToList();
        // Deterministic order independent of the polygonizer's internals.
        faces.Sort((p, q) =>
        {
            var a = p.InteriorPoint.Coordinate; var b = q.InteriorPoint.Coordinate;
            var c = a.Y.CompareTo(b.Y);
            return c != 0 ? c : a.X.CompareTo(b.X);
        });

        var edgeOwners = new Dictionary<SegKey, List<int>>();
        for (var i = 0; i < faces.Count; i++)
        {
            foreach (var ring in Rings(faces[i]))
            {
                var cs = ring.Coordinates;
                for (var k = 0; k + 1 < cs.Length; k++)
                {
                    var key = SegKey.Of(cs[k], cs[k + 1]);
                    if (!edgeOwners.TryGetValue(key, out var l)) edgeOwners[key] = l = new List<int>(2);
                    l.Add(i);
                }
            }
        }
        var nb = new HashSet<int>[faces.Count];
        for (var i = 0; i < faces.Count; i++) nb[i] = [];
        foreach (var l in edgeOwners.Values)
            for (var a = 0; a < l.Count; a++)
                for (var b = 0; b < l.Count; b++)
                    if (l[a] != l[b]) nb[l[a]].Add(l[b]);

        var part = new CountyPartition
        {
            CountyMetric = county,
            Faces = faces.ToArray(),
            Area = faces.Select(f => f.Area).ToArray(),
            Centre = faces.Select(f => f.InteriorPoint.Coordinate).ToArray(),
            Neighbours = nb.Select(s => s.Order().ToArray()).ToArray(),
        };
        for (var i = 0; i < faces.Count; i++) part._index.Insert(faces[i].EnvelopeInternal, i);
        part._index.Build();
        return part;
    }

    private static IEnumerable<LineString> Rings(Polygon p)
    {
        yield return p.ExteriorRing;
        foreach (var h in p.InteriorRings) yield return h;
    }

    /// <summary>The face containing <paramref name="c"/>, or -1.</summary>
    public int FaceAt(Coordinate c)
    {
        foreach (var i in _index.Query(new Envelope(c)))
            if (new IndexedPointInAreaLocator(Faces[i]).Locate(c) == Location.Interior) return i;
        return -1;
    }

    /// <summary>Exact union of a set of faces (they form a valid coverage).</summary>
    public Geometry Union(IEnumerable<int> faceIds) =>
        CoverageUnion.Union(faceIds.Select(i => (Geometry)Faces[i]).ToArray());

    public sealed class Region
    {
        public required List<int> Seeds { get; init; }
        public required double Target { get; init; }
        public double Filled;
    }

    /// <summary>
    /// Capacitated region growing over the face graph: the least-filled region (by filled/target)
    /// takes its nearest free neighbouring face, so regions stay connected and roughly balanced.
    /// Faces outside <paramref name="scope"/> are never taken. Returns the owner of each face (-1 = out of scope).
    /// </summary>
    public int[] Grow(IReadOnlyList<Region> regions, Func<int, bool> scope, double[] noise)
    {
        var n = Faces.Length;
        var owner = Enumerable.Repeat(-1, n).ToArray();
        var frontiers = regions.Select(_ => new PriorityQueue<int, double>()).ToArray();
        var anchors = regions.Select(r => r.Seeds.Select(s => Centre[s]).ToArray()).ToArray();
        double Priority(int r, int f)
        {
            var best = double.MaxValue;
            foreach (var a in anchors[r]) best = Math.Min(best, a.Distance(Centre[f]));
            return best * noise[f];
        }
        void Claim(int r, int f)
        {
            owner[f] = r;
            regions[r].Filled += Area[f];
            foreach (var g in Neighbours[f])
                if (owner[g] == -1 && scope(g)) frontiers[r].Enqueue(g, Priority(r, g));
        }
        for (var r = 0; r < regions.Count; r++)
            foreach (var s in regions[r].Seeds)
                if (owner[s] == -1) Claim(r, s);

        var queue = new PriorityQueue<int, (double, int)>();
        for (var r = 0; r < regions.Count; r++) queue.Enqueue(r, (regions[r].Filled / regions[r].Target, r));
        while (queue.TryDequeue(out var r, out _))
        {
            var took = false;
            while (frontiers[r].TryDequeue(out var f, out _))
            {
                if (owner[f] != -1) continue;
                Claim(r, f);
                took = true;
                break;
            }
            if (took) queue.Enqueue(r, (regions[r].Filled / regions[r].Target, r));
        }

        // Faces no region could reach (a part of the scope cut off from every seed): give them to a
        // neighbour, else to the region with the nearest seed.
        var changed = true;
        while (changed)
        {
            changed = false;
            for (var f = 0; f < n; f++)
            {
                if (owner[f] != -1 || !scope(f)) continue;
                foreach (var g in Neighbours[f])
                    if (owner[g] != -1 && scope(g)) { owner[f] = owner[g]; changed = true; break; }
            }
        }
        for (var f = 0; f < n; f++)
        {
            if (owner[f] != -1 || !scope(f)) continue;
            var best = 0; var bestD = double.MaxValue;
            for (var r = 0; r < regions.Count; r++)
            {
                var d = Priority(r, f);
                if (d < bestD) (best, bestD) = (r, d);
            }
            owner[f] = best;
        }
        return owner;
    }

    public static Coordinate Snap(Coordinate c) => new(Mm.MakePrecise(c.X), Mm.MakePrecise(c.Y));

    public static Geometry Snap(Geometry g)
    {
        var copy = g.Copy();
        copy.Apply(new SnapFilter());
        copy.GeometryChanged();
        return copy;
    }

    private sealed class SnapFilter : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => true;
        public void Filter(CoordinateSequence seq)
        {
            for (var i = 0; i < seq.Count; i++)
            {
                seq.SetX(i, Mm.MakePrecise(seq.GetX(i)));
                seq.SetY(i, Mm.MakePrecise(seq.GetY(i)));
            }
        }
    }

    /// <summary>An undirected segment key.</summary>
    private readonly record struct SegKey(double X1, double Y1, double X2, double Y2)
    {
        public static SegKey Of(Coordinate a, Coordinate b) =>
            a.X < b.X || (a.X == b.X && a.Y <= b.Y) ? new(a.X, a.Y, b.X, b.Y) : new(b.X, b.Y, a.X, a.Y);
    }
}
