using GridGov.Domain.Linking;
using GridGov.Domain.Links;
using static GridGov.Domain.Tests.Linking.LinkingTestSupport;

namespace GridGov.Domain.Tests.Linking;

/// <summary>Small hand-made villages whose answers can be worked out on paper.</summary>
public class LinkingEngineTests
{
    private static LinkingMember Member(string id, double x, double y, int? capacity = null, bool migrant = false) =>
        new(id, x, y, capacity, migrant);

    private static LinkingHousehold House(string id, double x, double y) => new(id, x, y);

    private static (string Member, string Household)[] Pairs(LinkingResult r) =>
        [.. r.Links.Select(l => (l.MemberId, l.HouseholdId))];

    [Fact]
    public void Defaults_are_the_documented_ones()
    {
        var s = LinkingSettings.Default;
        Assert.Equal(3000, s.MaxDistanceMeters);
        Assert.Equal(8, s.DefaultCapacity);
        Assert.Equal(0, s.MigrantCapacity);
        Assert.Equal((10.0, 7.0, 5.0, 2.0, 1.0), (s.Weights.Blood, s.Weights.Marriage, s.Weights.Social, s.Weights.PerKm, s.Weights.Change));
        Assert.Equal(8, Member("m", 0, 0).EffectiveCapacity(s));
        Assert.Equal(0, Member("m", 0, 0, migrant: true).EffectiveCapacity(s));
        Assert.Equal(2, Member("m", 0, 0, capacity: 2, migrant: true).EffectiveCapacity(s));
    }

    // One member with room for one household: a blood relative 1.5 km away (10 − 3 = 7 points)
    // against a stranger next door (−0.2 points).
    private static LinkingInstance BloodOrNeighbour(double bloodWeight) => new()
    {
        Settings = new LinkingSettings { Weights = new LinkingWeights { Blood = bloodWeight } },
        Members = [Member("m1", 0, 0, capacity: 1)],
        Households = [House("relative", 1500, 0), House("neighbour", 100, 0)],
        Ties = [new("m1", "relative", TieKind.Blood)],
    };

    [Fact]
    public void A_blood_relative_wins_over_a_nearer_stranger_when_blood_weighs_enough()
    {
        var instance = BloodOrNeighbour(bloodWeight: 10);
        var r = LinkingEngine.Solve(instance);
        AssertFeasible(instance, r);
        var link = Assert.Single(r.Links);
        Assert.Equal(("m1", "relative"), (link.MemberId, link.HouseholdId));
        Assert.Equal(LinkBasis.Blood, link.Basis);
        Assert.Equal(7, link.Score, 9);
        Assert.Equal((10.0, 3.0, 0.0), (link.TieScore, link.DistancePenalty, link.ChangePenalty));
        Assert.Equal("blood · 1500 m", link.Explanation);
        Assert.Equal(new UnlinkedHousehold("neighbour", UnlinkedReason.MembersFull), Assert.Single(r.Unlinked));
    }

    [Fact]
    public void The_nearer_stranger_wins_when_blood_weighs_little()
    {
        // 1 − 3 = −2 points for the relative, −0.2 for the neighbour.
        var instance = BloodOrNeighbour(bloodWeight: 1);
        var r = LinkingEngine.Solve(instance);
        AssertFeasible(instance, r);
        var link = Assert.Single(r.Links);
        Assert.Equal("neighbour", link.HouseholdId);
        Assert.Equal(LinkBasis.Proximity, link.Basis);
        Assert.Equal(-0.2, link.Score, 9);
    }

    [Fact]
    public void Linking_more_households_beats_a_higher_score_with_fewer_links()
    {
        // m1 reaches both houses, m2 only "relative". m1→relative alone scores 10 − 0.2 = 9.8;
        // both linked (m2→relative, m1→far) scores −5.8 − 5 = −10.8, and must be chosen.
        var instance = new LinkingInstance
        {
            Members = [Member("m1", 0, 0, capacity: 1), Member("m2", 2900, 0, capacity: 1)],
            Households = [House("relative", 0, 100), House("far", -2500, 0)],
            Ties = [new("m1", "relative", TieKind.Blood)],
        };
        var r = LinkingEngine.Solve(instance);
        AssertFeasible(instance, r);
        Assert.Equal([("m1", "far"), ("m2", "relative")], Pairs(r));
        Assert.Equal(2, r.LinkedCount);
        Assert.True(r.TotalScore < 0);
        Assert.Empty(r.Unlinked);
    }

