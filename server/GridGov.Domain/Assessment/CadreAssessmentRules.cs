using GridGov.Domain.Ranking;

namespace GridGov.Domain.Assessment;

/// <summary>The parts of a cadre's quarterly score (docs/assessment.md).</summary>
public enum CadrePart { CheckIn, WorkLog, Coverage, Contact, PairingVisits, Manual }

/// <summary>第一书记 / 驻村工作组长 quarterly grades.</summary>
public enum CadreGrade { Excellent, Qualified, BasicallyQualified, Poor }

public sealed record CadreScorePart(CadrePart Part, double Value, double Weight, double Points, bool Applicable);

public sealed record CadreScore(long CadreId, double Score, IReadOnlyList<CadreScorePart> Parts)
{
    public int Rank { get; init; }
    public CadreGrade Grade { get; init; }
}

/// <summary>
/// 第一书记 and 驻村工作组长 ranked each quarter by the county (县指挥部). Score out of 100 = Σ weight × value over the
/// parts that apply (a part with nothing to measure is left out and the other weights scaled up, as the township
/// ranking does); grades by fixed thresholds; equal scores share a rank.
/// </summary>
public static class CadreAssessmentRules
{
    /// <summary>Grade thresholds: 优秀 ≥ 90, 合格 ≥ 75, 基本合格 ≥ 60, 差 below.</summary>
    public const double Excellent = 90, Qualified = 75, BasicallyQualified = 60;

    /// <summary>前20名: the ranks listed as the county's best cadres.</summary>
    public const int TopCadres = 20;

    public static CadreGrade GradeOf(double score) => score switch
    {
        >= Excellent => CadreGrade.Excellent,
        >= Qualified => CadreGrade.Qualified,
        >= BasicallyQualified => CadreGrade.BasicallyQualified,
        _ => CadreGrade.Poor,
    };

    public static string Zh(CadreGrade grade) => grade switch
    {
        CadreGrade.Excellent => "优秀",
        CadreGrade.Qualified => "合格",
        CadreGrade.BasicallyQualified => "基本合格",
        _ => "差",
    };

    /// <summary>Values per part in [0, 1] (null: does not apply), under the county's weights.</summary>
    public static CadreScore Score(long cadreId, IReadOnlyDictionary<CadrePart, double?> values, CadreWeights weights)
    {
        var w = weights.ByPart;
        var applicable = w.Where(x => values.GetValueOrDefault(x.Key) is not null).Sum(x => x.Value);
        var scale = applicable > 0 ? 100.0 / applicable : 0;
        var parts = w.Select(x => values.GetValueOrDefault(x.Key) is { } v
                ? new CadreScorePart(x.Key, Math.Round(v, 4), x.Value, Math.Round(x.Value * scale * Math.Clamp(v, 0, 1), 2), true)
                : new CadreScorePart(x.Key, 0, x.Value, 0, false))
            .ToList();
        return new CadreScore(cadreId, Math.Round(parts.Sum(p => p.Points), 2), parts);
    }

    /// <summary>Best first; equal scores share a rank (listed by cadre id); grade from the score.</summary>
    public static List<CadreScore> Rank(IEnumerable<CadreScore> scores)
    {
        var ordered = scores.OrderByDescending(s => s.Score).ThenBy(s => s.CadreId).ToList();
        var ranks = SharedRanks.Of(ordered.Select(s => s.Score).ToList());
        return ordered.Select((s, i) => s with { Rank = ranks[i], Grade = GradeOf(s.Score) }).ToList();
    }
}
