namespace GridGov.Persistence.Sql;

/// <summary>
/// SQL restatements of household rules whose home is <see cref="GridGov.Domain.Households.Household"/>.
/// Each is pinned to its domain method by tests that run both on the same boundary cases
/// (<c>HouseholdActiveRuleTests</c>): change one and the other must follow.
/// </summary>
public static class HouseholdSql
{
    /// <summary>
    /// <see cref="GridGov.Domain.Households.Household.IsActiveAt"/>: the household (alias <paramref name="alias"/>) is not
    /// ended at the instant <paramref name="instant"/> (a parameter or expression of type timestamptz).
    /// </summary>
    public static string ActiveAt(string alias, string instant) => $"({alias}.ended_at IS NULL OR {alias}.ended_at > {instant})";
}
