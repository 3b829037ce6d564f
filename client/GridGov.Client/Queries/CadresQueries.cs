namespace GridGov.Client.Queries;

/// <summary>The county organisation department's cadres page (/cadres): the roster and its four changes.</summary>
public static class CadresQueries
{
    private const string Fields = "id name kind rank phone idNumber villages username loginDisabled postings { villageCode villageName from to inForce }";

    public const string Roster = "query($a: String!) { me { areaCode } cadres(areaCode: $a) { " + Fields + " } villages(first: 1000) { code name township { name } } }";

    public const string Create = "mutation($input: CreateCadreInput!) { createCadre(input: $input) { username password cadre { " + Fields + " } } }";

    public const string Post = "mutation($id: ID!, $v: String!, $from: DateOnly) { postCadre(cadreId: $id, villageCode: $v, from: $from) { " + Fields + " } }";

    public const string End = "mutation($id: ID!, $v: String!) { endCadrePosting(cadreId: $id, villageCode: $v) { " + Fields + " } }";

    public const string IssuePassword = "mutation($id: ID!) { issueCadrePassword(cadreId: $id) { username password cadre { " + Fields + " } } }";

    public const string Revoke = "mutation($id: ID!) { revokeCadreSessions(cadreId: $id) { " + Fields + " } }";
}
