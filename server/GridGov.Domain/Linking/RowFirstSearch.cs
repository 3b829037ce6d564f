using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GridGov.Domain.Linking;

/// <summary>
/// Successive shortest paths from the rows, one row at a time: the search behind
/// <see cref="TransportationSolver"/> (see there for the network and why the flow stays optimal).
/// Node ids: rows [0, rows), columns [rows, rows + columns), U, sink.
/// </summary>
internal sealed class RowFirstSearch
{
    private readonly int rows, columns, unassigned, sink;
    private readonly int[] capacity, edgeStart, edgeColumn;
    private readonly long[] edgeCost, edgeKey;
    private readonly long big;

    // Node ids: rows [0, rows), columns [rows, rows + columns), U, sink.
    private readonly long[] potential;
    private readonly long[] distance;
    private readonly int[] parent;
    // How far each column's potential has fallen since the start: cost − potential = key + drop.
    private readonly long[] drop;
    // Per column (index column − rows): its distance minus its drop in this search, long.MaxValue if not reached. An edge
    // improves a column only if duPu + key < reach, so the hot loop reads one array instead of drop and distance.
    private readonly long[] reach;
    // Nodes given a distance in this search; every other node's distance is long.MaxValue.
    private readonly List<int> touched = [];
    private readonly List<int> settled = [];
    // Rows reached through a tight edge from the node being settled: settled next, in any order.
    private readonly List<int> tight = [];
    private readonly int[] settledIn;
    private int stamp;
    private readonly IndexedHeap heap;

    // Assignment: column node of each row (−1 = not yet active), and the rows of each column.
    private readonly int[] assignedNode;
    private readonly long[] assignedCost;
    private readonly int[] positionInColumn;
    private readonly List<int>[] columnRows; // index: column node − rows (U included)
    private readonly int[] load;

