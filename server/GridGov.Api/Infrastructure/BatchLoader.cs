using GraphQL.DataLoader;

namespace GridGov.Api.Infrastructure;

/// <summary>
/// A small data loader: resolvers of one level each ask for a key and get a deferred result;
/// the executor collects them all before awaiting, so the first await fetches every pending
/// key in one query. Keys already fetched in this request are served from the cache.
/// </summary>
public sealed class BatchLoader<TKey, TValue>(Func<IReadOnlyList<TKey>, CancellationToken, Task<Dictionary<TKey, TValue>>> fetch)
    where TKey : notnull
{
    private readonly object _gate = new();
    private readonly HashSet<TKey> _pending = [];
    private readonly Dictionary<TKey, TValue?> _cache = [];
    private readonly SemaphoreSlim _fetching = new(1, 1);

    public IDataLoaderResult<TValue?> Load(TKey key)
    {
        lock (_gate)
            if (!_cache.ContainsKey(key)) _pending.Add(key);
        return new Deferred(this, key);
    }

    /// <summary>Adds a value read elsewhere in this request (e.g. by a join); a later Load needs no query.</summary>
    public void Prime(TKey key, TValue value)
    {
        lock (_gate)
        {
            _cache.TryAdd(key, value);
            _pending.Remove(key);
        }
    }

    private async Task<TValue?> GetAsync(TKey key, CancellationToken ct)
    {
        lock (_gate)
            if (_cache.TryGetValue(key, out var hit)) return hit;
        await _fetching.WaitAsync(ct);
        try
        {
            List<TKey> batch;
            lock (_gate)
            {
                if (_cache.TryGetValue(key, out var hit)) return hit;
                batch = [.. _pending];
                _pending.Clear();
            }
            if (!batch.Contains(key)) batch.Add(key);
            var found = await fetch(batch, ct);
            lock (_gate)
            {
                foreach (var k in batch) _cache[k] = found.TryGetValue(k, out var v) ? v : default;
                return _cache[key];
            }
        }
        finally
        {
            _fetching.Release();
        }
    }

    private sealed class Deferred(BatchLoader<TKey, TValue> loader, TKey key) : IDataLoaderResult<TValue?>
    {
        public Task<TValue?> GetResultAsync(CancellationToken cancellationToken = default) => loader.GetAsync(key, cancellationToken);
        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
    }
}

/// <summary>The loaders of one request (a scoped service), by name.</summary>
public sealed class Loaders
{
    private readonly Dictionary<string, object> _loaders = [];

    public BatchLoader<TKey, TValue> Get<TKey, TValue>(string name,
        Func<IReadOnlyList<TKey>, CancellationToken, Task<Dictionary<TKey, TValue>>> fetch) where TKey : notnull
    {
        lock (_loaders)
        {
            if (!_loaders.TryGetValue(name, out var l)) _loaders[name] = l = new BatchLoader<TKey, TValue>(fetch);
            return (BatchLoader<TKey, TValue>)l;
        }
    }
}

public static class DataLoaderResultExtensions
{
    /// <summary>Post-processes a deferred result without awaiting it, so batching still happens.</summary>
    public static IDataLoaderResult<TOut> Then<TIn, TOut>(this IDataLoaderResult<TIn> result, Func<TIn, TOut> map) =>
        new Mapped<TIn, TOut>(result, map);

    private sealed class Mapped<TIn, TOut>(IDataLoaderResult<TIn> inner, Func<TIn, TOut> map) : IDataLoaderResult<TOut>
    {
        public async Task<TOut> GetResultAsync(CancellationToken cancellationToken = default) =>
            map(await inner.GetResultAsync(cancellationToken));

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) =>
            await GetResultAsync(cancellationToken);
    }
}
