using GridGov.Domain.Coverage;
using GridGov.Domain.Members;

namespace GridGov.Domain.Tests.Coverage;

public class CoverageRulesTests
{
    [Fact]
    public void A_finished_month_is_read_at_its_last_instant_in_china_time_and_the_running_month_now()
    {
        var now = new DateTimeOffset(2026, 7, 15, 12, 0, 0, TimeSpan.Zero);
        // June is [00:00 on 1 June, 00:00 on 1 July) China time, read one microsecond before its end.
        Assert.Equal(new DateTimeOffset(2026, 5, 31, 16, 0, 0, TimeSpan.Zero), CoverageRules.MonthBegin(new DateOnly(2026, 6, 1)));
        Assert.Equal(new DateTimeOffset(2026, 6, 30, 16, 0, 0, TimeSpan.Zero), CoverageRules.MonthEnd(new DateOnly(2026, 6, 1)));
        Assert.Equal(new DateTimeOffset(2026, 6, 30, 16, 0, 0, TimeSpan.Zero).AddTicks(-10), CoverageRules.AsOf(new DateOnly(2026, 6, 1), now));
        Assert.Equal(new DateOnly(2026, 6, 30), CoverageRules.DateOf(CoverageRules.AsOf(new DateOnly(2026, 6, 1), now)));
        Assert.Equal(now, CoverageRules.AsOf(new DateOnly(2026, 7, 1), now));
        Assert.Equal(TimeSpan.Zero, CoverageRules.AsOf(new DateOnly(2026, 6, 1), now).Offset);
        // 20:00 UTC on 31 July is already 1 August in China.
        Assert.Equal(new DateOnly(2026, 8, 1), CoverageRules.CurrentMonth(new DateTimeOffset(2026, 7, 31, 20, 0, 0, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData("2026-07", true)]
    [InlineData("2026-07-19", true)]
    [InlineData("2026-13", false)]
    [InlineData("july", false)]
    public void Months_parse_as_yyyy_mm(string s, bool ok) => Assert.Equal(ok, CoverageRules.TryParseMonth(s, out _));

    [Fact]
    public void Thirty_days_without_contact_is_stale()
    {
        var r = CoverageRules.Default;
        var asOf = new DateOnly(2026, 7, 31);
        Assert.True(r.IsStale(null, asOf));
        Assert.True(r.IsStale(new DateOnly(2026, 7, 1), asOf));
        Assert.False(r.IsStale(new DateOnly(2026, 7, 2), asOf));
    }

    [Fact]
    public void Capacity_defaults_follow_the_status_and_the_link_settings()
    {
        var r = CoverageRules.Default;
        Assert.Equal(3000, r.MaxLinkMeters);
        Assert.Equal(8, r.CapacityOf(MemberStatus.Active, null));
        Assert.Equal(3, r.CapacityOf(MemberStatus.Elderly, null));
        Assert.Equal(0, r.CapacityOf(MemberStatus.Migrant, null));
        Assert.Equal(2, r.CapacityOf(MemberStatus.Active, 2));
    }

    [Fact]
    public void Sums_add_counts_and_recompute_shares()
    {
        var a = new CoverageFigures { Households = 10, LinkedHouseholds = 9, ContactedHouseholds = 5, FarLinks = 1, UncoveredAreaM2 = 100 };
        var b = new CoverageFigures { Households = 30, LinkedHouseholds = 15, ContactedHouseholds = 3, OverloadedMembers = 2 };
        var s = CoverageFigures.Sum([a, b]);
        Assert.Equal(40, s.Households);
        Assert.Equal(0.6, s.LinkedShare, 6); // 24/40, not the mean of 0.9 and 0.5
        Assert.Equal(0.2, s.ContactedShare, 6);
        Assert.Equal(1, s.FarLinks);
        Assert.Equal(2, s.OverloadedMembers);
        Assert.Equal(1, new CoverageFigures().LinkedShare);
    }
}
