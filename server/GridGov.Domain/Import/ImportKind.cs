namespace GridGov.Domain.Import;

/// <summary>What a county's file holds. One file, one kind.</summary>
public enum ImportKind { Areas, Boundaries, Households, Members, Ties, Cells, Links, Cadres }

/// <summary>
/// One column a kind of file may have: a stable key (the English name, also accepted as a header),
/// the Chinese header of the template, other headers counties use for it, and whether it is required.
/// </summary>
public sealed record ImportColumn(string Key, string Header, bool Required, string Example, params string[] Aliases)
{
    /// <summary>For enum columns: the values a cell may hold (the template offers them as a drop-down).</summary>
    public IReadOnlyList<string>? Choices { get; init; }
    /// <summary>Alternatives: the row needs this column or the one named here (e.g. 村代码 or 村名称).</summary>
    public string? OrKey { get; init; }
}

/// <summary>The columns of each kind (docs/import.md has the same table).</summary>
public static class ImportColumns
{
    public static readonly string[] HouseholdCategories = ["一般户", "脱贫户", "监测户", "贫困户", "低保户", "特困户"];
    public static readonly string[] MemberStatuses = ["正常", "流动", "年老体弱", "患病", "已故", "转出"];
    public static readonly string[] MemberTypes = ["正式", "预备"];
    public static readonly string[] Genders = ["男", "女"];
    public static readonly string[] TieKinds = ["血缘", "亲缘", "姻亲", "人缘"];
    public static readonly string[] CadreKindWords = [.. Enum.GetValues<Members.CadreKind>().Select(Cadres.CadreKinds.Zh)];
    public static readonly string[] CadreRankWords = [.. Enum.GetValues<Cadres.CadreRank>().Select(Cadres.CadreRanks.Zh)];

    public static IReadOnlyList<ImportColumn> For(ImportKind kind) => kind switch
    {
        ImportKind.Areas =>
        [
            new("code", "区划代码", true, "520625100000", "代码", "统计用区划代码"),
            new("name", "名称", true, "峨岭街道", "区划名称"),
            new("parent", "上级代码", false, "520625000000", "上级区划代码"),
        ],
        ImportKind.Boundaries =>
        [
            new("code", "区划代码", true, "520625100001", "代码", "统计用区划代码", "adcode"),
        ],
        ImportKind.Households =>
        [
            new("householdNo", "户编号", true, "0001", "户号"),
            new("headName", "户主姓名", true, "张三", "户主"),
            new("headIdNumber", "户主身份证号", false, "522229198001011234", "身份证号", "户主身份证号码"),
            new("phone", "联系电话", false, "13800000000", "电话", "手机号"),
            new("villageCode", "村代码", true, "520625100001", "村区划代码") { OrKey = "villageName" },
            new("villageName", "村名称", false, "团山村", "村名", "所在村") { OrKey = "villageCode" },
            new("villageGroup", "村民小组", false, "3组", "组", "小组"),
            new("address", "地址", false, "团山村3组12号", "住址"),
            new("size", "人口数", false, "4", "家庭人口", "人口"),
            new("category", "户类别", false, "一般户", "户类型") { Choices = HouseholdCategories },
            new("lon", "经度", false, "108.40512"),
            new("lat", "纬度", false, "27.99831"),
            new("x", "X", false, ""),
            new("y", "Y", false, ""),
        ],
        ImportKind.Members =>
        [
            new("name", "姓名", true, "李四"),
            new("idNumber", "身份证号", true, "522229197502021234", "公民身份号码", "身份证号码"),
            new("gender", "性别", false, "男") { Choices = Genders },
            new("birthDate", "出生日期", false, "1975-02-02"),
            new("joinedOn", "入党日期", false, "2001-07-01", "入党时间"),
            new("memberType", "党员类别", false, "正式", "人员类别") { Choices = MemberTypes },
            new("branch", "所在支部", true, "520625100001", "所在党支部", "支部"),
            new("status", "党员状态", false, "正常", "状态") { Choices = MemberStatuses },
            new("phone", "联系电话", false, "13900000000", "电话", "手机号"),
            new("householdNo", "住户编号", false, "0002", "户编号"),
            new("capacity", "联系户上限", false, "8", "联系户数上限"),
        ],
        ImportKind.Ties =>
        [
            new("memberIdNumber", "党员身份证号", true, "522229197502021234"),
            new("householdNo", "户编号", true, "0001"),
            new("villageCode", "村代码", false, "520625100001"),
            new("kind", "关系", true, "血缘", "关系类别") { Choices = TieKinds },
            new("detail", "说明", false, "堂兄", "具体关系"),
        ],
        ImportKind.Cells =>
        [
            new("name", "网格名称", true, "一组网格", "网格"),
            // The export's Shapefile names, and GDAL's 10-character cuts of the keys: a cell layer comes back from any GIS file.
            new("villageCode", "村代码", true, "520625100001", "vill_code", "villageCod"),
            new("leaderIdNumber", "网格长身份证号", false, "522229197502021234", "leader_id", "leaderIdNu"),
        ],
        ImportKind.Links =>
        [
            new("memberIdNumber", "党员身份证号", true, "522229197502021234"),
            new("householdNo", "户编号", true, "0001"),
            new("villageCode", "村代码", false, "520625100001"),
            new("startDate", "开始日期", false, "2024-01-01", "联系开始日期"),
        ],
        // One row per posting (驻村 / 包村): key 身份证号 + 村 + 开始日期.
        ImportKind.Cadres =>
        [
            new("name", "姓名", true, "王五"),
            new("idNumber", "身份证号", true, "522229198203031234", "公民身份号码", "身份证号码"),
            new("phone", "联系电话", false, "13700000000", "电话", "手机号"),
            new("cadreKind", "类别", true, "包村干部", "干部类别", "驻村类别") { Choices = CadreKindWords },
            new("rank", "职级", false, "科级", "级别") { Choices = CadreRankWords },
            new("villageCode", "驻村村代码", true, "520625100001", "村代码") { OrKey = "villageName" },
            new("villageName", "村名称", false, "团山村", "驻村村名称", "所驻村") { OrKey = "villageCode" },
            new("startDate", "开始日期", true, "2024-01-01", "驻村开始日期"),
            new("endDate", "结束日期", false, "", "驻村结束日期"),
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
