using GridGov.Domain.Import;
using GridGov.Domain.Members;

namespace GridGov.Domain.Tests.Import;

public class ResidentIdTests
{
    // The worked example printed in GB 11643-1999 itself, and published sample numbers — not computed by our code.
    [Theory]
    [InlineData("11010519491231002X", 1949, 12, 31, Gender.Female)]
    [InlineData("11010119900307803X", 1990, 3, 7, Gender.Male)]
    public void Published_numbers_are_accepted_with_birth_date_and_gender(string id, int y, int m, int d, Gender gender)
    {
        Assert.Equal(id, ResidentId.Normalise(id, out var e));
        Assert.Equal(ResidentIdError.None, e);
        Assert.Equal(new DateOnly(y, m, d), ResidentId.BirthDate(id));
        Assert.Equal(gender, ResidentId.GenderOf(id));
    }

    [Fact]
    public void A_lower_case_x_and_spaces_are_normalised() =>
        Assert.Equal("11010519491231002X", ResidentId.Normalise(" 110105 19491231 002x ", out _));

    [Theory]
    [InlineData("110105194912310021", ResidentIdError.CheckDigit)] // one digit off the published example
    [InlineData("110105194912310120", ResidentIdError.CheckDigit)] // two digits swapped
    [InlineData("11010519491331002X", ResidentIdError.BirthDate)]  // month 13
    [InlineData("1101051949123100", ResidentIdError.Format)]
    [InlineData("11010519491231002Y", ResidentIdError.Format)]
    [InlineData("5.22229198001011E+17", ResidentIdError.StoredAsNumber)]
    [InlineData("", ResidentIdError.Missing)]
    public void Wrong_numbers_are_refused_with_the_reason(string id, ResidentIdError expected)
    {
        Assert.Null(ResidentId.Normalise(id, out var e));
        Assert.Equal(expected, e);
        Assert.NotEmpty(ResidentId.Message(e));
    }
}

public class ImportValuesTests
{
    [Theory]
    [InlineData("13800138000", "13800138000")]
    [InlineData("+86 138 0013 8000", "13800138000")]
    [InlineData("0856-6221234", "0856-6221234")]
    [InlineData("08566221234", "08566221234")]
    [InlineData("12800138000", null)] // no mobile prefix 12
    [InlineData("1380013800", null)]  // 10 digits
    [InlineData("6221234", null)]     // landline without area code
    public void Phones(string text, string? expected) => Assert.Equal(expected, ImportValues.NormalisePhone(text));

    [Theory]
    [InlineData("3组", 3)]
    [InlineData("第三组", 3)]
    [InlineData("十二组", 12)]
    [InlineData("二十一组", 21)]
    [InlineData("第5村民小组", 5)]
    [InlineData("组", null)]
    [InlineData("东组", null)]
    public void Group_numbers(string text, int? expected) => Assert.Equal(expected, ImportValues.GroupNumber(text));

    [Theory]
    [InlineData("2001-07-01", 2001, 7, 1)]
    [InlineData("2001/7/1", 2001, 7, 1)]
    [InlineData("2001年7月1日", 2001, 7, 1)]
    [InlineData("2001.7", 2001, 7, 1)]
    [InlineData("2001-07-01 00:00:00", 2001, 7, 1)]
    public void Dates(string text, int y, int m, int d) => Assert.Equal(new DateOnly(y, m, d), ImportValues.ParseDate(text));

    [Fact]
    public void Unknown_words_are_refused_not_guessed()
    {
        Assert.False(ImportValues.TryCategory("富裕户", out _, out _));
        Assert.False(ImportValues.TryMemberStatus("休假", out _));
        Assert.False(ImportValues.TryTieKind("同学会", out _));
        Assert.True(ImportValues.TryCategory("低保户", out var p, out var a));
        Assert.Equal((GridGov.Domain.Households.PovertyStatus.None, GridGov.Domain.Households.SocialAssistance.Subsistence), (p, a));
        Assert.True(ImportValues.TryMemberStatus("流动党员", out var s));
        Assert.Equal(MemberStatus.Migrant, s);
    }
}
