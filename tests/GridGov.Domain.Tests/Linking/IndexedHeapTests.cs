using GridGov.Domain.Linking;

namespace GridGov.Domain.Tests.Linking;

/// <summary>
/// The search's heap pops nodes by (key, node id), so the solver's tie-breaking does not depend on how the
/// heap is built: checked against sorting, with pushes, decreased keys and equal keys mixed.
/// </summary>
public class IndexedHeapTests
{
    [Fact]
    public void Pops_by_key_then_node_id_through_pushes_and_decreases()
    {
        var rng = new Random(5);
        for (var round = 0; round < 200; round++)
        {
            var n = rng.Next(1, 60);
            var key = new long[n];
            var heap = new IndexedHeap(n, key);
            var inHeap = new HashSet<int>();
            var popped = new List<int>();
            for (var step = 0; step < 4 * n; step++)
            {
                var v = rng.Next(n);
                var choice = rng.Next(3);
                if (choice == 0 && !heap.Contains(v) && !popped.Contains(v))
                {
                    key[v] = rng.Next(0, 5); // few values: ties by id decide
                    heap.Push(v);
                    inHeap.Add(v);
                }
                else if (choice == 1 && heap.Contains(v) && key[v] > 0)
                {
                    key[v] -= rng.Next(1, (int)key[v] + 1);
                    heap.DecreaseKey(v);
                }
                else if (choice == 2 && heap.Count > 0)
                {
                    var expected = inHeap.OrderBy(x => key[x]).ThenBy(x => x).First();
                    Assert.Equal(expected, heap.Pop());
                    inHeap.Remove(expected);
                    popped.Add(expected);
                }
                Assert.Equal(inHeap.Count, heap.Count);
            }
            var rest = inHeap.OrderBy(x => key[x]).ThenBy(x => x).ToList();
            foreach (var expected in rest) Assert.Equal(expected, heap.Pop());
            Assert.Equal(0, heap.Count);
        }
    }
}
