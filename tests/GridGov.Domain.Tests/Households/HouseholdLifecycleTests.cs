using GridGov.Domain.Households;
using GridGov.Domain.Links;
using NetTopologySuite.Geometries;

namespace GridGov.Domain.Tests.Households;

public class HouseholdLifecycleTests
{
    private static readonly GeometryFactory Geo = new(new PrecisionModel(), 4326);
    private static readonly DateTimeOffset T = new(2026, 3, 15, 10, 0, 0, TimeSpan.FromHours(8));

    private static Household Make(DateTimeOffset? endedAt = null) => new()
    {
        Id = 7, VillageCode = "520625101001", HouseholdNo = "0007", GroupId = 3, Location = Geo.CreatePoint(new Coordinate(108.31, 28.01)),
        HeadName = "田大明", Size = 5, PovertyStatus = PovertyStatus.Monitored, Assistance = SocialAssistance.Subsistence,
        IdNumber = "520625198001011234", Phone = "13812345678", Address = "一组", EndedAt = endedAt,
    };

    [Fact]
    public void A_household_exists_until_the_instant_it_ends()
    {
        Assert.True(Make().IsActiveAt(DateTimeOffset.MaxValue));
        var h = Make(T);
        Assert.True(h.IsActiveAt(T.AddTicks(-1)));
        Assert.False(h.IsActiveAt(T));
        Assert.False(h.IsActiveAt(T.AddDays(1)));
        // The same instant in another offset is the same instant.
        Assert.False(h.IsActiveAt(T.ToUniversalTime()));
    }

    [Fact]
    public void The_query_form_is_the_same_rule()
    {
        var rule = Household.ActiveAt(T).Compile();
        foreach (var endedAt in new DateTimeOffset?[] { null, T.AddTicks(-1), T, T.AddTicks(1) })
            Assert.Equal(Make(endedAt).IsActiveAt(T), rule(Make(endedAt)));
    }

    [Fact]
    public void Ending_records_when_and_why_and_happens_once()
    {
        var h = Make();
        h.End(T, "  全家迁往铜仁市  ");
        Assert.Equal(T, h.EndedAt);
        Assert.Equal("全家迁往铜仁市", h.EndReason);
        var again = Assert.Throws<HouseholdRuleException>(() => h.End(T.AddDays(1), "再次"));
        Assert.Equal(HouseholdRule.AlreadyEnded, again.Rule);
        Assert.Equal(T, h.EndedAt);
    }

    [Theory]
    [InlineData("", HouseholdRule.EndReasonMissing)]
    [InlineData("   ", HouseholdRule.EndReasonMissing)]
    [InlineData(null, HouseholdRule.EndReasonMissing)]
    public void Ending_needs_a_reason(string? reason, HouseholdRule rule)
    {
        var h = Make();
        Assert.Equal(rule, Assert.Throws<HouseholdRuleException>(() => h.End(T, reason!)).Rule);
        Assert.Null(h.EndedAt);
    }

    [Fact]
    public void A_reason_longer_than_the_column_is_refused()
    {
        var h = Make();
        Assert.Equal(HouseholdRule.EndReasonTooLong,
            Assert.Throws<HouseholdRuleException>(() => h.End(T, new string('迁', Household.MaxEndReasonLength + 1))).Rule);
        h.End(T, new string('迁', Household.MaxEndReasonLength));
        Assert.NotNull(h.EndedAt);
    }

    [Fact]
    public void Splitting_makes_a_new_household_in_the_same_village_and_group_and_shrinks_the_original()
    {
        var h = Make();
        var at = Geo.CreatePoint(new Coordinate(108.312, 28.011));
        var split = h.SplitOff(" 0031 ", " 田小明 ", 2, at, T, remainingSize: 3);
        Assert.Equal(3, h.Size);
        Assert.Equal(("520625101001", "0031", 3L, "田小明", 2), (split.VillageCode, split.HouseholdNo, split.GroupId!.Value, split.HeadName, split.Size));
        Assert.Same(at, split.Location);
        Assert.Equal((PovertyStatus.Monitored, SocialAssistance.Subsistence), (split.PovertyStatus, split.Assistance));
        // Personal data of the original head is not copied, and the new one starts unended and without a cell.
        Assert.Null(split.IdNumber);
        Assert.Null(split.Phone);
        Assert.Null(split.EndedAt);
        Assert.Null(split.CellId);
        Assert.Equal(0, split.Id);
        Assert.Equal(Areas.DataSource.Entered, split.Source);
    }

    [Fact]
    public void Splitting_without_a_remaining_size_keeps_the_original_size()
    {
        var h = Make();
        h.SplitOff(null, "田小明", 2, h.Location, T);
        Assert.Equal(5, h.Size);
    }

    [Theory]
    [InlineData("0008", "", 2, null, HouseholdRule.HeadNameMissing)]
    [InlineData("0008", "田小明", 0, null, HouseholdRule.SizeOutOfRange)]
    [InlineData("0008", "田小明", 31, null, HouseholdRule.SizeOutOfRange)]
    [InlineData("0008", "田小明", 2, 0, HouseholdRule.SizeOutOfRange)]
    [InlineData("0007", "田小明", 2, null, HouseholdRule.SameHouseholdNo)]
    public void Splitting_keeps_the_invariants(string? no, string head, int size, int? remaining, HouseholdRule rule)
    {
        var h = Make();
        Assert.Equal(rule, Assert.Throws<HouseholdRuleException>(() => h.SplitOff(no, head, size, h.Location, T, remaining)).Rule);
        Assert.Equal(5, h.Size);
    }

    [Fact]
    public void An_ended_household_cannot_split()
    {
        var h = Make(T);
        Assert.Equal(HouseholdRule.AlreadyEnded, Assert.Throws<HouseholdRuleException>(() => h.SplitOff("9", "x", 1, h.Location, T)).Rule);
        // Before it ended it could have.
        Assert.NotNull(h.SplitOff("9", "x", 1, h.Location, T.AddSeconds(-1)));
    }

    [Fact]
    public void A_tie_copied_to_the_split_household_keeps_its_kind_origin_and_relation()
    {
        var tie = new Tie { Id = 4, MemberId = 2, HouseholdId = 7, Kind = TieKind.Blood, Origin = TieOrigin.Inferred, Relation = "堂兄", Note = "n", CreatedAt = T.AddYears(-1) };
        var copy = tie.CopyFor(31, T);
        Assert.Equal((0L, 2L, 31L, TieKind.Blood, TieOrigin.Inferred, "堂兄", "n", T),
            (copy.Id, copy.MemberId, copy.HouseholdId, copy.Kind, copy.Origin, copy.Relation, copy.Note, copy.CreatedAt));
        Assert.Equal(7, tie.HouseholdId);
    }

    [Fact]
    public void A_link_ends_once_and_never_before_it_starts()
    {
        var link = new Link { Id = 1, ValidFrom = T.AddDays(-10) };
        Assert.Throws<ArgumentOutOfRangeException>(() => link.End(T.AddDays(-10), "sec", "x"));
        link.End(T, "sec", "注销");
        Assert.Equal((T, "sec", "注销"), (link.ValidTo!.Value, link.EndedBy!, link.EndReason!));
        Assert.False(link.IsCurrentAt(T));
        Assert.Throws<InvalidOperationException>(() => link.End(T.AddDays(1), "sec", "again"));
    }
}
