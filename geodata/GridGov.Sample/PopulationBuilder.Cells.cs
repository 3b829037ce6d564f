using GridGov.Domain.Geo;
using NetTopologySuite.Geometries;
using NetTopologySuite.Triangulate;

namespace GridGov.Sample;

internal sealed partial class PopulationBuilder
{
    /// <summary>One cell per natural village: Voronoi of the group centres clipped to the village.</summary>
    private void BuildCells(VillagePlan v, long branchId, List<House> houses, List<Member> members, Coordinate[] centres, List<string> names, Rng rng)
    {
        var cellsMetric = new List<Polygon>();
        if (centres.Length == 1) cellsMetric.Add(LargestPart(v.Metric));
        else
        {
            var vb = new VoronoiDiagramBuilder();
            vb.SetSites(centres);
            var clip = new Envelope(v.Metric.EnvelopeInternal); clip.ExpandBy(1000);
            vb.ClipEnvelope = clip;
            var diagram = vb.GetDiagram(CoordinateConverter.MetricFactory);
            // The diagram's cells come in site order only by accident; match them to the centres.
            var bySite = new Geometry[centres.Length];
            for (var i = 0; i < diagram.NumGeometries; i++)
            {
                var cell = diagram.GetGeometryN(i);
                var site = Nearest(centres, cell.InteriorPoint.Coordinate);
                for (var j = 0; j < centres.Length; j++)
                    if (cell.Covers(cell.Factory.CreatePoint(centres[j]))) { site = j; break; }
                bySite[site] = cell;
            }
            for (var i = 0; i < centres.Length; i++)
                cellsMetric.Add(bySite[i] is null ? Polygon.Empty : LargestPart(bySite[i].Intersection(v.Metric)));
        }
        // About 5% of villages have not drawn one of their cells yet: a coverage gap.
        if (cellsMetric.Count > 1 && rng.Chance(0.05)) cellsMetric[^1] = Polygon.Empty;

        var created = _now.AddDays(-rng.Int(150, 400));
        for (var i = 0; i < cellsMetric.Count; i++)
        {
            if (cellsMetric[i].IsEmpty) continue;
            var storage = (Polygon)CoordinateConverter.FromMetric(cellsMetric[i]);
            if (!storage.IsValid) continue;
            var id = ++_cellId;
            var locator = SampleBuilder.Locator(storage);
            var inCell = houses.Where(h => h.CellId is null && locator.Locate(h.P.Coordinate) == Location.Interior).ToList();
            foreach (var h in inCell) h.CellId = id;
            // Most cells have a leader living in the cell; some are still without one.
            var candidates = members.Where(m => m.Status == "active" && m.Home.CellId == id).ToList();
            long? leader = candidates.Count > 0 && rng.Chance(0.85) ? candidates[rng.Int(candidates.Count)].Id : null;
            data.Cells.Rows.Add(new CellRow(id, v.Source.Code, branchId, names[i] + "网格", storage, leader, created));
        }
        // Households were added before their cells were known: patch their rows.
        var first = data.Households.Rows.Count - houses.Count;
        for (var i = 0; i < houses.Count; i++)
            data.Households.Rows[first + i] = data.Households.Rows[first + i] with { CellId = houses[i].CellId };
    }

    private static Polygon LargestPart(Geometry g) => g switch
    {
        Polygon p => p,
        MultiPolygon mp => (Polygon)Enumerable.Range(0, mp.NumGeometries).Select(mp.GetGeometryN).OrderByDescending(x => x.Area).First(),
        GeometryCollection gc => gc.IsEmpty ? Polygon.Empty : LargestPart(CoordinateConverter.MetricFactory.BuildGeometry(
            Enumerable.Range(0, gc.NumGeometries).Select(gc.GetGeometryN).Where(x => x is Polygon or MultiPolygon).ToList())),
        _ => Polygon.Empty,
    };
}