    [Fact]
    public void Capacity_holds()
    {
        var instance = new LinkingInstance
        {
            Members = [Member("m1", 0, 0, capacity: 2)],
            Households = [.. Enumerable.Range(1, 5).Select(i => House($"h{i}", i * 100, 0))],
        };
        var r = LinkingEngine.Solve(instance);
        AssertFeasible(instance, r);
        Assert.Equal([("m1", "h1"), ("m1", "h2")], Pairs(r));
        Assert.All(r.Unlinked, u => Assert.Equal(UnlinkedReason.MembersFull, u.Reason));
        Assert.Equal(3, r.Unlinked.Count);
    }

    [Fact]
    public void Locked_links_are_kept_beyond_the_distance_limit_and_use_capacity()
    {
        // "away" is 5 km from m1 (beyond 3 km) but locked; it uses m1's only place, so "near"
        // goes to m2 although m1 would score better with it.
        var instance = new LinkingInstance
        {
            Members = [Member("m1", 0, 0, capacity: 1), Member("m2", 2000, 0)],
            Households = [House("away", 5000, 0), House("near", 100, 0)],
            Locked = [new("m1", "away")],
        };
        var r = LinkingEngine.Solve(instance);
        AssertFeasible(instance, r);
        Assert.Equal([("m1", "away"), ("m2", "near")], Pairs(r));
        var locked = r.Links[0];
        Assert.True(locked.Locked);
        Assert.Equal(LinkBasis.Remote, locked.Basis);
        Assert.Equal(5000, locked.DistanceMeters);
        Assert.Equal(-10, locked.Score, 9);
        Assert.Equal(2, r.LinkedCount);
        Assert.Equal(-10 - 3.8, r.TotalScore, 9);
    }

    [Fact]
    public void A_locked_household_is_not_reassigned_to_a_better_member()
    {
        var instance = new LinkingInstance
        {
            Members = [Member("m1", 0, 0), Member("m2", 2000, 0)],
            Households = [House("h", 10, 0)],
            Ties = [new("m1", "h", TieKind.Blood)],
            Locked = [new("m2", "h")],
        };
        var r = LinkingEngine.Solve(instance);
        AssertFeasible(instance, r);
        Assert.Equal([("m2", "h")], Pairs(r));
    }

    [Fact]
    public void Unlinked_households_carry_the_right_reason()
    {
        var instance = new LinkingInstance
        {
            Members =
            [
                Member("busy", 0, 0, capacity: 1),
                Member("away", 10000, 0, migrant: true),
                Member("retired", 20000, 0, capacity: 0),
            ],
            Households =
            [
                House("a", 100, 0), House("b", 200, 0),    // both want "busy": one is left over
                House("c", 10050, 0),                      // only a migrant nearby
                House("d", 20050, 0),                      // only a member with capacity 0 nearby
                House("e", 50000, 0),                      // nobody
            ],
        };
        var r = LinkingEngine.Solve(instance);
        AssertFeasible(instance, r);
        Assert.Equal([("busy", "a")], Pairs(r));
        Assert.Equal(
        [
            new UnlinkedHousehold("b", UnlinkedReason.MembersFull),
            new UnlinkedHousehold("c", UnlinkedReason.NoMemberWithinDistance),
            new UnlinkedHousehold("d", UnlinkedReason.NoMemberWithinDistance),
            new UnlinkedHousehold("e", UnlinkedReason.NoMemberWithinDistance),
        ], r.Unlinked);
    }

