namespace GridGov.Domain.Linking;

/// <summary>
/// 4-ary min-heap of node ids keyed by an external distance array; ties by node id. Each slot
/// keeps a copy of its node's key, so a comparison reads the heap's own array, not the key array
/// at a random place. (key, id) is a strict order, so any correct heap pops the same sequence.
/// </summary>
internal sealed class IndexedHeap(int capacity, long[] key)
{
    private readonly Entry[] items = new Entry[capacity];
    private readonly int[] position = CreatePositions(capacity);

    private struct Entry
    {
        public long Key;
        public int Node;
    }

    public int Count { get; private set; }

    private static int[] CreatePositions(int n)
    {
        var p = new int[n];
        Array.Fill(p, -1);
        return p;
    }

    public void Clear()
    {
        for (var i = 0; i < Count; i++) position[items[i].Node] = -1;
        Count = 0;
    }

    public bool Contains(int node) => position[node] >= 0;

    public void Push(int node)
    {
        Count++;
        Up(Count - 1, new Entry { Key = key[node], Node = node });
    }

    /// <summary>The node's key in the key array has fallen: move it up.</summary>
    public void DecreaseKey(int node) => Up(position[node], new Entry { Key = key[node], Node = node });

    public int Pop()
    {
        var top = items[0].Node;
        position[top] = -1;
        Count--;
        if (Count > 0) Down(items[Count]);
        return top;
    }

    private static bool Less(in Entry a, in Entry b) => a.Key < b.Key || (a.Key == b.Key && a.Node < b.Node);

    private void Up(int i, Entry entry)
    {
        var all = items;
        while (i > 0)
        {
            var p = (i - 1) >> 2;
            if (!Less(entry, all[p])) break;
            all[i] = all[p];
            position[all[i].Node] = i;
            i = p;
        }
        all[i] = entry;
        position[entry.Node] = i;
    }

    /// <summary>Sifts <paramref name="entry"/> down from the root (the last entry, taking the popped top's place).</summary>
    private void Down(Entry entry)
    {
        var all = items;
        var count = Count;
        var i = 0;
        while (true)
        {
            var first = 4 * i + 1;
            if (first >= count) break;
            var best = first;
            var last = Math.Min(first + 4, count);
            for (var c = first + 1; c < last; c++)
                if (Less(all[c], all[best])) best = c;
            if (!Less(all[best], entry)) break;
            all[i] = all[best];
            position[all[i].Node] = i;
            i = best;
        }
        all[i] = entry;
        position[entry.Node] = i;
    }
}
