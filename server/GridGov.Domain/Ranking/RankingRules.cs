namespace GridGov.Domain.Ranking;

public enum RankingPart { Coverage, Contact, Review, CheckIn }

/// <summary>One part of a score: the measured value in [0, 1], its weight, and the points it gives.</summary>
public sealed record ScorePart(RankingPart Part, double Value, double Weight, double Points, bool Applicable);

public sealed record AreaScore(string AreaCode, double Score, IReadOnlyList<ScorePart> Parts)
{
    public int Rank { get; init; }
    public bool Bottom { get; init; }
}

/// <summary>
/// 季度考核排名. Score out of 100 = Σ weight × value over the parts that apply:
/// coverage (linked share, mean of the quarter's three month ends) 35, contact (contacted share,
/// mean of the three months) 30, review outcomes (approved ÷ reviewed declarations) 15, check-in
/// compliance (mean over the area's cadres) 20. A part with nothing to measure (no cadre, no
/// reviewed declaration) does not apply; the other weights are scaled up so scores stay comparable.
/// </summary>
public static class RankingRules
{
    public const int BottomCount = 5;

    public static readonly IReadOnlyDictionary<RankingPart, double> Weights = new Dictionary<RankingPart, double>
    {
        [RankingPart.Coverage] = 35,
        [RankingPart.Contact] = 30,
        [RankingPart.Review] = 15,
        [RankingPart.CheckIn] = 20,
    };

    public static bool TryParseQuarter(string? s, out DateOnly firstMonth)
    {
        firstMonth = default;
        if (s is not { Length: 6 } || s[4] is not ('Q' or 'q') || !int.TryParse(s[..4], out var y) || s[5] is < '1' or > '4') return false;
        if (y < 2000 || y > 2100) return false;
        firstMonth = new DateOnly(y, (s[5] - '1') * 3 + 1, 1);
        return true;
    }

    /// <summary>Values per part, null where the part does not apply.</summary>
    public static AreaScore Score(string areaCode, IReadOnlyDictionary<RankingPart, double?> values)
    {
        var applicable = Weights.Where(w => values.GetValueOrDefault(w.Key) is not null).Sum(w => w.Value);
        var scale = applicable > 0 ? 100 / applicable : 0;
        var parts = Weights.Select(w =>
        {
            var v = values.GetValueOrDefault(w.Key);
            return v is { } x
                ? new ScorePart(w.Key, Math.Round(x, 4), w.Value, Math.Round(w.Value * scale * Math.Clamp(x, 0, 1), 2), true)
                : new ScorePart(w.Key, 0, w.Value, 0, false);
        }).ToList();
        return new AreaScore(areaCode, Math.Round(parts.Sum(p => p.Points), 2), parts);
    }

    /// <summary>
    /// Ranks best first; equal scores share a rank (1, 2, 2, 4) and are listed by code only for a stable order. The last
    /// <see cref="BottomCount"/> places are flagged by score, so a tie reaching into them flags the whole tie group.
    /// </summary>
    public static List<AreaScore> Rank(IEnumerable<AreaScore> scores)
    {
        var ordered = scores.OrderByDescending(s => s.Score).ThenBy(s => s.AreaCode, StringComparer.Ordinal).ToList();
        var values = ordered.Select(s => s.Score).ToList();
        var ranks = SharedRanks.Of(values);
        var bottom = SharedRanks.Bottom(values, BottomCount);
        return ordered.Select((s, i) => s with { Rank = ranks[i], Bottom = bottom[i] }).ToList();
    }
}
