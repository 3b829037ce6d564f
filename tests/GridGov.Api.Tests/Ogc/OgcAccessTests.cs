using System.Net;
using System.Text.Json;
using GridGov.Api.Auth;
using GridGov.Api.Ogc;

namespace GridGov.Api.Tests.Ogc;

/// <summary>
/// Every /ogc collection has a written rule per role (AccessTable, Kind.Ogc), and the endpoint follows it for every
/// column of the table: refused exactly where it says never; a member's rows are their own.
/// </summary>
public class OgcAccessTests(AccessFixture county) : IClassFixture<AccessFixture>
{
    public static TheoryData<AccessColumn> Columns() => [.. Enum.GetValues<AccessColumn>()];

    [Fact]
    public void Every_collection_has_a_row_and_every_row_a_collection()
    {
        var rows = AccessTable.Rows.Where(r => r.Kind == AccessTable.Kind.Ogc).Select(r => r.Name).Order();
        Assert.Equal(OgcCollection.All.Select(c => c.Id).Order(), rows);
    }

    [Theory]
    [MemberData(nameof(Columns))]
    public async Task Each_collection_answers_each_role_as_the_table_says(AccessColumn column)
    {
        var client = await county.ClientAsync(column);
        foreach (var c in OgcCollection.All)
        {
            var res = await client.GetAsync($"/ogc/collections/{c.Id}/items?limit=1000");
            var level = AccessTable.Rows.Single(r => r.Kind == AccessTable.Kind.Ogc && r.Name == c.Id).For(column);
            var body = await res.Content.ReadAsStringAsync();
            if (level == AccessLevel.Never)
            {
                Assert.Equal(HttpStatusCode.Forbidden, res.StatusCode);
                continue;
            }
            Assert.True(res.IsSuccessStatusCode, $"{column} {c.Id}: {(int)res.StatusCode} {body}");
            var features = JsonDocument.Parse(body).RootElement.GetProperty("features").EnumerateArray().ToList();
            if (level == AccessLevel.OwnRecords && c.Id == "members")
                Assert.All(features, f => Assert.Equal(2, f.GetProperty("id").GetInt64()));
            if (level == AccessLevel.OwnRecords && c.Id == "links")
                Assert.All(features, f => Assert.Equal(2, f.GetProperty("properties").GetProperty("member_id").GetInt64()));
        }
    }
}
