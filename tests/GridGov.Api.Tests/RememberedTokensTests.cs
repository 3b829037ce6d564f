using System.Net;
using System.Net.Http.Headers;
using GridGov.Api.Admin;
using GridGov.Api.Auth;
using GridGov.Domain.Access;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GridGov.Api.Tests;

/// <summary>
/// Tokens found valid are remembered, not re-checked, until they expire — but whether the session still holds is asked
/// on every request, and only the exact text of a valid token is remembered.
/// </summary>
public class RememberedTokensTests(UncachedSessionsFixture county) : IClassFixture<UncachedSessionsFixture>
{
    private const string Probe = "{ me { role } }";

    private RememberedTokens Tokens => county.Factory.Services.GetRequiredService<RememberedTokens>();

    [Fact]
    public async Task A_token_used_again_is_answered_from_memory_and_still_ends_with_its_session()
    {
        await ApiClient.AddUserAsync(county.ConnectionString, "rt-disable", Role.TownshipLeader, TestCounty.TownA);
        var client = await county.Factory.LoginAsync("rt-disable");
        Assert.False((await client.GraphQLAsync(Probe)).HasErrors);
        var before = Tokens.Remembered;
        Assert.False((await client.GraphQLAsync(Probe)).HasErrors);
        Assert.True(Tokens.Remembered > before, "the second request should have found the token in memory");

        var code = await AdminCommands.RunAsync(["user", "disable", "--username", "rt-disable"], county.ConnectionString,
            new StringWriter(), new StringWriter());
        Assert.Equal(0, code);
        before = Tokens.Remembered;
        var refused = await client.GraphQLAsync(Probe);
        Assert.Equal("UNAUTHENTICATED", refused.FirstCode);
        Assert.True(Tokens.Remembered > before, "the refused request should have found the token in memory, then its session ended");
    }

    [Fact]
    public async Task A_token_changed_by_one_character_is_checked_and_refused()
    {
        await ApiClient.AddUserAsync(county.ConnectionString, "rt-tamper", Role.TownshipLeader, TestCounty.TownA);
        var client = await county.Factory.LoginAsync("rt-tamper");
        Assert.False((await client.GraphQLAsync(Probe)).HasErrors);
        var token = client.DefaultRequestHeaders.Authorization!.Parameter!;
        // The last character of the signature, changed.
        var forged = token[..^1] + (token[^1] == 'A' ? 'B' : 'A');
        var other = county.Factory.CreateClient();
        other.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", forged);
        // Twice: a refused token must not be remembered either.
        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await other.GetAsync("/tiles/cells/12/3330/1713.pbf")).StatusCode);
    }

    [Fact]
    public async Task A_token_is_not_remembered_past_its_expiry()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        using var tokens = new RememberedTokens(clock);
        var key = new SymmetricSecurityKey(new byte[32]);
        var parameters = new TokenValidationParameters { ValidIssuer = "t", ValidAudience = "t", IssuerSigningKey = key };
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "t", Audience = "t", Expires = DateTime.UtcNow.AddMinutes(10),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
        Assert.True((await tokens.ValidateTokenAsync(token, parameters)).IsValid);
        Assert.True((await tokens.ValidateTokenAsync(token, parameters)).IsValid);
        Assert.Equal(1, tokens.Remembered);
        // The same parameters cloned (as the bearer scheme does per request) are the same; another key is not.
        Assert.True((await tokens.ValidateTokenAsync(token, parameters.Clone())).IsValid);
        Assert.Equal(2, tokens.Remembered);
        var otherKey = parameters.Clone();
        otherKey.IssuerSigningKey = new SymmetricSecurityKey(Enumerable.Repeat((byte)1, 32).ToArray());
        Assert.False((await tokens.ValidateTokenAsync(token, otherKey)).IsValid);
        Assert.Equal(2, tokens.Remembered);
        // Past the token's expiry by this clock: checked again, not taken from memory.
        clock.Now = DateTimeOffset.UtcNow.AddMinutes(11);
        await tokens.ValidateTokenAsync(token, parameters);
        Assert.Equal(2, tokens.Remembered);
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }
}