    [Fact]
    public void A_member_full_of_locked_links_makes_the_others_members_full()
    {
        var instance = new LinkingInstance
        {
            Members = [Member("m1", 0, 0, capacity: 1)],
            Households = [House("locked", 50, 0), House("other", 60, 0)],
            Locked = [new("m1", "locked")],
        };
        var r = LinkingEngine.Solve(instance);
        AssertFeasible(instance, r);
        Assert.Equal(new UnlinkedHousehold("other", UnlinkedReason.MembersFull), Assert.Single(r.Unlinked));
    }

    [Fact]
    public void The_change_penalty_keeps_a_current_link_between_equal_members()
    {
        // Two members at the same distance; without the current link "a" would win by id order.
        var instance = new LinkingInstance
        {
            Members = [Member("a", -500, 0), Member("b", 500, 0)],
            Households = [House("h", 0, 0)],
            Current = [new("b", "h")],
        };
        var r = LinkingEngine.Solve(instance);
        AssertFeasible(instance, r);
        var link = Assert.Single(r.Links);
        Assert.Equal("b", link.MemberId);
        Assert.Equal(0, link.ChangePenalty);
    }

    [Fact]
    public void A_move_is_made_when_it_gains_more_than_the_change_penalty_and_is_explained()
    {
        var instance = new LinkingInstance
        {
            Members = [Member("near", 100, 0), Member("old", 2500, 0)],
            Households = [House("h", 0, 0)],
            Current = [new("old", "h")],
        };
        var r = LinkingEngine.Solve(instance);
        AssertFeasible(instance, r);
        var link = Assert.Single(r.Links);
        Assert.Equal("near", link.MemberId);
        Assert.Equal(1, link.ChangePenalty);
        Assert.Equal(-0.2 - 1, link.Score, 9);
        Assert.Equal("proximity · 100 m · changed", link.Explanation);
    }

    [Fact]
    public void The_basis_is_the_strongest_tie_by_weight()
    {
        var instance = new LinkingInstance
        {
            Settings = new LinkingSettings { Weights = new LinkingWeights { Blood = 3, Marriage = 7, Social = 5 } },
            Members = [Member("m1", 0, 0)],
            Households = [House("h1", 0, 10), House("h2", 0, 20), House("h3", 0, 30)],
            Ties =
            [
                new("m1", "h1", TieKind.Blood), new("m1", "h1", TieKind.Marriage),
                new("m1", "h2", TieKind.Blood), new("m1", "h2", TieKind.Social),
                new("m1", "h2", TieKind.Blood), // a repeated tie counts once
            ],
        };
        var r = LinkingEngine.Solve(instance);
        AssertFeasible(instance, r);
        Assert.Equal([LinkBasis.Marriage, LinkBasis.Social, LinkBasis.Proximity], r.Links.Select(l => l.Basis));
        Assert.Equal(10, r.Links[0].TieScore);
        Assert.Equal(8, r.Links[1].TieScore);
        Assert.Equal([TieKind.Blood, TieKind.Social], r.Links[1].Ties);
    }

    [Fact]
    public void Rerunning_on_the_result_as_current_changes_nothing()
    {
        var instance = new LinkingInstance
        {
            Settings = new LinkingSettings { DefaultCapacity = 2 },
            Members = [Member("m1", 0, 0), Member("m2", 1000, 0), Member("m3", 500, 800)],
            Households = [.. Enumerable.Range(0, 8).Select(i => House($"h{i}", i * 170.0, (i % 3) * 260.0))],
            Ties = [new("m2", "h0", TieKind.Blood), new("m3", "h7", TieKind.Social)],
        };
        var first = LinkingEngine.Solve(instance);
        var again = LinkingEngine.Solve(instance with { Current = [.. first.Links.Select(l => new MemberHousehold(l.MemberId, l.HouseholdId))] });
        Assert.Equal(Pairs(first), Pairs(again));
        Assert.All(again.Links, l => Assert.Equal(0, l.ChangePenalty));
        Assert.Equal(first.Unlinked, again.Unlinked);
    }

