// A first GridGov client: an API key, paging, errors, a projected CRS, and polite retries when the server
// says "too many requests". HttpClient and System.Text.Json only.
// run: GRIDGOV_URL=http://127.0.0.1:5080 GRIDGOV_API_KEY=gg_… GRIDGOV_AREA=520625000000 dotnet run
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

var baseUrl = Environment.GetEnvironmentVariable("GRIDGOV_URL") ?? "http://127.0.0.1:5080";
var area = Environment.GetEnvironmentVariable("GRIDGOV_AREA") ?? "520625000000";
using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
http.DefaultRequestHeaders.Add("X-Api-Key", Environment.GetEnvironmentVariable("GRIDGOV_API_KEY") ?? "");
http.DefaultRequestHeaders.Accept.ParseAdd("application/graphql-response+json");

const string HouseholdsPage = """
    query HouseholdsPage($area: String!, $first: Int!, $after: String) {
      households(areaCode: $area, first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes { id headName povertyStatus geometry(crs: EPSG_4545) }
      }
    }
    """;

// Paging: follow pageInfo.endCursor while hasNextPage.
var households = new List<JsonElement>();
string? after = null;
var pages = 0;
do
{
    var answer = await GraphQL(HouseholdsPage, new { area, first = 2, after });
    if (answer.TryGetProperty("errors", out var errors)) throw new InvalidOperationException(errors.ToString());
    var page = answer.GetProperty("data").GetProperty("households");
    households.AddRange(page.GetProperty("nodes").EnumerateArray());
    pages++;
    var info = page.GetProperty("pageInfo");
    after = info.GetProperty("hasNextPage").GetBoolean() ? info.GetProperty("endCursor").GetString() : null;
} while (after is not null);
Console.WriteLine($"households {households.Count} in {pages} pages");

// CRS: geometry(crs: EPSG_4545) is CGCS2000 Gauss-Krüger CM 108°E, metres.
var first = households[0];
var xy = first.GetProperty("geometry").GetProperty("coordinates");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"household {first.GetProperty("id").GetString()} EPSG:4545 {xy[0].GetDouble():F3} {xy[1].GetDouble():F3}"));

// Errors: a stable extensions.code and a Chinese message.
var bad = (await GraphQL("""{ village(code: "123") { code } }""", null)).GetProperty("errors")[0];
Console.WriteLine($"error {bad.GetProperty("extensions").GetProperty("code").GetString()} {bad.GetProperty("message").GetString()}");

async Task<JsonElement> GraphQL(string query, object? variables)
{
    for (var attempt = 1; ; attempt++)
    {
        using var res = await http.PostAsJsonAsync("/graphql", new { query, variables });
        // Rate limited or busy: wait as told (Retry-After), at most 3 tries.
        if (res.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable && attempt < 3)
        {
            await Task.Delay(res.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(attempt));
            continue;
        }
        // 400 = the request never ran (bad query or variables); 401 = no or bad key. Both carry errors[].
        return await res.Content.ReadFromJsonAsync<JsonElement>();
    }
}
