using GridGov.Domain.Cadres;
using GridGov.Domain.Members;

namespace GridGov.Domain.Tests.Cadres;

/// <summary>"The villages a cadre serves at an instant": several for a 包村干部, pinned on the days postings begin and end.</summary>
public class CadrePostingTests
{
    private const string V1 = "520625101001", V2 = "520625101002", V3 = "520625101003";
    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    private static Cadre Liaison()
    {
        var c = Cadre.PostedTo(1, CadreKind.LiaisonCadre, CadreRank.General, V1, D("2026-01-01"), null);
        c.Post(V2, D("2026-03-01"), D("2026-03-31"));
        return c;
    }

    [Theory]
    [InlineData("2025-12-31", "")]
    [InlineData("2026-01-01", V1)]
    [InlineData("2026-02-28", V1)]
    [InlineData("2026-03-01", V1 + "," + V2)]
    [InlineData("2026-03-31", V1 + "," + V2)] // the day the posting ends is still served
    [InlineData("2026-04-01", V1)]            // the next day is not
    public void A_liaison_cadre_serves_the_villages_of_the_postings_in_force(string day, string expected) =>
        Assert.Equal(expected, string.Join(",", Liaison().VillagesOn(D(day))));

    [Fact]
    public void The_query_form_of_the_rule_agrees_with_the_posting()
    {
        var postings = Liaison().Postings;
        for (var day = D("2025-12-30"); day <= D("2026-04-02"); day = day.AddDays(1))
        {
            var rule = CadrePostings.InForceOn(day).Compile();
            Assert.All(postings, p => Assert.Equal(p.InForceOn(day), rule(p)));
        }
        var overlaps = CadrePostings.Overlaps(D("2026-04-01"), D("2026-04-30")).Compile();
        Assert.Equal([V1], postings.Where(overlaps).Select(p => p.VillageCode));
        Assert.Equal([V1, V2], CadrePostings.VillagesDuring(postings, D("2026-03-31"), D("2026-04-30")));
    }

    [Fact]
    public void Ending_a_posting_keeps_it_as_history_and_updates_the_summary()
    {
        var c = Liaison();
        var first = c.Postings[0];
        c.EndPosting(first, D("2026-02-15"));
        Assert.Equal(2, c.Postings.Count);
        Assert.Equal(D("2026-02-15"), first.To);
        Assert.Equal([V1], c.VillagesOn(D("2026-02-15")));
        Assert.Empty(c.VillagesOn(D("2026-02-16")));
        // Main village: no posting runs, so the one that ended last (V2, 31 March); the span is the postings' span.
        Assert.Equal(V2, c.VillageCode);
        Assert.Equal((D("2026-01-01"), D("2026-03-31")), (c.AssignedFrom, c.AssignedTo!.Value));
        Assert.Throws<InvalidOperationException>(() => c.EndPosting(first, D("2026-02-20")));
        Assert.Throws<ArgumentException>(() => c.EndPosting(c.Postings[1], D("2026-02-01")));
    }

    [Fact]
    public void Overlapping_postings_to_one_village_and_a_first_secretary_in_two_villages_are_refused()
    {
        var c = Liaison();
        Assert.Throws<InvalidOperationException>(() => c.Post(V2, D("2026-03-31"), null));
        c.Post(V2, D("2026-04-01"), null); // back to V2 the day after: fine
        c.Post(V3, D("2026-04-01"), null);
        Assert.Equal([V1, V2, V3], c.VillagesOn(D("2026-04-01")));

        var fs = Cadre.PostedTo(2, CadreKind.FirstSecretary, CadreRank.Section, V1, D("2026-01-01"), D("2026-06-30"));
        Assert.Throws<InvalidOperationException>(() => fs.Post(V2, D("2026-06-30"), null));
        fs.Post(V2, D("2026-07-01"), null); // the next village after the first ends
        Assert.Equal([V2], fs.VillagesOn(D("2026-07-01")));
        Assert.Equal(V2, fs.VillageCode);
        Assert.Throws<ArgumentException>(() => fs.Post(V3, D("2027-02-01"), D("2027-01-31")));
    }

    [Fact]
    public void ConflictOf_names_the_rule_a_posting_would_break_and_a_rescheduled_posting_does_not_count_against_itself()
    {
        var liaison = Liaison();
        Assert.Equal(PostingConflict.SameVillage, liaison.ConflictOf(V2, D("2026-03-15"), null));
        Assert.Equal(PostingConflict.None, liaison.ConflictOf(V2, D("2026-04-01"), null));
        Assert.Equal(PostingConflict.None, liaison.ConflictOf(V3, D("2026-03-15"), null)); // a 包村干部 holds several at once
        var fs = Cadre.PostedTo(2, CadreKind.FirstSecretary, CadreRank.Section, V1, D("2026-01-01"), D("2026-12-31"));
        Assert.Equal(PostingConflict.OneVillageAtATime, fs.ConflictOf(V2, D("2026-12-31"), null));
        Assert.Equal(PostingConflict.None, fs.ConflictOf(V2, D("2027-01-01"), null));
        Assert.Equal(PostingConflict.None, fs.ConflictOf(V1, D("2025-06-01"), null, fs.Postings[0]));
    }
}