    public RowFirstSearch(int rowCount, int[] capacity, int[] edgeStart, int[] edgeColumn, long[] edgeCost, long big)
    {
        rows = rowCount;
        columns = capacity.Length;
        unassigned = rows + columns;
        sink = unassigned + 1;
        this.capacity = capacity;
        this.edgeStart = edgeStart;
        this.edgeColumn = edgeColumn;
        this.edgeCost = edgeCost;

        this.big = big;

        var nodes = sink + 1;
        potential = new long[nodes];
        distance = new long[nodes];
        parent = new int[nodes];
        drop = new long[nodes];
        reach = new long[columns];
        Array.Fill(reach, long.MaxValue);
        settledIn = new int[nodes];
        Array.Fill(distance, long.MaxValue);
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
            if (key[e] is > Limit or < -Limit) throw new OverflowException();
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

    /// <summary>Node id of U, the column of rows left unassigned.</summary>
    public int UnassignedNode => unassigned;

    /// <summary>A node's potential (after Run: a feasible dual of the final flow, see SparseFirstSolver).</summary>
    public long Potential(int node) => potential[node];

    /// <summary>Searches that ended on a sink reached as near as the node being settled (tests: the path is exercised).</summary>
    public int EarlyStops { get; private set; }

    /// <summary>The column node a row ended in (U if unassigned), −1 if it was never activated.</summary>
    public int AssignedNode(int row) => assignedNode[row];

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

    // Keys, falls and a settled row's du + pu stay within ±Limit (checked where made), so the hot
    // loop's sums of three of them cannot overflow and need no checks.
    private const long Limit = 1L << 60;

    private void ShortestPathFrom(int start)
    {
        foreach (var v in touched)
        {
            distance[v] = long.MaxValue;
            if (v >= rows && v < unassigned) reach[v - rows] = long.MaxValue;
        }
        touched.Clear();
        settled.Clear();
        tight.Clear(); // a search that stopped early may leave nodes on it
        heap.Clear();
        stamp++;
        Relax(start, -1, 0);

        while (heap.Count > 0 || tight.Count > 0)
        {
            int u;
            if (tight.Count > 0)
            {
                u = tight[^1];
                tight.RemoveAt(tight.Count - 1);
            }
            else
            {
                u = heap.Pop();
                if (settledIn[u] == stamp) continue; // already settled through a tight edge
            }
            settledIn[u] = stamp;
            settled.Add(u);
            if (u == sink) return;
            var du = distance[u];
            var pu = potential[u];
            if (u < rows)
            {
                var own = assignedNode[u];
                // The hot loop when capacity is scarce: rows have many edges, and most lead to a
                // column already reached more cheaply, so that test comes before any heap work;
                // the reduced cost is the sorted key plus the column's fall, two reads.
                var dSink = distance[sink];
                var duPu = checked(du + pu);
                if (duPu is > Limit or < -Limit) throw new OverflowException();
                ref var keyRef = ref MemoryMarshal.GetArrayDataReference(edgeKey);
                ref var targetRef = ref MemoryMarshal.GetArrayDataReference(edgeColumn);
                ref var reachRef = ref MemoryMarshal.GetArrayDataReference(reach);
                ref var dropRef = ref MemoryMarshal.GetArrayDataReference(drop);
                var end = edgeStart[u + 1];
                for (var e = edgeStart[u]; e < end; e++)
                {
                    var bound = duPu + Unsafe.Add(ref keyRef, e);
                    if (bound >= dSink) break;
                    var c = Unsafe.Add(ref targetRef, e);
                    // bound + drop ≥ distance, without reading either.
                    ref var reachOfC = ref Unsafe.Add(ref reachRef, c);
                    if (bound >= reachOfC) continue;
                    var v = rows + c;
                    if (v == own) continue;
                    var d = bound + Unsafe.Add(ref dropRef, v);
                    reachOfC = bound;
                    if (d == du) SettleNext(v, u, d);
                    else Relax(v, u, d);
                    if (load[v - rows] < capacity[v - rows])
                    {
                        // A column with room: its edge to the sink bounds the search now, not when it is settled.
                        var viaV = checked(d + potential[v] - potential[sink]);
                        if (viaV < distance[sink])
                        {
                            Relax(sink, v, viaV);
                            dSink = viaV;
                            // Nothing unsettled is nearer than u, so a sink as near as u is settled now: without
                            // this the search would first settle every other node at that distance.
                            if (viaV == du)
                            {
                                EarlyStops++;
                                return;
                            }
                        }
                    }
                }
                if (own != unassigned)
                    Relax(unassigned, u, checked(du + big + pu - potential[unassigned]));
            }
            else
            {
                if (HasRoom(u))
                {
                    var viaU = checked(du + pu - potential[sink]);
                    Relax(sink, u, viaU);
                    if (viaU == du)
                    {
                        EarlyStops++; // as above
                        return;
                    }
                }
                // A row sits in U only because no column with room was reachable from it, and
                // (as in bipartite matching) that never changes; so U's rows lead nowhere new.
                if (u == unassigned) continue;
                // Backward edges: a row already in this column can move elsewhere.
                foreach (var r in CollectionsMarshal.AsSpan(columnRows[u - rows]))
                {
                    var d = checked(du - assignedCost[r] + pu - potential[r]);
                    // A tight edge (the usual case: the row's own assignment) from the node just settled.
                    if (d == du && distance[r] > d) SettleNext(r, u, d);
                    else Relax(r, u, d);
                }
            }
        }
        throw new InvalidOperationException("no path to the sink: the unassigned column should always offer one");
    }

    /// <summary>
    /// Reached through a tight edge (reduced cost 0) from the node being settled: nothing can reach it more
    /// cheaply, so it is settled next, without the heap (a stale heap entry is skipped when popped).
    /// </summary>
    private void SettleNext(int v, int from, long d)
    {
        if (distance[v] == long.MaxValue) touched.Add(v);
        distance[v] = d;
        parent[v] = from;
        tight.Add(v);
    }

    /// <summary>Settled nodes never improve (reduced costs are ≥ 0), so a shorter distance means new or in the heap.</summary>
    private void Relax(int v, int from, long d)
    {
        var old = distance[v];
        if (d >= old) return;
        distance[v] = d;
        parent[v] = from;
        if (old == long.MaxValue)
        {
            touched.Add(v);
            heap.Push(v);
        }
        else
        {
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
        foreach (var v in settled)
        {
            var fall = dSink - distance[v];
            potential[v] = checked(potential[v] - fall);
            drop[v] = checked(drop[v] + fall);
            if (drop[v] > Limit) throw new OverflowException();
        }
    }
}
