using System.Globalization;
using System.Text.Json;

namespace GridGov.Client.Services;

/// <summary>Declarations of one category in a month, by status (the API's CategoryCount).</summary>
public sealed record CategoryCount(string Category, int Submitted, int Approved, int Returned)
{
    public int Total => Submitted + Approved + Returned;

    public static List<CategoryCount> From(IEnumerable<JsonElement> items) =>
        items.Select(c => new CategoryCount(c.Str("category"), (int)(c.Num("submitted") ?? 0), (int)(c.Num("approved") ?? 0), (int)(c.Num("returned") ?? 0)))
            .OrderBy(c => Array.IndexOf(Palette.Categories, c.Category)).ToList();
}

/// <summary>Months as the API names them (YYYY-MM, China time) and as the UI shows them.</summary>
public static class Months
{
    private static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    /// <summary>The running month in China time (the API's default month).</summary>
    public static DateOnly Current()
    {
        var now = DateTimeOffset.UtcNow.ToOffset(ChinaOffset);
        return new DateOnly(now.Year, now.Month, 1);
    }

    /// <summary>The running month and the ones before it, newest first.</summary>
    public static IEnumerable<DateOnly> Recent(int count = 12)
    {
        var m = Current();
        for (var i = 0; i < count; i++) yield return m.AddMonths(-i);
    }

    public static string Key(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public static DateOnly? Parse(string? key) =>
        DateOnly.TryParseExact(key + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    /// <summary>"2026年11月" or "November 2026": the culture's year-month pattern.</summary>
    public static string Label(DateOnly month) => month.ToDateTime(TimeOnly.MinValue).ToString("Y", CultureInfo.CurrentCulture);
}
