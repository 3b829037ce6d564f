using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using GridGov.Api.Infrastructure;
using GridGov.Api.Resources;
using GridGov.Domain.Access;
using GridGov.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GridGov.Api.Auth;

public sealed class AuthOptions
{
    /// <summary>Base64 HMAC key (≥ 32 bytes). `./gridgov up` keeps one in .gridgov/; production sets Auth__SigningKey.</summary>
    public string? SigningKey { get; set; }
    /// <summary>Short: an access token is also checked against the user's row on every request (<see cref="Sessions"/>).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);
    /// <summary>How long a user's row is trusted per process: disabling, moving or deleting a user ends access within this.</summary>
    public int SessionCheckSeconds { get; set; } = 5;
    /// <summary>Failed logins a user name may have per <see cref="LoginLockout"/> window before it is locked.</summary>
    public int LoginFailuresPerUser { get; set; } = 5;
    /// <summary>Failed logins one address may have per window (whatever names it tries).</summary>
    public int LoginFailuresPerAddress { get; set; } = 20;
    public TimeSpan LoginLockout { get; set; } = TimeSpan.FromMinutes(15);
    /// <summary>Requests to /auth/token per address and minute, failed or not.</summary>
    public int LoginRequestsPerAddressPerMinute { get; set; } = 60;
    /// <summary>How long a verified API key is trusted without asking the database; a revocation takes effect within this.</summary>
    public int ApiKeyCacheSeconds { get; set; } = 30;
    public const string Issuer = "gridgov";
}

public static class AuthSetup
{
    public const string ApiKeyScheme = "ApiKey";
    private const string Smart = "JwtOrApiKey";
    /// <summary>What a 401 offers: a login token or the key header.</summary>
    public const string Challenge = "Bearer, ApiKey";
    /// <summary>Where other programs download (OGC API, exports) a 401 also offers the key as HTTP Basic's password: how
    /// QGIS's and Excel's basic authentication and GDAL's GDAL_HTTP_USERPWD send it, and a browser opening /ogc asks for it.
    /// Not for GraphQL: the viewer's own requests must never make the browser show its login box.</summary>
    public const string ChallengeWithBasic = "Bearer, ApiKey, Basic realm=\"GridGov\", charset=\"UTF-8\"";

