namespace GridGov.Domain.Ranking;

/// <summary>
/// Standard competition ranking (1, 2, 2, 4): equal scores share the best rank of their group. The township ranking
/// and the cadre ranking both rank here, so a tie never depends on codes or on the order rows came in.
/// </summary>
public static class SharedRanks
{
    /// <summary>The rank of each score, scores compared as given (round them first), best = highest.</summary>
    public static int[] Of(IReadOnlyList<double> scores) =>
        [.. scores.Select(s => 1 + scores.Count(o => o > s))];

    /// <summary>
    /// Whether each score is among the last <paramref name="count"/>: fewer than <paramref name="count"/> others score
    /// strictly lower. A tie group that reaches into the bottom places is flagged whole, so the flags may exceed the count.
    /// </summary>
    public static bool[] Bottom(IReadOnlyList<double> scores, int count) =>
        [.. scores.Select(s => scores.Count(o => o < s) < count)];
}
