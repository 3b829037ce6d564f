namespace GridGov.Domain.Tests.Linking;

/// <summary>Random transportation networks, an answer's (count, cost), and the exhaustive optimum.</summary>
internal static class TransportationTestNetworks
{
    /// <summary>
    /// Edges on about <paramref name="edgeShare"/> of the pairs, costs of both signs. Capacity per
    /// column 0..<paramref name="maxCapacity"/>, or <paramref name="places"/> units spread at random.
    /// Shared tastes: every row's cost of a column is the column's own cost ± 5, so rows compete
    /// for the same columns (as households for the members near a hamlet).
    /// </summary>
    public static (int Rows, int[] Capacity, int[] Start, int[] Column, long[] Cost) Random(Random rng, int rows, int columns,
        int maxCapacity, int places = -1, double edgeShare = 2.0 / 3, bool sharedTastes = false)
    {
        var columnCost = new long[columns];
        for (var c = 0; c < columns; c++) columnCost[c] = rng.Next(-50, 30);
        var capacity = new int[columns];
        if (places < 0) for (var c = 0; c < columns; c++) capacity[c] = rng.Next(0, maxCapacity + 1);
        else for (var p = 0; p < places; p++) capacity[rng.Next(columns)]++;
        var start = new int[rows + 1];
        var column = new List<int>();
        var cost = new List<long>();
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                if (rng.NextDouble() >= edgeShare) continue;
                column.Add(c);
                cost.Add(sharedTastes ? columnCost[c] + rng.Next(-5, 6) : rng.Next(-50, 30));
            }
            start[r + 1] = column.Count;
        }
        return (rows, capacity, start, [.. column], [.. cost]);
    }

    /// <summary>Count and cost of an answer, after checking it uses only edges and stays within capacity.</summary>
    public static (int Count, long Cost) Evaluate(int[] result, int[] capacity, int[] start, int[] column, long[] cost)
    {
        var load = new int[capacity.Length];
        var count = 0;
        long total = 0;
        for (var r = 0; r < result.Length; r++)
        {
            if (result[r] < 0) continue;
            var e = Array.FindIndex(column, start[r], start[r + 1] - start[r], c => c == result[r]);
            Assert.True(e >= 0, $"row {r} assigned to column {result[r]} without an edge");
            load[result[r]]++;
            count++;
            total += cost[e];
        }
        for (var c = 0; c < capacity.Length; c++) Assert.True(load[c] <= capacity[c], $"column {c} over capacity");
        return (count, total);
    }

    /// <summary>Every assignment (each row to one of its edges or nowhere): most rows, then least cost.</summary>
    public static (int Count, long Cost) Exhaustive(int rows, int[] capacity, int[] start, int[] column, long[] cost)
    {
        var load = new int[capacity.Length];
        (int, long) best = (0, 0);
        void Visit(int r, int count, long total)
        {
            if (r == rows)
            {
                if (count > best.Item1 || (count == best.Item1 && total < best.Item2)) best = (count, total);
                return;
            }
            Visit(r + 1, count, total);
            for (var e = start[r]; e < start[r + 1]; e++)
            {
                var c = column[e];
                if (load[c] == capacity[c]) continue;
                load[c]++;
                Visit(r + 1, count + 1, total + cost[e]);
                load[c]--;
            }
        }
        Visit(0, 0, 0);
        return best;
    }
}