    public static void AddGridGovAuth(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Auth").Get<AuthOptions>() ?? new AuthOptions();
        byte[] key;
        if (string.IsNullOrWhiteSpace(options.SigningKey))
        {
            // Without a configured key, tokens only live as long as this process. Fine for tests.
            key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        }
        else
        {
            key = Convert.FromBase64String(options.SigningKey);
            if (key.Length < 32) throw new InvalidOperationException("Auth:SigningKey must be at least 32 bytes (base64).");
        }
        var signingKey = new SymmetricSecurityKey(key);
        builder.Services.AddSingleton(new TokenIssuer(signingKey, options.TokenLifetime));
        builder.Services.AddSingleton(options);
        builder.Services.AddMemoryCache();
        builder.Services.AddSingleton<Sessions>();
        builder.Services.AddSingleton<RememberedTokens>();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<RememberedTokens>((o, tokens) =>
            {
                o.TokenHandlers.Clear();
                o.TokenHandlers.Add(tokens);
            });
        builder.Services.AddSingleton<LoginThrottle>();
        LoginThrottle.AddPolicy(builder.Services, options);

        builder.Services.AddAuthentication(Smart)
            .AddPolicyScheme(Smart, null, o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Headers.ContainsKey("X-Api-Key") || ApiKeyHandler.IsBasic(ctx.Request)
                    ? ApiKeyScheme : JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = AuthOptions.Issuer,
                    ValidAudience = AuthOptions.Issuer,
                    IssuerSigningKey = signingKey,
                    NameClaimType = ClaimTypes.Name,
                    ClockSkew = TimeSpan.FromMinutes(1),
                };
                // A valid signature is not enough: the user must still hold what the token says (revocable sessions).
                o.Events = new JwtBearerEvents
                {
                    OnTokenValidated = async ctx =>
                    {
                        var sessions = ctx.HttpContext.RequestServices.GetRequiredService<Sessions>();
                        if (ctx.Principal is null || !await sessions.IsCurrentAsync(ctx.Principal, ctx.HttpContext.RequestAborted))
                            ctx.Fail("session ended");
                        else if (long.TryParse(ctx.Principal.FindFirstValue(Caller.ClaimCadre), out var cadreId))
                        {
                            // A cadre reads the villages of its postings in force now, not those of the day it logged in.
                            var clock = ctx.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
                            var villages = await sessions.ServedVillagesAsync(cadreId, clock, ctx.HttpContext.RequestAborted);
                            ctx.Principal.AddIdentity(new ClaimsIdentity(villages.Select(v => new Claim(Caller.ClaimVillage, v))));
                        }
                    },
                };
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeyScheme, null);
        builder.Services.AddAuthorization();
    }

    public static void MapTokenEndpoint(this WebApplication app)
    {
        app.MapPost("/auth/token", async (HttpContext http, IDbContextFactory<GridGovDbContext> factory, TokenIssuer issuer, LoginThrottle throttle) =>
        {
            TokenRequest? req;
            try { req = await http.Request.ReadFromJsonAsync<TokenRequest>(http.RequestAborted); }
            catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException) { req = null; }
            if (req is null || string.IsNullOrWhiteSpace(req.Username) || string.IsNullOrEmpty(req.Password))
                return Problem(400, ErrorCodes.Validation, Messages.CredentialsMissing);

            // Cheap rejects first: a locked name or address, or a name no account can have, costs no query and no hash.
            var username = req.Username.Trim().ToLowerInvariant();
            var address = LoginThrottle.AddressOf(http);
            if (!UsernameShape.IsMatch(username) || req.Password.Length > MaxPasswordLength)
            {
                throttle.Failed(null, address);
                return Problem(401, ErrorCodes.Unauthenticated, Messages.CredentialsWrong);
            }
            if (throttle.LockedFor(username, address) is { } wait) return LoginThrottle.Locked(http, wait);

            await using var db = await factory.CreateDbContextAsync(http.RequestAborted);
            var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Username == username, http.RequestAborted);
            // Verify against a dummy hash for unknown users so timing doesn't reveal which names exist.
            var ok = PasswordHasher.Verify(req.Password, user?.PasswordHash ?? DummyHash.Value) && user is { Disabled: false };
            if (!ok || user is null)
            {
                throttle.Failed(username, address);
                return Problem(401, ErrorCodes.Unauthenticated, Messages.CredentialsWrong);
            }
            var (token, expires) = issuer.Issue(user);
            return Results.Json(new { token, expiresAt = expires, role = user.Role.ToString(), areaCode = user.AreaCode, username = user.Username, displayName = user.DisplayName });
        }).RequireRateLimiting(LoginThrottle.Policy);

        // Logout ends every token of the user (all devices): the session version moves on.
        app.MapPost("/auth/logout", async (HttpContext http, Sessions sessions) =>
        {
            if (Caller.From(http.User) is not { UserId: { } userId } || http.User.FindFirst(Sessions.ClaimVersion) is null)
                return Problem(401, ErrorCodes.Unauthenticated, Messages.Unauthenticated);
            await sessions.EndAllAsync(userId, http.RequestAborted);
            return Results.NoContent();
        });
    }

    /// <summary>The shape the users table allows (ck_users_username), at most 64 characters.</summary>
    private static readonly System.Text.RegularExpressions.Regex UsernameShape = new("^[a-z0-9][a-z0-9._-]{0,63}$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);
    private const int MaxPasswordLength = 1024;

    private static readonly Lazy<string> DummyHash = new(() => PasswordHasher.Hash(Guid.NewGuid().ToString()));

    public static IResult Problem(int status, string code, BilingualText text) =>
        Results.Json(new { errors = new[] { new { message = text.Zh, extensions = new { code, zh = text.Zh, en = text.En } } } }, statusCode: status);

    public sealed record TokenRequest(string? Username, string? Password);
}

