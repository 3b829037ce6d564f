namespace GridGov.Client.Services;

/// <summary>The viewer's colours: one place for the rules of what colour means what.</summary>
public static class Palette
{
    /// <summary>Share classes (upper bounds) and their colours, red (poor) to green (full coverage).</summary>
    public static readonly (double Upto, string Color)[] ShareClasses =
    [
        (0.5, "#d73027"), (0.7, "#fc8d59"), (0.85, "#fee08b"), (0.95, "#91cf60"), (1.0001, "#1a9850"),
    ];

    public const string NoData = "#cfd8dc";

    public static string ForShare(double? share)
    {
        if (share is not { } s || double.IsNaN(s)) return NoData;
        foreach (var (upto, color) in ShareClasses) if (s < upto) return color;
        return ShareClasses[^1].Color;
    }

    /// <summary>Translucent version of #rrggbb for polygon fills.</summary>
    public static string Fill(string hex, double alpha = 0.55)
    {
        var r = Convert.ToInt32(hex.Substring(1, 2), 16);
        var g = Convert.ToInt32(hex.Substring(3, 2), 16);
        var b = Convert.ToInt32(hex.Substring(5, 2), 16);
        return $"rgba({r},{g},{b},{alpha.ToString(System.Globalization.CultureInfo.InvariantCulture)})";
    }

    /// <summary>Distinct cell colours, picked by position so neighbours usually differ.</summary>
    private static readonly string[] CellColors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22"];

    public static string Cell(int index) => CellColors[index % CellColors.Length];

    public const string Error = "#e53935";
    public const string Selected = "#ffd600";
    public const string Boundary = "#37474f";
    public const string Contacted = "#2e7d32";
    public const string NotContacted = "#e65100";
    public const string Unknown = "#546e7a";

    /// <summary>Declaration categories (思想教育, 政策宣传, 矛盾化解, 产业发展, visit).</summary>
    public static string Category(string category) => category switch
    {
        "EDUCATION" => "#5e35b1", "POLICY" => "#1e88e5", "MEDIATION" => "#d81b60", "INDUSTRY" => "#43a047", _ => "#757575",
    };

    /// <summary>Link bases: 血缘 blood, 亲缘 marriage, 人缘 social, 地缘 proximity, remote contact.</summary>
    public static string Basis(string basis) => basis switch
    {
        "BLOOD" => "#c62828", "MARRIAGE" => "#8e24aa", "SOCIAL" => "#1565c0", "PROXIMITY" => "#2e7d32", _ => "#757575",
    };
}
