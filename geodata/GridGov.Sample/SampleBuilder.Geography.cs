using GridGov.Domain.Geo;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Coverage;
using NetTopologySuite.Geometries;

namespace GridGov.Sample;

/// <summary>A village as the builder sees it: metric polygon for generating, storage polygon for storing.</summary>
internal sealed class VillagePlan
{
    public required int Index { get; init; }
    public required SourceVillage Source { get; init; }
    public required int TownshipIndex { get; init; }
    public required bool IsCommunity { get; init; }
    public required double Weight { get; init; }
    public Geometry Metric { get; set; } = Polygon.Empty;
    public MultiPolygon Storage { get; set; } = MultiPolygon.Empty;
    public string ShortName => Source.Name.Replace("村民委员会", "").Replace("居民委员会", "");
}

public static partial class SampleBuilder
{
    private static readonly GeometryFactory Storage = CoordinateConverter.StorageFactory;

    internal static Coordinate GcjToMetric(double lon, double lat)
    {
        var (wl, wb) = Gcj02.ToWgs84(lon, lat);
        var (x, y) = GaussKruger.Project(wl, wb);
        return new Coordinate(x, y);
    }

    internal static Point GcjToStorage(double lon, double lat)
    {
        var (wl, wb) = Gcj02.ToWgs84(lon, lat);
        return Storage.CreatePoint(new Coordinate(wl, wb));
    }

    internal static Point MetricToStorage(Coordinate c)
    {
        var (lon, lat) = GaussKruger.Unproject(c.X, c.Y);
        return Storage.CreatePoint(new Coordinate(lon, lat));
    }

    internal static MultiPolygon AsMulti(Geometry g) => g switch
    {
        MultiPolygon mp => mp,
        Polygon p => Storage.CreateMultiPolygon([p]),
        _ => throw new InvalidOperationException("expected a polygon, got " + g.GeometryType),
    };

