namespace GridGov.Domain.Linking;

/// <summary>
/// The same transportation problem as <see cref="TransportationSolver"/> (most rows assigned,
/// then least cost), solved by Goldberg's cost-scaling push-relabel algorithm — the one OR-Tools'
/// MinCostFlow uses. Its work does not depend on how far an augmenting path must travel, which is
/// what makes successive shortest paths slow when capacity is scarce over a large network.
/// </summary>
/// <remarks>
/// Most rows first: <see cref="MaxAssignment"/> counts the rows a maximum assignment places (F);
/// then a source S sends F units through S → row (cap 1, cost 0), row → column (cap 1, cost c),
/// column → sink (cap = capacity) at least cost — any flow of F is a maximum one, so no penalty
/// for unassigned rows widens the costs' range (with one, the first four or five phases only sorted
/// out who is placed: half the time). Costs are multiplied by n + 1 (n nodes), so a flow that is
/// 1-optimal on them is optimal on the integers (Goldberg–Tarjan). Each phase divides ε by
/// <see cref="Alpha"/>, saturates every residual arc of negative reduced cost, updates the prices
/// (distances from the deficits in whole ε), then pushes excess along admissible arcs (reduced
/// cost &lt; 0) in FIFO order, relabelling a node (its price to the best arc's price − ε) when it has
/// none; a node about to receive flow that has none to pass on and no admissible arc is relabelled
/// first (look-ahead). Each node keeps its arcs with residual capacity at the front of its block,
/// so a column — hundreds of rows' reverse arcs, a handful of them carrying flow — is scanned for
/// those few only. Deterministic: fixed arc order and FIFO queue. Arithmetic on costs and prices is
/// checked: an overflow throws (the engine then retries with coarser fixed point).
/// docs/benchmarks.md, "Scarce capacity, seventh pass".
/// </remarks>
internal static class CostScalingSolver
{
    /// <summary>ε's divisor per phase; 16 measured a little faster than 8 and 32 on the linking bench's scarce cases.</summary>
    private const long Alpha = 16;

    /// <summary>Returns, for each row, its column or −1. Inputs as validated by TransportationSolver.</summary>
    public static int[] Solve(int rows, int[] capacity, int[] edgeStart, int[] edgeColumn, long[] edgeCost) =>
        new Network(rows, capacity, edgeStart, edgeColumn, edgeCost).Run();

    private sealed class Network
    {
        private readonly int rows, columns, source, sink, nodes;
        private readonly int[] first;     // arcs of node v: [first[v], first[v + 1])
        private readonly int[] liveEnd;   // arcs [first[v], liveEnd[v]) have residual capacity, the rest none
        private readonly int[] head, reverse, residual;
        private readonly long[] cost;
        private readonly long[] price;
        private readonly long[] excess;
        private readonly int[] currentArc;
        private readonly Queue<int> active = new();
        private readonly bool[] queued;
        private readonly long maxCost;
        // Price updates: Dial's buckets of distances (in whole ε) from the deficits.
        private readonly int[] distance;
        private readonly int[] bucketHead;
        private readonly int[] nextInBucket;
        private readonly int[] prevInBucket;
        private readonly bool[] settled;

