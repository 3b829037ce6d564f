using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using GridGov.Api.Ogc;

namespace GridGov.Api.Tests.Ogc;

/// <summary>/ogc over HTTP: Core paging (numberMatched, next/prev), Part 2 headers, filters, masking, errors.</summary>
public class OgcHttpTests(OgcServerFixture server) : IClassFixture<OgcServerFixture>
{
    private HttpClient Client(string key)
    {
        var http = server.Live.Client();
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        return http;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage res)
    {
        var text = await res.Content.ReadAsStringAsync();
        Assert.True(res.IsSuccessStatusCode, $"{(int)res.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private static IEnumerable<long> Ids(JsonElement fc) => fc.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetInt64());

    private static string? Link(JsonElement doc, string rel) =>
        doc.GetProperty("links").EnumerateArray().Where(l => l.GetProperty("rel").GetString() == rel).Select(l => l.GetProperty("href").GetString()).FirstOrDefault();

    [Fact]
    public async Task Next_links_walk_a_village_in_id_order_and_prev_comes_back()
    {
        using var http = Client(server.Live.ApiKey);
        var url = $"/ogc/collections/households/items?villageCode={TestCounty.A1}&limit=10";
        var all = new List<long>();
        var pages = new List<JsonElement>();
        while (url is not null)
        {
            var page = await JsonAsync(await http.GetAsync(url));
            Assert.Equal(await server.ScalarAsync<long>($"SELECT count(*) FROM households WHERE village_code = '{TestCounty.A1}' AND ended_at IS NULL"),
                page.GetProperty("numberMatched").GetInt64());
            Assert.Equal(page.GetProperty("features").GetArrayLength(), page.GetProperty("numberReturned").GetInt32());
            Assert.True(page.TryGetProperty("timeStamp", out _));
            all.AddRange(Ids(page));
            pages.Add(page);
            url = Link(page, "next");
        }
        Assert.True(pages.Count >= 5, $"{pages.Count} pages");
        Assert.Equal(all.Order(), all);
        Assert.Equal(all.Distinct().Count(), all.Count);
        // prev of the third page is the second page.
        var back = await JsonAsync(await http.GetAsync(Link(pages[2], "prev")));
        Assert.Equal(Ids(pages[1]), Ids(back));
        Assert.Null(Link(pages[0], "prev"));
    }

    [Fact]
    public async Task Crs_answers_carry_content_crs_and_a_large_limit_is_capped()
    {
        using var http = Client(server.Live.ApiKey);
        var res = await http.GetAsync("/ogc/collections/households/items?limit=5000&crs=http://www.opengis.net/def/crs/EPSG/0/3857");
        var fc = await JsonAsync(res);
        Assert.Equal("<http://www.opengis.net/def/crs/EPSG/0/3857>", res.Headers.GetValues("Content-Crs").Single());
        Assert.Equal("application/geo+json", res.Content.Headers.ContentType!.MediaType);
        Assert.True(res.Headers.CacheControl!.Private);
        Assert.Contains("X-Api-Key", res.Headers.Vary);
        Assert.True(fc.GetProperty("numberReturned").GetInt32() <= 1000);
        var x = fc.GetProperty("features")[0].GetProperty("geometry").GetProperty("coordinates")[0].GetDouble();
        Assert.InRange(x, 12_000_000, 12_100_000); // metres east, not degrees
        var plain = await http.GetAsync("/ogc/collections/households/items?limit=1");
        Assert.Equal($"<{Api.Ogc.OgcCrs.Crs84Uri}>", plain.Headers.GetValues("Content-Crs").Single());
    }

    [Fact]
    public async Task Bbox_in_gauss_kruger_selects_as_in_degrees()
    {
        using var http = Client(server.Live.ApiKey);
        var e0 = await server.ScalarAsync<double>("SELECT ST_X(ST_Transform(ST_SetSRID(ST_MakePoint(108.305, 28.005), 4326), 4545))");
        var n0 = await server.ScalarAsync<double>("SELECT ST_Y(ST_Transform(ST_SetSRID(ST_MakePoint(108.305, 28.005), 4326), 4545))");
        var e1 = await server.ScalarAsync<double>("SELECT ST_X(ST_Transform(ST_SetSRID(ST_MakePoint(108.330, 28.030), 4326), 4545))");
        var n1 = await server.ScalarAsync<double>("SELECT ST_Y(ST_Transform(ST_SetSRID(ST_MakePoint(108.330, 28.030), 4326), 4545))");
        // Box edges lie 300 m or more from every house, so the GK rectangle and the degree one hold the same houses.
        // Northing first, as EPSG:4545 orders its axes.
        var gk = await JsonAsync(await http.GetAsync(FormattableString.Invariant(
            $"/ogc/collections/households/items?bbox={n0},{e0},{n1},{e1}&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/4545")));
        var degrees = await JsonAsync(await http.GetAsync("/ogc/collections/households/items?bbox=108.305,28.005,108.330,28.030"));
        Assert.NotEmpty(Ids(degrees));
        Assert.Equal(Ids(degrees), Ids(gk));
    }

    [Fact]
    public async Task Id_numbers_are_masked_unless_the_key_may_read_personal_data()
    {
        using var reader = Client(server.Live.ApiKey);
        using var pii = Client(server.PiiKey);
        var masked = await JsonAsync(await reader.GetAsync("/ogc/collections/households/items/1"));
        var full = await JsonAsync(await pii.GetAsync("/ogc/collections/households/items/1"));
        Assert.Equal("5206**********1234", masked.GetProperty("properties").GetProperty("id_number").GetString());
        Assert.Equal("138****5678", masked.GetProperty("properties").GetProperty("phone").GetString());
        Assert.Equal(TestCounty.H1Id, full.GetProperty("properties").GetProperty("id_number").GetString());
        Assert.Equal("田建国", full.GetProperty("properties").GetProperty("member_name").GetString());
        Assert.Equal("blood", full.GetProperty("properties").GetProperty("basis").GetString());
        Assert.Equal(150, full.GetProperty("properties").GetProperty("distance_m").GetDouble());
    }

    [Fact]
    public async Task A_link_is_a_line_from_the_member_home_to_the_household()
    {
        using var http = Client(server.Live.ApiKey);
        var link = await JsonAsync(await http.GetAsync("/ogc/collections/links/items/2"));
        var coords = link.GetProperty("geometry").GetProperty("coordinates");
        Assert.Equal("LineString", link.GetProperty("geometry").GetProperty("type").GetString());
        Assert.Equal([108.311, 28.011], coords[0].EnumerateArray().Select(c => c.GetDouble()));
        Assert.Equal([108.31, 28.01], coords[1].EnumerateArray().Select(c => c.GetDouble()));
        var ended = await http.GetAsync("/ogc/collections/links/items?memberId=1");
        Assert.DoesNotContain(1L, Ids(await JsonAsync(ended))); // link 1 ended in 2025
    }

    public static TheoryData<string, HttpStatusCode, string> BadRequests() => new()
    {
        { "/ogc/collections/households/items?limit=0", HttpStatusCode.BadRequest, "VALIDATION" },
        { "/ogc/collections/households/items?limit=abc", HttpStatusCode.BadRequest, "VALIDATION" },
        { "/ogc/collections/households/items?bbox=1,2,3", HttpStatusCode.BadRequest, "VALIDATION" },
        { "/ogc/collections/households/items?bbox=108.4,28,108.3,28.1", HttpStatusCode.BadRequest, "VALIDATION" },
        { "/ogc/collections/households/items?bbox=200,28,201,29", HttpStatusCode.BadRequest, "VALIDATION" },
        { "/ogc/collections/households/items?crs=EPSG:2385", HttpStatusCode.BadRequest, "VALIDATION" },
        { "/ogc/collections/households/items?colour=red", HttpStatusCode.BadRequest, "VALIDATION" },
        { "/ogc/collections/households/items?villageCode=52", HttpStatusCode.BadRequest, "VALIDATION" },
        { "/ogc/collections/households/items?after=1&before=9", HttpStatusCode.BadRequest, "VALIDATION" },
        { "/ogc/collections/households/items?f=xml", HttpStatusCode.BadRequest, "VALIDATION" },
        { "/ogc/collections/roads/items", HttpStatusCode.NotFound, "NOT_FOUND" },
        { "/ogc/collections/households/items/99999", HttpStatusCode.NotFound, "NOT_FOUND" },
        { "/ogc/collections/households/items/x1", HttpStatusCode.BadRequest, "VALIDATION" },
        { "/ogc/collections/links/items/99999", HttpStatusCode.NotFound, "NOT_FOUND" },
        { "/ogc/collections/households/queryables", HttpStatusCode.NotFound, "NOT_FOUND" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_requests_get_an_ogc_exception_with_our_code_and_chinese(string url, HttpStatusCode status, string code)
    {
        using var http = Client(server.Live.ApiKey);
        var res = await http.GetAsync(url);
        Assert.Equal(status, res.StatusCode);
        var body = JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(code, body.GetProperty("code").GetString());
        Assert.Equal(code, body.GetProperty("extensions").GetProperty("code").GetString());
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", body.GetProperty("description").GetString()!);
    }

    [Fact]
    public async Task Outside_the_area_is_forbidden_and_no_credentials_is_401_with_www_authenticate()
    {
        using var town = Client(server.TownKey);
        var outside = await town.GetAsync("/ogc/collections/households/items/6"); // 乙一村, township B
        Assert.Equal(HttpStatusCode.Forbidden, outside.StatusCode);
        var village = await town.GetAsync($"/ogc/collections/households/items?villageCode={TestCounty.B1}");
        Assert.Equal(HttpStatusCode.Forbidden, village.StatusCode);

        // A member's token: another member's link in the same village is outside what they may see.
        using var member = server.Live.Client();
        member.DefaultRequestHeaders.Authorization = new("Bearer", await server.Live.TokenAsync("member-2"));
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/ogc/collections/links/items/2")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync("/ogc/collections/links/items/4")).StatusCode);

        using var anonymous = server.Live.Client();
        var res = await anonymous.GetAsync("/ogc/collections/households/items");
        Assert.Equal(HttpStatusCode.Unauthorized, res.StatusCode);
        Assert.Contains(res.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        Assert.Equal("UNAUTHENTICATED", JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_browser_gets_html_with_a_map_and_json_by_f()
    {
        using var http = Client(server.Live.ApiKey);
        using var req = new HttpRequestMessage(HttpMethod.Get, $"/ogc/collections/households/items?villageCode={TestCounty.A1}&limit=5");
        req.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        var res = await http.SendAsync(req);
        var html = await res.Content.ReadAsStringAsync();
        Assert.Equal("text/html", res.Content.Headers.ContentType!.MediaType);
        Assert.Contains("农户", html);
        Assert.Contains("id=\"ogc-map\"", html);
        Assert.Contains("田大明", html);
        Assert.Contains("下一页", html);
        var item = await http.GetStringAsync("/ogc/collections/households/items/1?f=html");
        Assert.Contains("id_number", item);
        Assert.Contains("5206**********1234", item); // masked on the page as in the JSON
        Assert.Contains("id=\"ogc-features\"", item);
        Assert.Contains("图层列表", await http.GetStringAsync("/ogc?f=html"));
        var script = await http.GetAsync("/ogc/map.js");
        Assert.Contains("gridmap.js", await script.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Landing_conformance_and_collections_describe_the_service()
    {
        using var http = Client(server.Live.ApiKey);
        var landing = await JsonAsync(await http.GetAsync("/ogc"));
        Assert.EndsWith("/ogc/collections", Link(landing, "data"));
        var conformance = await JsonAsync(await http.GetAsync("/ogc/conformance"));
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
            conformance.GetProperty("conformsTo").EnumerateArray().Select(c => c.GetString()));
        var collections = await JsonAsync(await http.GetAsync("/ogc/collections"));
        Assert.Equal(["townships", "villages", "cells", "households", "members", "links"],
            collections.GetProperty("collections").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        var households = await JsonAsync(await http.GetAsync("/ogc/collections/households"));
        Assert.Contains("http://www.opengis.net/def/crs/EPSG/0/4524", households.GetProperty("crs").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(108.30, households.GetProperty("extent").GetProperty("spatial").GetProperty("bbox")[0][0].GetDouble(), 6);
    }

    [Fact]
    public async Task The_api_definition_describes_what_items_requests_accept()
    {
        // QGIS needs the `service-desc` link (it refuses a landing page without one) and reads page limits and filters from it.
        using var http = Client(server.Live.ApiKey);
        var landing = await JsonAsync(await http.GetAsync("/ogc"));
        var desc = landing.GetProperty("links").EnumerateArray().Single(l => l.GetProperty("rel").GetString() == "service-desc");
        Assert.Equal("application/vnd.oai.openapi+json;version=3.0", desc.GetProperty("type").GetString());
        var res = await http.GetAsync(new Uri(desc.GetProperty("href").GetString()!).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Equal("application/vnd.oai.openapi+json", res.Content.Headers.ContentType!.MediaType);
        var api = await JsonAsync(res);
        Assert.StartsWith("3.0.", api.GetProperty("openapi").GetString());
        var limit = api.GetProperty("components").GetProperty("parameters").GetProperty("limit").GetProperty("schema");
        Assert.Equal(OgcQuery.MaxLimit, limit.GetProperty("maximum").GetInt32());
        Assert.Equal(OgcQuery.DefaultLimit, limit.GetProperty("default").GetInt32());
        var paths = api.GetProperty("paths");
        foreach (var collection in OgcCollection.All)
        {
            var parameters = paths.GetProperty($"/collections/{collection.Id}/items").GetProperty("get").GetProperty("parameters").EnumerateArray().ToList();
            var refs = parameters.Where(p => p.TryGetProperty("$ref", out _)).Select(p => p.GetProperty("$ref").GetString()!.Split('/').Last());
            Assert.Equal(OgcQuery.CoreParameters.Order(), refs.Order());
            var filters = parameters.Where(p => p.TryGetProperty("name", out _)).ToList();
            Assert.Equal(collection.Filters.Order(), filters.Select(p => p.GetProperty("name").GetString()).Order());
            foreach (var f in filters)
            {
                // What QGIS offers as a simple filter: a form-style query parameter with a typed schema.
                Assert.Equal("form", f.GetProperty("style").GetString());
                Assert.False(f.GetProperty("explode").GetBoolean());
                var name = f.GetProperty("name").GetString()!;
                // Each filter accepts what its schema promises: an id filter a number, a code filter a code of the area.
                var sample = f.GetProperty("schema").GetProperty("type").GetString() == "integer" ? "1" : TestCounty.A1;
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/ogc/collections/{collection.Id}/items?{name}={sample}&limit=1")).StatusCode);
            }
            Assert.True(paths.TryGetProperty($"/collections/{collection.Id}/items/{{featureId}}", out _));
        }
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
            (await JsonAsync(await http.GetAsync("/ogc/conformance"))).GetProperty("conformsTo").EnumerateArray().Select(c => c.GetString()));
    }
}
