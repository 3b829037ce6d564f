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

    /// <summary>The weights page (/assessment/weights): the county's weights of the cadre ranking's parts.</summary>
    public const string Weights = "query { cadreWeights { countyCode checkIn workLog coverage contact pairingVisits manual } }";

    public const string SetWeights = "mutation($c: String!, $w: CadreWeightsInput!) { setCadreWeights(countyCode: $c, weights: $w) { countyCode } }";

    /// <summary>What closing a quarter freezes: the townships' ranking, those graded 差 among them (escalation).</summary>
    public const string CloseImpact = "query($q: String!) { ranking(level: TOWNSHIP, quarter: $q) { areaCode name rank bottom } }";

    public const string CloseQuarter = "mutation($q: String!) { closeAssessmentQuarter(quarter: $q) }";
}
