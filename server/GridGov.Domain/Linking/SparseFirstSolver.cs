namespace GridGov.Domain.Linking;

/// <summary>
/// Solves with each row's few cheapest edges, then proves the answer optimal for all the edges
/// or solves again with more: exact, and with scarce capacity much less work than one search
/// over every edge, because a search reads every edge of every row it settles.
/// </summary>
/// <remarks>
/// The proof is the one successive shortest paths keeps all along: node potentials under which
/// every residual edge has reduced cost ≥ 0 mean no cycle can lower the cost, so the flow is
/// optimal. The row-first search keeps that for every edge it was given except U → row (a row
/// dropped into U, which it never reads again); a dropped row's potential may be lowered to
/// p(U) − BIG to mend that edge. So the answer on the few edges is optimal on all of them when
///   - every left-out edge (r, c) of an assigned row has c + p(r) − p(c) ≥ 0, and
///   - every edge (x, c) of a dropped row x has c + p(U) − BIG − p(c) ≥ 0.
/// A row failing this gets all its edges and the whole solve runs again; when a dropped row
/// fails with all its edges already, every row gets all of them (the plain solve, no proof needed).
/// </remarks>
internal static class SparseFirstSolver
{
    /// <summary>Edges per row in the first solve: enough that most rows' best columns are in.</summary>
    internal const int EdgesPerRow = 16;

    public static int[] Solve(int rows, int[] capacity, int[] edgeStart, int[] edgeColumn, long[] edgeCost, long big) =>
        Solve(rows, capacity, edgeStart, edgeColumn, edgeCost, big, EdgesPerRow, out _);

    /// <param name="edgesPerRow">Edges per row in the first solve (tests use few, to make the proof fail).</param>
    /// <param name="solves">How many solves it took.</param>
    internal static int[] Solve(int rows, int[] capacity, int[] edgeStart, int[] edgeColumn, long[] edgeCost, long big,
        int edgesPerRow, out int solves)
    {
        solves = 0;
        var whole = new bool[rows];
        var inSubgraph = new bool[capacity.Length];
        while (true)
        {
            var (start, column, cost, complete) = Subgraph(rows, edgeStart, edgeColumn, edgeCost, whole, edgesPerRow);
            solves++;
            var search = new RowFirstSearch(rows, capacity, start, column, cost, big);
            var result = search.Run();
            if (complete) return result;

            var grown = false;
            var unassigned = search.UnassignedNode;
            var dropped = checked(search.Potential(unassigned) - big);
            for (var r = 0; r < rows; r++)
            {
                var node = search.AssignedNode(r);
                if (node < 0) continue; // no edges
                var pr = node == unassigned ? dropped : search.Potential(r);
                for (var e = start[r]; e < start[r + 1]; e++) inSubgraph[column[e]] = true;
                var holds = true;
                for (var e = edgeStart[r]; e < edgeStart[r + 1] && holds; e++)
                {
                    if (node != unassigned && inSubgraph[edgeColumn[e]]) continue;
                    holds = checked(edgeCost[e] + pr - search.Potential(rows + edgeColumn[e])) >= 0;
                }
                for (var e = start[r]; e < start[r + 1]; e++) inSubgraph[column[e]] = false;
                if (holds) continue;
                if (whole[r]) { Array.Fill(whole, true); grown = true; break; }
                whole[r] = true;
                grown = true;
            }
            if (!grown) return result;
        }
    }

    /// <summary>Each row's <paramref name="k"/> cheapest edges (all of them for rows marked whole), as CSR.</summary>
    private static (int[] Start, int[] Column, long[] Cost, bool Complete) Subgraph(int rows, int[] edgeStart, int[] edgeColumn,
        long[] edgeCost, bool[] whole, int k)
    {
        var start = new int[rows + 1];
        var complete = true;
        for (var r = 0; r < rows; r++)
        {
            var degree = edgeStart[r + 1] - edgeStart[r];
            var kept = whole[r] ? degree : Math.Min(degree, k);
            complete &= kept == degree;
            start[r + 1] = start[r] + kept;
        }
        var column = new int[start[rows]];
        var cost = new long[start[rows]];
        var scratchCost = Array.Empty<long>();
        var scratchColumn = Array.Empty<int>();
        for (var r = 0; r < rows; r++)
        {
            var from = edgeStart[r];
            var degree = edgeStart[r + 1] - from;
            var kept = start[r + 1] - start[r];
            if (kept == degree)
            {
                Array.Copy(edgeCost, from, cost, start[r], kept);
                Array.Copy(edgeColumn, from, column, start[r], kept);
                continue;
            }
            if (scratchCost.Length < degree) { scratchCost = new long[degree]; scratchColumn = new int[degree]; }
            Array.Copy(edgeCost, from, scratchCost, 0, degree);
            Array.Copy(edgeColumn, from, scratchColumn, 0, degree);
            // Unstable but deterministic: the same row always keeps the same edges.
            Array.Sort(scratchCost, scratchColumn, 0, degree);
            Array.Copy(scratchCost, 0, cost, start[r], kept);
            Array.Copy(scratchColumn, 0, column, start[r], kept);
        }
        return (start, column, cost, complete);
    }
}