public sealed class TokenIssuer(SecurityKey key, TimeSpan lifetime)
{
    private readonly JsonWebTokenHandler _handler = new();

    public (string Token, DateTimeOffset Expires) Issue(User user)
    {
        var expires = DateTimeOffset.UtcNow.Add(lifetime);
        var claims = new Dictionary<string, object>
        {
            [ClaimTypes.NameIdentifier] = user.Id.ToString(),
            [ClaimTypes.Name] = user.Username,
            [Caller.ClaimRole] = user.Role.ToString(),
            [Caller.ClaimArea] = user.AreaCode,
            [Sessions.ClaimVersion] = user.SessionVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (user.MemberId is { } m) claims[Caller.ClaimMember] = m.ToString();
        if (user.CadreId is { } c) claims[Caller.ClaimCadre] = c.ToString();
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = AuthOptions.Issuer,
            Audience = AuthOptions.Issuer,
            Claims = claims,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
        return (token, expires);
    }
}

/// <summary>X-Api-Key for other systems: the key's scopes and area become the caller's. The same key is accepted as the
/// password of HTTP Basic (any user name), because desktop GIS and spreadsheet programs can store a user and password
/// for a server but not always a custom header.</summary>
public sealed class ApiKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IDbContextFactory<GridGovDbContext> factory, Microsoft.Extensions.Caching.Memory.IMemoryCache cache, AuthOptions auth)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? presented = Request.Headers.TryGetValue("X-Api-Key", out var values) ? values.ToString() : BasicPassword(Request);
        if (presented is null) return AuthenticateResult.NoResult();
        if (!ApiKeySecret.TryParse(presented, out var prefix, out var secret))
            return AuthenticateResult.Fail("malformed API key");
        // Systems call often: a verified key is trusted for a short while instead of a query per request.
        var cacheKey = "apikey:" + ApiKeySecret.HashSecret(presented);
        if (!cache.TryGetValue(cacheKey, out ApiKey? key))
        {
            await using var db = await factory.CreateDbContextAsync(Context.RequestAborted);
            key = await db.ApiKeys.AsNoTracking()
                .SingleOrDefaultAsync(k => k.Prefix == prefix && k.RevokedAt == null, Context.RequestAborted);
            if (key is null || !ApiKeySecret.Verify(secret, key.SecretHash)) return AuthenticateResult.Fail("unknown API key");
            if (auth.ApiKeyCacheSeconds > 0) cache.Set(cacheKey, key, TimeSpan.FromSeconds(auth.ApiKeyCacheSeconds));
        }
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, "key:" + key!.Name),
            new(Caller.ClaimRole, Role.System.ToString()),
            new(Caller.ClaimArea, key.AreaCode),
        };
        claims.AddRange(key.Scopes.Select(s => new Claim(Caller.ClaimScope, s)));
        var identity = new ClaimsIdentity(claims, Scheme.Name, ClaimTypes.Name, Caller.ClaimRole);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    internal static bool IsBasic(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Basic ", StringComparison.OrdinalIgnoreCase);

    /// <summary>The password of an HTTP Basic header ("user:password", base64), or null when there is none or it is not
    /// readable — then the key check fails as for a malformed key.</summary>
    internal static string? BasicPassword(HttpRequest request)
    {
        if (!IsBasic(request)) return null;
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(request.Headers.Authorization.ToString()[6..].Trim()));
            var colon = decoded.IndexOf(':');
            return colon < 0 ? "" : decoded[(colon + 1)..];
        }
        catch (FormatException) { return ""; }
    }
}
