using GridGov.Domain.Ranking;

namespace GridGov.Domain.Tests.Ranking;

public class RankingRulesTests
{
    [Fact]
    public void Weights_add_to_100_and_a_missing_part_scales_the_others()
    {
        Assert.Equal(100, RankingRules.Weights.Values.Sum());
        var full = RankingRules.Score("a", new Dictionary<RankingPart, double?>
            { [RankingPart.Coverage] = 1, [RankingPart.Contact] = 1, [RankingPart.Review] = 1, [RankingPart.CheckIn] = 1 });
        Assert.Equal(100, full.Score);
        var noCadre = RankingRules.Score("b", new Dictionary<RankingPart, double?>
            { [RankingPart.Coverage] = 1, [RankingPart.Contact] = 0.5, [RankingPart.Review] = 1, [RankingPart.CheckIn] = null });
        // 80 applicable points scaled to 100: (35 + 15 + 15) × 1.25.
        Assert.Equal(81.25, noCadre.Score);
        Assert.False(noCadre.Parts.Single(p => p.Part == RankingPart.CheckIn).Applicable);
        Assert.Equal(noCadre.Score, noCadre.Parts.Sum(p => p.Points), 6);
    }

    [Fact]
    public void Ranks_best_first_and_flags_the_bottom_five()
    {
        var scores = Enumerable.Range(1, 8).Select(i => RankingRules.Score($"v{i}", new Dictionary<RankingPart, double?> { [RankingPart.Coverage] = i / 10.0 }));
        var ranked = RankingRules.Rank(scores);
        Assert.Equal("v8", ranked[0].AreaCode);
        Assert.Equal(1, ranked[0].Rank);
        Assert.Equal(["v5", "v4", "v3", "v2", "v1"], ranked.Where(r => r.Bottom).Select(r => r.AreaCode));
    }

    [Fact]
    public void Equal_scores_share_a_rank_and_the_bottom_flag_follows_the_shared_ranks()
    {
        // Codes in reverse of score order so a code tie-break would show; t2/t3 tie at the top, t5–t7 at the boundary.
        double[] coverage = [0.9, 0.8, 0.8, 0.7, 0.5, 0.5, 0.5, 0.4, 0.3, 0.2];
        var scores = coverage.Select((c, i) => RankingRules.Score($"t{10 - i:00}", new Dictionary<RankingPart, double?> { [RankingPart.Coverage] = c }));
        var ranked = RankingRules.Rank(scores);
        Assert.Equal([1, 2, 2, 4, 5, 5, 5, 8, 9, 10], ranked.Select(r => r.Rank));
        // Ten areas: places 6–10 are the bottom five; the 0.5 group holds places 5–7, so it is flagged whole (six flags).
        Assert.Equal([false, false, false, false, true, true, true, true, true, true], ranked.Select(r => r.Bottom));
        var tied = ranked.Where(r => r.Rank == 2).Select(r => r.AreaCode).ToList();
        Assert.Equal(["t08", "t09"], tied); // stable listing by code within the tie
        Assert.Equal([1, 1, 1], SharedRanks.Of([3.0, 3.0, 3.0]));
        Assert.Equal([true, true, true], SharedRanks.Bottom([3.0, 3.0, 3.0], 1));
        Assert.Equal([false, true, true], SharedRanks.Bottom([5.0, 3.0, 3.0], 1));
    }

    [Theory]
    [InlineData("2026Q3", 2026, 7)]
    [InlineData("2026q1", 2026, 1)]
    public void Quarters_parse(string q, int year, int month)
    {
        Assert.True(RankingRules.TryParseQuarter(q, out var first));
        Assert.Equal(new DateOnly(year, month, 1), first);
        Assert.False(RankingRules.TryParseQuarter("2026Q0", out _));
        Assert.False(RankingRules.TryParseQuarter("26Q1", out _));
    }
}
