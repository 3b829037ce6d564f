namespace GridGov.Client.Queries;

/// <summary>The assessment page (/assessment): a quarter's cadre ranking and escalation, a month's dispatch records, and its two writes.</summary>
public static class AssessmentQueries
{
    public const string Page = "query($q: String!, $a: String!, $m: String) { " +
        "cadreRanking(quarter: $q) { cadreId name townshipCode townshipName villageCode villageName rank score grade manualScore } " +
        "quarterAssessment(quarter: $q) { closed escalations { townshipCode name rank poorInARow step stepName history { quarter rank poor } } " +
        "topTownships { townshipCode name rank } topCadres { name villageName rank } promotionPriority { name villageName } } " +
        "cadreCompliance(areaCode: $a, month: $m) { cadreId name } " +
        "monthlyDispatches(areaCode: $a, month: $m) { townshipCode townshipName date notes followUps cadresPresent { name } } }";

    public const string SetManualScore = "mutation($id: ID!, $q: String!, $s: Float!) { setCadreManualScore(cadreId: $id, quarter: $q, score: $s) }";

    public const string RecordDispatch = "mutation($i: MonthlyDispatchInput!) { recordMonthlyDispatch(input: $i) { id } }";
}
