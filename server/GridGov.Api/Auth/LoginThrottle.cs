using System.Net;
using System.Threading.RateLimiting;
using GridGov.Api.Infrastructure;
using GridGov.Api.Resources;
using Microsoft.AspNetCore.RateLimiting;

namespace GridGov.Api.Auth;

/// <summary>
/// Login throttling with ASP.NET Core's rate limiters. Two layers: every request to /auth/token counts against its
/// address (the middleware policy <see cref="Policy"/>), and failed logins count against the user name and the address
/// (<see cref="LoginThrottle"/>), checked before the database or the password hash is touched, so a locked name costs
/// nothing and the right password is refused too until the wait is over.
/// </summary>
public sealed class LoginThrottle : IDisposable
{
    public const string Policy = "login";

    private readonly PartitionedRateLimiter<string> _perUser, _perAddress;

    public LoginThrottle(AuthOptions options)
    {
        _perUser = Failures(options.LoginFailuresPerUser, options.LoginLockout);
        _perAddress = Failures(options.LoginFailuresPerAddress, options.LoginLockout);
    }

    private static PartitionedRateLimiter<string> Failures(int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true,
        }));

    public static string AddressOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? IPAddress.None.ToString();

    /// <summary>Seconds to wait when the name or the address has used up its failures; null when a try is allowed.</summary>
    public int? LockedFor(string username, string address)
    {
        // Asking for zero permits tests the window without using it.
        foreach (var (limiter, key) in new[] { (_perUser, username), (_perAddress, address) })
        {
            using var lease = limiter.AttemptAcquire(key, 0);
            if (!lease.IsAcquired)
                return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 60;
        }
        return null;
    }

    /// <summary>A failed try: counts against the address, and against the name when it could be an account's.</summary>
    public void Failed(string? username, string address)
    {
        if (username is not null) _perUser.AttemptAcquire(username).Dispose();
        _perAddress.AttemptAcquire(address).Dispose();
    }

    public static IResult Locked(HttpContext http, int seconds)
    {
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var text = Messages.LoginLocked(seconds);
        return Results.Json(new
        {
            errors = new[] { new { message = text.Zh, extensions = new { code = ErrorCodes.TooManyAttempts, zh = text.Zh, en = text.En, retryAfterSeconds = seconds } } },
        }, statusCode: StatusCodes.Status429TooManyRequests);
    }

    /// <summary>Every request to /auth/token, failed or not, per address: a cap on how fast anyone may try.</summary>
    public static void AddPolicy(IServiceCollection services, AuthOptions options) => services.AddRateLimiter(o =>
    {
        o.AddPolicy(Policy, http => RateLimitPartition.GetFixedWindowLimiter(AddressOf(http), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.LoginRequestsPerAddressPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true,
        }));
        o.OnRejected = async (ctx, ct) =>
        {
            var seconds = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 60;
            await Locked(ctx.HttpContext, seconds).ExecuteAsync(ctx.HttpContext);
        };
    });

    public void Dispose()
    {
        _perUser.Dispose();
        _perAddress.Dispose();
    }
}
