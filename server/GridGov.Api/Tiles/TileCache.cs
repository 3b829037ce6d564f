using System.Security.Cryptography;
using GridGov.Persistence.Sql;
using Microsoft.Extensions.Caching.Memory;

namespace GridGov.Api.Tiles;

/// <summary>
/// Tiles kept in memory, each valid while nothing a tile reads has changed since it was read (<see cref="TileChanges"/>:
/// the database's announcements and this server's own writes) and for at most <c>Tiles:CacheSeconds</c> (30 s): a tile
/// of the running month is read "as of now", and a link or declaration period that begins or ends by the clock alone
/// changes no row. A tile of 0.4 ms of SQL cannot be served within 1.1× of that SQL through a round trip to the
/// database; from memory it can (docs/benchmarks.md). Keyed by everything the tile statement takes from the request
/// (layer, z/x/y, month, the caller's area and member) — the caller's role decides only whether a layer is served at all,
/// which the endpoint checks before the cache. Bounded by <c>Tiles:CacheMegabytes</c> (64; 0 turns the cache off).
/// Microsoft.Extensions.Caching.Memory (in the ASP.NET Core framework): its size limit and compaction, not ours.
/// </summary>
public sealed class TileCache : IDisposable
{
    private readonly TileChanges _changes;
    private readonly MemoryCache? _cache;
    private readonly TimeSpan _maxAge;

    public TileCache(TileChanges changes, IConfiguration configuration)
    {
        _changes = changes;
        _maxAge = TimeSpan.FromSeconds(configuration.GetValue("Tiles:CacheSeconds", 30.0));
        var megabytes = configuration.GetValue("Tiles:CacheMegabytes", 64L);
        if (megabytes > 0 && _maxAge > TimeSpan.Zero)
            _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = megabytes << 20, CompactionPercentage = 0.25 });
    }

    private sealed record Entry(KeptTile Tile, long Generation);

    /// <summary>A tile's bytes with its ETag (a hash of them), made once when the tile is read, not on every request that is served it.</summary>
    public sealed record KeptTile(byte[] Bytes, string ETag)
    {
        public static KeptTile Of(byte[] bytes) =>
            new(bytes, "\"" + Convert.ToHexString(SHA256.HashData(bytes), 0, 16).ToLowerInvariant() + "\"");
    }

    public static string Key(string layer, int z, int x, int y, DateOnly month, TileArea area, long? memberId) =>
        $"{layer}/{z}/{x}/{y}/{month:yyyy-MM}/{area.Prefix}/{(area.Villages is { } v ? string.Join(',', v) : "*")}/{memberId}";

    /// <summary>The generation to read a tile under (read it before the tile's statement), or null when the cache is off.</summary>
    public long? Begin() => _cache is not null && _changes.Listening ? _changes.Generation : null;

    /// <summary>The kept tile, if it was read under the current generation and the server still hears every change.</summary>
    public KeptTile? Find(string key)
    {
        if (_cache is null || !_changes.Listening) return null;
        return _cache.TryGetValue(key, out Entry? e) && e!.Generation == _changes.Generation ? e.Tile : null;
    }

    /// <summary>Keeps a tile read under <paramref name="generation"/> (from <see cref="Begin"/>); a change since makes it unused.</summary>
    public void Keep(string key, KeptTile tile, long? generation)
    {
        if (_cache is null || generation is not { } g || g != _changes.Generation) return;
        _cache.Set(key, new Entry(tile, g), new MemoryCacheEntryOptions
        {
            // A key's own length and the entry's overhead count too: an empty tile is not free.
            Size = tile.Bytes.Length + key.Length * 2 + 128,
            AbsoluteExpirationRelativeToNow = _maxAge,
        });
    }

    public void Dispose() => _cache?.Dispose();
}
