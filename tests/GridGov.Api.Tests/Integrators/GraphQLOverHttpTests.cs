using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace GridGov.Api.Tests.Integrators;

/// <summary>GraphQL over HTTP as the spec describes: GET for queries (ETag), 405 for mutations, media type by Accept.</summary>
public sealed class GraphQLOverHttpTests(TestCountyFixture county) : IClassFixture<TestCountyFixture>
{
    private static string Url(string query, string? variables = null, string? operationName = null) =>
        "/graphql?query=" + Uri.EscapeDataString(query)
        + (variables is null ? "" : "&variables=" + Uri.EscapeDataString(variables))
        + (operationName is null ? "" : "&operationName=" + Uri.EscapeDataString(operationName));

    private static async Task<(HttpStatusCode Status, string? MediaType, JsonElement Body)> Send(HttpClient client, HttpRequestMessage req)
    {
        var res = await client.SendAsync(req);
        var text = await res.Content.ReadAsStringAsync();
        return (res.StatusCode, res.Content.Headers.ContentType?.MediaType, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement);
    }

    [Fact]
    public async Task A_query_over_GET_answers_with_variables_and_an_etag_that_revalidates()
    {
        var client = await county.Factory.LoginAsync("county");
        var url = Url("query V($t: String) { villages(townshipCode: $t) { code } }", """{"t": "520625101000"}""");
        var first = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("application/graphql-response+json", first.Content.Headers.ContentType?.MediaType);
        var body = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["520625101001", "520625101002"], body.GetProperty("data").GetProperty("villages").EnumerateArray().Select(v => v.GetProperty("code").GetString()));
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.Contains("private", first.Headers.CacheControl?.ToString());

        using var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.IfNoneMatch.Add(etag);
        var notModified = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        // Other variables, other data, other ETag.
        var other = await client.GetAsync(Url("query V($t: String) { villages(townshipCode: $t) { code } }", """{"t": "520625102000"}"""));
        Assert.NotEqual(etag, other.Headers.ETag);
    }

    [Fact]
    public async Task A_mutation_over_GET_is_405_and_changes_nothing()
    {
        var client = await county.Factory.LoginAsync("sec-a1");
        var before = await client.GraphQLAsync("{ village(code: \"520625101001\") { gridCells { id } } }");
        var res = await client.GetAsync(Url("mutation M { removeTie(id: \"1\") }", operationName: "M"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, res.StatusCode);
        Assert.Contains("POST", res.Content.Headers.Allow);
        var body = await res.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("VALIDATION", body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
        Assert.Contains("POST", body.GetProperty("errors")[0].GetProperty("message").GetString());
        var after = await client.GraphQLAsync("{ village(code: \"520625101001\") { gridCells { id } } }");
        Assert.Equal(before.Body.ToString(), after.Body.ToString());
    }

    [Theory]
    [InlineData("application/graphql-response+json", "application/graphql-response+json", HttpStatusCode.BadRequest)]
    [InlineData("application/json", "application/json", HttpStatusCode.OK)]
    [InlineData("application/json;q=0.9, application/graphql-response+json", "application/graphql-response+json", HttpStatusCode.BadRequest)]
    [InlineData("application/graphql-response+json;q=0.5, application/json", "application/json", HttpStatusCode.OK)]
    [InlineData("*/*", "application/graphql-response+json", HttpStatusCode.BadRequest)]
    public async Task A_request_that_fails_validation_gets_the_status_of_the_media_type_accepted(string accept, string mediaType, HttpStatusCode status)
    {
        var client = await county.Factory.LoginAsync("county");
        foreach (var method in new[] { HttpMethod.Post, HttpMethod.Get })
        {
            using var req = method == HttpMethod.Post
                ? new HttpRequestMessage(method, "/graphql") { Content = JsonContent.Create(new { query = "{ noSuchField }" }) }
                : new HttpRequestMessage(method, Url("{ noSuchField }"));
            req.Headers.Accept.ParseAdd(accept);
            var (got, type, body) = await Send(client, req);
            Assert.Equal((status, mediaType), (got, type));
            Assert.Equal("VALIDATION", body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
        }
        // A valid query is 200 either way.
        using var ok = new HttpRequestMessage(HttpMethod.Get, Url("{ me { role } }"));
        ok.Headers.Accept.ParseAdd(accept);
        var (okStatus, okType, okBody) = await Send(client, ok);
        Assert.Equal((HttpStatusCode.OK, mediaType), (okStatus, okType));
        Assert.Equal("COUNTY_LEADER", okBody.GetProperty("data").GetProperty("me").GetProperty("role").GetString());
    }

    [Fact]
    public async Task Unacceptable_media_types_and_bad_variables_get_clear_errors()
    {
        var client = await county.Factory.LoginAsync("county");
        using var csv = new HttpRequestMessage(HttpMethod.Get, Url("{ me { role } }"));
        csv.Headers.Accept.ParseAdd("text/csv");
        Assert.Equal(HttpStatusCode.NotAcceptable, (await Send(client, csv)).Status);

        var (status, _, body) = await Send(client, new HttpRequestMessage(HttpMethod.Get, Url("query($t: String) { villages(townshipCode: $t) { code } }", "[1,")));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("VALIDATION", body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
        Assert.Contains("variables", body.GetProperty("errors")[0].GetProperty("message").GetString());

        var (noQuery, _, _) = await Send(client, new HttpRequestMessage(HttpMethod.Get, "/graphql?variables=%7B%7D"));
        Assert.Equal(HttpStatusCode.BadRequest, noQuery);
    }
}
