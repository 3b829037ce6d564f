using GridGov.Domain.Linking;
using GridGov.Domain.Links;

namespace GridGov.Domain.Tests.Linking;

/// <summary>DESIGN: declared ties outweigh inferred ones.</summary>
public class InferredTieTests
{
    private static LinkingInstance Village(bool secondInferred) => new()
    {
        Settings = LinkingSettings.Default with { DefaultCapacity = 1 },
        Members = [new("m1", 0, 0), new("m2", 100, 0)],
        Households = [new("h1", 50, 0)],
        Ties = [new("m1", "h1", TieKind.Blood, Inferred: true), new("m2", "h1", TieKind.Blood, Inferred: secondInferred)],
    };

    [Fact]
    public void A_declared_tie_beats_an_inferred_tie_of_the_same_kind()
    {
        var result = LinkingEngine.Solve(Village(secondInferred: false));
        var link = Assert.Single(result.Links);
        Assert.Equal("m2", link.MemberId);
        Assert.Equal(10, link.TieScore, 6);
        Assert.Equal(LinkBasis.Blood, link.Basis);
    }

    [Fact]
    public void Two_inferred_ties_score_half_each_and_ids_break_the_tie()
    {
        var link = Assert.Single(LinkingEngine.Solve(Village(secondInferred: true)).Links);
        Assert.Equal(5, link.TieScore, 6);
        Assert.Equal("m1", link.MemberId);
    }

    [Fact]
    public void A_declared_and_an_inferred_tie_of_one_kind_count_once_as_declared()
    {
        var instance = Village(secondInferred: false) with
        {
            Ties = [new("m2", "h1", TieKind.Blood, Inferred: true), new("m2", "h1", TieKind.Blood)],
        };
        Assert.Equal(10, Assert.Single(LinkingEngine.Solve(instance).Links).TieScore, 6);
    }
}