    [Fact]
    public void The_answer_does_not_depend_on_input_order()
    {
        var rng = new Random(7);
        for (var i = 0; i < 30; i++)
        {
            var instance = RandomInstance(rng, 8, 40, maxCapacity: 4);
            var shuffled = instance with
            {
                Members = [.. instance.Members.OrderBy(_ => rng.Next())],
                Households = [.. instance.Households.OrderBy(_ => rng.Next())],
                Ties = [.. instance.Ties.OrderBy(_ => rng.Next())],
                Current = [.. instance.Current.OrderBy(_ => rng.Next())],
                Locked = [.. instance.Locked.OrderBy(_ => rng.Next())],
            };
            var a = LinkingEngine.Solve(instance);
            var b = LinkingEngine.Solve(shuffled);
            Assert.Equal(Pairs(a), Pairs(b));
            Assert.Equal(a.Unlinked, b.Unlinked);
        }
    }

    [Fact]
    public void An_empty_village_gives_an_empty_result()
    {
        var r = LinkingEngine.Solve(new LinkingInstance());
        Assert.Empty(r.Links);
        Assert.Empty(r.Unlinked);
        Assert.Equal(0, r.TotalScore);
    }

    [Fact]
    public void Extreme_weights_still_solve_exactly()
    {
        var instance = new LinkingInstance
        {
            Settings = new LinkingSettings
            {
                MaxDistanceMeters = 1e6,
                Weights = new LinkingWeights { Blood = 1e6, PerKm = 1e6 },
            },
            Members = [Member("m1", 0, 0, capacity: 1), Member("m2", 900_000, 0, capacity: 1)],
            Households = [House("h1", 10, 0), House("h2", 899_000, 0)],
            Ties = [new("m2", "h1", TieKind.Blood)],
        };
        var r = LinkingEngine.Solve(instance);
        AssertFeasible(instance, r);
        Assert.Equal([("m1", "h1"), ("m2", "h2")], Pairs(r));
    }

    [Fact]
    public void Invalid_instances_are_rejected_with_the_entry_named()
    {
        var instance = new LinkingInstance
        {
            Settings = new LinkingSettings { MaxDistanceMeters = double.NaN },
            Members = [Member("m1", 0, 0, capacity: 1), Member("m1", 1, 1), Member("m3", double.PositiveInfinity, 0, capacity: -1)],
            Households = [House("h1", 0, 0), House("h2", 0, double.NaN), House("h1", 5, 5)],
            Ties = [new("m9", "h1", TieKind.Blood), new("m1", "h1", (TieKind)7)],
            Current = [new("m1", "h8")],
            Locked = [new("m1", "h1"), new("m1", "h2"), new("m1", "h1")],
        };
        var errors = LinkingValidator.Validate(instance).Select(e => e.ToString()).ToList();
        Assert.Contains(errors, e => e.StartsWith("settings.maxDistanceMeters:", StringComparison.Ordinal));
        Assert.Contains("members[1]: duplicate id \"m1\"", errors);
        Assert.Contains(errors, e => e.StartsWith("members[2].x:", StringComparison.Ordinal));
        Assert.Contains("members[2].capacity: negative capacity -1 for member \"m3\"", errors);
        Assert.Contains(errors, e => e.StartsWith("households[1].y:", StringComparison.Ordinal));
        Assert.Contains("households[2]: duplicate id \"h1\"", errors);
        Assert.Contains("ties[0].member: unknown member \"m9\"", errors);
        Assert.Contains("ties[1].kind: unknown tie kind 7", errors);
        Assert.Contains("current[0].household: unknown household \"h8\"", errors);
        Assert.Contains(errors, e => e.StartsWith("locked[2]: household \"h1\" is locked twice", StringComparison.Ordinal));
        Assert.Contains("locked[1]: member \"m1\" has 2 locked households but capacity 1", errors);
        var thrown = Assert.Throws<LinkingValidationException>(() => LinkingEngine.Solve(instance));
        Assert.Equal(errors.Count, thrown.Errors.Count);
    }
}
