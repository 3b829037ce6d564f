namespace GridGov.Client.Queries;

/// <summary>Small reads shared by the import and cadre-work pages.</summary>
public static class AreaQueries
{
    public const string MeArea = "{ me { areaCode areaName } }";

    /// <summary>Whether the caller is a party member (the phone page is theirs).</summary>
    public const string MeMember = "{ me { memberId } }";

    public const string VillageBoundaries = "{ villages(first: 1000) { code name geometry } }";

    /// <summary>A township's cadres for the month: compliance, work ledger, work log, and village names.</summary>
    public const string CadreWork = "query($a: String!, $m: String) { cadreCompliance(areaCode: $a, month: $m) { cadreId name villageCode checkIns trustedDays requiredDays } " +
                                    "workLedger(areaCode: $a, month: $m) { cadreId name entries daysReported householdsVisited branchDeclarations branchDeclarationsApproved } " +
                                    "workLog(areaCode: $a, month: $m) { id cadreName villageCode day text householdIds } " +
                                    "villages(first: 1000) { code name } }";
}
