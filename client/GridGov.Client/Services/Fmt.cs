using System.Globalization;

namespace GridGov.Client.Services;

/// <summary>Number formats of the UI: one percent format in both languages.</summary>
public static class Fmt
{
    /// <summary>0.823 → "82%"; null stays null.</summary>
    public static string? Percent(double? share) =>
        share is { } s && !double.IsNaN(s) ? Math.Round(s * 100).ToString("F0", CultureInfo.InvariantCulture) + "%" : null;
}
