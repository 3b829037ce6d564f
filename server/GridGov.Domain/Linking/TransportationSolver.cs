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
/// Rows are activated one at a time (cheapest edge first, see StrongestFirst) and augmented along a shortest path from
/// the new row to the sink in the residual graph (successive shortest paths). The flow stays
/// optimal for the rows activated so far: augmenting along a shortest path never creates a
/// negative cycle. Dijkstra runs on reduced costs with node potentials; it stops as soon as the
/// sink is settled, and only settled nodes get their potential moved (by d(v) − d(sink), which
/// keeps every reduced cost ≥ 0). Early on most rows find a free column next to them, so a
/// search touches a handful of nodes; this is what makes it fast compared with a search from
/// a global source, which scans every edge on every augmentation.
///
/// Deterministic: fixed activation order, heap ties broken by node index.
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

        return algorithm == TransportationAlgorithm.CostScaling
            ? CostScalingSolver.Solve(rowCount, capacity, edgeStart, edgeColumn, edgeCost, Big(rowCount, edgeCount, edgeCost))
            : new Search(rowCount, capacity, edgeStart, edgeColumn, edgeCost).Run();
    }

    /// <summary>Cost of leaving a row unassigned: more than any rearrangement of the others can save.</summary>
    private static long Big(int rowCount, int edgeCount, long[] edgeCost)
    {
        long maxAbs = 0;
        for (var e = 0; e < edgeCount; e++) maxAbs = Math.Max(maxAbs, checked(Math.Abs(edgeCost[e])));
        return checked(2 * (long)rowCount * maxAbs + 1);
    }

    private sealed class Search
    {
        private readonly int rows, columns, unassigned, sink;
        private readonly int[] capacity, edgeStart, edgeColumn;
        private readonly long[] edgeCost, edgeKey;
        private readonly long big;

        // Node ids: rows [0, rows), columns [rows, rows + columns), U, sink.
        private readonly long[] potential;
        private readonly long[] distance;
        private readonly int[] parent;
        private readonly int[] stamp;
        private int currentStamp;
        private readonly List<int> settled = [];
        private readonly IndexedHeap heap;

        // Assignment: column node of each row (−1 = not yet active), and the rows of each column.
        private readonly int[] assignedNode;
        private readonly long[] assignedCost;
        private readonly int[] positionInColumn;
        private readonly List<int>[] columnRows; // index: column node − rows (U included)
        private readonly int[] load;

        public Search(int rowCount, int[] capacity, int[] edgeStart, int[] edgeColumn, long[] edgeCost)
        {
            rows = rowCount;
            columns = capacity.Length;
            unassigned = rows + columns;
            sink = unassigned + 1;
            this.capacity = capacity;
            this.edgeStart = edgeStart;
            this.edgeColumn = edgeColumn;
            this.edgeCost = edgeCost;

            big = Big(rows, edgeStart[rows], edgeCost);

            var nodes = sink + 1;
            potential = new long[nodes];
            distance = new long[nodes];
            parent = new int[nodes];
            stamp = new int[nodes];
            heap = new IndexedHeap(nodes, distance);
            assignedNode = new int[rows];
            Array.Fill(assignedNode, -1);
            assignedCost = new long[rows];
            positionInColumn = new int[rows];
            columnRows = new List<int>[columns + 1];
            for (var c = 0; c <= columns; c++) columnRows[c] = [];
            load = new int[columns + 1];

            InitialPotentials();
            (this.edgeColumn, this.edgeCost, edgeKey) = SortedByStartingReducedCost();
        }

        /// <summary>
        /// Each row's edges by cost − starting potential of their column. Potentials only fall, so
        /// that key bounds an edge's reduced cost from below for the whole run, and a search can
        /// stop reading a row's edges once the key says none of the rest can beat the best path.
        /// </summary>
        private (int[] Column, long[] Cost, long[] Key) SortedByStartingReducedCost()
        {
            var count = edgeStart[rows];
            var column = new int[count];
            var cost = new long[count];
            var key = new long[count];
            for (var e = 0; e < count; e++)
            {
                column[e] = edgeColumn[e];
                key[e] = checked(edgeCost[e] - potential[rows + edgeColumn[e]]);
            }
            // Unstable but deterministic: the same input always gives the same order.
            for (var r = 0; r < rows; r++) Array.Sort(key, column, edgeStart[r], edgeStart[r + 1] - edgeStart[r]);
            for (var e = 0; e < count; e++) cost[e] = key[e] + potential[rows + column[e]];
            return (column, cost, key);
        }

        /// <summary>
        /// With no flow the residual graph is a DAG (rows → columns → sink), so feasible
        /// potentials come from one pass: a column gets the cheapest edge into it.
        /// </summary>
        private void InitialPotentials()
        {
            for (var c = 0; c < columns; c++) potential[rows + c] = long.MaxValue;
            for (var e = 0; e < edgeStart[rows]; e++)
            {
                var node = rows + edgeColumn[e];
                if (edgeCost[e] < potential[node]) potential[node] = edgeCost[e];
            }
            for (var c = 0; c < columns; c++)
                if (potential[rows + c] == long.MaxValue) potential[rows + c] = 0;
            potential[unassigned] = big;
            var min = big;
            for (var c = 0; c < columns; c++) min = Math.Min(min, potential[rows + c]);
            potential[sink] = min;
        }

        public int[] Run()
        {
            foreach (var row in StrongestFirst())
            {
                // A row without edges can only stay unassigned, and nothing can route through it.
                if (edgeStart[row] == edgeStart[row + 1]) continue;
                ShortestPathFrom(row);
                Augment(row);
                UpdatePotentials();
            }

            var result = new int[rows];
            for (var r = 0; r < rows; r++)
            {
                var node = assignedNode[r];
                result[r] = node < 0 || node == unassigned ? -1 : node - rows;
            }
            return result;
        }

        /// <summary>
        /// Rows by their cheapest edge, cheapest first (ties by index). Any order gives the optimum;
        /// this one makes the rows that end up unassigned come last, when dropping them is the
        /// cheapest way to the sink, so their searches stop early.
        /// </summary>
        private int[] StrongestFirst()
        {
            var order = new int[rows];
            var key = new long[rows];
            for (var r = 0; r < rows; r++)
            {
                order[r] = r;
                var min = long.MaxValue;
                for (var e = edgeStart[r]; e < edgeStart[r + 1]; e++) min = Math.Min(min, edgeCost[e]);
                key[r] = min;
            }
            // Array.Sort is not stable: sort by (key, index) so the order is deterministic.
            Array.Sort(order, (a, b) => key[a] != key[b] ? key[a].CompareTo(key[b]) : a.CompareTo(b));
            return order;
        }

        private bool HasRoom(int columnNode) =>
            columnNode == unassigned || load[columnNode - rows] < capacity[columnNode - rows];

        private void ShortestPathFrom(int start)
        {
            currentStamp++;
            settled.Clear();
            heap.Clear();
            Relax(start, -1, 0);

            while (heap.Count > 0)
            {
                var u = heap.Pop();
                settled.Add(u);
                if (u == sink) return;
                var du = distance[u];
                var pu = potential[u];
                if (u < rows)
                {
                    var own = assignedNode[u];
                    // The hot loop when capacity is scarce: rows have many edges, and most lead to a
                    // column already reached more cheaply, so that test comes before any heap work.
                    var end = edgeStart[u + 1];
                    for (var e = edgeStart[u]; e < end; e++)
                    {
                        if (stamp[sink] == currentStamp && checked(du + pu + edgeKey[e]) >= distance[sink]) break;
                        var v = rows + edgeColumn[e];
                        var d = checked(du + edgeCost[e] + pu - potential[v]);
                        if ((stamp[v] == currentStamp && d >= distance[v]) || v == own) continue;
                        Relax(v, u, d);
                    }
                    if (own != unassigned)
                        Relax(unassigned, u, checked(du + big + pu - potential[unassigned]));
                }
                else
                {
                    if (HasRoom(u)) Relax(sink, u, checked(du + pu - potential[sink]));
                    // A row sits in U only because no column with room was reachable from it, and
                    // (as in bipartite matching) that never changes; so U's rows lead nowhere new.
                    if (u == unassigned) continue;
                    // Backward edges: a row already in this column can move elsewhere.
                    foreach (var r in columnRows[u - rows])
                        Relax(r, u, checked(du - assignedCost[r] + pu - potential[r]));
                }
            }
            throw new InvalidOperationException("no path to the sink: the unassigned column should always offer one");
        }

        private void Relax(int v, int from, long d)
        {
            if (stamp[v] != currentStamp)
            {
                stamp[v] = currentStamp;
                distance[v] = d;
                parent[v] = from;
                heap.Push(v);
            }
            else if (d < distance[v] && heap.Contains(v))
            {
                distance[v] = d;
                parent[v] = from;
                heap.DecreaseKey(v);
            }
        }

        /// <summary>Walks back from the sink: every row on the path moves to the column after it.</summary>
        private void Augment(int start)
        {
            var column = parent[sink];
            load[column - rows]++;
            while (true)
            {
                var row = parent[column];
                var previous = assignedNode[row];
                if (previous >= 0) RemoveFromColumn(row, previous);
                AddToColumn(row, column);
                if (row == start) break;
                column = previous;
            }
        }

        private void AddToColumn(int row, int columnNode)
        {
            var list = columnRows[columnNode - rows];
            positionInColumn[row] = list.Count;
            list.Add(row);
            assignedNode[row] = columnNode;
            assignedCost[row] = columnNode == unassigned ? big : EdgeCost(row, columnNode - rows);
        }

        private void RemoveFromColumn(int row, int columnNode)
        {
            var list = columnRows[columnNode - rows];
            var at = positionInColumn[row];
            var last = list[^1];
            list[at] = last;
            positionInColumn[last] = at;
            list.RemoveAt(list.Count - 1);
        }

        private long EdgeCost(int row, int column)
        {
            // Edges of a row are few (members within reach); a linear scan beats a lookup table.
            for (var e = edgeStart[row]; e < edgeStart[row + 1]; e++)
                if (edgeColumn[e] == column) return edgeCost[e];
            throw new InvalidOperationException($"row {row} has no edge to column {column}");
        }

        private void UpdatePotentials()
        {
            var dSink = distance[sink];
            foreach (var v in settled) potential[v] = checked(potential[v] + distance[v] - dSink);
        }
    }

    /// <summary>Binary min-heap of node ids keyed by an external distance array; ties by node id.</summary>
    private sealed class IndexedHeap(int capacity, long[] key)
    {
        private readonly int[] items = new int[capacity];
        private readonly int[] position = CreatePositions(capacity);

        public int Count { get; private set; }

        private static int[] CreatePositions(int n)
        {
            var p = new int[n];
            Array.Fill(p, -1);
            return p;
        }

        public void Clear()
        {
            for (var i = 0; i < Count; i++) position[items[i]] = -1;
            Count = 0;
        }

        public bool Contains(int node) => position[node] >= 0;

        public void Push(int node)
        {
            items[Count] = node;
            position[node] = Count;
            Count++;
            Up(Count - 1);
        }

        public void DecreaseKey(int node) => Up(position[node]);

        public int Pop()
        {
            var top = items[0];
            position[top] = -1;
            Count--;
            if (Count > 0)
            {
                items[0] = items[Count];
                position[items[0]] = 0;
                Down(0);
            }
            return top;
        }

        private bool Less(int a, int b) => key[a] < key[b] || (key[a] == key[b] && a < b);

        private void Up(int i)
        {
            var node = items[i];
            while (i > 0)
            {
                var p = (i - 1) >> 1;
                if (!Less(node, items[p])) break;
                items[i] = items[p];
                position[items[i]] = i;
                i = p;
            }
            items[i] = node;
            position[node] = i;
        }

        private void Down(int i)
        {
            var node = items[i];
            while (true)
            {
                var c = 2 * i + 1;
                if (c >= Count) break;
                if (c + 1 < Count && Less(items[c + 1], items[c])) c++;
                if (!Less(items[c], node)) break;
                items[i] = items[c];
                position[items[i]] = i;
                i = c;
            }
            items[i] = node;
            position[node] = i;
        }
    }
}

/// <summary>The exact algorithms <see cref="TransportationSolver"/> can use.</summary>
public enum TransportationAlgorithm
{
    /// <summary>
    /// Successive shortest paths: the plain cost-scaling implementation measured 1.7–4.5× slower
    /// on every linking bench case, scarce capacity included (docs/benchmarks.md).
    /// </summary>
    Auto,
    /// <summary>Successive shortest paths, one row at a time.</summary>
    ShortestPaths,
    /// <summary>Goldberg's cost-scaling push-relabel.</summary>
    CostScaling,
}
