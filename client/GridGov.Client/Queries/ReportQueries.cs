namespace GridGov.Client.Queries;

/// <summary>What the member report (月度报告) asks the API.</summary>
public static class ReportQueries
{
    public const string Me = "{ me { memberId areaCode } }";

    /// <summary>The village (null when outside the user's reach) and its members to choose from.</summary>
    public const string VillageMembers = "query($v: String!) { village(code: $v) { code } partyMembers(villageCode: $v, first: 500) { nodes { id name } } }";

    public const string MemberReport = """
        query($id: ID!, $m: String) { memberReport(memberId: $id, month: $m) {
          month capacity rating
          member { id name status geometry bbox village { code name } }
          cell { id name geometry bbox }
          households { householdId headName povertyStatus contacted geometry bbox }
          declarations { id householdId household { headName geometry } workDate category text status geometry bbox }
          byCategory { category total submitted approved returned }
          flags { code message messageEn } } }
        """;
}
