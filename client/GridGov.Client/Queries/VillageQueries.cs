namespace GridGov.Client.Queries;

/// <summary>What the village workspace reads (its edits send their own mutations, Pages/Village/VillagePage.Editing.cs).</summary>
public static class VillageQueries
{
    /// <summary>A cell's fields as the workspace draws and edits it.</summary>
    public const string CellFields = "id name version areaSquareMeters geometry bbox leader { id name }";

    public const string Village = $$"""
        query($code: String!) { village(code: $code) {
          code name bbox geometry township { name }
          gridCells { {{CellFields}} }
          partyMembers(first: 500) { nodes { id name status capacity } }
        } }
        """;

    /// <summary>One page of the village's households (the workspace reads every page).</summary>
    public const string HouseholdsPage = """
        query($code: String!, $first: Int!, $after: String) {
          households(villageCode: $code, first: $first, after: $after) {
            totalCount pageInfo { hasNextPage endCursor }
            nodes { id headName povertyStatus geometry cell { id } currentLink { basis member { id name } } }
          }
        }
        """;

    public const string Household = """
        query($id: ID!) { household(id: $id) { id headName povertyStatus bbox
          currentLink { id basis locked member { id name } }
          ties { id kind relation member { id name } } } }
        """;
}
