using GridGov.Domain.Cells;
using GridGov.Domain.Coverage;
using GridGov.Domain.Links;
using GridGov.Domain.Members;
using GridGov.Domain.Monthly;

namespace GridGov.Domain.Tests.Links;

/// <summary>State changes of links and the small rules the API asks the domain for (issue 14).</summary>
public class LinkRulesTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 10, 9, 0, 0, CoverageRules.ChinaOffset);

    private static Tie Tie(TieKind kind, string? relation, TieOrigin origin = TieOrigin.Declared) =>
        new() { MemberId = 1, HouseholdId = 2, Kind = kind, Relation = relation, Origin = origin };

    [Fact]
    public void A_new_link_takes_its_basis_and_words_from_the_ties()
    {
        var link = Link.Start(1, 2, MemberStatus.Active, [Tie(TieKind.Social, "邻居"), Tie(TieKind.Blood, "堂兄")], 320.4, true, At, "sec");
        Assert.Equal(LinkBasis.Blood, link.Basis);
        Assert.Equal("血缘: 堂兄 · 320 m", link.Explanation);
        Assert.True(link.Locked);
        Assert.Equal(At, link.ValidFrom);
        Assert.Null(link.ValidTo);
        Assert.True(link.IsCurrentAt(At));

        Assert.Equal(LinkBasis.Proximity, Link.Start(1, 2, MemberStatus.Active, [], 80, false, At, "sec").Basis);
        // A migrant keeps in touch remotely, whatever the ties.
        Assert.Equal(LinkBasis.Remote, Link.Start(1, 2, MemberStatus.Migrant, [Tie(TieKind.Blood, "兄")], 80, false, At, "sec").Basis);
        // A declared relation is named before an inferred one.
        var words = Link.Start(1, 2, MemberStatus.Active, [Tie(TieKind.Marriage, "同姓", TieOrigin.Inferred), Tie(TieKind.Marriage, "岳父")], 10, false, At, "s");
        Assert.Equal("亲缘: 岳父 · 10 m", words.Explanation);
    }

    [Fact]
    public void A_link_ends_once_after_it_began_and_an_ended_one_is_not_relocked()
    {
        var link = Link.Start(1, 2, MemberStatus.Active, [], 80, false, At, "sec");
        Assert.Throws<ArgumentOutOfRangeException>(() => link.End(At, "sec", "x"));
        Assert.True(link.SetLocked(true));
        Assert.False(link.SetLocked(true));
        link.End(At.AddDays(1), "sec", "改由其他党员联系");
        Assert.False(link.IsCurrentAt(At.AddDays(1)));
        Assert.True(link.IsCurrentAt(At.AddDays(1).AddTicks(-10)));
        Assert.Throws<InvalidOperationException>(() => link.End(At.AddDays(2), "sec", "again"));
        Assert.Throws<InvalidOperationException>(() => link.SetLocked(false));
    }

    [Theory]
    [InlineData(MemberStatus.Active, true)]
    [InlineData(MemberStatus.Elderly, true)]
    [InlineData(MemberStatus.Sick, true)]
    [InlineData(MemberStatus.Migrant, false)]
    [InlineData(MemberStatus.Left, false)]
    [InlineData(MemberStatus.Deceased, false)]
    public void Who_may_lead_a_cell(MemberStatus status, bool may) => Assert.Equal(may, GridCell.CanLead(status));

    [Fact]
    public void Cell_names_clash_trimmed_and_ignoring_case()
    {
        Assert.True(GridCell.NameTaken(" 一组网格", ["一组网格", "二组网格"]));
        Assert.True(GridCell.NameTaken("Zone A", ["zone a "]));
        Assert.False(GridCell.NameTaken("三组网格", ["一组网格", "二组网格"]));
    }

    [Fact]
    public void A_future_month_is_one_after_the_running_month_in_china_time()
    {
        // 16:30 UTC on 31 March is 00:30 on 1 April in China: April is running, May is the future.
        var now = new DateTimeOffset(2026, 3, 31, 16, 30, 0, TimeSpan.Zero);
        Assert.False(CoverageRules.IsFuture(new DateOnly(2026, 4, 1), now));
        Assert.False(CoverageRules.IsFuture(new DateOnly(2026, 4, 30), now));
        Assert.True(CoverageRules.IsFuture(new DateOnly(2026, 5, 1), now));
        Assert.True(CoverageRules.IsFuture(new DateOnly(2026, 4, 1), now.AddHours(-1)));
    }

    [Fact]
    public void A_rating_month_lies_within_the_members_and_the_branchs_data()
    {
        var now = new DateTimeOffset(2026, 6, 10, 0, 0, 0, CoverageRules.ChinaOffset);
        var first = new DateOnly(2026, 1, 1);
        Assert.Equal(RatingMonthProblem.Future, RatingRules.Check(new(2026, 7, 1), null, first, now));
        Assert.Equal(RatingMonthProblem.None, RatingRules.Check(new(2026, 6, 1), null, first, now));
        Assert.Equal(RatingMonthProblem.None, RatingRules.Check(new(2026, 1, 1), null, first, now));
        Assert.Equal(RatingMonthProblem.BeforeData, RatingRules.Check(new(2025, 12, 1), null, first, now));
        Assert.Equal(RatingMonthProblem.BeforeData, RatingRules.Check(new(2000, 1, 1), null, first, now));
        // Joined in the middle of March: March counts, February does not.
        Assert.Equal(RatingMonthProblem.None, RatingRules.Check(new(2026, 3, 1), new DateOnly(2026, 3, 15), first, now));
        Assert.Equal(RatingMonthProblem.BeforeJoined, RatingRules.Check(new(2026, 2, 1), new DateOnly(2026, 3, 15), first, now));
        // A branch with no declarations yet: last month (the activity day's) and this month only.
        Assert.Equal(RatingMonthProblem.None, RatingRules.Check(new(2026, 5, 1), null, null, now));
        Assert.Equal(RatingMonthProblem.BeforeData, RatingRules.Check(new(2026, 4, 1), null, null, now));
    }
}
