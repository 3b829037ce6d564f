namespace GridGov.Domain.Linking;

/// <summary>
/// How many rows an assignment can place at most: a maximum b-matching of rows to columns with capacities, by
/// Hopcroft–Karp's phases (breadth-first layers from every free row, then vertex-disjoint augmenting paths along them,
/// searched without recursion so that a long path cannot exhaust the stack). <see cref="CostScalingSolver"/> sends
/// exactly this many units, so "most rows first" needs no penalty cost.
/// </summary>
internal static class MaxAssignment
{
    public static int Count(int rows, int[] capacity, int[] edgeStart, int[] edgeColumn)
    {
        var columns = capacity.Length;
        // A column's places: min(capacity, its rows), each a slot holding the row placed in it.
        var degree = new int[columns];
        for (var e = 0; e < edgeStart[rows]; e++) degree[edgeColumn[e]]++;
        var slotStart = new int[columns + 1];
        for (var c = 0; c < columns; c++) slotStart[c + 1] = slotStart[c] + Math.Min(capacity[c], degree[c]);
        var slotRow = new int[slotStart[columns]];
        var load = new int[columns];
        var placed = new bool[rows];
        var count = 0;

        // Greedy start: each row in its first column with room.
        for (var r = 0; r < rows; r++)
            for (var e = edgeStart[r]; e < edgeStart[r + 1]; e++)
            {
                var c = edgeColumn[e];
                if (load[c] == slotStart[c + 1] - slotStart[c]) continue;
                slotRow[slotStart[c] + load[c]++] = r;
                placed[r] = true;
                count++;
                break;
            }

        var layer = new int[rows];
        var queue = new int[rows];
        var next = new int[rows];       // the edge a row's search is at
        var inner = new int[rows];      // the slot of that edge's column it is at; −1: not yet looked at
        var stack = new int[rows];
        while (true)
        {
            var tail = 0;
            for (var r = 0; r < rows; r++)
            {
                layer[r] = !placed[r] && edgeStart[r + 1] > edgeStart[r] ? 0 : int.MaxValue;
                if (layer[r] == 0) queue[tail++] = r;
                next[r] = edgeStart[r];
                inner[r] = -1;
            }
            var free = false;
            for (var h = 0; h < tail; h++)
            {
                var r = queue[h];
                for (var e = edgeStart[r]; e < edgeStart[r + 1]; e++)
                {
                    var c = edgeColumn[e];
                    if (load[c] < slotStart[c + 1] - slotStart[c]) { free = true; continue; }
                    for (var s = slotStart[c]; s < slotStart[c + 1]; s++)
                        if (layer[slotRow[s]] == int.MaxValue) { layer[slotRow[s]] = layer[r] + 1; queue[tail++] = slotRow[s]; }
                }
            }
            if (!free) return count;
            var grew = false;
            for (var r = 0; r < rows; r++)
                if (!placed[r] && layer[r] == 0 && Augment(r)) { placed[r] = true; count++; grew = true; }
            if (!grew) return count;
        }

        // A path from a free row, each row moving to the next column and the last into a free place; rows that lead
        // nowhere leave the layers.
        bool Augment(int root)
        {
            var depth = 0;
            stack[depth++] = root;
            while (depth > 0)
            {
                var r = stack[depth - 1];
                if (next[r] == edgeStart[r + 1])
                {
                    layer[r] = int.MaxValue;
                    if (--depth > 0) inner[stack[depth - 1]]++;
                    continue;
                }
                var c = edgeColumn[next[r]];
                if (inner[r] < 0)
                {
                    if (load[c] < slotStart[c + 1] - slotStart[c])
                    {
                        slotRow[slotStart[c] + load[c]++] = r;
                        // Each row below takes the place of the row it led to.
                        for (var i = depth - 2; i >= 0; i--)
                        {
                            var below = stack[i];
                            slotRow[slotStart[edgeColumn[next[below]]] + inner[below]] = below;
                        }
                        return true;
                    }
                    inner[r] = 0;
                }
                var slot = slotStart[c] + inner[r];
                if (slot == slotStart[c + 1])
                {
                    next[r]++;
                    inner[r] = -1;
                    continue;
                }
                var held = slotRow[slot];
                if (layer[held] == layer[r] + 1) stack[depth++] = held;
                else inner[r]++;
            }
            return false;
        }
    }
}
