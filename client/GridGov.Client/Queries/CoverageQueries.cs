namespace GridGov.Client.Queries;

/// <summary>What the coverage page asks the API (each checked against server/schema.graphql by ClientQueriesTests).</summary>
public static class CoverageQueries
{
    /// <summary>The user's area name and every boundary the page draws.</summary>
    public const string Boundaries = """
        { me { areaName }
          townships { code name bbox geometry }
          villages(first: 1000) { code name isDeepPoverty bbox geometry township { code name } } }
        """;

    public const string Ranking = "query($q: String!) { ranking(level: TOWNSHIP, quarter: $q) { areaCode name rank score bottom parts { part points } } }";

    /// <summary>An area's own figures and its children's (a township's villages), for colouring the map.</summary>
    public const string AreaColours = """
        query($a: String!, $m: String) { coverage(areaCode: $a, month: $m) {
          areaCode households linkedHouseholds linkedShare contactedShare
          children { areaCode households linkedHouseholds linkedShare contactedShare } } }
        """;

    private const string FocusFigures = """
        fragment FocusFigures on Coverage {
          areaCode level name cellId households linkedHouseholds contactedHouseholds linkedShare contactedShare uncoveredAreaM2
          householdsOutsideCells { count } cellsWithoutLeader { count } farLinks { count } overloadedMembers { count }
          staleVulnerableHouseholds { count } membersWithoutDeclaration { count }
          children { areaCode cellId name linkedShare contactedShare } }
        """;

    /// <summary>The focus panel of a county or township.</summary>
    public const string FocusArea = "query($a: String!, $m: String) { coverage(areaCode: $a, month: $m) { ...FocusFigures } }\n" + FocusFigures;

    /// <summary>The focus panel of a village, with its number of members.</summary>
    public const string FocusVillage = "query($a: String!, $m: String) { coverage(areaCode: $a, month: $m) { ...FocusFigures } " +
                                       "village(code: $a) { partyMembers(first: 0) { totalCount } } }\n" + FocusFigures;

    /// <summary>The focus panel of a cell, with its leader.</summary>
    public const string FocusCell = "query($a: String!, $m: String, $c: ID!) { coverage(areaCode: $a, month: $m, cellId: $c) { ...FocusFigures } " +
                                    "gridCell(id: $c) { leader { name } } }\n" + FocusFigures;

    /// <summary>A village's cells with their shares and polygons.</summary>
    public const string Cells = "query($a: String!, $m: String) { coverage(areaCode: $a, month: $m) { children { cellId name linkedShare contactedShare geometry } } }";

    /// <summary>Far links and overloaded members of the area in focus, each only when toggled on; the most loaded members first.</summary>
    public const string GapLists = """
        query($a: String!, $m: String, $c: ID, $far: Boolean!, $over: Boolean!, $n: Int) { coverage(areaCode: $a, month: $m, cellId: $c) {
          farLinks @include(if: $far) { count items(first: $n) { linkId distanceMeters geometry } }
          overloadedMembers @include(if: $over) { count items(first: $n) { memberId linked capacity member { name geometry } } } } }
        """;

    public const string HouseholdSearch = "query($t: String!) { households(headName: $t, first: 8) { totalCount nodes { id headName village { code name } } } }";

    /// <summary>A household's card.</summary>
    public const string Household = """
        query($id: ID!) { household(id: $id) { id headName size povertyStatus village { code name } cell { id name }
          currentLink { basis distanceMeters explanation member { name } } geometry bbox } }
        """;
}
