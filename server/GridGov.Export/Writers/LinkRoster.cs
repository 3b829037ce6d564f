namespace GridGov.Export.Writers;

/// <summary>
/// 党员联系户名册 as a branch keeps it: per village a sheet titled 「团山村党员联系户名册（2026年11月）」, then one block per
/// member (who, phone, cell, how many households; the households with basis and distance; the member's signature line), and
/// the secretary's signature at the end.
/// </summary>
internal static class LinkRoster
{
    public const string FlatSheet = "联系户";

    private static readonly string[] BlockHeaders = ["序号", "户编号", "户主姓名", "村民小组", "地址", "联系依据", "距离（米）", "开始日期"];
    private static readonly double[] Widths = [6, 10, 10, 9, 26, 10, 10, 12];
    private static readonly ExportColumn[] BlockColumns =
    [
        new("n", "序号", ColumnType.Integer, "n", 6), new("householdNo", "户编号", ColumnType.Text, "hh_no", 10),
        new("headName", "户主姓名", ColumnType.Text, "head_name", 10), new("villageGroup", "村民小组", ColumnType.Text, "vill_group", 9),
        new("address", "地址", ColumnType.Text, "address", 26), new("basis", "联系依据", ColumnType.Text, "basis", 10),
        new("distanceMeters", "距离（米）", ColumnType.Integer, "dist_m", 10), new("startDate", "开始日期", ColumnType.Date, "start_date", 12),
    ];

    public static async Task<int> WriteAsync(XlsxPackage book, IAsyncEnumerable<ExportRow> rows, ExportContext context, string areaName, bool perVillage, CancellationToken ct)
    {
        XlsxSheet? sheet = null;
        string? village = null, member = null;
        var block = new List<object?[]>(); // one member's households: at most their capacity, so small
        var count = 0;
        try
        {
            await foreach (var row in rows.WithCancellation(ct))
            {
                var key = $"{row.Values[0]}|{row.Values[4]}|{row.Values[5]}";
                if (member is not null && (key != member || row.VillageCode != village)) { Block(sheet!, block); block.Clear(); }
                if (sheet is null || (perVillage && row.VillageCode != village))
                {
                    if (sheet is not null) { End(sheet); sheet.Dispose(); }
                    sheet = Start(book, perVillage ? row.VillageName : areaName, context);
                }
                village = row.VillageCode;
                member = key;
                block.Add(row.Values);
                count++;
            }
            if (block.Count > 0) Block(sheet!, block);
            sheet ??= Start(book, areaName, context);
            End(sheet);
        }
        finally { sheet?.Dispose(); }
        return count;
    }

    private static XlsxSheet Start(XlsxPackage book, string name, ExportContext context)
    {
        var s = book.AddSheet(name, Widths, frozenRows: 1);
        s.Banner(XlsxWriter.Title(name, "党员联系户名册", context.Month), Widths.Length, XlsxStyle.Title, height: 30);
        return s;
    }

    // Values: 0 member ID, 1 户编号, 2 village, 3 start, 4 member, 5 phone, 6 cell, 7 head, 8 group, 9 address, 10 basis, 11 distance.
    private static void Block(XlsxSheet s, List<object?[]> block)
    {
        var first = block[0];
        s.Blank();
        s.Banner($"党员：{first[4]}　身份证号：{first[0]}　联系电话：{first[5] ?? "—"}　所在网格：{first[6] ?? "—"}　联系户：{block.Count} 户",
            Widths.Length, XlsxStyle.Block);
        s.Header(BlockHeaders);
        var n = 0;
        foreach (var v in block)
            s.Values(BlockColumns, [++n, v[1], v[7], v[8], v[9], v[10], v[11], v[3]]);
        s.Banner("党员签字：＿＿＿＿＿＿＿＿　　　　日期：＿＿＿＿年＿＿月＿＿日", Widths.Length, XlsxStyle.Plain, height: 24);
    }

    private static void End(XlsxSheet s)
    {
        s.Blank();
        s.Banner("支部书记（签字）：＿＿＿＿＿＿＿＿　　党支部（盖章）　　填表日期：＿＿＿＿年＿＿月＿＿日", Widths.Length, XlsxStyle.Plain, height: 28);
    }
}
