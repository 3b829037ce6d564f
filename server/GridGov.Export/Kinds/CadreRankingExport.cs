using GridGov.Domain.Areas;
using GridGov.Domain.Assessment;
using GridGov.Persistence;
using GridGov.Persistence.Assessment;
using GridGov.Persistence.Sql;
using NetTopologySuite.Geometries;
using Npgsql;

namespace GridGov.Export.Kinds;

/// <summary>
/// 第一书记季度考核排名表: the quarter's cadre ranking (<see cref="CadreRankingQuery"/>, the cadreRanking field's own code) of the
/// cadres serving inside the area, ranked county-wide, with every part's value and points and the township's score.
/// </summary>
public sealed class CadreRankingExport : ExportSource
{
    public override string Layer => "cadre_ranking";
    public override string TitleWord => "第一书记季度考核排名表";
    public override OgcGeometryType? GeometryType => null;
    public override bool SplitByVillage => false;
    public override string Period(DateOnly month) => $"{month.Year}年第{(month.Month - 1) / 3 + 1}季度";

    private static readonly (CadrePart Part, string Word, string Key, string Shp)[] Parts =
    [
        (CadrePart.CheckIn, "到岗到位", "checkIn", "checkin"),
        (CadrePart.WorkLog, "工作信息", "workLog", "worklog"),
        (CadrePart.Coverage, "联系户覆盖率", "coverage", "cover"),
        (CadrePart.Contact, "联系率", "contact", "contact"),
        (CadrePart.PairingVisits, "结对帮扶走访", "pairingVisits", "pairing"),
        (CadrePart.Manual, "乡镇评分", "manual", "manual"),
    ];

    public override IReadOnlyList<ExportColumn> Columns(ExportContext context) =>
    [
        new("rank", "名次", ColumnType.Integer, "rank", 6),
        new("name", "姓名", ColumnType.Text, "name", 10),
        new("township", "乡镇（街道）", ColumnType.Text, "township", 14),
        new("villageCode", "驻村代码", ColumnType.Text, "village_cd", 15),
        new("village", "驻村", ColumnType.Text, "village", 12),
        new("score", "得分", ColumnType.Number, "score", 8),
        new("grade", "等次", ColumnType.Text, "grade", 8),
        .. Parts.SelectMany(p => new ExportColumn[]
        {
            new(p.Key + "Value", p.Word, ColumnType.Number, p.Shp + "_v", 10),
            new(p.Key + "Points", p.Word + "得分", ColumnType.Number, p.Shp + "_pt", 10),
        }),
    ];

    public override async IAsyncEnumerable<ExportRow> RowsAsync(NpgsqlDataSource db, ExportContext context,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var quarter = RankingExport.QuarterOf(context.Month);
        List<CadreRankingRow> rows;
        await using (var ef = new GridGovDbContext(GridGovDb.Options(db)))
            rows = await CadreRankingQuery.LoadAsync(ef, new CoverageStore(db), Area.CountyCodeOf(context.Scope.AreaCode), quarter, context.Now, ct);
        foreach (var r in rows.Where(r => AreaScope.Within(r.VillageCode, context.Scope.Prefix)))
        {
            var s = r.Score;
            var parts = s.Parts.ToDictionary(p => p.Part);
            yield return new ExportRow(r.VillageCode, r.VillageName,
            [
                s.Rank, r.Name, r.TownshipName, r.VillageCode, r.VillageName, s.Score, CadreAssessmentRules.Zh(s.Grade),
                .. Parts.SelectMany(p => parts[p.Part] is { Applicable: true } x ? new object?[] { x.Value, x.Points } : [null, null]),
            ], null);
        }
    }
}
