using GridGov.Domain.Assessment;

namespace GridGov.Domain.Tests.Assessment;

public class AssessmentRulesTests
{
    private static readonly DateOnly Q1 = new(2026, 1, 1);

    [Theory]
    [InlineData(100, CadreGrade.Excellent)]
    [InlineData(90, CadreGrade.Excellent)]
    [InlineData(89.99, CadreGrade.Qualified)]
    [InlineData(75, CadreGrade.Qualified)]
    [InlineData(74.99, CadreGrade.BasicallyQualified)]
    [InlineData(60, CadreGrade.BasicallyQualified)]
    [InlineData(59.99, CadreGrade.Poor)]
    [InlineData(0, CadreGrade.Poor)]
    public void Grades_follow_the_documented_thresholds(double score, CadreGrade grade) =>
        Assert.Equal(grade, CadreAssessmentRules.GradeOf(score));

    [Fact]
    public void A_missing_part_scales_the_others_and_equal_scores_share_a_rank()
    {
        var w = CadreWeights.Default("520625000000");
        Assert.True(w.Valid);
        Assert.Equal(100, w.ByPart.Values.Sum());
        var all = Enum.GetValues<CadrePart>().ToDictionary(p => p, _ => (double?)1);
        Assert.Equal(100, CadreAssessmentRules.Score(1, all, w).Score);
        // No township score: 80 applicable points; check-in 0.5 → 12.5 of 80 → scaled ×1.25.
        var noManual = new Dictionary<CadrePart, double?>(all) { [CadrePart.Manual] = null, [CadrePart.CheckIn] = 0.5 };
        var s = CadreAssessmentRules.Score(2, noManual, w);
        Assert.Equal((80 - 12.5) * 1.25, s.Score, 1); // parts are rounded to cents
        Assert.False(s.Parts.Single(p => p.Part == CadrePart.Manual).Applicable);
        var ranked = CadreAssessmentRules.Rank([s, CadreAssessmentRules.Score(3, noManual, w), CadreAssessmentRules.Score(4, all, w)]);
        Assert.Equal([1, 2, 2], ranked.Select(r => r.Rank));
        Assert.Equal([4L, 2, 3], ranked.Select(r => r.CadreId));
        Assert.Equal(CadreGrade.Qualified, ranked[1].Grade); // 84.375
        var heavy = CadreWeights.Default("x");
        heavy.Manual = 30;
        Assert.False(heavy.Valid);
    }

    [Fact]
    public void Poor_quarters_in_a_row_escalate_and_a_gap_ends_the_run()
    {
        var q4 = Q1.AddMonths(-3);
        var q2 = Q1.AddMonths(3);
        Assert.Equal(0, Escalation.PoorInARow(Q1, new Dictionary<DateOnly, bool>()));
        Assert.Equal(1, Escalation.PoorInARow(Q1, new Dictionary<DateOnly, bool> { [Q1] = true, [q4] = false }));
        Assert.Equal(3, Escalation.PoorInARow(q2, new Dictionary<DateOnly, bool> { [q4] = true, [Q1] = true, [q2] = true }));
        // Q1 not closed: the run from Q2 is one quarter.
        Assert.Equal(1, Escalation.PoorInARow(q2, new Dictionary<DateOnly, bool> { [q4] = true, [q2] = true }));
        Assert.Equal(EscalationStep.OrganisationHeadTalk, Escalation.StepFor(1));
        Assert.Equal(EscalationStep.CountySecretaryTalk, Escalation.StepFor(2));
        Assert.Equal(EscalationStep.OrganisationalAdjustment, Escalation.StepFor(3));
        Assert.Equal(EscalationStep.OrganisationalAdjustment, Escalation.StepFor(5));
        Assert.Equal("县委书记约谈", Escalation.Zh(EscalationStep.CountySecretaryTalk));
    }

    [Fact]
    public void Promotion_needs_eight_closed_quarters_all_excellent_within_the_first_twenty()
    {
        var good = Enumerable.Range(0, 8).ToDictionary(i => Q1.AddMonths(-3 * i), _ => (Rank: 20, Grade: CadreGrade.Excellent));
        Assert.True(Escalation.PromotionPriority(Q1, good));
        Assert.False(Escalation.PromotionPriority(Q1.AddMonths(3), good)); // the next quarter is not closed
        Assert.False(Escalation.PromotionPriority(Q1, new Dictionary<DateOnly, (int, CadreGrade)>(good) { [Q1.AddMonths(-9)] = (21, CadreGrade.Excellent) }));
        Assert.False(Escalation.PromotionPriority(Q1, new Dictionary<DateOnly, (int, CadreGrade)>(good) { [Q1.AddMonths(-21)] = (1, CadreGrade.Qualified) }));
        var seven = new Dictionary<DateOnly, (int, CadreGrade)>(good);
        seven.Remove(Q1.AddMonths(-21));
        Assert.False(Escalation.PromotionPriority(Q1, seven));
    }
}
