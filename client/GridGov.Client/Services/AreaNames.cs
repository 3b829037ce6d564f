namespace GridGov.Client.Services;

/// <summary>Names of areas as a map shows them.</summary>
public static class AreaNames
{
    private static readonly string[] Suffixes = ["村民委员会", "居民委员会"];

    /// <summary>
    /// A village's name on the map: without 「村民委员会」/「居民委员会」 (「木黄村」, not 「木黄村村民委员会」),
    /// which would make every label too wide to show. Panels keep the full name.
    /// </summary>
    public static string Short(string name)
    {
        foreach (var suffix in Suffixes)
            if (name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.Ordinal))
                return name[..^suffix.Length];
        return name;
    }
}