    /// <summary>
    /// Townships and villages as an exact partition of the real county fence. Returns the village
    /// plans (with polygons) and the township storage polygons.
    /// </summary>
    internal static (List<VillagePlan> Villages, MultiPolygon[] Townships, MultiPolygon County) BuildGeography(
        GeodataSource src, SampleOptions o, Action<string> log)
    {
        var ring = src.FenceGcj.Select(p => GcjToMetric(p.Lon, p.Lat)).ToArray();
        if (!ring[0].Equals2D(ring[^1])) ring = [.. ring, ring[0].Copy()];
        var countyMetric = CoordinateConverter.MetricFactory.CreatePolygon(ring);
        if (!countyMetric.IsValid) countyMetric = (Polygon)countyMetric.Buffer(0);

        var townships = src.Townships;
        var villages = src.Villages.Select((v, i) =>
        {
            var community = v.Name.EndsWith("居民委员会", StringComparison.Ordinal);
            return new VillagePlan
            {
                Index = i, Source = v, IsCommunity = community,
                TownshipIndex = townships.ToList().FindIndex(t => t.Code12 == v.TownshipCode12),
                // Communities are small town quarters; rural villages vary in size.
                Weight = community ? 0.3 : 0.7 + 0.6 * Rng.For(o.Seed, "village-weight", i).Next(),
            };
        }).ToList();
        if (villages.Any(v => v.TownshipIndex < 0)) throw new InvalidOperationException("a village refers to an unknown township");

        var known = new List<Coordinate>();
        var townCentre = new Coordinate?[townships.Count];
        for (var t = 0; t < townships.Count; t++)
            if (src.TownshipCentres.TryGetValue(townships[t].Code12, out var c))
                known.Add(townCentre[t] = GcjToMetric(c.LonGcj, c.LatGcj));
        var villagePoint = villages.Select(v => v.Source.Point is { } p ? GcjToMetric(p.LonGcj, p.LatGcj) : null).ToArray();
        known.AddRange(villagePoint.OfType<Coordinate>());

        var rng = Rng.For(o.Seed, "partition");
        var part = CountyPartition.Build(countyMetric, known, o.FaceSpacingMeters, new Random(rng.Int(int.MaxValue)));
        log($"partition: {part.Faces.Length:N0} faces");
        var noise = part.Faces.Select(_ => 1 + 0.35 * rng.Next()).ToArray();

        int FaceOf(Coordinate c) =>
            part.FaceAt(CountyPartition.Snap(c)) is var f and >= 0 ? f : throw new InvalidOperationException($"known point {c} is outside the county");

        // Townships: seeds are the township centre and its villages' known points.
        var taken = new HashSet<int>();
        var townRegions = new List<CountyPartition.Region>();
        for (var t = 0; t < townships.Count; t++)
        {
            var seeds = new List<int>();
            if (townCentre[t] is { } tc) seeds.Add(FaceOf(tc));
            seeds.AddRange(villages.Where(v => v.TownshipIndex == t && villagePoint[v.Index] is not null).Select(v => FaceOf(villagePoint[v.Index]!)));
            if (seeds.Count == 0)
            {
                // No known point at all: start next to the county seat (true of 峨岭街道 in the 2016 data).
                var seat = GcjToMetric(src.CountySeat.LonGcj, src.CountySeat.LatGcj);
                seeds.Add(Enumerable.Range(0, part.Faces.Length).Where(f => !taken.Contains(f))
                    .OrderBy(f => part.Centre[f].Distance(seat)).First());
            }
            foreach (var s in seeds) taken.Add(s);
            townRegions.Add(new CountyPartition.Region
            {
                Seeds = seeds.Distinct().ToList(),
                Target = villages.Where(v => v.TownshipIndex == t).Sum(v => v.Weight),
            });
        }
        var townOf = part.Grow(townRegions, _ => true, noise);

        // Villages inside each township: known points fixed, the others spread by a few Lloyd steps.
        var villageOf = Enumerable.Repeat(-1, part.Faces.Length).ToArray();
        for (var t = 0; t < townships.Count; t++)
        {
            var faces = Enumerable.Range(0, part.Faces.Length).Where(f => townOf[f] == t).ToList();
            var vs = villages.Where(v => v.TownshipIndex == t).ToList();
            if (faces.Count < vs.Count) throw new InvalidOperationException($"township {townships[t].Name} has fewer faces than villages; lower FaceSpacingMeters");
            var trng = Rng.For(o.Seed, "village-seeds", t);
            var seedFace = new int[vs.Count];
            var isFixed = new bool[vs.Count];
            var used = new HashSet<int>();
            for (var i = 0; i < vs.Count; i++)
                if (villagePoint[vs[i].Index] is { } p) { seedFace[i] = FaceOf(p); isFixed[i] = true; used.Add(seedFace[i]); }
            for (var i = 0; i < vs.Count; i++)
            {
                if (isFixed[i]) continue;
                int f;
                do f = faces[trng.Int(faces.Count)]; while (!used.Add(f));
                seedFace[i] = f;
            }
            var pos = seedFace.Select(f => part.Centre[f].Copy()).ToArray();
            for (var iter = 0; iter < 4; iter++)
            {
                var sx = new double[vs.Count]; var sy = new double[vs.Count]; var sw = new double[vs.Count];
                foreach (var f in faces)
                {
                    var best = 0; var bd = double.MaxValue;
                    for (var i = 0; i < vs.Count; i++)
                    {
                        var d = pos[i].Distance(part.Centre[f]) / Math.Sqrt(vs[i].Weight);
                        if (d < bd) (best, bd) = (i, d);
                    }
                    sx[best] += part.Centre[f].X * part.Area[f]; sy[best] += part.Centre[f].Y * part.Area[f]; sw[best] += part.Area[f];
                }
                for (var i = 0; i < vs.Count; i++)
                    if (!isFixed[i] && sw[i] > 0) pos[i] = new Coordinate(sx[i] / sw[i], sy[i] / sw[i]);
            }
            used.Clear();
            for (var i = 0; i < vs.Count; i++) if (isFixed[i]) used.Add(seedFace[i]);
            for (var i = 0; i < vs.Count; i++)
            {
                if (isFixed[i]) continue;
                seedFace[i] = faces.Where(f => !used.Contains(f)).OrderBy(f => part.Centre[f].Distance(pos[i])).First();
                used.Add(seedFace[i]);
            }
            var area = faces.Sum(f => part.Area[f]);
            var totalW = vs.Sum(v => v.Weight);
            var regions = vs.Select((v, i) => new CountyPartition.Region { Seeds = [seedFace[i]], Target = area * v.Weight / totalW }).ToList();
            var owner = part.Grow(regions, f => townOf[f] == t, noise);
            foreach (var f in faces) villageOf[f] = vs[owner[f]].Index;
        }

        var facesByVillage = villages.Select(_ => new List<int>()).ToArray();
        for (var f = 0; f < part.Faces.Length; f++) facesByVillage[villageOf[f]].Add(f);
        foreach (var v in villages)
        {
            if (facesByVillage[v.Index].Count == 0) throw new InvalidOperationException($"village {v.Source.Name} got no area");
            v.Metric = part.Union(facesByVillage[v.Index]);
            v.Storage = AsMulti(CoordinateConverter.FromMetric(v.Metric));
        }
        var townStorage = new MultiPolygon[townships.Count];
        for (var t = 0; t < townships.Count; t++)
            townStorage[t] = AsMulti(CoordinateConverter.FromMetric(part.Union(Enumerable.Range(0, part.Faces.Length).Where(f => townOf[f] == t))));
        var county = AsMulti(CoordinateConverter.FromMetric(part.Union(Enumerable.Range(0, part.Faces.Length))));

        // Build-time checks: exact coverage in storage coordinates, and the known points where they belong.
        CheckCoverage(villages.Select(v => (Geometry)v.Storage).ToArray(), "villages");
        CheckCoverage(townStorage.Cast<Geometry>().ToArray(), "townships");
        foreach (var v in villages)
        {
            if (v.Source.Point is { } p && !v.Storage.Contains(GcjToStorage(p.LonGcj, p.LatGcj)))
                throw new InvalidOperationException($"village {v.Source.Name} does not contain its known point");
        }
        for (var t = 0; t < townships.Count; t++)
            if (src.TownshipCentres.TryGetValue(townships[t].Code12, out var c) && !townStorage[t].Contains(GcjToStorage(c.LonGcj, c.LatGcj)))
                throw new InvalidOperationException($"township {townships[t].Name} does not contain its centre");
        return (villages, townStorage, county);
    }

    internal static void CheckCoverage(Geometry[] polygons, string what)
    {
        var invalid = CoverageValidator.Validate(polygons);
        var bad = invalid.Count(g => g is not null);
        if (bad > 0) throw new InvalidOperationException($"{what} do not form an exact coverage ({bad} polygons with invalid edges)");
        foreach (var g in polygons)
            if (!g.IsValid) throw new InvalidOperationException($"{what}: invalid polygon");
    }

    internal static IPointOnGeometryLocator Locator(Geometry g) => new IndexedPointInAreaLocator(g);
}
