using GridGov.Domain.Cadres;
using GridGov.Domain.CheckIns;

namespace GridGov.Domain.Tests.Cadres;

public class CadreRulesTests
{
    [Theory]
    [InlineData("县级", CadreRank.County)]
    [InlineData("科级", CadreRank.Section)]
    [InlineData(" 一般干部 ", CadreRank.General)]
    [InlineData("村干部", CadreRank.Village)]
    [InlineData("Section", CadreRank.Section)]
    public void Ranks_are_read_in_Chinese_or_by_code(string text, CadreRank rank) => Assert.Equal(rank, CadreRanks.Parse(text));

    [Theory]
    [InlineData("处级")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_is_no_rank(string? text) => Assert.Null(CadreRanks.Parse(text));

    [Theory]
    [InlineData("第一书记", true)]
    [InlineData("驻村工作组长", true)]
    [InlineData("驻村工作队员", false)]
    [InlineData("包村干部", false)]
    public void The_quarter_ranks_the_work_teams_leaders_only(string kind, bool ranked) =>
        Assert.Equal(ranked, CadreKinds.IsRankedQuarterly(CadreKinds.Parse(kind)!.Value));

    [Fact]
    public void A_resent_entry_is_the_same_content_whatever_the_order_of_its_households()
    {
        var e = new WorkLogEntry { VillageCode = "520625101001", Day = new DateOnly(2026, 12, 5), Text = "走访", HouseholdIds = [1, 2] };
        Assert.True(e.SameContent(new DateOnly(2026, 12, 5), "走访", [2, 1, 2]));
        Assert.False(e.SameContent(new DateOnly(2026, 12, 4), "走访", [1, 2]));
        Assert.False(e.SameContent(new DateOnly(2026, 12, 5), "走访", [1]));
    }

    [Fact]
    public void Required_days_follow_the_county_setting_pro_rated()
    {
        var jan = new DateOnly(2026, 1, 1);
        var later = new DateOnly(2026, 3, 1);
        Assert.Equal(20, CheckInCompliance.RequiredDays(jan, new DateOnly(2025, 1, 1), null, later));
        Assert.Equal(22, CheckInCompliance.RequiredDays(jan, new DateOnly(2025, 1, 1), null, later, perMonth: 22));
        // From 17 January: 15 of 31 days.
        Assert.Equal(Math.Round(22 * 15 / 31.0, 2), CheckInCompliance.RequiredDays(jan, new DateOnly(2026, 1, 17), null, later, perMonth: 22));
        Assert.False(CadreSettings.ValidRequiredDays(0));
        Assert.True(CadreSettings.ValidRequiredDays(31));
    }
}
