using System.Text.Json;

namespace GridGov.Client.Services;

/// <summary>
/// Every household of one village for the workspace, page after page: the API answers at most
/// <see cref="PageSize"/> a page and a village may have more (the sample's largest have over 600).
/// </summary>
public static class VillageHouseholds
{
    /// <summary>The API's largest page (Paging.MaxFirst).</summary>
    public const int PageSize = 500;

    private const string Query = Queries.VillageQueries.HouseholdsPage;
    public static async Task<(List<JsonElement> Households, int Total)> LoadAllAsync(GraphQLClient gql, string villageCode)
    {
        var all = new List<JsonElement>();
        string? after = null;
        var total = 0;
        while (true)
        {
            var page = (await gql.QueryAsync(Query, new { code = villageCode, first = PageSize, after })).GetProperty("households");
            total = page.GetProperty("totalCount").GetInt32();
            all.AddRange(page.Arr("nodes"));
            var info = page.GetProperty("pageInfo");
            var next = info.TryGetProperty("endCursor", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            // A page that does not move on would loop forever: stop rather than trust it.
            if (!info.GetProperty("hasNextPage").GetBoolean() || next is null || next == after) break;
            after = next;
        }
        return (all, total);
    }
}
