namespace GridGov.Domain.Cadres;

/// <summary>
/// A cadre's rank (职级): 县级, 科级, 一般干部, 村干部. The pairing quotas (「64321」) and the rankings read it.
/// </summary>
public enum CadreRank { County, Section, General, Village }

public static class CadreRanks
{
    private static readonly (CadreRank Rank, string Zh, string Code)[] Words =
    [
        (CadreRank.County, "县级", "county"),
        (CadreRank.Section, "科级", "section"),
        (CadreRank.General, "一般干部", "general"),
        (CadreRank.Village, "村干部", "village"),
    ];

    /// <summary>The Chinese word on forms and rosters.</summary>
    public static string Zh(CadreRank rank) => Words.First(w => w.Rank == rank).Zh;

    /// <summary>Reads 县级/科级/一般干部/村干部 or county/section/general/village; null when it is neither.</summary>
    public static CadreRank? Parse(string? text)
    {
        var t = text?.Trim();
        if (string.IsNullOrEmpty(t)) return null;
        foreach (var w in Words)
            if (t == w.Zh || string.Equals(t, w.Code, StringComparison.OrdinalIgnoreCase)) return w.Rank;
        return null;
    }

    public static string Choices => string.Join(", ", Words.Select(w => $"{w.Zh} ({w.Code})"));
}
