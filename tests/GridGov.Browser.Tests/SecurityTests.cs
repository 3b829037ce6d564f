using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace GridGov.Browser.Tests;

/// <summary>The viewer runs under the server's Content-Security-Policy, and its logout ends the token on the server.</summary>
[Collection(ViewerCollection.Name)]
public sealed class SecurityTests(ViewerServer server) : IAsyncLifetime
{
    private readonly ViewerPage _view = new(server);

    public async Task InitializeAsync()
    {
        await _view.OpenAsync();
        // Any script, style, connection or worker the policy blocks is recorded here.
        await _view.Page.AddInitScriptAsync("""
            window.__csp = [];
            document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
            """);
    }

    public Task DisposeAsync() => _view.CloseAsync();

    [Fact]
    public async Task The_viewer_loads_under_the_policy_and_logout_ends_the_token()
    {
        var page = await _view.Page.GotoAsync("/login");
        var headers = await page!.AllHeadersAsync();
        Assert.Contains("frame-ancestors 'none'", headers["content-security-policy"]);
        Assert.Equal("nosniff", headers["x-content-type-options"]);

        var villages = (await server.GraphQLAsync("county", "{ villages(first: 1000) { code } }")).GetProperty("villages").GetArrayLength();
        await _view.LoginAsync("county", "coverage");
        await _view.WaitForLayerAsync("villages", villages);
        Assert.Empty(await _view.Page.EvaluateAsync<string[]>("() => window.__csp"));

        var token = await _view.Page.EvaluateAsync<string>("() => JSON.parse(localStorage.getItem('gridgov.session')).token");
        Assert.Equal("COUNTY_LEADER", await RoleWithAsync(token));
        await _view.Page.ClickAsync("#logout");
        await _view.Page.WaitForURLAsync("**/login*");
        await Eventually(async () => await RoleWithAsync(token) is null);
        Assert.Empty(await _view.Page.EvaluateAsync<string[]>("() => window.__csp"));

        // The policy is enforced, and the listener sees it: a script injected into the page does not run.
        await _view.Page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.__injected = 1'; document.body.appendChild(s); }");
        await _view.Page.WaitForFunctionAsync("() => window.__csp.length > 0");
        Assert.True(await _view.Page.EvaluateAsync<bool>("() => window.__injected === undefined"));
        Assert.StartsWith("script-src", (await _view.Page.EvaluateAsync<string[]>("() => window.__csp"))[0]);
    }

    [Fact]
    public async Task GraphiQL_runs_under_the_policy()
    {
        await _view.Page.GotoAsync("/graphql");
        await _view.Page.WaitForSelectorAsync(".graphiql-container");
        Assert.Empty(await _view.Page.EvaluateAsync<string[]>("() => window.__csp"));
    }

    /// <summary>The role `me` reports for this token, or null when the server refuses it.</summary>
    private async Task<string?> RoleWithAsync(string token)
    {
        using var req = new HttpRequestMessage(HttpMethod.Post, server.BaseUrl + "/graphql") { Content = JsonContent.Create(new { query = "{ me { role } }" }) };
        req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var body = await (await server.Http.SendAsync(req)).Content.ReadFromJsonAsync<JsonElement>();
        return body.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object ? d.GetProperty("me").GetProperty("role").GetString() : null;
    }

    /// <summary>The logout request is sent as the page leaves; wait for it (no fixed sleep).</summary>
    private static async Task Eventually(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await condition()) return;
            await Task.Delay(100);
        }
        Assert.Fail("the token still works after logout");
    }
}
