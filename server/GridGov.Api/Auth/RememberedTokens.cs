using System.Security.Claims;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GridGov.Api.Auth;

/// <summary>
/// The JWT handler, with the tokens it has found valid remembered until they expire: a page and its map send the same
/// token with every request, and parsing it and checking its signature each time cost ~0.02 ms of the server's CPU per
/// request (of ~0.23 for a small one; docs/benchmarks.md, "Tokens remembered"). Only the token's own checks are
/// remembered — signature, issuer, audience, lifetime — never whether its session still holds: that is asked on every
/// request after this (<see cref="Sessions"/>, the bearer scheme's OnTokenValidated), so a disabled, moved or deleted user or a
/// logout still ends access within seconds. A token is remembered by its whole text, only after it was found valid,
/// and no longer than its own expiry; each request gets its own copy of the claims. At most <see cref="Capacity"/>
/// tokens (Microsoft.Extensions.Caching.Memory's size limit and compaction): past that, tokens are checked each time.
/// </summary>
public sealed class RememberedTokens : JsonWebTokenHandler, IDisposable
{
    public const int Capacity = 10_000;
    private readonly MemoryCache _valid = new(new MemoryCacheOptions { SizeLimit = Capacity, CompactionPercentage = 0.25 });
    private readonly TimeProvider _clock;

    public RememberedTokens(TimeProvider clock)
    {
        _clock = clock;
        MapInboundClaims = false;
    }

    /// <summary>How many validations were answered from memory (for tests).</summary>
    public long Remembered => Interlocked.Read(ref _remembered);
    private long _remembered;

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (_valid.TryGetValue(token, out Kept? kept) && kept!.CheckedWith(validationParameters) && kept.ValidTo > _clock.GetUtcNow())
        {
            Interlocked.Increment(ref _remembered);
            return kept.Copy();
        }
        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is JsonWebToken jwt && result.ClaimsIdentity is { } identity)
        {
            var validTo = new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero);
            if (validTo > _clock.GetUtcNow())
            {
                var entry = new Kept(validationParameters, validTo, jwt, identity.Clone());
                _valid.Set(token, entry, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = validTo });
            }
        }
        return result;
    }

    /// <summary>What a valid token gave, under the parameters it was checked with.</summary>
    private sealed record Kept(TokenValidationParameters Parameters, DateTimeOffset ValidTo, JsonWebToken Token, ClaimsIdentity Identity)
    {
        /// <summary>
        /// The bearer scheme clones its parameters for every request, so they are compared by what decides a token's
        /// validity here — the same signing key, issuer, audience and lifetime check — not by reference.
        /// </summary>
        public bool CheckedWith(TokenValidationParameters p) =>
            ReferenceEquals(p.IssuerSigningKey, Parameters.IssuerSigningKey) && p.IssuerSigningKey is not null
            && p.ValidIssuer == Parameters.ValidIssuer && p.ValidAudience == Parameters.ValidAudience
            && p.ValidateLifetime == Parameters.ValidateLifetime;

        public TokenValidationResult Copy() => new()
        {
            IsValid = true,
            SecurityToken = Token,
            ClaimsIdentity = Identity.Clone(),
            TokenType = Token.Typ,
        };
    }

    public void Dispose() => _valid.Dispose();
}
