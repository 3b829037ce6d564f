namespace GridGov.Client.Services;

/// <summary>What the villages are coloured by: linked share (联系户覆盖率) or contacted share this month (走访率).</summary>
public enum ShareMeasure { Linked, Contacted }

/// <summary>The viewer's colours: one place for the rules of what colour means what.</summary>
public static class Palette
{
    /// <summary>Linked-share classes (upper bounds) and their colours, red (poor) to green (full coverage).</summary>
    public static readonly (double Upto, string Color)[] ShareClasses =
    [
        (0.5, "#d73027"), (0.7, "#fc8d59"), (0.85, "#fee08b"), (0.95, "#91cf60"), (1.0001, "#1a9850"),
    ];

    /// <summary>
    /// Contacted-share classes: a month's visits reach fewer households than links do, so the classes
    /// are wider, and the ramp (brown to purple) differs from the linked one so the two maps are never
    /// mistaken for each other.
    /// </summary>
    public static readonly (double Upto, string Color)[] ContactedClasses =
    [
        (0.2, "#b35806"), (0.4, "#f1a340"), (0.6, "#d8daeb"), (0.8, "#998ec3"), (1.0001, "#542788"),
    ];

    public const string NoData = "#cfd8dc";

    public static IReadOnlyList<(double Upto, string Color)> Classes(ShareMeasure measure) =>
        measure == ShareMeasure.Contacted ? ContactedClasses : ShareClasses;

    /// <summary>The colour of a linked share.</summary>
    public static string ForShare(double? share) => ForShare(share, ShareMeasure.Linked);

    public static string ForShare(double? share, ShareMeasure measure)
    {
        if (share is not { } s || double.IsNaN(s)) return NoData;
        var classes = Classes(measure);
        foreach (var (upto, color) in classes) if (s < upto) return color;
        return classes[^1].Color;
    }

    /// <summary>Village and cell fills: opaque enough to read the class, light enough for the boundaries.</summary>
    public const double AreaFillAlpha = 0.75;

    // Gap layers (what a leader looks for) and households of the vector tiles.
    public const string Uncovered = "#ad1457";
    public const string UnlinkedHousehold = "#e65100";
    public const string FarLink = "#6a1b9a";
    public const string Overloaded = "#c62828";
    public const string LinkedHousehold = "#1565c0";
    public const string OtherHousehold = "#90a4ae";
    public const string SearchHit = "#00e5ff";

    /// <summary>Households of the tiles: linked or not (linked share), contacted this month or not (contacted share).</summary>
    public static (string Property, (string Value, string Color)[] Classes) HouseholdClasses(ShareMeasure measure) =>
        measure == ShareMeasure.Contacted
            ? ("contacted", [("true", Contacted), ("false", OtherHousehold)])
            : ("linked", [("true", LinkedHousehold), ("false", UnlinkedHousehold)]);

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

    /// <summary>The declaration categories in display order: the four of the policy, then a plain visit.</summary>
    public static readonly string[] Categories = ["EDUCATION", "POLICY", "MEDIATION", "INDUSTRY", "VISIT"];

    /// <summary>Each category's marker symbol (its colour comes from <see cref="Category"/>): they differ in black-and-white print too.</summary>
    public static MarkerShape CategoryShape(string category) => category switch
    {
        "EDUCATION" => MarkerShape.Triangle, "POLICY" => MarkerShape.Square, "MEDIATION" => MarkerShape.Diamond,
        "INDUSTRY" => MarkerShape.Star, _ => MarkerShape.Circle,
    };

    /// <summary>A declaration marker: the category's symbol; a returned one hollow, an approved one ringed dark.</summary>
    public static FeatureStyle Declaration(string category, string status, double radius = 8, string? label = null) => status switch
    {
        "RETURNED" => new FeatureStyle(Fill: "rgba(255,255,255,0.85)", Stroke: Category(category), Width: 2.5, Radius: radius, Label: label, Shape: CategoryShape(category)),
        "APPROVED" => new FeatureStyle(Fill: Category(category), Stroke: "#212121", Width: 1.5, Radius: radius, Label: label, Shape: CategoryShape(category)),
        _ => new FeatureStyle(Fill: Category(category), Stroke: "#fff", Width: 1.5, Radius: radius, Label: label, Shape: CategoryShape(category)),
    };

    /// <summary>A household of a member's month: contacted (a submitted or approved declaration) or not.</summary>
    public static string ContactedColor(bool contacted) => contacted ? Contacted : NotContacted;

    public const string MemberHome = "#c62828";

    /// <summary>Declaration statuses: approved green, waiting blue-grey, returned red.</summary>
    public static string Status(string status) => status switch
    {
        "APPROVED" => "#2e7d32", "RETURNED" => "#c62828", _ => "#546e7a",
    };

    /// <summary>Member ratings (优秀, 合格, 基本合格, 不合格).</summary>
    public static string Rating(string? rating) => rating switch
    {
        "EXCELLENT" => "#1b5e20", "QUALIFIED" => "#2e7d32", "BASICALLY_QUALIFIED" => "#ef6c00", "UNQUALIFIED" => "#c62828", _ => "#78909c",
    };
}
