using GridGov.Domain.Areas;
using GridGov.Domain.Monthly;
using GridGov.Persistence;
using GridGov.Persistence.Monthly;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using Npgsql;

namespace GridGov.Export.Kinds;

/// <summary>
/// 支部活动日展示 (the branch board) of a month: per village of the area, per member the households linked and contacted and the
/// declarations by category and state, and the rating — read by <see cref="BranchBoard.LoadAsync"/>, the code of the
/// GraphQL branchBoard field, so the sheet cannot disagree with it.
/// </summary>
public sealed class BoardExport : ExportSource
{
    public override string Layer => "board";
    public override string TitleWord => "支部活动日展示表";
    public override OgcGeometryType? GeometryType => null;

    private static readonly DeclarationCategory[] Categories = Enum.GetValues<DeclarationCategory>();

    private static string Word(DeclarationCategory c) => c switch
    {
        DeclarationCategory.Education => "思想教育", DeclarationCategory.Policy => "政策宣传", DeclarationCategory.Mediation => "矛盾化解",
        DeclarationCategory.Industry => "产业发展", _ => "走访",
    };

    public override IReadOnlyList<ExportColumn> Columns(ExportContext context) =>
    [
        new("memberId", "党员编号", ColumnType.Text, "member_id", 9),
        new("member", "党员姓名", ColumnType.Text, "member", 10),
        new("householdsLinked", "联系户数", ColumnType.Integer, "linked", 9),
        new("householdsContacted", "本月已联系户数", ColumnType.Integer, "contacted", 12),
        .. Categories.Select(c => new ExportColumn(c.ToString().ToLowerInvariant() + "Approved", Word(c) + "（通过）", ColumnType.Integer,
            c.ToString().ToLowerInvariant()[..Math.Min(8, c.ToString().Length)] + "_a", 10)),
        new("submitted", "待评议申报", ColumnType.Integer, "submitted", 10),
        new("returned", "退回申报", ColumnType.Integer, "returned", 9),
        new("rating", "评定等次", ColumnType.Text, "rating", 10),
    ];

    public override async IAsyncEnumerable<ExportRow> RowsAsync(NpgsqlDataSource db, ExportContext context,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var ef = new GridGovDbContext(GridGovDb.Options(db));
        var prefix = context.Scope.Prefix;
        var villages = await ef.Areas.AsNoTracking().Where(a => a.Level == AreaLevel.Village && a.Code.StartsWith(prefix))
            .OrderBy(a => a.Code).Select(a => new { a.Code, a.Name }).ToListAsync(ct);
        foreach (var v in villages)
        {
            var board = await BranchBoard.LoadAsync(ef, v.Code, context.Month, context.Now, ct);
            foreach (var row in board.Members)
            {
                var by = row.Declarations.ToDictionary(d => d.Category);
                yield return new ExportRow(v.Code, v.Name,
                [
                    row.Member.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), row.Member.Person?.Name ?? "", row.HouseholdsLinked, row.HouseholdsContacted,
                    .. Categories.Select(c => (object?)(by.TryGetValue(c, out var n) ? n.Approved : 0)),
                    row.Declarations.Sum(d => d.Submitted), row.Declarations.Sum(d => d.Returned), Rating(row.Rating),
                ], (Geometry?)null);
            }
        }
    }

    private static string? Rating(Rating? r) => r switch
    {
        Domain.Monthly.Rating.Excellent => "优秀", Domain.Monthly.Rating.Qualified => "合格",
        Domain.Monthly.Rating.BasicallyQualified => "基本合格", Domain.Monthly.Rating.Unqualified => "不合格", _ => null,
    };
}
