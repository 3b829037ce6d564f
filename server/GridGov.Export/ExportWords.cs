using GridGov.Domain.Import;

namespace GridGov.Export;

/// <summary>
/// Database values in the words of the import's drop-downs (ImportColumns), so an exported roster reads back to the same values.
/// </summary>
public static class ExportWords
{
    /// <summary>
    /// 户类别: the poverty status, else the social assistance, else 一般户. A household that is both (e.g. 贫困户 and 低保户)
    /// has no single word the import reads back to both, so the cell stays empty (the import then keeps both as they are)
    /// and the 「帮扶类别」 column shows both.
    /// </summary>
    public static string? Category(string poverty, string assistance) => (poverty, assistance) switch
    {
        ("none", "none") => ImportColumns.HouseholdCategories[0],
        ("lifted_out", "none") => "脱贫户",
        ("monitored", "none") => "监测户",
        ("poor", "none") => "贫困户",
        ("none", "subsistence") => "低保户",
        ("none", "destitute") => "特困户",
        _ => null,
    };

    /// <summary>Poverty status and assistance together, for reading (「贫困户、低保户」).</summary>
    public static string Support(string poverty, string assistance)
    {
        var words = new List<string>();
        if (Category(poverty, "none") is { } p && poverty != "none") words.Add(p);
        if (Category("none", assistance) is { } a && assistance != "none") words.Add(a);
        return words.Count == 0 ? ImportColumns.HouseholdCategories[0] : string.Join("、", words);
    }

    public static string MemberStatus(string status) => status switch
    {
        "migrant" => "流动",
        "elderly" => "年老体弱",
        "sick" => "患病",
        "deceased" => "已故",
        "left" => "转出",
        _ => "正常",
    };

    public static string? Gender(string? gender) => gender switch { "male" => "男", "female" => "女", _ => null };

    public static string TieKind(string kind) => kind switch { "blood" => "血缘", "marriage" => "亲缘", _ => "人缘" };

    public static string Basis(string basis) => GridGov.Domain.Linking.LinkWording.BasisZh(Enum.Parse<GridGov.Domain.Links.LinkBasis>(
        string.Concat(basis.Split('_').Select(w => char.ToUpperInvariant(w[0]) + w[1..]))));

    public static string Level(string level) => level switch { "county" => "县", "township" => "乡镇（街道）", _ => "村（社区）" };
}
