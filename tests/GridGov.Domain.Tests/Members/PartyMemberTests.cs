using GridGov.Domain.Areas;
using GridGov.Domain.Geo;
using GridGov.Domain.Households;
using GridGov.Domain.Import;
using GridGov.Domain.Links;
using GridGov.Domain.Members;

namespace GridGov.Domain.Tests.Members;

public class PartyMemberTests
{
    private static readonly NetTopologySuite.Geometries.Point Home = CoordinateConverter.StorageFactory.CreatePoint(new NetTopologySuite.Geometries.Coordinate(108.31, 28.01));

    private static PartyMember Member(MemberStatus status = MemberStatus.Active) =>
        new() { Id = 7, PersonId = 3, BranchId = 1, VillageCode = "520625101001", Home = Home, Status = status };

    [Theory]
    [InlineData(MemberStatus.Active, MemberStatus.Deceased, LinkConsequence.EndLinks)]
    [InlineData(MemberStatus.Active, MemberStatus.Left, LinkConsequence.EndLinks)]
    [InlineData(MemberStatus.Sick, MemberStatus.Deceased, LinkConsequence.EndLinks)]
    [InlineData(MemberStatus.Active, MemberStatus.Migrant, LinkConsequence.RemoteOnly)]
    [InlineData(MemberStatus.Active, MemberStatus.Elderly, LinkConsequence.None)]
    [InlineData(MemberStatus.Migrant, MemberStatus.Active, LinkConsequence.None)]
    [InlineData(MemberStatus.Deceased, MemberStatus.Deceased, LinkConsequence.None)] // no change, nothing to end again
    public void A_status_change_says_what_becomes_of_the_links(MemberStatus from, MemberStatus to, LinkConsequence expected)
    {
        var m = Member(from);
        Assert.Equal(expected, m.ChangeStatus(to));
        Assert.Equal(to, m.Status);
    }

    [Fact]
    public void The_consequence_follows_the_capacity_rule_for_every_status()
    {
        foreach (var s in Enum.GetValues<MemberStatus>())
            Assert.Equal(GridGov.Domain.Linking.MemberCapacity.IsGone(s), PartyMember.ConsequenceOf(s) == LinkConsequence.EndLinks);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public void Capacity_outside_0_to_100_is_refused_and_unchanged(int capacity)
    {
        var m = Member();
        m.SetCapacity(4);
        Assert.Throws<ArgumentOutOfRangeException>(() => m.SetCapacity(capacity));
        Assert.Equal(4, m.Capacity);
    }

    [Fact]
    public void Capacity_null_means_the_county_default()
    {
        var m = Member();
        m.SetCapacity(0);
        Assert.Equal(0, m.Capacity);
        m.SetCapacity(null);
        Assert.Null(m.Capacity);
    }

    [Fact]
    public void Moving_to_another_branch_ends_the_links_and_takes_the_new_home()
    {
        var m = Member();
        var there = CoordinateConverter.StorageFactory.CreatePoint(new NetTopologySuite.Geometries.Coordinate(108.45, 28.0));
        Assert.Equal(LinkConsequence.EndLinks, m.MoveToBranch(3, "520625102001", there));
        Assert.Equal(("520625102001", 3L), (m.VillageCode, m.BranchId));
        Assert.Same(there, m.Home);
    }

    [Fact]
    public void Moving_to_the_same_branch_or_when_gone_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => Member().MoveToBranch(1, "520625101001", Home));
        var gone = Member(MemberStatus.Deceased);
        Assert.Throws<InvalidOperationException>(() => gone.MoveToBranch(3, "520625102001", Home));
        Assert.Equal("520625101001", gone.VillageCode);
    }

    [Fact]
    public void Living_in_a_household_puts_the_home_at_the_house_of_the_same_village_only()
    {
        var m = Member();
        var person = new Person { Id = 3, Name = "田建国" };
        var house = new Household { Id = 9, VillageCode = "520625101001", HeadName = "田大明",
            Location = CoordinateConverter.StorageFactory.CreatePoint(new NetTopologySuite.Geometries.Coordinate(108.32, 28.02)) };
        m.LiveIn(person, house);
        Assert.Equal(9, person.HouseholdId);
        Assert.Same(house.Location, m.Home);
        var elsewhere = new Household { Id = 10, VillageCode = "520625102001", HeadName = "吴六", Location = Home };
        Assert.Throws<InvalidOperationException>(() => m.LiveIn(person, elsewhere));
        Assert.Equal(9, person.HouseholdId);
    }

    [Fact]
    public void A_person_takes_gender_and_birth_year_from_the_ID_number_unless_given()
    {
        var body = "52062519800101123";
        var id = body + ResidentId.CheckDigit(body); // 17th digit 3: odd, a man
        var p = Person.Identified("田建国", id, null, null, DataSource.Entered);
        Assert.Equal((Gender.Male, (int?)1980), (p.Gender, p.BirthYear));
        var given = Person.Identified("田建国", id.ToLowerInvariant(), Gender.Female, 1981, DataSource.Entered);
        Assert.Equal((Gender.Female, (int?)1981, id), (given.Gender, given.BirthYear, given.IdNumber));
        Assert.Throws<ArgumentException>(() => Person.Identified("x", body + (ResidentId.CheckDigit(body) == '0' ? '1' : '0'), null, null, DataSource.Entered));
    }
}

public class LinkEndTests
{
    [Fact]
    public void A_link_ends_once_with_who_and_why()
    {
        var from = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var l = new Link { MemberId = 1, HouseholdId = 2, ValidFrom = from };
        l.End(from.AddDays(10), "sec-a1", "党员已故");
        Assert.Equal((from.AddDays(10), "sec-a1", "党员已故"), (l.ValidTo!.Value, l.EndedBy!, l.EndReason!));
        Assert.False(l.IsCurrentAt(from.AddDays(11)));
        Assert.Throws<InvalidOperationException>(() => l.End(from.AddDays(12), "x", "y"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Link { ValidFrom = from }.End(from.AddDays(-1), "x", "y"));
    }
}

public class HouseholdMoveTests
{
    [Fact]
    public void Moving_a_house_reports_whether_it_moved()
    {
        var f = CoordinateConverter.StorageFactory;
        var h = new Household { VillageCode = "520625101001", HeadName = "田大明", Location = f.CreatePoint(new NetTopologySuite.Geometries.Coordinate(108.31, 28.01)) };
        Assert.False(h.MoveTo(f.CreatePoint(new NetTopologySuite.Geometries.Coordinate(108.31, 28.01))));
        Assert.True(h.MoveTo(f.CreatePoint(new NetTopologySuite.Geometries.Coordinate(108.32, 28.01))));
        Assert.Equal(108.32, h.Location.X);
    }
}
