using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridGov.Domain.Access;

namespace GridGov.Api.Tests;

/// <summary>Small limits, so a test reaches them: 3 failures per name, 6 per address.</summary>
public sealed class ThrottledLoginFixture() : AccessFixture(new Dictionary<string, string>
{
    ["Auth:LoginFailuresPerUser"] = "3", ["Auth:LoginFailuresPerAddress"] = "6", ["Auth:LoginRequestsPerAddressPerMinute"] = "100",
});

/// <summary>
/// Login throttling. The in-process test server has one client address, so the tests of this class share its
/// address budget and run in one method, in order.
/// </summary>
public class LoginThrottleTests(ThrottledLoginFixture county) : IClassFixture<ThrottledLoginFixture>
{
    private async Task<HttpResponseMessage> LoginAsync(string username, string password) =>
        await county.Factory.CreateClient().PostAsJsonAsync("/auth/token", new { username, password });

    [Fact]
    public async Task Wrong_passwords_lock_the_name_then_the_address_with_a_chinese_message_and_the_wait()
    {
        foreach (var name in new[] { "t-one", "t-two", "t-three" })
            await ApiClient.AddUserAsync(county.ConnectionString, name, Role.TownshipLeader, TestCounty.TownA);

        // A NUL or a name no account can have is refused cheaply, as a wrong password (it counts for the address).
        var nul = await LoginAsync("t-one\0", "x");
        Assert.Equal(HttpStatusCode.Unauthorized, nul.StatusCode);
        Assert.Equal("UNAUTHENTICATED", await CodeAsync(nul));

        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync("t-one", "wrong-password")).StatusCode);
        // The fourth try is refused before the password is looked at, even the right one.
        var locked = await LoginAsync("T-One ", ApiClient.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        var error = (await locked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0];
        Assert.Equal("TOO_MANY_ATTEMPTS", error.GetProperty("extensions").GetProperty("code").GetString());
        var wait = error.GetProperty("extensions").GetProperty("retryAfterSeconds").GetInt32();
        Assert.InRange(wait, 1, 15 * 60);
        Assert.Equal(wait.ToString(), locked.Headers.RetryAfter?.Delta?.TotalSeconds.ToString());
        Assert.Contains("登录尝试过多", error.GetProperty("message").GetString());
        Assert.Contains($"{wait} 秒", error.GetProperty("message").GetString());

        // Another name from the same address still logs in: the lock is the name's.
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync("t-two", ApiClient.Password)).StatusCode);

        // Two more failures reach the address's six (NUL + 3 + 2): now every name from it waits.
        for (var i = 0; i < 2; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync("t-three", "wrong-password")).StatusCode);
        var address = await LoginAsync("t-two", ApiClient.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, address.StatusCode);
        Assert.Equal("TOO_MANY_ATTEMPTS", await CodeAsync(address));
    }

    private static async Task<string?> CodeAsync(HttpResponseMessage res) =>
        (await res.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString();
}

/// <summary>Generous failure limits, 5 requests a minute per address.</summary>
public sealed class RateLimitedLoginFixture() : AccessFixture(new Dictionary<string, string> { ["Auth:LoginRequestsPerAddressPerMinute"] = "5" });

public class LoginRateTests(RateLimitedLoginFixture county) : IClassFixture<RateLimitedLoginFixture>
{
    [Fact]
    public async Task Every_request_to_the_login_counts_against_the_address_even_successful_ones()
    {
        var client = county.Factory.CreateClient();
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/auth/token", new { username = "county", password = ApiClient.Password })).StatusCode);
        var capped = await client.PostAsJsonAsync("/auth/token", new { username = "county", password = ApiClient.Password });
        Assert.Equal(HttpStatusCode.TooManyRequests, capped.StatusCode);
        var error = (await capped.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0];
        Assert.Equal("TOO_MANY_ATTEMPTS", error.GetProperty("extensions").GetProperty("code").GetString());
        Assert.Contains("秒后再试", error.GetProperty("message").GetString());
        Assert.NotNull(capped.Headers.RetryAfter);
        // Only the login has this budget: the API keeps answering from the same address.
        var key = county.Factory.WithKey(await ApiClient.AddApiKeyAsync(county.ConnectionString, "rate", ["read"], TestCounty.County));
        var me = await key.GraphQLAsync("{ me { role } }");
        Assert.False(me.HasErrors, me.ToString());
    }
}
