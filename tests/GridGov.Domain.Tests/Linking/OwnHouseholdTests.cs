using GridGov.Domain.Linking;
using GridGov.Domain.Links;
using static GridGov.Domain.Tests.Linking.LinkingTestSupport;

namespace GridGov.Domain.Tests.Linking;

/// <summary>A member is not linked to the household they live in, unless the settings allow it.</summary>
public class OwnHouseholdTests
{
    // m1 lives in h1 (a "本户" blood tie and no distance: the best pair by score); m2 lives 800 m away.
    private static LinkingInstance Village(LinkingSettings? settings = null) => new()
    {
        Settings = settings ?? LinkingSettings.Default,
        Members = [new("m1", 0, 0, Capacity: 2, HouseholdId: "h1"), new("m2", 800, 0, Capacity: 2, HouseholdId: "h9")],
        Households = [new("h1", 0, 0), new("h2", 100, 0), new("h9", 800, 0)],
        Ties = [new("m1", "h1", TieKind.Blood), new("m2", "h9", TieKind.Blood)],
    };

    [Fact]
    public void Own_households_go_to_another_member()
    {
        var instance = Village();
        var r = LinkingEngine.Solve(instance);
        AssertFeasible(instance, r);
        Assert.Equal(3, r.Links.Count);
        Assert.Equal("m2", r.Links.Single(l => l.HouseholdId == "h1").MemberId);
        Assert.Equal("m1", r.Links.Single(l => l.HouseholdId == "h9").MemberId);
        Assert.DoesNotContain(r.Links, l => instance.Members.Single(m => m.Id == l.MemberId).HouseholdId == l.HouseholdId);
    }

    [Fact]
    public void Allowed_by_the_settings_the_own_household_is_the_best_pair_again()
    {
        var r = LinkingEngine.Solve(Village(new LinkingSettings { AllowOwnHousehold = true }));
        Assert.Equal("m1", r.Links.Single(l => l.HouseholdId == "h1").MemberId);
        Assert.Equal("m2", r.Links.Single(l => l.HouseholdId == "h9").MemberId);
    }

    [Fact]
    public void A_household_whose_only_member_lives_in_it_is_reported_as_out_of_reach()
    {
        var instance = new LinkingInstance
        {
            Members = [new LinkingMember("m1", 0, 0, HouseholdId: "h1")],
            Households = [new("h1", 0, 0), new("h2", 50, 0)],
        };
        var r = LinkingEngine.Solve(instance);
        Assert.Equal(("m1", "h2"), (Assert.Single(r.Links).MemberId, r.Links[0].HouseholdId));
        Assert.Equal(new UnlinkedHousehold("h1", UnlinkedReason.NoMemberWithinDistance), Assert.Single(r.Unlinked));
    }

    [Fact]
    public void A_current_own_link_moves_and_a_locked_one_stays()
    {
        var moved = LinkingEngine.Solve(Village() with { Current = [new("m1", "h1")] });
        Assert.Equal("m2", moved.Links.Single(l => l.HouseholdId == "h1").MemberId);
        // A lock is the secretary's explicit decision: kept as it is (docs/linking.md).
        var locked = LinkingEngine.Solve(Village() with { Current = [new("m1", "h1")], Locked = [new("m1", "h1")] });
        var link = locked.Links.Single(l => l.HouseholdId == "h1");
        Assert.Equal(("m1", true), (link.MemberId, link.Locked));
    }

    [Fact]
    public void The_rule_compares_ids_and_knows_nothing_of_unknown_homes()
    {
        var s = LinkingSettings.Default;
        Assert.True(OwnHouseholdRule.Forbids("7", "7", s));
        Assert.False(OwnHouseholdRule.Forbids("7", "70", s));
        Assert.False(OwnHouseholdRule.Forbids((string?)null, "7", s));
        Assert.True(OwnHouseholdRule.Forbids(7L, 7L, s));
        Assert.False(OwnHouseholdRule.Forbids((long?)null, 7L, s));
        Assert.False(OwnHouseholdRule.Forbids(7L, 7L, s with { AllowOwnHousehold = true }));
    }
}
