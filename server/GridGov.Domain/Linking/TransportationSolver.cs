namespace GridGov.Domain.Linking;

/// <summary>
/// Exact min-cost max-flow for a bipartite transportation problem: rows with supply 1
/// (households), columns with a capacity (members), integer edge costs. Among all assignments
/// that assign the most rows it returns one of least total cost.
/// </summary>
/// <remarks>
/// Network: row → column (cap 1, cost c), column → sink (cap = capacity), plus an "unassigned"
/// column U of unlimited capacity reachable from every row at cost BIG = 2·rows·max|c| + 1. Any
/// solution with fewer unassigned rows is then cheaper, whatever its real cost, so min cost
/// over this network is exactly (max count, then min cost).
///
/// Large scarce networks go to <see cref="CostScalingSolver"/> instead (see Choose); the rest of these remarks is about
/// successive shortest paths, which <see cref="SparseFirstSolver"/> builds on.
///
/// Rows are activated one at a time (cheapest edge first, see StrongestFirst) and augmented along a shortest path from
/// the new row to the sink in the residual graph (successive shortest paths). The flow stays
/// optimal for the rows activated so far: augmenting along a shortest path never creates a
/// negative cycle. Dijkstra runs on reduced costs with node potentials; it stops as soon as the
/// sink is settled (or reached at the distance of the node being settled: nothing can be nearer), and only settled
/// nodes get their potential moved (by d(v) − d(sink), which
/// keeps every reduced cost ≥ 0). Early on most rows find a free column next to them, so a
/// search touches a handful of nodes; this is what makes it fast compared with a search from
/// a global source, which scans every edge on every augmentation.
///
/// Deterministic: fixed activation order; a node reached through a tight edge (reduced cost 0) from the node
/// being settled is settled next, the others in heap order with ties broken by node index. Which optimum is
/// returned among equal ones depends on the algorithm Auto picks, never on anything but the input.
/// All arithmetic is checked: an overflow throws rather than returning a wrong answer.
/// </remarks>
public static class TransportationSolver
{
    /// <summary>Returns, for each row, its column or −1 when unassigned.</summary>
    /// <param name="rowCount">Number of rows.</param>
    /// <param name="capacity">Capacity per column (≥ 0).</param>
    /// <param name="edgeStart">CSR offsets: the edges of row r are [edgeStart[r], edgeStart[r+1]).</param>
    /// <param name="edgeColumn">Column of each edge; at most one edge per (row, column).</param>
    /// <param name="edgeCost">Cost of each edge (minimised).</param>
    /// <param name="algorithm">Which exact algorithm; both give an optimum of the same value.</param>
    public static int[] Solve(int rowCount, int[] capacity, int[] edgeStart, int[] edgeColumn, long[] edgeCost,
        TransportationAlgorithm algorithm = TransportationAlgorithm.Auto)
    {
        ArgumentNullException.ThrowIfNull(capacity);
        ArgumentNullException.ThrowIfNull(edgeStart);
        ArgumentNullException.ThrowIfNull(edgeColumn);
        ArgumentNullException.ThrowIfNull(edgeCost);
        if (edgeStart.Length != rowCount + 1) throw new ArgumentException("edgeStart must have rowCount + 1 entries", nameof(edgeStart));
        var edgeCount = edgeStart[rowCount];
        if (edgeColumn.Length < edgeCount || edgeCost.Length < edgeCount) throw new ArgumentException("edge arrays too short");
        var columnCount = capacity.Length;
        for (var c = 0; c < columnCount; c++)
            if (capacity[c] < 0) throw new ArgumentOutOfRangeException(nameof(capacity), "capacities must be ≥ 0");
        for (var e = 0; e < edgeCount; e++)
            if ((uint)edgeColumn[e] >= (uint)columnCount) throw new ArgumentOutOfRangeException(nameof(edgeColumn), $"edge {e} has column {edgeColumn[e]}");

        if (algorithm == TransportationAlgorithm.Auto) algorithm = Choose(rowCount, capacity, edgeStart, edgeColumn);
        return algorithm switch
        {
            TransportationAlgorithm.CostScaling =>
                CostScalingSolver.Solve(rowCount, capacity, edgeStart, edgeColumn, edgeCost),
            TransportationAlgorithm.SparseFirst =>
                SparseFirstSolver.Solve(rowCount, capacity, edgeStart, edgeColumn, edgeCost, Big(rowCount, edgeCount, edgeCost)),
            _ => new RowFirstSearch(rowCount, capacity, edgeStart, edgeColumn, edgeCost, Big(rowCount, edgeCount, edgeCost)).Run(),
        };
    }

