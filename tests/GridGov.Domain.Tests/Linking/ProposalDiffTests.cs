using GridGov.Domain.Linking;
using GridGov.Domain.Links;

namespace GridGov.Domain.Tests.Linking;

public class ProposalDiffTests
{
    private static ProposedLink L(string m, string h) => new(m, h, LinkBasis.Proximity, 10, 0, 0, 0, 0, [], false);

    [Fact]
    public void Classifies_each_household_and_counts_per_member()
    {
        MemberHousehold[] current = [new("m1", "h1"), new("m1", "h2"), new("m2", "h3")];
        var result = new LinkingResult([L("m1", "h1"), L("m2", "h2"), L("m2", "h4")], [new("h3", UnlinkedReason.MembersFull)]);
        var diff = ProposalDiff.Compute(current, result);
        Assert.Equal([LinkChangeKind.Kept, LinkChangeKind.Moved, LinkChangeKind.Removed, LinkChangeKind.Added],
            diff.Changes.Select(c => c.Kind));
        Assert.Equal((1, 1, 1, 1), (diff.Kept, diff.Moved, diff.Removed, diff.Added));
        var m1 = diff.Members.Single(m => m.MemberId == "m1");
        Assert.Equal((2, 1, 0, 1), (m1.Before, m1.After, m1.Gained, m1.Lost));
        var m2 = diff.Members.Single(m => m.MemberId == "m2");
        Assert.Equal((1, 2, 2, 1), (m2.Before, m2.After, m2.Gained, m2.Lost));
    }

    [Fact]
    public void An_unchanged_result_is_all_kept()
    {
        MemberHousehold[] current = [new("m1", "h1")];
        var diff = ProposalDiff.Compute(current, new LinkingResult([L("m1", "h1")], []));
        Assert.Equal(LinkChangeKind.Kept, Assert.Single(diff.Changes).Kind);
        Assert.Equal(0, diff.Members.Single().Gained + diff.Members.Single().Lost);
    }
}
