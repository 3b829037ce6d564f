using GridGov.Domain.Geo;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Operation.Overlay;
using NetTopologySuite.Operation.OverlayNG;
using NetTopologySuite.Operation.Polygonize;
using NetTopologySuite.Operation.Valid;

namespace GridGov.Domain.Cells;

/// <summary>
/// The geometry rules for grid cells (网格), as pure functions. Input and output are storage
/// coordinates (WGS84 lon/lat, SRID 4326); every length, area and tolerance is in metres on
/// EPSG:4545. Overlay operations run on the storage coordinates so that vertices that are not
/// changed stay bitwise identical (a projection round trip would perturb them).
/// </summary>
public static class CellGeometryRules
{
    /// <summary>A clip or overlap removal this small reads 「0.0 平方米」 in a note (one decimal): it is done without one.</summary>
    private const double NegligibleSquareMeters = 0.05;

    /// <summary>Areas below this (1 cm²) are floating-point noise, not geometry.</summary>
    private const double NoiseSquareMeters = 1e-4;

    /// <summary>Cells are neighbours when they share a boundary stretch at least this long.</summary>
    private const double MinSharedEdgeMeters = 0.1;

    /// <summary>Boundaries closer than this count as shared when looking for neighbours.</summary>
    private const double SharedEdgeToleranceMeters = 0.001;

    /// <summary>
    /// Checks a cell a secretary drew and returns the polygon to store: snapped to its
    /// neighbours and the village boundary, slivers outside the village clipped, tiny overlaps
    /// removed. <paramref name="siblingCells"/> are the village's other cells (not the one being edited).
    /// </summary>
    public static CellGeometryResult Prepare(
        Geometry candidateInStorage,
        Geometry villageBoundary,
        IReadOnlyList<(long Id, string Name, Polygon Geometry)> siblingCells,
        CellRuleOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(candidateInStorage);
        ArgumentNullException.ThrowIfNull(villageBoundary);
        ArgumentNullException.ThrowIfNull(siblingCells);
        if (villageBoundary.IsEmpty || villageBoundary is not (Polygon or MultiPolygon))
            throw new ArgumentException("The village boundary must be a non-empty (multi)polygon.", nameof(villageBoundary));
        var o = options ?? CellRuleOptions.Default;

        var checkedInput = CheckCandidate(candidateInStorage, villageBoundary);
        if (checkedInput.Error is not null) return CellGeometryResult.Failure(checkedInput.Error);
        var cell = checkedInput.Polygon!;
        var notes = new List<CellNote>();

        // Snap to neighbours first (listed first, they win ties with the village), then re-check.
        var snapper = new CellSnapper(o.SnapToleranceMeters);
        foreach (var s in siblingCells) snapper.AddCell(s.Geometry);
        snapper.AddVillage(villageBoundary);
        var snapped = snapper.Snap(cell);
        if (snapper.Changed)
        {
            var again = CheckPolygon(snapped, afterSnapping: true);
            if (again is not null) return CellGeometryResult.Failure(again);
            cell = snapped;
            AddSnapNotes(snapper, notes);
        }

        // Outside the village: slivers are clipped, anything more is refused.
        var outside = Polygonal(OverlayNGRobust.Overlay(cell, villageBoundary, SpatialFunction.Difference));
        var outsideArea = MetricArea(outside);
        if (outsideArea > 0)
        {
            if (!IsSliver(outside, villageBoundary, o.SliverToleranceMeters))
            {
                var text = CellMessages.OutsideVillage(outsideArea);
                return CellGeometryResult.Failure(new CellRuleError(
                    CellErrorCodes.GeometryOutsideVillage, text.Zh, text.En,
                    Highlight: Storage(outside), AreaSquareMeters: outsideArea));
            }
            var before = MetricArea(cell);
            var clipped = SinglePolygon(OverlayNGRobust.Overlay(cell, villageBoundary, SpatialFunction.Intersection), o.MaxOverlapSquareMeters, out var parts);
            if (clipped is null)
            {
                var text = CellMessages.ClippingSplitsCell(parts);
                return CellGeometryResult.Failure(new CellRuleError(
                    CellErrorCodes.GeometryOutsideVillage, text.Zh, text.En,
                    Highlight: Storage(outside), AreaSquareMeters: outsideArea));
            }
            cell = clipped;
            var removed = before - MetricArea(cell);
            if (removed >= NegligibleSquareMeters)
            {
                var note = CellMessages.ClippedToVillage(removed);
                notes.Add(new CellNote(CellNoteKinds.ClippedToVillage, note.Zh, note.En, SquareMeters: removed));
            }
        }

        // Overlaps with neighbours: the largest one above the limit (and deeper than a sliver along the
        // neighbour's edge) is reported; small ones and edge slivers are removed.
        var overlaps = new List<(long Id, string Name, Polygon Cell, Geometry Overlap, double Area)>();
        foreach (var (id, name, sibling) in siblingCells)
        {
            if (!sibling.EnvelopeInternal.Intersects(cell.EnvelopeInternal)) continue;
            var overlap = Polygonal(OverlayNGRobust.Overlay(cell, sibling, SpatialFunction.Intersection));
            var area = MetricArea(overlap);
            if (area > 0) overlaps.Add((id, name, sibling, overlap, area));
        }
        var worst = overlaps.Where(x => x.Area > o.MaxOverlapSquareMeters && !IsEdgeSliver(x.Overlap, x.Cell, o.OverlapSliverWidthMeters))
            .OrderByDescending(x => x.Area).ThenBy(x => x.Id).FirstOrDefault();
        if (worst.Overlap is not null)
        {
            var text = CellMessages.Overlap(worst.Id, worst.Name, worst.Area);
            return CellGeometryResult.Failure(new CellRuleError(
                CellErrorCodes.GeometryOverlap, text.Zh, text.En,
                Highlight: Storage(worst.Overlap), CellId: worst.Id, CellName: worst.Name, AreaSquareMeters: worst.Area));
        }
        foreach (var (id, name, sibling, overlap, area) in overlaps)
        {
            var rest = SinglePolygon(OverlayNGRobust.Overlay(cell, sibling, SpatialFunction.Difference), o.MaxOverlapSquareMeters, out _);
            if (rest is null)
            {
                var text = CellMessages.OverlapRemovalSplitsCell(id, name);
                return CellGeometryResult.Failure(new CellRuleError(
                    CellErrorCodes.GeometryOverlap, text.Zh, text.En,
                    Highlight: Storage(overlap), CellId: id, CellName: name, AreaSquareMeters: area));
            }
            cell = rest;
            if (area < NegligibleSquareMeters) continue;
            var note = CellMessages.OverlapRemoved(id, name, area);
            notes.Add(new CellNote(CellNoteKinds.OverlapRemoved, note.Zh, note.En, SquareMeters: area, CellId: id));
        }

        // Overlay output is checked like any input before it is stored.
        var final = CheckPolygon(cell, afterSnapping: true);
        if (final is not null) return CellGeometryResult.Failure(final);
        return CellGeometryResult.Success(Storage(cell), notes);
    }