    /// <summary>
    /// Sparse first where it pays: many edges per row (at least 8 × <see cref="SparseFirstSolver.EdgesPerRow"/>) or ample
    /// places (over 110% of the rows that could use one). With scarce or balanced places and fewer edges, a search's work
    /// is its settled nodes more than its edges, so the first solve saves little and a second one (40% of the sample
    /// county's villages, 2–3 in the large bench case) costs a whole plain solve: there, cost scaling from
    /// <see cref="CostScalingRows"/> rows up (an augmenting path then runs far across a saturated network) and successive
    /// shortest paths below (docs/benchmarks.md, "Scarce capacity, seventh pass").
    /// </summary>
    internal static TransportationAlgorithm Choose(int rows, int[] capacity, int[] edgeStart, int[] edgeColumn)
    {
        var degree = new int[capacity.Length];
        for (var e = 0; e < edgeStart[rows]; e++) degree[edgeColumn[e]]++;
        long places = 0;
        for (var c = 0; c < capacity.Length; c++) places += Math.Min(capacity[c], degree[c]);
        var demand = 0;
        for (var r = 0; r < rows; r++) if (edgeStart[r + 1] > edgeStart[r]) demand++;
        var ample = places > 1.1 * demand;
        var manyEdges = edgeStart[rows] >= 8L * SparseFirstSolver.EdgesPerRow * Math.Max(demand, 1);
        if (ample || manyEdges) return TransportationAlgorithm.SparseFirst;
        return demand >= CostScalingRows ? TransportationAlgorithm.CostScaling : TransportationAlgorithm.ShortestPaths;
    }

    /// <summary>
    /// From how many rows a scarce network goes to cost scaling: measured on the linking bench's scarce villages, the
    /// two were even at 600 rows, successive shortest paths ahead at 900 (cost scaling 1.09×) and cost scaling ahead at
    /// 1,500 (0.86–0.98×) and 3,000 (0.71–0.91×).
    /// </summary>
    internal const int CostScalingRows = 1200;

    /// <summary>Cost of leaving a row unassigned: more than any rearrangement of the others can save.</summary>
    internal static long Big(int rowCount, int edgeCount, long[] edgeCost)
    {
        long maxAbs = 0;
        for (var e = 0; e < edgeCount; e++) maxAbs = Math.Max(maxAbs, checked(Math.Abs(edgeCost[e])));
        return checked(2 * (long)rowCount * maxAbs + 1);
    }
}

/// <summary>The exact algorithms <see cref="TransportationSolver"/> can use.</summary>
public enum TransportationAlgorithm
{
    /// <summary>
    /// Sparse first with ample places or many edges per row; else cost scaling on large networks and successive shortest
    /// paths on the others (see Choose).
    /// </summary>
    Auto,
    /// <summary>Successive shortest paths, one row at a time.</summary>
    ShortestPaths,
    /// <summary>Goldberg's cost-scaling push-relabel.</summary>
    CostScaling,
    /// <summary>Successive shortest paths on each row's cheapest edges, proven optimal on all or repeated (<see cref="SparseFirstSolver"/>).</summary>
    SparseFirst,
}
