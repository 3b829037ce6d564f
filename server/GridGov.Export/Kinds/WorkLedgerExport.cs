using GridGov.Persistence;
using GridGov.Persistence.Cadres;
using NetTopologySuite.Geometries;
using Npgsql;

namespace GridGov.Export.Kinds;

/// <summary>
/// 工作实绩台账: the month of each cadre serving inside the area — work-log entries, days reported, households visited and the
/// declarations of the branch they serve (<see cref="WorkLedgerQuery"/>, as the workLedger field).
/// </summary>
public sealed class WorkLedgerExport : ExportSource
{
    public override string Layer => "work_ledger";
    public override string TitleWord => "驻村干部工作实绩台账";
    public override OgcGeometryType? GeometryType => null;

    public override IReadOnlyList<ExportColumn> Columns(ExportContext context) =>
    [
        new("villageCode", "驻村代码", ColumnType.Text, "village_cd", 15),
        new("village", "驻村", ColumnType.Text, "village", 12),
        new("name", "姓名", ColumnType.Text, "name", 10),
        new("kind", "类别", ColumnType.Text, "kind", 10),
        new("rank", "职级", ColumnType.Text, "rank", 10),
        new("entries", "工作信息条数", ColumnType.Integer, "entries", 12),
        new("daysReported", "发布天数", ColumnType.Integer, "days", 10),
        new("householdsVisited", "走访户数", ColumnType.Integer, "visited", 10),
        new("branchDeclarations", "支部业绩申报数", ColumnType.Integer, "decl", 14),
        new("branchDeclarationsApproved", "其中通过", ColumnType.Integer, "decl_ok", 10),
    ];

    public override async IAsyncEnumerable<ExportRow> RowsAsync(NpgsqlDataSource db, ExportContext context,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        List<WorkLedgerRow> rows;
        await using (var ef = new GridGovDbContext(GridGovDb.Options(db)))
            rows = await WorkLedgerQuery.LoadAsync(ef, context.Scope.Prefix, context.Month, null, ct);
        var names = await CadreWords.VillageNamesAsync(db, context.Scope.Prefix, ct);
        foreach (var c in rows)
        {
            var village = names.GetValueOrDefault(c.VillageCode) ?? "";
            yield return new ExportRow(c.VillageCode, village,
            [
                c.VillageCode, village, c.Name, CadreWords.Kind(c.Kind), CadreWords.Rank(c.Rank),
                c.Entries, c.DaysReported, c.HouseholdsVisited, c.BranchDeclarations, c.BranchDeclarationsApproved,
            ], null);
        }
    }
}
