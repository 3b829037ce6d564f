namespace GridGov.Persistence.Sql;

/// <summary>
/// SQL restatements of link rules whose home is <see cref="GridGov.Domain.Links.Link"/>, pinned to the domain
/// by <c>LinkInForceRuleTests</c> on the same boundary cases: change one and the other must follow.
/// </summary>
public static class LinkSql
{
    /// <summary>
    /// <see cref="GridGov.Domain.Links.Link.IsCurrentAt"/>: the link (alias <paramref name="alias"/>) is in force at
    /// <paramref name="instant"/> (a timestamptz parameter or expression).
    /// </summary>
    public static string InForceAt(string alias, string instant) =>
        $"({alias}.valid_from <= {instant} AND ({alias}.valid_to IS NULL OR {alias}.valid_to > {instant}))";
}
