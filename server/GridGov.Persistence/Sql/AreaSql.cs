namespace GridGov.Persistence.Sql;

/// <summary>
/// SQL restatement of <see cref="GridGov.Domain.Areas.AreaScope.Within"/>, pinned to it by <c>AreaScopeRuleTests</c>:
/// the code column lies inside the area whose prefix the parameter holds (the prefix itself, no wildcard).
/// </summary>
public static class AreaSql
{
    public static string Within(string codeColumn, string prefixParameter) => $"starts_with({codeColumn}, {prefixParameter})";
}