        public Network(int rowCount, int[] capacity, int[] edgeStart, int[] edgeColumn, long[] edgeCost)
        {
            rows = rowCount;
            columns = capacity.Length;
            source = rows + columns;
            sink = source + 1;
            nodes = sink + 1;
            var scale = nodes + 1L;

            // Per-node blocks written directly, each with its arcs that have residual capacity first: a row's arcs to
            // its columns, then the reverse of the source's arc; a column's arc to the sink, then the reverses of its
            // rows' arcs; the source's arcs to the rows; the sink's reverses of the columns' arcs.
            var edges = edgeStart[rows];
            var columnDegree = new int[columns];
            for (var e = 0; e < edges; e++) columnDegree[edgeColumn[e]]++;
            first = new int[nodes + 1];
            var live = 0;
            for (var r = 0; r < rows; r++)
            {
                var degree = edgeStart[r + 1] - edgeStart[r];
                if (degree > 0) live++;
                first[r + 1] = first[r] + (degree > 0 ? degree + 1 : 0);
            }
            var columnArcs = 0;
            for (var c = 0; c < columns; c++)
            {
                var toSink = capacity[c] > 0 ? 1 : 0;
                columnArcs += toSink;
                first[rows + c + 1] = first[rows + c] + columnDegree[c] + toSink;
            }
            first[source + 1] = first[source] + live;
            first[sink + 1] = first[sink] + columnArcs;
            var k = first[nodes];
            head = new int[k];
            residual = new int[k];
            cost = new long[k];
            reverse = new int[k];
            liveEnd = new int[nodes];
            var cursor = new int[columns];
            for (var c = 0; c < columns; c++)
            {
                cursor[c] = first[rows + c] + (capacity[c] > 0 ? 1 : 0);
                liveEnd[rows + c] = cursor[c];
            }
            var sourceAt = first[source];
            var sinkAt = first[sink];
            for (var r = 0; r < rows; r++)
            {
                var a = first[r];
                for (var e = edgeStart[r]; e < edgeStart[r + 1]; e++, a++)
                {
                    var b = cursor[edgeColumn[e]]++;
                    Pair(a, rows + edgeColumn[e], 1, checked(edgeCost[e] * scale), b, r);
                }
                liveEnd[r] = a;
                if (a == first[r]) continue;
                Pair(sourceAt++, r, 1, 0, a, source);
            }
            liveEnd[source] = sourceAt;
            for (var c = 0; c < columns; c++)
                if (capacity[c] > 0) Pair(first[rows + c], sink, capacity[c], 0, sinkAt++, rows + c);
            liveEnd[sink] = first[sink];

            price = new long[nodes];
            excess = new long[nodes];
            currentArc = new int[nodes];
            queued = new bool[nodes];
            var flow = MaxAssignment.Count(rows, capacity, edgeStart, edgeColumn);
            excess[source] = flow;
            excess[sink] = -flow;
            for (var a = 0; a < k; a++) maxCost = Math.Max(maxCost, Math.Abs(cost[a]));
            distance = new int[nodes];
            bucketHead = new int[nodes + 1];
            nextInBucket = new int[nodes];
            prevInBucket = new int[nodes];
            settled = new bool[nodes];
        }

        /// <summary>Arc a (to `to`, its capacity and cost) and its reverse b (back to `from`, no capacity).</summary>
        private void Pair(int a, int to, int capacityOfArc, long unitCost, int b, int from)
        {
            head[a] = to; residual[a] = capacityOfArc; cost[a] = unitCost; reverse[a] = b;
            head[b] = from; residual[b] = 0; cost[b] = -unitCost; reverse[b] = a;
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

            // A row's arcs to columns are the only arcs that leave it with capacity 1; the saturated one is its assignment.
            var result = new int[rows];
            Array.Fill(result, -1);
            for (var r = 0; r < rows; r++)
                for (var a = first[r]; a < first[r + 1]; a++)
                    if (head[a] >= rows && head[a] < source && residual[a] == 0)
                        result[r] = head[a] - rows;
            return result;
        }

        private void Refine(long epsilon)
        {
            for (var v = 0; v < nodes; v++)
            {
                var pv = price[v];
                for (var a = first[v]; a < liveEnd[v];)
                {
                    var w = head[a];
                    if (checked(cost[a] + pv - price[w]) >= 0) { a++; continue; }
                    var r = residual[a];
                    Move(v, a, w, r);   // the arc at a is now another one: look at a again
                    excess[v] -= r;
                    excess[w] += r;
                }
            }
            PriceUpdate(epsilon);
            for (var v = 0; v < nodes; v++)
                if (excess[v] > 0) Enqueue(v);
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
                var a = currentArc[v];
                while (a < liveEnd[v])
                {
                    var w = head[a];
                    if (checked(cost[a] + pv - price[w]) >= 0) { a++; continue; }
                    // Look-ahead: a node with no excess to pass on and no admissible arc is relabelled first,
                    // not fed flow it could only push back.
                    if (excess[w] >= 0 && !HasAdmissible(w))
                    {
                        Relabel(w, epsilon);
                        if (checked(cost[a] + pv - price[w]) >= 0) { a++; continue; }
                    }
                    var delta = (int)Math.Min(excess[v], residual[a]);
                    Move(v, a, w, delta);
                    excess[v] -= delta;
                    excess[w] += delta;
                    if (excess[w] > 0) Enqueue(w);
                    if (excess[v] == 0) break;
                }
                currentArc[v] = a;
                if (excess[v] > 0) Relabel(v, epsilon);
            }
        }

        /// <summary>
        /// Sends delta along arc a (v → w). An arc that gains residual capacity joins the end of its node's live arcs
        /// (at or after the node's current arc, so no arc is skipped); one that loses it swaps with the last live arc,
        /// which then sits at a, the position the caller looks at next.
        /// </summary>
        private void Move(int v, int a, int w, int delta)
        {
            if (residual[reverse[a]] == 0) Swap(reverse[a], liveEnd[w]++);
            residual[reverse[a]] += delta;
            residual[a] -= delta;
            if (residual[a] == 0) Swap(a, --liveEnd[v]);
        }

