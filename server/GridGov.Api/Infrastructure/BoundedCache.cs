using System.Collections.Concurrent;

namespace GridGov.Api.Infrastructure;

/// <summary>
/// A cache keyed by query text, bounded by entries and by the total size of its keys (characters;
/// a parsed document or plan is a small multiple of its text). When full, the least recently used
/// tenth goes, so a flood of one-off queries cannot grow the process or push out the everyday ones
/// for good.
/// </summary>
public sealed class BoundedCache<TKey, TValue>(int maxEntries, long maxWeight, Func<TKey, long> weigh) where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Entry> _entries = new();
    private readonly object _evicting = new();
    private long _weight;
    private long _clock;

    public int Count => _entries.Count;

    /// <summary>Sum of the weights of the entries now held.</summary>
    public long Weight => Interlocked.Read(ref _weight);

    public bool TryGetValue(TKey key, out TValue value)
    {
        if (_entries.TryGetValue(key, out var e))
        {
            e.LastUsed = Interlocked.Increment(ref _clock);
            value = e.Value;
            return true;
        }
        value = default!;
        return false;
    }

    public bool ContainsKey(TKey key) => _entries.ContainsKey(key);

    /// <summary>Adds unless present; an entry heavier than a tenth of the budget is not kept at all.</summary>
    public void TryAdd(TKey key, TValue value)
    {
        var w = weigh(key);
        if (w > maxWeight / 10) return;
        if (!_entries.TryAdd(key, new Entry(value, w) { LastUsed = Interlocked.Increment(ref _clock) })) return;
        if (Interlocked.Add(ref _weight, w) > maxWeight || _entries.Count > maxEntries) Evict();
    }

    private void Evict()
    {
        lock (_evicting)
        {
            if (Weight <= maxWeight && _entries.Count <= maxEntries) return;
            // ConcurrentDictionary.ToArray is an atomic snapshot; LINQ over the dictionary itself sizes an
            // array by Count and then copies, which throws when a concurrent add lands in between.
            var snapshot = _entries.ToArray();
            var oldest = snapshot.OrderBy(p => p.Value.LastUsed).Take(Math.Max(1, snapshot.Length / 10)).ToList();
            foreach (var (key, _) in oldest)
                if (_entries.TryRemove(key, out var gone)) Interlocked.Add(ref _weight, -gone.Weight);
            // Still over (a burst of heavy entries): drop more until under the budget.
            while ((Weight > maxWeight || _entries.Count > maxEntries) && _entries.Keys.FirstOrDefault() is { } k)
                if (_entries.TryRemove(k, out var gone)) Interlocked.Add(ref _weight, -gone.Weight);
        }
    }

    private sealed class Entry(TValue value, long weight)
    {
        public TValue Value { get; } = value;
        public long Weight { get; } = weight;
        public long LastUsed { get; set; }
    }
}
