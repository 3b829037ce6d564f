using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace GridGov.Api.Tests;

/// <summary>Every response, viewer page and API alike, carries the security headers; the policy admits the page's own inline scripts.</summary>
public class SecurityHeadersTests(TestCountyFixture county) : IClassFixture<TestCountyFixture>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/coverage")]
    [InlineData("/healthz")]
    [InlineData("/tiles/cells/12/3330/1713.pbf")]
    public async Task Pages_and_api_answers_carry_the_headers(string path)
    {
        var res = await county.Factory.CreateClient().GetAsync(path);
        var csp = Assert.Single(res.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("'wasm-unsafe-eval'", csp);
        Assert.DoesNotContain("'unsafe-eval'", csp.Replace("'wasm-unsafe-eval'", ""));
        Assert.Equal("nosniff", Assert.Single(res.Content.Headers.Contains("X-Content-Type-Options") ? res.Content.Headers.GetValues("X-Content-Type-Options") : res.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(res.Headers.GetValues("X-Frame-Options")));
    }

    [Fact]
    public async Task Graphql_answers_carry_the_headers_too()
    {
        var client = await county.Factory.LoginAsync("county");
        var res = await client.PostAsync("/graphql", new StringContent("""{"query":"{ me { role } }"}""", Encoding.UTF8, "application/json"));
        Assert.Contains("frame-ancestors 'none'", Assert.Single(res.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", Assert.Single(res.Headers.GetValues("X-Content-Type-Options")));
    }

    /// <summary>
    /// The viewer's inline scripts are allowed by their hash, taken from the HTML the server serves (here the client's
    /// web root; the browser tests load the real page under the real header). An edit of index.html keeps working.
    /// </summary>
    [Fact]
    public void The_policy_allows_each_inline_script_of_the_viewer_by_its_hash()
    {
        var root = Path.Combine(Testing.RepoRoot.Path, "client", "GridGov.Client", "wwwroot");
        var html = File.ReadAllText(Path.Combine(root, "index.html"));
        var csp = Infrastructure.SecurityHeaders.Policy(new Microsoft.Extensions.FileProviders.PhysicalFileProvider(root));
        var inline = Regex.Matches(html, @"<script>(.*?)</script>|<script type=""module"">(.*?)</script>", RegexOptions.Singleline)
            .Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value).ToList();
        Assert.Equal(2, inline.Count);
        foreach (var script in inline)
            Assert.Contains($"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script)))}'", csp);
        var scriptSrc = csp.Split(';').Single(d => d.Trim().StartsWith("script-src", StringComparison.Ordinal));
        Assert.DoesNotContain("'unsafe-inline'", scriptSrc);
        Assert.Equal(2 + inline.Count, scriptSrc.Trim().Split(' ').Length - 1);
    }
}
