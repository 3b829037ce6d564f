namespace GridGov.Domain.Areas;

/// <summary>
/// The one rule of "inside an area": areas nest by code (county: its first 6 digits, township: 9, village: all 12),
/// so a code lies inside an area when it begins with the area's prefix. The caller's area (API), tiles and the
/// keyset pages all filter by it. SQL restates it once (<c>Persistence.Sql.AreaSql.Within</c>) and LINQ as
/// <c>code.StartsWith(prefix)</c>; <c>AreaScopeRuleTests</c> runs all three on the boundary codes.
/// </summary>
public static class AreaScope
{
    /// <summary>The prefix every code inside <paramref name="areaCode"/> begins with.</summary>
    public static string PrefixOf(string areaCode) =>
        areaCode.EndsWith("000000", StringComparison.Ordinal) ? areaCode[..6]
        : areaCode.EndsWith("000", StringComparison.Ordinal) ? areaCode[..9]
        : areaCode;

    /// <summary>Whether <paramref name="code"/> (any level) lies inside the area whose prefix is <paramref name="prefix"/>.</summary>
    public static bool Within(string code, string prefix) => code.StartsWith(prefix, StringComparison.Ordinal);
}
