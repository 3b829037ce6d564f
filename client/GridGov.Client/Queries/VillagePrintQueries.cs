namespace GridGov.Client.Queries;

/// <summary>What the printable village map reads: the village, its cells with their leaders, and each cell's counts.</summary>
public static class VillagePrintQueries
{
    public const string Sheet = """
        query($code: String!) {
          village(code: $code) { code name bbox geometry township { name } gridCells { id name geometry leader { id name } } }
          coverage(areaCode: $code) { households linkedHouseholds householdsOutsideCells { count } children { cellId households linkedHouseholds } }
        }
        """;
}
