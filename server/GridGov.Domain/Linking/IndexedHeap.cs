namespace GridGov.Domain.Linking;

/// <summary>Binary min-heap of node ids keyed by an external distance array; ties by node id.</summary>
internal sealed class IndexedHeap(int capacity, long[] key)
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
