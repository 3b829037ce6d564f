namespace GridGov.Client.Queries;

/// <summary>The village page's linking proposals: make one, apply it, throw it away — each answers the whole proposal.</summary>
public static class ProposalQueries
{
    public const string Fields = """
        id status households linkedBefore linkedAfter totalScore added moved removed
        links { change basis explanation member { id name } household { id headName } geometry }
        memberChanges { member { name } before after gained lost }
        unlinked { household { headName } reasonText }
        """;

    public const string Propose = "mutation($v: String!) { proposeLinks(villageCode: $v) { " + Fields + " } }";

    public const string Apply = "mutation($id: ID!) { applyLinkProposal(id: $id) { " + Fields + " } }";

    public const string Discard = "mutation($id: ID!) { discardLinkProposal(id: $id) { " + Fields + " } }";
}
