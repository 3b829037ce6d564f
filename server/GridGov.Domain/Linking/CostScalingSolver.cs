namespace GridGov.Domain.Linking;

/// <summary>
/// The same transportation problem as <see cref="TransportationSolver"/> (most rows assigned,
/// then least cost), solved by Goldberg's cost-scaling push-relabel algorithm — the one OR-Tools'
/// MinCostFlow uses. Its work does not depend on how far an augmenting path must travel, which is
/// what makes successive shortest paths slow when capacity is scarce (see TransportationSolver).
/// </summary>
/// <remarks>
/// Network: row → column (cap 1, cost c), row → U (cap 1, cost BIG), column → sink (cap =
/// capacity), U → sink; rows supply 1, the sink takes them all. Costs are multiplied by n + 1
/// (n nodes), so a flow that is 1-optimal on them is optimal on the integers (Goldberg–Tarjan).
/// Each phase divides ε by <see cref="Alpha"/> and restores ε-optimality: saturate every
/// residual arc of negative reduced cost, then push excess along admissible arcs (reduced cost
/// &lt; 0) in FIFO order and relabel a node (lower its price to the best arc's price − ε) when
/// it has none. Deterministic: fixed arc order and FIFO queue. Arithmetic on costs and prices is
/// checked: an overflow throws (the engine then retries with coarser fixed point).
/// </remarks>
internal static class CostScalingSolver
{
    private const long Alpha = 8;

    /// <summary>Returns, for each row, its column or −1. Inputs as validated by TransportationSolver.</summary>
    public static int[] Solve(int rows, int[] capacity, int[] edgeStart, int[] edgeColumn, long[] edgeCost, long big) =>
        new Network(rows, capacity, edgeStart, edgeColumn, edgeCost, big).Run();

    private sealed class Network
    {
        private readonly int rows, columns, unassigned, sink, nodes;
        private readonly int[] first;   // arcs of node v: [first[v], first[v + 1])
        private readonly int[] head, reverse, residual;
        private readonly long[] cost;
        private readonly long[] price;
        private readonly long[] excess;
        private readonly int[] currentArc;
        private readonly Queue<int> active = new();
        private readonly bool[] queued;
        private readonly long maxCost;

        public Network(int rowCount, int[] capacity, int[] edgeStart, int[] edgeColumn, long[] edgeCost, long big)
        {
            rows = rowCount;
            columns = capacity.Length;
            unassigned = rows + columns;
            sink = unassigned + 1;
            nodes = sink + 1;
            var scale = nodes + 1L;

            // Arc list as (tail, head, cap, cost) pairs, then sorted into per-node blocks.
            var edges = edgeStart[rows];
            var live = 0;
            for (var r = 0; r < rows; r++) if (edgeStart[r + 1] > edgeStart[r]) live++;
            var columnArcs = 0;
            for (var c = 0; c < columns; c++) if (capacity[c] > 0) columnArcs++;
            var pairs = edges + live + columnArcs + 1;
            var tail = new int[2 * pairs];
            head = new int[2 * pairs];
            var cap = new int[2 * pairs];
            var arcCost = new long[2 * pairs];
            var k = 0;
            void Add(int from, int to, int capacityOfArc, long unitCost)
            {
                tail[k] = from; head[k] = to; cap[k] = capacityOfArc; arcCost[k] = unitCost; k++;
                tail[k] = to; head[k] = from; cap[k] = 0; arcCost[k] = -unitCost; k++;
            }
            for (var r = 0; r < rows; r++)
            {
                for (var e = edgeStart[r]; e < edgeStart[r + 1]; e++)
                    Add(r, rows + edgeColumn[e], 1, checked(edgeCost[e] * scale));
                if (edgeStart[r + 1] > edgeStart[r]) Add(r, unassigned, 1, checked(big * scale));
            }
            for (var c = 0; c < columns; c++)
                if (capacity[c] > 0) Add(rows + c, sink, capacity[c], 0);
            Add(unassigned, sink, live, 0);

            // Counting sort by tail keeps each node's arcs in insertion order (deterministic).
            first = new int[nodes + 1];
            for (var a = 0; a < k; a++) first[tail[a] + 1]++;
            for (var v = 0; v < nodes; v++) first[v + 1] += first[v];
            var slot = (int[])first.Clone();
            var position = new int[k];
            for (var a = 0; a < k; a++) position[a] = slot[tail[a]]++;
            var sortedHead = new int[k];
            residual = new int[k];
            cost = new long[k];
            reverse = new int[k];
            for (var a = 0; a < k; a++)
            {
                var p = position[a];
                sortedHead[p] = head[a];
                residual[p] = cap[a];
                cost[p] = arcCost[a];
                reverse[p] = position[a ^ 1];
            }
            head = sortedHead;
            price = new long[nodes];
            excess = new long[nodes];
            currentArc = new int[nodes];
            queued = new bool[nodes];
            for (var r = 0; r < rows; r++) if (edgeStart[r + 1] > edgeStart[r]) excess[r] = 1;
            excess[sink] = -live;
            for (var a = 0; a < k; a++) maxCost = Math.Max(maxCost, Math.Abs(cost[a]));
        }

