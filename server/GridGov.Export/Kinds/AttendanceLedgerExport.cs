using GridGov.Persistence;
using GridGov.Persistence.CheckIns;
using NetTopologySuite.Geometries;
using Npgsql;

namespace GridGov.Export.Kinds;

/// <summary>
/// 到岗到位台账: the month of each cadre serving inside the area — check-ins, days present by trusted check-ins inside the
/// geofence, the county's required days and the compliance (<see cref="CadreCompliance"/>, as cadreCompliance and the rankings).
/// </summary>
public sealed class AttendanceLedgerExport : ExportSource
{
    public override string Layer => "attendance_ledger";
    public override string TitleWord => "驻村干部到岗到位台账";
    public override OgcGeometryType? GeometryType => null;

    public override IReadOnlyList<ExportColumn> Columns(ExportContext context) =>
    [
        new("villageCode", "驻村代码", ColumnType.Text, "village_cd", 15),
        new("village", "驻村", ColumnType.Text, "village", 12),
        new("name", "姓名", ColumnType.Text, "name", 10),
        new("kind", "类别", ColumnType.Text, "kind", 10),
        new("rank", "职级", ColumnType.Text, "rank", 10),
        new("checkIns", "签到次数", ColumnType.Integer, "check_ins", 10),
        new("trustedDays", "在岗天数", ColumnType.Integer, "days", 10),
        new("requiredDays", "应在岗天数", ColumnType.Number, "required", 12),
        new("compliance", "到岗率", ColumnType.Number, "compliance", 10),
    ];

    public override async IAsyncEnumerable<ExportRow> RowsAsync(NpgsqlDataSource db, ExportContext context,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        List<CadreCompliance> rows;
        await using (var ef = new GridGovDbContext(GridGovDb.Options(db)))
            rows = await CadreCompliance.LoadAsync(ef, context.Scope.Prefix, context.Month, context.Now, ct);
        var names = await CadreWords.VillageNamesAsync(db, context.Scope.Prefix, ct);
        foreach (var c in rows)
        {
            var village = names.GetValueOrDefault(c.Cadre.VillageCode) ?? "";
            yield return new ExportRow(c.Cadre.VillageCode, village,
            [
                c.Cadre.VillageCode, village, c.Name, CadreWords.Kind(c.Cadre.Kind), CadreWords.Rank(c.Cadre.Rank),
                c.CheckIns, c.TrustedDays, c.RequiredDays, c.Compliance,
            ], null);
        }
    }
}
