namespace GridGov.Client.Queries;

/// <summary>What the review page (支部活动日) asks and sends.</summary>
public static class ReviewQueries
{
    public const string Me = "{ me { memberId } }";

    public const string Village = "query($v: String!) { village(code: $v) { code name geometry bbox gridCells { id name geometry } } }";

    public const string Queue = """
        query($v: String!, $m: String) { reviewQueue(villageCode: $v, month: $m) {
          id memberId member { name } householdId household { headName geometry bbox }
          workDate category text status accuracyMeters geometry bbox createdAt reviews { outcome reason at } } }
        """;

    public const string Board = """
        query($v: String!, $m: String) { branchBoard(villageCode: $v, month: $m) { members {
          member { id name } householdsLinked householdsContacted rating
          declarations { category total submitted approved returned } } } }
        """;

    public const string Review = """
        mutation($id: ID!, $d: ReviewDecision!, $r: String) { reviewDeclaration(id: $id, decision: $d, reason: $r) {
          id status reviews { outcome reason at } } }
        """;

    /// <summary>Which of the last four months have declarations waiting (ids only): the page opens on the latest.</summary>
    public const string Waiting = """
        query($v: String!, $m0: String, $m1: String, $m2: String, $m3: String) {
          m0: reviewQueue(villageCode: $v, month: $m0) { id status } m1: reviewQueue(villageCode: $v, month: $m1) { id status }
          m2: reviewQueue(villageCode: $v, month: $m2) { id status } m3: reviewQueue(villageCode: $v, month: $m3) { id status } }
        """;

    public const string Rate = "mutation($id: ID!, $m: String!, $r: Rating!) { rateMember(memberId: $id, month: $m, rating: $r) { rating } }";
}
