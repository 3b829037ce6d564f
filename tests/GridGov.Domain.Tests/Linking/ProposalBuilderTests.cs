using GridGov.Domain.Linking;
using GridGov.Domain.Links;

namespace GridGov.Domain.Tests.Linking;

public class ProposalBuilderTests
{
    // Gauss-Krüger metres on the 108°E central meridian, near Yinjiang: a small hamlet.
    private const double X0 = 500_000, Y0 = 3_105_000;

    private static LinkingInstance Village() => new()
    {
        Members = [new("1", X0, Y0), new("2", X0 + 400, Y0)],
        Households = [new("10", X0 + 50, Y0), new("11", X0 + 380, Y0), new("12", X0 + 420, Y0 + 30)],
        Ties = [new("1", "11", TieKind.Blood)],
        Current = [new("2", "10"), new("2", "11"), new("2", "12")],
    };

    private static readonly Dictionary<(long, long), IReadOnlyList<Tie>> Ties = new()
    {
        [(1, 11)] = [new Tie { MemberId = 1, HouseholdId = 11, Kind = TieKind.Blood, Origin = TieOrigin.Declared, Relation = "堂兄" }],
    };

    [Fact]
    public void A_village_proposal_explains_each_link_and_counts_the_diff()
    {
        var doc = ProposalBuilder.Build(Village(), Ties, leavingMemberId: null);
        Assert.Equal("village", doc.Kind);
        Assert.Equal(3, doc.Households);
        Assert.Equal(3, doc.LinkedBefore);
        Assert.Equal(3, doc.LinkedAfter);
        var kin = Assert.Single(doc.Links, l => l.HouseholdId == 11);
        // The blood tie wins over 380 m of walking, and the secretary reads why.
        Assert.Equal(1, kin.MemberId);
        Assert.Equal(LinkBasis.Blood, kin.Basis);
        Assert.Equal("血缘: 堂兄 · 380 m", kin.Explanation);
        Assert.Equal(LinkChangeKind.Moved, kin.Change);
        Assert.Equal(2, kin.FromMemberId);
        // Positions come back as longitude/latitude for the map.
        Assert.InRange(kin.House[0], 107.5, 108.5);
        Assert.InRange(kin.House[1], 27.5, 28.5);
    }

    [Fact]
    public void A_transfer_moves_only_the_leaving_members_households()
    {
        var stored = Village() with { Current = [new("1", "10"), new("2", "11"), new("2", "12")] };
        var doc = ProposalBuilder.Build(stored, Ties, leavingMemberId: 1);
        Assert.Equal("transfer", doc.Kind);
        Assert.Equal(1, doc.LeavingMemberId);
        Assert.All(doc.Links, l => Assert.NotEqual(1, l.MemberId));
        Assert.All(doc.Links.Where(l => l.HouseholdId != 10), l => Assert.Equal(LinkChangeKind.Kept, l.Change));
        // The others' links are held in place but are not shown as the secretary's locks.
        Assert.All(doc.Links, l => Assert.False(l.Locked));
    }
}

public class HandoverTests
{
    private const double X0 = 500_000, Y0 = 3_105_000;

    [Fact]
    public void A_handover_places_only_the_released_households_and_keeps_every_other_link()
    {
        // Member 1 has died: their links to 10 and 11 already ended, so the stored village shows them unlinked.
        // 13 was unlinked before and is not part of the handover; 12 stays with member 2 even though 3 is nearer.
        var stored = new LinkingInstance
        {
            Members = [new("2", X0 + 400, Y0, Capacity: 2), new("3", X0 + 60, Y0 + 10, Capacity: 1)],
            Households = [new("10", X0 + 50, Y0), new("11", X0 + 380, Y0), new("12", X0 + 70, Y0), new("13", X0 + 500, Y0)],
            Current = [new("2", "12")],
        };
        var doc = ProposalBuilder.BuildHandover(stored, new Dictionary<(long, long), IReadOnlyList<Tie>>(), leavingMemberId: 1, released: [10, 11]);
        Assert.Equal("transfer", doc.Kind);
        Assert.Equal(1, doc.LeavingMemberId);
        Assert.Equal(3, doc.Households); // 10, 11 and the kept 12; never 13
        Assert.DoesNotContain(doc.Links, l => l.HouseholdId == 13);
        Assert.DoesNotContain(doc.Unlinked, u => u.HouseholdId == 13);
        Assert.Equal((2L, LinkChangeKind.Kept), doc.Links.Where(l => l.HouseholdId == 12).Select(l => (l.MemberId, l.Change)).Single());
        Assert.Equal((3L, LinkChangeKind.Added), doc.Links.Where(l => l.HouseholdId == 10).Select(l => (l.MemberId, l.Change)).Single());
        Assert.Equal((2L, LinkChangeKind.Added), doc.Links.Where(l => l.HouseholdId == 11).Select(l => (l.MemberId, l.Change)).Single());
        Assert.Empty(doc.Removed);
    }

    [Fact]
    public void Released_households_nobody_can_take_are_reported_unlinked()
    {
        var stored = new LinkingInstance
        {
            Members = [new("2", X0, Y0, Capacity: 1)],
            Households = [new("10", X0 + 10, Y0), new("11", X0 + 20, Y0)],
            Current = [new("2", "10")],
        };
        var doc = ProposalBuilder.BuildHandover(stored, new Dictionary<(long, long), IReadOnlyList<Tie>>(), 1, [11]);
        Assert.Equal(11, Assert.Single(doc.Unlinked).HouseholdId);
        Assert.Equal(LinkChangeKind.Kept, Assert.Single(doc.Links).Change);
    }
}
