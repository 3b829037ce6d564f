using System.Globalization;
using GridGov.Client.Services;

namespace GridGov.Client.Pages.Coverage;

/// <summary>
/// What the coverage map shows, exactly as its address says: the township drilled into, the selected
/// village and cell, the month, the measure and the household whose card is open. Every change goes
/// through the address, so reload, Back/Forward and a shared link show the same view.
/// </summary>
/// <param name="Township">Drilled into this township: only its villages are drawn (a township leader's is implied).</param>
public sealed record CoverageView(string? Township, string? Village, long? Cell, DateOnly Month, ShareMeasure Measure, string? Household)
{
    public static CoverageView Default => new(null, null, null, Months.Current(), ShareMeasure.Linked, null);

    /// <summary>Reads the view from an absolute or base-relative address; unknown or malformed values are left at their defaults.</summary>
    public static CoverageView Parse(string uri)
    {
        var q = Query(uri);
        string? Code(string key) => q.TryGetValue(key, out var v) && v.Length is > 0 and <= 12 && v.All(char.IsAsciiDigit) ? v : null;
        return new CoverageView(
            Code("township"),
            Code("village"),
            q.TryGetValue("cell", out var c) && long.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out var cell) ? cell : null,
            Months.Parse(q.GetValueOrDefault("month")) ?? Months.Current(),
            q.GetValueOrDefault("measure") == "contacted" ? ShareMeasure.Contacted : ShareMeasure.Linked,
            q.TryGetValue("household", out var h) && h.Length is > 0 and <= 20 ? h : null);
    }

    /// <summary>The base-relative address of this view; defaults are left out so a plain /coverage is the root.</summary>
    public string ToUrl()
    {
        var parts = new List<string>();
        void Add(string key, string? value) { if (!string.IsNullOrEmpty(value)) parts.Add(key + "=" + Uri.EscapeDataString(value)); }
        Add("township", Township);
        Add("village", Village);
        Add("cell", Cell?.ToString(CultureInfo.InvariantCulture));
        if (Month != Months.Current()) Add("month", Months.Key(Month));
        if (Measure == ShareMeasure.Contacted) Add("measure", "contacted");
        Add("household", Household);
        return parts.Count == 0 ? "coverage" : "coverage?" + string.Join("&", parts);
    }

    private static Dictionary<string, string> Query(string uri)
    {
        var i = uri.IndexOf('?');
        var d = new Dictionary<string, string>();
        if (i < 0) return d;
        foreach (var pair in uri[(i + 1)..].Split('#')[0].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            d[Uri.UnescapeDataString(kv[0])] = kv.Length > 1 ? Uri.UnescapeDataString(kv[1].Replace('+', ' ')) : "";
        }
        return d;
    }
}
