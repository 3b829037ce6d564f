using GridGov.Domain.Areas;
using GridGov.Domain.Ranking;
using GridGov.Persistence;
using GridGov.Persistence.Ranking;
using GridGov.Persistence.Sql;
using NetTopologySuite.Geometries;
using Npgsql;

namespace GridGov.Export.Kinds;

/// <summary>
/// 季度考核排名表: the quarter's ranking of the townships, then of the villages, inside the area — each scored and ranked among
/// all of its level in the county by <see cref="RankingQuery"/>, the GraphQL ranking field's own code, with every part's value
/// and points. The export's month names the quarter (the one containing it); the area's boundary is the geometry.
/// </summary>
public sealed class RankingExport : ExportSource
{
    public override string Layer => "ranking";
    public override string TitleWord => "季度考核排名表";
    public override OgcGeometryType? GeometryType => OgcGeometryType.MultiPolygon;
    public override bool SplitByVillage => false;

    /// <summary>The first month of the quarter holding <paramref name="month"/>.</summary>
    public static DateOnly QuarterOf(DateOnly month) => new(month.Year, (month.Month - 1) / 3 * 3 + 1, 1);

    public override string Period(DateOnly month) => $"{month.Year}年第{(month.Month - 1) / 3 + 1}季度";

    private static readonly (RankingPart Part, string Word, string Key, string Shp)[] Parts =
    [
        (RankingPart.Coverage, "联系户覆盖率", "coverage", "cover"),
        (RankingPart.Contact, "联系率", "contact", "contact"),
        (RankingPart.Review, "申报通过率", "review", "review"),
        (RankingPart.CheckIn, "驻村干部到岗率", "checkIn", "checkin"),
    ];

    public override IReadOnlyList<ExportColumn> Columns(ExportContext context) =>
    [
        new("level", "级别", ColumnType.Text, "level", 12),
        new("rank", "名次", ColumnType.Integer, "rank", 6),
        new("areaCode", "区划代码", ColumnType.Text, "area_code", 15),
        new("name", "名称", ColumnType.Text, "name", 14),
        new("score", "得分", ColumnType.Number, "score", 8),
        new("bottom", "后五名", ColumnType.Text, "bottom", 8),
        .. Parts.SelectMany(p => new ExportColumn[]
        {
            new(p.Key + "Value", p.Word, ColumnType.Number, p.Shp + "_v", 12),
            new(p.Key + "Points", p.Word + "得分（满分" + RankingRules.Weights[p.Part] + "）", ColumnType.Number, p.Shp + "_pt", 14),
        }),
    ];

    public override async IAsyncEnumerable<ExportRow> RowsAsync(NpgsqlDataSource db, ExportContext context,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var prefix = context.Scope.Prefix;
        var county = Area.CountyCodeOf(context.Scope.AreaCode);
        var quarter = QuarterOf(context.Month);
        var store = new CoverageStore(db);
        var levels = new List<(AreaLevel Level, List<RankingRow> Rows)>();
        await using (var ef = new GridGovDbContext(GridGovDb.Options(db)))
            foreach (var level in new[] { AreaLevel.Township, AreaLevel.Village })
                levels.Add((level, (await RankingQuery.LoadAsync(ef, store, county, level, quarter, context.Now, ct))
                    .Where(r => AreaScope.Within(r.Score.AreaCode, prefix)).ToList()));
        var boundaries = await BoundariesAsync(db, prefix, ct);
        foreach (var (level, rows) in levels)
            foreach (var r in rows)
            {
                var s = r.Score;
                var parts = s.Parts.ToDictionary(p => p.Part);
                yield return new ExportRow(s.AreaCode, r.Name,
                [
                    ExportWords.Level(level == AreaLevel.Township ? "township" : "village"), s.Rank, s.AreaCode, r.Name, s.Score,
                    s.Bottom ? "是" : "否",
                    .. Parts.SelectMany(p => parts[p.Part] is { Applicable: true } x ? new object?[] { x.Value, x.Points } : [null, null]),
                ], boundaries.GetValueOrDefault(s.AreaCode) is Polygon p ? p.Factory.CreateMultiPolygon([p]) : boundaries.GetValueOrDefault(s.AreaCode));
            }
    }

    private static async Task<Dictionary<string, Geometry>> BoundariesAsync(NpgsqlDataSource db, string prefix, CancellationToken ct)
    {
        var result = new Dictionary<string, Geometry>();
        await using var cmd = db.CreateCommand($"SELECT code, boundary FROM areas WHERE boundary IS NOT NULL AND {AreaSql.Within("code", "@prefix")}");
        cmd.Parameters.AddWithValue("prefix", prefix);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) result[r.GetString(0)] = r.GetFieldValue<Geometry>(1);
        return result;
    }
}