    /// <summary>Cuts a cell in two along a line that crosses it completely.</summary>
    public static CellSplitResult Split(Polygon cell, LineString splitLine)
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(splitLine);
        var invalid = CheckPolygon(cell, afterSnapping: false);
        if (invalid is not null) return CellSplitResult.Failure(invalid);
        if (splitLine.IsEmpty || splitLine.NumPoints < 2 || !AllFinite(splitLine))
            return SplitFailure(0, splitLine);

        // Node the boundary with the line, then let the polygonizer find the faces; the faces
        // inside the cell are the parts. A line that stops inside leaves a dangle and one face.
        var noded = OverlayNGRobust.Overlay(cell.Boundary, splitLine, SpatialFunction.Union);
        var polygonizer = new Polygonizer();
        polygonizer.Add(noded);
        var prepared = PreparedGeometryFactory.Prepare(cell);
        var faces = polygonizer.GetPolygons().OfType<Polygon>()
            .Where(p => prepared.Contains(p.InteriorPoint) && MetricArea(p) > NoiseSquareMeters)
            .Select(Storage)
            .ToList();
        if (faces.Count != 2) return SplitFailure(faces.Count, splitLine);
        // Deterministic order: the part with the larger area first.
        faces = [.. faces.OrderByDescending(MetricArea)];
        return CellSplitResult.Success(faces[0], faces[1]);
    }

    /// <summary>Merges cells that form one connected group along shared edges (a shared point is not enough).</summary>
    public static CellGeometryResult Merge(IReadOnlyList<Polygon> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Count < 2)
        {
            var text = CellMessages.MergeTooFew();
            return CellGeometryResult.Failure(new CellRuleError(CellErrorCodes.GeometryInvalid, text.Zh, text.En));
        }
        foreach (var c in cells)
        {
            var invalid = CheckPolygon(c, afterSnapping: false);
            if (invalid is not null) return CellGeometryResult.Failure(invalid);
        }

        // Neighbour graph; the merge needs it connected.
        var metric = cells.Select(c => CoordinateConverter.ToMetric(c)).ToArray();
        var reached = new bool[cells.Count];
        var queue = new Queue<int>([0]);
        reached[0] = true;
        while (queue.Count > 0)
        {
            var i = queue.Dequeue();
            for (var j = 0; j < cells.Count; j++)
            {
                if (reached[j] || !ShareEdge(metric[i], metric[j])) continue;
                reached[j] = true;
                queue.Enqueue(j);
            }
        }
        if (reached.Any(r => !r)) return NotAdjacent(cells);

        var union = OverlayNGRobust.Union(cells.Cast<Geometry>().ToList(), CoordinateConverter.StorageFactory);
        var merged = SinglePolygon(union, NoiseSquareMeters, out _);
        if (merged is null) return NotAdjacent(cells);
        merged = DropNoiseHoles(merged);
        return CellGeometryResult.Success(Storage(merged));
    }

    /// <summary>
    /// The cell each household lies in (on the boundary counts as inside), or null. A point on an
    /// edge shared by several cells goes to the lowest cell id, so the answer never depends on order.
    /// </summary>
    public static Dictionary<long, long?> AssignHouseholds(
        IEnumerable<(long Id, Point Location)> households,
        IEnumerable<(long Id, Polygon Geometry)> cells)
    {
        ArgumentNullException.ThrowIfNull(households);
        ArgumentNullException.ThrowIfNull(cells);
        var ordered = cells
            .OrderBy(c => c.Id)
            .Select(c => (c.Id, Envelope: c.Geometry.EnvelopeInternal, Prepared: PreparedGeometryFactory.Prepare(c.Geometry)))
            .ToList();
        var result = new Dictionary<long, long?>();
        foreach (var (id, location) in households)
        {
            long? found = null;
            if (location is { IsEmpty: false })
            {
                foreach (var c in ordered)
                {
                    if (!c.Envelope.Intersects(location.Coordinate) || !c.Prepared.Covers(location)) continue;
                    found = c.Id;
                    break;
                }
            }
            result[id] = found;
        }
        return result;
    }

    // ---- checks ----

    private sealed record Checked(Polygon? Polygon, CellRuleError? Error);

    private static Checked CheckCandidate(Geometry g, Geometry village)
    {
        if (g.IsEmpty) return Fail(CellMessages.Empty());
        if (!AllFinite(g)) return Fail(CellMessages.NonFinite());

        var swapped = SwappedCheck(g, village);
        if (swapped is not null) return new Checked(null, swapped);
        if (g.Coordinates.Any(c => Math.Abs(c.X) > 180 || Math.Abs(c.Y) > 90))
            return Fail(CellMessages.CoordinatesOutOfRange());

        Polygon polygon;
        switch (g)
        {
            case Polygon p:
                polygon = p;
                break;
            case MultiPolygon { NumGeometries: 1 } mp:
                polygon = (Polygon)mp.GetGeometryN(0);
                break;
            case MultiPolygon mp:
                return Fail(CellMessages.MultipleParts(mp.NumGeometries));
            default:
                return Fail(CellMessages.NotAPolygon(g.GeometryType));
        }
        polygon = (Polygon)CoordinateConverter.StorageFactory.CreateGeometry(polygon);
        var error = CheckPolygon(polygon, afterSnapping: false);
        return new Checked(error is null ? polygon : null, error);

        static Checked Fail(CellText t) => new(null, new CellRuleError(CellErrorCodes.GeometryInvalid, t.Zh, t.En));
    }

    /// <summary>Vertices, validity (with the location NTS finds) and a non-zero area.</summary>
    private static CellRuleError? CheckPolygon(Polygon p, bool afterSnapping)
    {
        if (p.IsEmpty) return Invalid(CellMessages.Empty());
        if (!AllFinite(p)) return Invalid(CellMessages.NonFinite());
        foreach (var ring in new[] { p.ExteriorRing }.Concat(p.InteriorRings))
        {
            var distinct = ring.Coordinates.Select(c => (c.X, c.Y)).Distinct().Count();
            if (distinct < 3) return Invalid(CellMessages.TooFewVertices(distinct), ring.Coordinate);
        }
        var op = new IsValidOp(p);
        if (!op.IsValid)
        {
            var e = op.ValidationError!;
            return Invalid(CellMessages.Invalid(e.ErrorType, afterSnapping), e.Coordinate);
        }
        if (MetricArea(p) <= NoiseSquareMeters) return Invalid(CellMessages.ZeroArea());
        return null;

        static CellRuleError Invalid(CellText t, Coordinate? at = null) => new(
            CellErrorCodes.GeometryInvalid, t.Zh, t.En,
            Highlight: at is null ? null : CoordinateConverter.StorageFactory.CreatePoint(at.Copy()));
    }

    /// <summary>Longitude and latitude swapped, by the one rule (<see cref="CoordinateSwap.Judge"/>) around the village.</summary>
    private static CellRuleError? SwappedCheck(Geometry g, Geometry village)
    {
        var swappedGeometry = CoordinateSwap.Swapped(g);
        if (CoordinateSwap.Judge(g, swappedGeometry, village.EnvelopeInternal) != CoordinateSwap.Verdict.Swapped) return null;
        var t = CellMessages.CoordinatesSwapped();
        swappedGeometry.SRID = Srid.Storage;
        return new CellRuleError(CellErrorCodes.CoordinatesSwapped, t.Zh, t.En, Highlight: swappedGeometry);
    }

    private static Envelope Expanded(Envelope e, double degrees)
    {
        var copy = e.Copy();
        copy.ExpandBy(degrees);
        return copy;
    }

    /// <summary>
    /// True when every point of <paramref name="outside"/> lies within the tolerance of the
    /// village: the outside part minus the village grown by the tolerance leaves nothing. The
    /// village is cut to the neighbourhood first so a large village is not buffered whole; the
    /// cut edges are far enough away that their buffer cannot reach the outside part.
    /// </summary>
    private static bool IsSliver(Geometry outside, Geometry village, double toleranceMeters)
    {
        if (toleranceMeters <= 0) return false;
        var outsideMetric = CoordinateConverter.ToMetric(outside);
        var villageMetric = CoordinateConverter.ToMetric(village);
        var box = Expanded(outsideMetric.EnvelopeInternal, 3 * toleranceMeters);
        var near = OverlayNGRobust.Overlay(villageMetric, villageMetric.Factory.ToGeometry(box), SpatialFunction.Intersection);
        var grown = near.Buffer(toleranceMeters);
        var beyond = OverlayNGRobust.Overlay(outsideMetric, grown, SpatialFunction.Difference);
        // The buffer's arcs are chords, a little inside the true circle: allow for that.
        return beyond.Area <= NoiseSquareMeters + 0.02 * toleranceMeters * toleranceMeters;
    }

    /// <summary>True when every point of the overlap lies within the tolerance of the neighbour's boundary (a thin strip along it).</summary>
    private static bool IsEdgeSliver(Geometry overlap, Polygon neighbour, double toleranceMeters)
    {
        if (toleranceMeters <= 0) return false;
        var overlapMetric = CoordinateConverter.ToMetric(overlap);
        var boundaryMetric = CoordinateConverter.ToMetric(neighbour).Boundary;
        var box = Expanded(overlapMetric.EnvelopeInternal, 3 * toleranceMeters);
        var near = OverlayNGRobust.Overlay(boundaryMetric, boundaryMetric.Factory.ToGeometry(box), SpatialFunction.Intersection);
        var beyond = OverlayNGRobust.Overlay(overlapMetric, near.Buffer(toleranceMeters), SpatialFunction.Difference);
        // As in IsSliver: the buffer's arcs are chords.
        return beyond.Area <= NoiseSquareMeters + 0.02 * toleranceMeters * toleranceMeters;
    }

    private static bool ShareEdge(Geometry aMetric, Geometry bMetric)
    {
        if (!aMetric.EnvelopeInternal.Intersects(Expanded(bMetric.EnvelopeInternal, SharedEdgeToleranceMeters))) return false;
        var near = OverlayNGRobust.Overlay(aMetric.Boundary, bMetric.Buffer(SharedEdgeToleranceMeters), SpatialFunction.Intersection);
        return near.Length >= MinSharedEdgeMeters;
    }

    private static CellGeometryResult NotAdjacent(IReadOnlyList<Polygon> cells)
    {
        var text = CellMessages.MergeNotAdjacent();
        var all = CoordinateConverter.StorageFactory.CreateMultiPolygon([.. cells]);
        return CellGeometryResult.Failure(new CellRuleError(CellErrorCodes.GeometryInvalid, text.Zh, text.En, Highlight: all));
    }

    private static CellSplitResult SplitFailure(int parts, LineString line)
    {
        var text = CellMessages.SplitLineInvalid(parts);
        return CellSplitResult.Failure(new CellRuleError(
            CellErrorCodes.GeometryInvalid, text.Zh, text.En, Highlight: line.IsEmpty ? null : Storage(line)));
    }

    private static void AddSnapNotes(CellSnapper s, List<CellNote> notes)
    {
        void Add(string kind, int count, Func<int, CellText> text)
        {
            if (count == 0) return;
            var t = text(count);
            notes.Add(new CellNote(kind, t.Zh, t.En, Count: count));
        }
        Add(CellNoteKinds.SnappedToCellVertex, s.CellVertexSnaps, CellMessages.SnappedToCellVertex);
        Add(CellNoteKinds.SnappedToCellEdge, s.CellEdgeSnaps, CellMessages.SnappedToCellEdge);
        Add(CellNoteKinds.SnappedToVillageVertex, s.VillageVertexSnaps, CellMessages.SnappedToVillageVertex);
        Add(CellNoteKinds.SnappedToVillageEdge, s.VillageEdgeSnaps, CellMessages.SnappedToVillageEdge);
        Add(CellNoteKinds.VerticesInserted, s.Inserted, CellMessages.VerticesInserted);
        Add(CellNoteKinds.DuplicateVerticesRemoved, s.DuplicatesRemoved, CellMessages.DuplicateVerticesRemoved);
    }

    // ---- geometry helpers ----

    private static bool AllFinite(Geometry g) => g.Coordinates.All(c => double.IsFinite(c.X) && double.IsFinite(c.Y));

    /// <summary>Area in m² of a storage geometry, on EPSG:4545.</summary>
    internal static double MetricArea(Geometry storage) =>
        storage.IsEmpty ? 0 : CoordinateConverter.ToMetric(storage).Area;

    /// <summary>The polygonal part of an overlay result (lines and points where cells touch are dropped).</summary>
    private static Geometry Polygonal(Geometry g)
    {
        var polygons = Enumerable.Range(0, g.NumGeometries).Select(g.GetGeometryN)
            .SelectMany(x => x is MultiPolygon mp ? Enumerable.Range(0, mp.NumGeometries).Select(mp.GetGeometryN) : [x])
            .OfType<Polygon>().Where(p => !p.IsEmpty).ToArray();
        return polygons.Length == 1
            ? polygons[0]
            : CoordinateConverter.StorageFactory.CreateMultiPolygon(polygons);
    }

    /// <summary>The one polygon of an overlay result, after dropping parts of at most <paramref name="negligibleSquareMeters"/>.</summary>
    private static Polygon? SinglePolygon(Geometry g, double negligibleSquareMeters, out int parts)
    {
        var polygonal = Polygonal(g);
        var kept = Enumerable.Range(0, polygonal.NumGeometries).Select(polygonal.GetGeometryN).OfType<Polygon>()
            .Where(p => MetricArea(p) > negligibleSquareMeters).ToList();
        parts = kept.Count;
        return kept.Count == 1 ? kept[0] : null;
    }

    /// <summary>Holes of a few cm² left between edges that were snapped (not shared bitwise) are noise.</summary>
    private static Polygon DropNoiseHoles(Polygon p)
    {
        var holes = p.InteriorRings.Where(h => MetricArea(p.Factory.CreatePolygon((LinearRing)h)) > NoiseSquareMeters).ToArray();
        if (holes.Length == p.NumInteriorRings) return p;
        return p.Factory.CreatePolygon((LinearRing)p.ExteriorRing, holes.Cast<LinearRing>().ToArray());
    }

    private static T Storage<T>(T g) where T : Geometry
    {
        var copy = (T)CoordinateConverter.StorageFactory.CreateGeometry(g);
        copy.SRID = Srid.Storage;
        return copy;
    }
}