        public int[] Run()
        {
            // With zero flow and zero prices every arc is max|c|-optimal; each phase shrinks ε.
            var epsilon = Math.Max(maxCost, 1);
            do
            {
                epsilon = Math.Max(1, epsilon / Alpha);
                Refine(epsilon);
            }
            while (epsilon > 1);

            // A row's arcs all leave it (nothing enters a row but reverse arcs, kept at their tails),
            // so the one saturated arc to a column is its assignment.
            var result = new int[rows];
            Array.Fill(result, -1);
            for (var r = 0; r < rows; r++)
                for (var a = first[r]; a < first[r + 1]; a++)
                    if (head[a] >= rows && head[a] < unassigned && residual[a] == 0)
                        result[r] = head[a] - rows;
            return result;
        }

        private void Refine(long epsilon)
        {
            for (var v = 0; v < nodes; v++)
            {
                var pv = price[v];
                for (var a = first[v]; a < first[v + 1]; a++)
                {
                    var r = residual[a];
                    if (r == 0) continue;
                    var w = head[a];
                    if (checked(cost[a] + pv - price[w]) >= 0) continue;
                    residual[a] = 0;
                    residual[reverse[a]] += r;
                    excess[v] -= r;
                    excess[w] += r;
                }
            }
            for (var v = 0; v < nodes; v++)
            {
                currentArc[v] = first[v];
                if (excess[v] > 0) Enqueue(v);
            }
            while (active.Count > 0)
            {
                var v = active.Dequeue();
                queued[v] = false;
                Discharge(v, epsilon);
            }
        }

        private void Enqueue(int v)
        {
            if (queued[v]) return;
            queued[v] = true;
            active.Enqueue(v);
        }

        private void Discharge(int v, long epsilon)
        {
            while (excess[v] > 0)
            {
                var pv = price[v];
                var end = first[v + 1];
                var a = currentArc[v];
                for (; a < end; a++)
                {
                    if (residual[a] == 0) continue;
                    var w = head[a];
                    if (checked(cost[a] + pv - price[w]) >= 0) continue;
                    var delta = (int)Math.Min(excess[v], residual[a]);
                    residual[a] -= delta;
                    residual[reverse[a]] += delta;
                    excess[v] -= delta;
                    excess[w] += delta;
                    if (excess[w] > 0) Enqueue(w);
                    if (excess[v] == 0) break;
                }
                currentArc[v] = a;
                if (excess[v] > 0) Relabel(v, epsilon);
            }
        }

        /// <summary>Lowers v's price so that its best residual arc becomes admissible (reduced cost −ε).</summary>
        private void Relabel(int v, long epsilon)
        {
            var best = long.MinValue;
            for (var a = first[v]; a < first[v + 1]; a++)
                if (residual[a] > 0) best = Math.Max(best, checked(price[head[a]] - cost[a]));
            if (best == long.MinValue) throw new InvalidOperationException("a node with excess has no residual arc");
            price[v] = checked(best - epsilon);
            currentArc[v] = first[v];
        }
    }
}
