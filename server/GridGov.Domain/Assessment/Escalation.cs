namespace GridGov.Domain.Assessment;

/// <summary>What a township graded 「差」 faces: 组织部长约谈, 县委书记约谈, 组织调整.</summary>
public enum EscalationStep { OrganisationHeadTalk, CountySecretaryTalk, OrganisationalAdjustment }

/// <summary>The escalation and promotion rules over closed quarters (docs/assessment.md).</summary>
public static class Escalation
{
    /// <summary>Top 5 townships listed each quarter.</summary>
    public const int TopTownships = 5;

    /// <summary>Quarters of two years: 「连续两年优秀并排名前20名」.</summary>
    public const int PromotionQuarters = 8;

    public static EscalationStep StepFor(int quartersInARow) => quartersInARow switch
    {
        <= 1 => EscalationStep.OrganisationHeadTalk,
        2 => EscalationStep.CountySecretaryTalk,
        _ => EscalationStep.OrganisationalAdjustment,
    };

    public static string Zh(EscalationStep step) => step switch
    {
        EscalationStep.OrganisationHeadTalk => "组织部长约谈",
        EscalationStep.CountySecretaryTalk => "县委书记约谈",
        _ => "组织调整",
    };

    /// <summary>
    /// How many quarters in a row, ending at <paramref name="quarter"/>, were closed with 「差」; a quarter not closed (or
    /// not 差) ends the run.
    /// </summary>
    public static int PoorInARow(DateOnly quarter, IReadOnlyDictionary<DateOnly, bool> poorByClosedQuarter)
    {
        var n = 0;
        for (var q = quarter; poorByClosedQuarter.TryGetValue(q, out var poor) && poor; q = q.AddMonths(-3)) n++;
        return n;
    }

    /// <summary>
    /// 「连续两年优秀并排名前20名」: 优秀 and within the first 20 in each of the <see cref="PromotionQuarters"/> quarters in a row
    /// ending at <paramref name="quarter"/>, all closed.
    /// </summary>
    public static bool PromotionPriority(DateOnly quarter, IReadOnlyDictionary<DateOnly, (int Rank, CadreGrade Grade)> byClosedQuarter)
    {
        for (var i = 0; i < PromotionQuarters; i++)
        {
            if (!byClosedQuarter.TryGetValue(quarter.AddMonths(-3 * i), out var r)) return false;
            if (r.Grade != CadreGrade.Excellent || r.Rank > CadreAssessmentRules.TopCadres) return false;
        }
        return true;
    }
}