        /// <summary>Exchanges two arcs of one node's block, keeping their reverses pointing at them.</summary>
        private void Swap(int a, int b)
        {
            if (a == b) return;
            (head[a], head[b]) = (head[b], head[a]);
            (residual[a], residual[b]) = (residual[b], residual[a]);
            (cost[a], cost[b]) = (cost[b], cost[a]);
            (reverse[a], reverse[b]) = (reverse[b], reverse[a]);
            reverse[reverse[a]] = a;
            reverse[reverse[b]] = b;
        }

        private bool HasAdmissible(int w)
        {
            var pw = price[w];
            var end = liveEnd[w];
            for (var b = currentArc[w]; b < end; b++)
                if (checked(cost[b] + pw - price[head[b]]) < 0)
                {
                    currentArc[w] = b;
                    return true;
                }
            return false;
        }

        /// <summary>
        /// Distances from the deficits backwards along residual arcs, an arc's length its reduced cost in whole ε plus one
        /// (⌊c/ε⌋ + 1 ≥ 0, since c ≥ −ε), capped at the node count; every price falls by ε × its distance. ε-optimality
        /// holds after it (d(v) ≤ d(w) + length(v, w) on every residual arc) and every node with excess then has an
        /// admissible path towards a deficit. The search stops once it has settled every node with excess; the nodes
        /// not settled by then are all at least that far, and moving them by that level keeps the inequality.
        /// </summary>
        private void PriceUpdate(long epsilon)
        {
            var cap = nodes;
            Array.Fill(distance, cap);
            Array.Fill(bucketHead, -1);
            Array.Clear(settled);
            long pending = 0;
            for (var v = 0; v < nodes; v++)
            {
                if (excess[v] > 0) pending += excess[v];
                else if (excess[v] < 0) { distance[v] = 0; AddToBucket(0, v); }
            }
            var level = 0;
            for (; level < cap && pending > 0; level++)
            {
                while (bucketHead[level] >= 0 && pending > 0)
                {
                    var w = bucketHead[level];
                    RemoveFromBucket(level, w);
                    settled[w] = true;
                    if (excess[w] > 0) pending -= excess[w];
                    var pw = price[w];
                    for (var a = first[w]; a < first[w + 1]; a++)
                    {
                        var ra = reverse[a];
                        if (residual[ra] == 0) continue;
                        var v = head[a];
                        if (settled[v]) continue;
                        var reduced = checked(cost[ra] + price[v] - pw);
                        var length = reduced < 0 ? 0 : reduced / epsilon + 1;
                        var candidate = Math.Min(level + length, cap);
                        if (candidate >= distance[v]) continue;
                        if (distance[v] < cap) RemoveFromBucket(distance[v], v);
                        distance[v] = (int)candidate;
                        if (candidate < cap) AddToBucket((int)candidate, v);
                    }
                }
                if (pending <= 0) break;
            }
            for (var v = 0; v < nodes; v++)
            {
                var d = settled[v] ? distance[v] : level;
                if (d > 0) price[v] = checked(price[v] - epsilon * d);
                currentArc[v] = first[v];
            }
        }

        private void AddToBucket(int level, int v)
        {
            var h = bucketHead[level];
            nextInBucket[v] = h;
            prevInBucket[v] = -1;
            if (h >= 0) prevInBucket[h] = v;
            bucketHead[level] = v;
        }

        private void RemoveFromBucket(int level, int v)
        {
            var n = nextInBucket[v];
            var p = prevInBucket[v];
            if (p >= 0) nextInBucket[p] = n; else bucketHead[level] = n;
            if (n >= 0) prevInBucket[n] = p;
        }

        /// <summary>Lowers v's price so that its best residual arc becomes admissible (reduced cost −ε).</summary>
        private void Relabel(int v, long epsilon)
        {
            var best = long.MinValue;
            for (var a = first[v]; a < liveEnd[v]; a++)
                best = Math.Max(best, checked(price[head[a]] - cost[a]));
            if (best == long.MinValue)
            {
                // Only the look-ahead asks this of a node without excess (the source once all its arcs are used): leave it.
                if (excess[v] <= 0) return;
                throw new InvalidOperationException("a node with excess has no residual arc");
            }
            price[v] = checked(best - epsilon);
            currentArc[v] = first[v];
        }
    }
}
