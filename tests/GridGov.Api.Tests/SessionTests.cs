using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridGov.Api.Admin;
using GridGov.Domain.Access;

namespace GridGov.Api.Tests;

/// <summary>The server checks this class's users on every request (no cache), so a change shows at the next call.</summary>
public sealed class UncachedSessionsFixture() : AccessFixture(new Dictionary<string, string> { ["Auth:SessionCheckSeconds"] = "0" });

/// <summary>Revocable sessions: logout, disable, move and delete end a token that is still within its lifetime.</summary>
public class SessionTests(UncachedSessionsFixture county) : IClassFixture<UncachedSessionsFixture>
{
    private const string Probe = "{ me { role } }";

    private async Task<HttpClient> NewUserAsync(string username, Role role = Role.TownshipLeader, string area = TestCounty.TownA)
    {
        await ApiClient.AddUserAsync(county.ConnectionString, username, role, area);
        var client = await county.Factory.LoginAsync(username);
        var ok = await client.GraphQLAsync(Probe);
        Assert.False(ok.HasErrors, ok.ToString());
        return client;
    }

    private static async Task AssertEndedAsync(HttpClient client)
    {
        var r = await client.GraphQLAsync(Probe);
        Assert.Equal("UNAUTHENTICATED", r.FirstCode);
        var tile = await client.GetAsync("/tiles/cells/12/3330/1713.pbf");
        Assert.Equal(HttpStatusCode.Unauthorized, tile.StatusCode);
    }

    [Fact]
    public async Task Tokens_are_short_lived()
    {
        var res = await county.Factory.CreateClient().PostAsJsonAsync("/auth/token", new { username = "county", password = ApiClient.Password });
        var body = await res.Content.ReadFromJsonAsync<JsonElement>();
        var lifetime = body.GetProperty("expiresAt").GetDateTimeOffset() - DateTimeOffset.UtcNow;
        Assert.InRange(lifetime, TimeSpan.FromMinutes(50), TimeSpan.FromMinutes(61));
    }

    [Fact]
    public async Task Logout_ends_the_token_and_a_new_login_works()
    {
        var client = await NewUserAsync("s-logout");
        var res = await client.PostAsync("/auth/logout", null);
        Assert.Equal(HttpStatusCode.NoContent, res.StatusCode);
        await AssertEndedAsync(client);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/auth/logout", null)).StatusCode);
        var again = await county.Factory.LoginAsync("s-logout");
        Assert.False((await again.GraphQLAsync(Probe)).HasErrors);
    }

    [Fact]
    public async Task Admin_disable_ends_access_and_enable_needs_a_new_login()
    {
        var client = await NewUserAsync("s-disable");
        var (code, output) = await AdminAsync("user", "disable", "--username", "s-disable");
        Assert.Equal(0, code);
        Assert.Contains("disabled", output);
        await AssertEndedAsync(client);
        var login = await county.Factory.CreateClient().PostAsJsonAsync("/auth/token", new { username = "s-disable", password = ApiClient.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);

        Assert.Equal(0, (await AdminAsync("user", "enable", "--username", "s-disable")).Code);
        await AssertEndedAsync(client); // the old token stays dead
        var again = await county.Factory.LoginAsync("s-disable");
        Assert.False((await again.GraphQLAsync(Probe)).HasErrors);
        Assert.Equal(2, (await AdminAsync("user", "disable", "--username", "nobody-here")).Code);
    }

    [Fact]
    public async Task A_moved_user_loses_the_old_area_at_once()
    {
        var client = await NewUserAsync("s-move");
        await TestCountyMonthly.ExecAsync(county.ConnectionString, $"UPDATE users SET area_code = '{TestCounty.TownB}' WHERE username = 's-move'");
        await AssertEndedAsync(client);
        var again = await county.Factory.LoginAsync("s-move");
        var villages = await again.GraphQLAsync("{ villages { code } }");
        Assert.Equal([TestCounty.B1], villages.Data.GetProperty("villages").EnumerateArray().Select(v => v.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task A_user_whose_role_changes_or_who_is_deleted_is_refused()
    {
        var promoted = await NewUserAsync("s-role");
        await TestCountyMonthly.ExecAsync(county.ConnectionString, "UPDATE users SET role = 'county_leader', area_code = '520625000000' WHERE username = 's-role'");
        await AssertEndedAsync(promoted);

        var deleted = await NewUserAsync("s-delete");
        await TestCountyMonthly.ExecAsync(county.ConnectionString, "DELETE FROM users WHERE username = 's-delete'");
        await AssertEndedAsync(deleted);
    }

    private async Task<(int Code, string Output)> AdminAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await AdminCommands.RunAsync(args, county.ConnectionString, stdout, stderr);
        return (code, stdout.ToString() + stderr);
    }
}
