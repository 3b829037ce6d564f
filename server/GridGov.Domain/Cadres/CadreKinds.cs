using GridGov.Domain.Members;

namespace GridGov.Domain.Cadres;

/// <summary>The words for <see cref="CadreKind"/> on rosters, forms and the command line.</summary>
public static class CadreKinds
{
    private static readonly (CadreKind Kind, string Zh, string Code, string[] Also)[] Words =
    [
        (CadreKind.FirstSecretary, "第一书记", "first-secretary", []),
        (CadreKind.TeamLeader, "驻村工作队长", "team-leader", ["驻村工作组长"]),
        (CadreKind.ResidentCadre, "驻村工作队员", "resident-cadre", ["驻村干部"]),
        (CadreKind.LiaisonCadre, "包村干部", "liaison-cadre", []),
    ];

    /// <summary>
    /// Ranked each quarter by the county (县指挥部): 第一书记 and 驻村工作队长 (组长), who lead a village's work team; the
    /// team's members and 包村干部 are not. The one rule for the ranking, the township's manual score and the pages.
    /// </summary>
    public static bool IsRankedQuarterly(CadreKind kind) => kind is CadreKind.FirstSecretary or CadreKind.TeamLeader;

    public static string Zh(CadreKind kind) => Words.First(w => w.Kind == kind).Zh;

    /// <summary>Reads the Chinese word (or its older synonym) or the code; null when it is neither.</summary>
    public static CadreKind? Parse(string? text)
    {
        var t = text?.Trim();
        if (string.IsNullOrEmpty(t)) return null;
        foreach (var w in Words)
            if (t == w.Zh || w.Also.Contains(t) || string.Equals(t, w.Code, StringComparison.OrdinalIgnoreCase)) return w.Kind;
        return null;
    }

    public static string Choices => string.Join(", ", Words.Select(w => $"{w.Zh} ({w.Code})"));
}
