using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace GridGov.Api.Tests.Ogc;

/// <summary>
/// An API key sent as HTTP Basic's password (any user name) — what QGIS's and Excel's "basic" authentication send — is
/// the same caller as the key header, with the same area. Downloads (OGC API, exports) offer Basic in their 401 so a
/// browser asks for it; GraphQL does not, so the viewer's own requests never make the browser show its login box.
/// </summary>
public class BasicKeyTests(OgcServerFixture server) : IClassFixture<OgcServerFixture>
{
    private HttpClient Basic(string user, string password)
    {
        var http = server.Live.Client();
        http.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));
        return http;
    }

    private static bool OffersBasic(HttpResponseMessage res) => res.Headers.WwwAuthenticate.Any(h => h.Scheme == "Basic");

    [Fact]
    public async Task A_township_key_as_basic_password_reads_its_township_and_nothing_else()
    {
        using var http = Basic("qgis", server.TownKey);
        var inside = await http.GetAsync($"/ogc/collections/households/items?villageCode={TestCounty.A1}&limit=5");
        Assert.Equal(HttpStatusCode.OK, inside.StatusCode);
        Assert.Equal(5, JsonDocument.Parse(await inside.Content.ReadAsStringAsync()).RootElement.GetProperty("features").GetArrayLength());
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync($"/ogc/collections/households/items?villageCode={TestCounty.B1}")).StatusCode);

        var export = await http.GetAsync($"/exports/households?area={TestCounty.A1}&format=csv");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync($"/exports/households?area={TestCounty.B1}&format=csv")).StatusCode);

        // GraphQL takes it too: the caller is the key, scoped to township A.
        var graphql = await http.PostAsync("/graphql", new StringContent("""{"query":"{ villages { code } }"}""", Encoding.UTF8, "application/json"));
        var codes = JsonDocument.Parse(await graphql.Content.ReadAsStringAsync()).RootElement
            .GetProperty("data").GetProperty("villages").EnumerateArray().Select(v => v.GetProperty("code").GetString()!).ToList();
        Assert.NotEmpty(codes);
        Assert.All(codes, c => Assert.StartsWith(TestCounty.TownA[..9], c));
    }

    [Theory]
    [InlineData("qgis", "gg_wrong")]          // not a key
    [InlineData("member-2", ApiClient.Password)] // a user's own password is not accepted this way
    [InlineData("", "")]
    public async Task Anything_but_a_valid_key_is_401_and_downloads_offer_basic(string user, string password)
    {
        using var http = Basic(user, password);
        var ogc = await http.GetAsync("/ogc/collections/households/items");
        Assert.Equal(HttpStatusCode.Unauthorized, ogc.StatusCode);
        Assert.True(OffersBasic(ogc), ogc.Headers.WwwAuthenticate.ToString());
        var export = await http.GetAsync($"/exports/households?area={TestCounty.A1}&format=csv");
        Assert.Equal(HttpStatusCode.Unauthorized, export.StatusCode);
        Assert.True(OffersBasic(export), export.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Unreadable_basic_credentials_are_401_not_a_fault()
    {
        using var http = server.Live.Client();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", "%%%not-base64");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/ogc/collections")).StatusCode);
    }

    [Fact]
    public async Task Graphql_never_asks_the_browser_for_basic()
    {
        using var anonymous = server.Live.Client();
        var res = await anonymous.PostAsync("/graphql", new StringContent("""{"query":"{ villages { code } }"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, res.StatusCode);
        Assert.Contains(res.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        Assert.False(OffersBasic(res));
    }
}
