using GridGov.Domain.Import;
using GridGov.Import.Files;

namespace GridGov.Import.Tests.Files;

public class HeaderMapTests
{
    [Fact]
    public void Chinese_header_key_bracketed_key_and_marks()
    {
        var map = HeaderMap.Build(ImportKind.Households,
            ["户编号(householdNo)*", "户主姓名（headName）（必填）", "HEADIDNUMBER", " 村 代 码 *", "ｐｈｏｎｅ", "经度", "lat"]);
        Assert.Equal(0, map.IndexOf("householdNo"));
        Assert.Equal(1, map.IndexOf("headName"));
        Assert.Equal(2, map.IndexOf("headIdNumber"));
        Assert.Equal(3, map.IndexOf("villageCode"));
        Assert.Equal(4, map.IndexOf("phone"));
        Assert.Equal(5, map.IndexOf("lon"));
        Assert.Equal(6, map.IndexOf("lat"));
        Assert.Empty(map.Unknown);
        Assert.Empty(map.MissingRequired);
        Assert.Empty(map.Duplicates);
        Assert.Null(map.IndexOf("address"));
    }

    [Fact]
    public void Bracketed_key_wins_over_the_text_before_it()
    {
        var map = HeaderMap.Build(ImportKind.Households, ["编号(householdNo)", "姓名(headName)"]);
        Assert.Equal(0, map.IndexOf("householdNo"));
        Assert.Equal(1, map.IndexOf("headName"));
    }

    [Fact]
    public void Aliases_unknown_and_duplicates()
    {
        var map = HeaderMap.Build(ImportKind.Members,
            ["姓名", "公民身份号码", "所在党支部", "手机号", "户编号", "文化程度", "", "电话"]);
        Assert.Equal(1, map.IndexOf("idNumber"));
        Assert.Equal(2, map.IndexOf("branch"));
        Assert.Equal(3, map.IndexOf("phone"));
        Assert.Equal(4, map.IndexOf("householdNo"));
        Assert.Equal(["文化程度"], map.Unknown);
        Assert.Equal(["电话"], map.Duplicates);
        Assert.Empty(map.MissingRequired);

        var row = new TabularRow(2, ["李四", "522229197502021234", "520625100001", null, "0002", "高中", null, "139"], new bool[8]);
        Assert.Equal("0002", map.Get(row, "householdNo"));
        Assert.Null(map.Get(row, "phone"));
        Assert.Null(map.Get(row, "capacity"));
    }

    [Fact]
    public void An_alias_never_takes_a_header_another_column_owns()
    {
        // Households: 「户主身份证号」 is headIdNumber's header; 「身份证号」 is its alias.
        var map = HeaderMap.Build(ImportKind.Households, ["户号", "户主", "身份证号", "所在村"]);
        Assert.Equal(0, map.IndexOf("householdNo"));
        Assert.Equal(1, map.IndexOf("headName"));
        Assert.Equal(2, map.IndexOf("headIdNumber"));
        Assert.Equal(3, map.IndexOf("villageName"));
    }

    [Fact]
    public void Missing_required_respects_or_key()
    {
        // 村名称 stands in for the required 村代码.
        var byName = HeaderMap.Build(ImportKind.Households, ["户编号", "户主姓名", "村名称"]);
        Assert.Empty(byName.MissingRequired);

        var neither = HeaderMap.Build(ImportKind.Households, ["户编号", "地址"]);
        Assert.Equal(["headName", "villageCode"], neither.MissingRequired.Select(c => c.Key));

        var ties = HeaderMap.Build(ImportKind.Ties, ["党员身份证号", "户编号"]);
        Assert.Equal(["kind"], ties.MissingRequired.Select(c => c.Key));
    }
}
