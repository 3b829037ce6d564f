using System.Security.Claims;
using GridGov.Api.Infrastructure;
using GridGov.Domain.Access;
using GridGov.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace GridGov.Api.Auth;

/// <summary>
/// Server-side check of every bearer token: the user must still exist, be enabled, hold the role, area, member and
/// cadre the token names, and the token must carry the user's current session version (logout and disable raise it).
/// The user's row is cached for <see cref="AuthOptions.SessionCheckSeconds"/>, so a change ends access within that.
/// </summary>
public sealed class Sessions(IDbContextFactory<GridGovDbContext> factory, IMemoryCache cache, AuthOptions options)
{
    public const string ClaimVersion = "gg_ver";

    private sealed record Current(bool Disabled, Role Role, string AreaCode, long? MemberId, long? CadreId, int Version);

    private static string CacheKey(long userId) => "session:" + userId;

    public async Task<bool> IsCurrentAsync(ClaimsPrincipal principal, CancellationToken ct)
    {
        if (!long.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var userId)
            || !int.TryParse(principal.FindFirstValue(ClaimVersion), out var version))
            return false;
        var current = await LoadAsync(userId, ct);
        return current is { Disabled: false }
               && current.Version == version
               && current.Role.ToString() == principal.FindFirstValue(Caller.ClaimRole)
               && current.AreaCode == principal.FindFirstValue(Caller.ClaimArea)
               && current.MemberId?.ToString() == principal.FindFirstValue(Caller.ClaimMember)
               && current.CadreId?.ToString() == principal.FindFirstValue(Caller.ClaimCadre);
    }

    /// <summary>
    /// The villages a cadre serves today (its postings in force), cached like the user's row: a cadre's login reads these
    /// villages, so a new or ended posting changes access within <see cref="AuthOptions.SessionCheckSeconds"/>.
    /// </summary>
    public async Task<IReadOnlyList<string>> ServedVillagesAsync(long cadreId, TimeProvider clock, CancellationToken ct)
    {
        var key = "cadre-villages:" + cadreId;
        if (options.SessionCheckSeconds > 0 && cache.TryGetValue(key, out IReadOnlyList<string>? hit) && hit is not null) return hit;
        await using var db = await factory.CreateDbContextAsync(ct);
        IReadOnlyList<string> villages = await Persistence.Cadres.CadreVillages.AtAsync(db, cadreId, clock.GetUtcNow(), ct);
        if (options.SessionCheckSeconds > 0)
            cache.Set(key, villages, new MemoryCacheEntryOptions
            {
                AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(options.SessionCheckSeconds),
                Size = 1,
            });
        return villages;
    }

    /// <summary>
    /// Forgets what this process cached of a user's row and a cadre's villages, after a change committed elsewhere (the
    /// cadres page's posting and revoke mutations), so it applies to the next request rather than within seconds.
    /// </summary>
    public void Forget(long? userId, long? cadreId)
    {
        if (userId is { } u) cache.Remove(CacheKey(u));
        if (cadreId is { } c) cache.Remove("cadre-villages:" + c);
    }

    /// <summary>Ends every token of the user (logout, disable, enable); this process forgets the cached row at once.</summary>
    public async Task EndAllAsync(long userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await db.Users.Where(u => u.Id == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.SessionVersion, u => u.SessionVersion + 1), ct);
        cache.Remove(CacheKey(userId));
    }

    private async Task<Current?> LoadAsync(long userId, CancellationToken ct)
    {
        if (options.SessionCheckSeconds > 0 && cache.TryGetValue(CacheKey(userId), out Current? hit)) return hit;
        await using var db = await factory.CreateDbContextAsync(ct);
        var current = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new Current(u.Disabled, u.Role, u.AreaCode, u.MemberId, u.CadreId, u.SessionVersion))
            .FirstOrDefaultAsync(ct);
        if (options.SessionCheckSeconds > 0)
            cache.Set(CacheKey(userId), current, new MemoryCacheEntryOptions
            {
                AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(options.SessionCheckSeconds),
                Size = 1,
            });
        return current;
    }
}
