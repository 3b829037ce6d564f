using GridGov.Domain.Coverage;
using GridGov.Domain.Geo;
using GridGov.Export.Kinds;
using GridGov.Export.Writers;
using NetTopologySuite.Geometries;
using Npgsql;

namespace GridGov.Export;

/// <summary>Why an export was refused by the core (the API and CLI word it).</summary>
public enum ExportRefusal { UnknownArea, CrsNotForFormat }

public sealed class ExportRefusedException(ExportRefusal reason, string detail) : Exception(detail)
{
    public ExportRefusal Reason { get; } = reason;
}

/// <summary>
/// The export core: for a request, finds the area, streams the kind's rows from the database into the format's writer (a
/// file on disk, so the caller learns the row count before it answers) and says what was written. Used by GET /exports/{kind}
/// and ./gridgov export; the OGC API can reuse <see cref="Source"/> and the column definitions.
/// </summary>
public static class Exporter
{
    public static ExportSource Source(ExportKind kind) => kind switch
    {
        ExportKind.Households => new HouseholdExport(),
        ExportKind.Members => new MemberExport(),
        ExportKind.Links => new LinkExport(),
        ExportKind.Cells => new CellExport(),
        ExportKind.Areas => new AreaExport(),
        ExportKind.Ties => new TieExport(),
        ExportKind.Coverage => new CoverageExport(),
        ExportKind.Declarations => new DeclarationExport(),
        ExportKind.Board => new BoardExport(),
        ExportKind.Ranking => new RankingExport(),
        ExportKind.CadreRanking => new CadreRankingExport(),
        ExportKind.AttendanceLedger => new AttendanceLedgerExport(),
        ExportKind.WorkLedger => new WorkLedgerExport(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The layers of a GeoPackage: the kind's own first, then what a GIS officer wants beside it.</summary>
    public static IReadOnlyList<ExportSource> GeoPackageLayers(ExportKind kind) => kind switch
    {
        ExportKind.Areas => [new AreaExport("village"), new AreaExport("township")],
        ExportKind.Households => [new HouseholdExport(), new CellExport(), new AreaExport("village")],
        ExportKind.Members => [new MemberExport(), new CellExport(), new AreaExport("village")],
        ExportKind.Links => [new LinkExport(), new MemberExport(), new HouseholdExport(), new AreaExport("village")],
        ExportKind.Cells => [new CellExport(), new AreaExport("village")],
        _ => [Source(kind)],
    };

    /// <summary>GIS files must name their CRS: GCJ-02 and BD-09 have no code a GeoPackage or Shapefile can carry.</summary>
    public static bool Supports(ExportFormat format, CrsSpec? crs) =>
        crs is null || format is ExportFormat.Xlsx or ExportFormat.Csv or ExportFormat.GeoJson || CrsWkt.Of(crs) is not null;

    public static async Task<ExportResult> WriteAsync(NpgsqlDataSource db, ExportRequest request, string path, DateTimeOffset now,
        CancellationToken ct)
    {
        if (!Supports(request.Format, request.Crs))
            throw new ExportRefusedException(ExportRefusal.CrsNotForFormat, $"{request.Crs} cannot be written to {request.Format.Name()}");
        string areaName, level;
        await using (var conn = await db.OpenConnectionAsync(ct))
        await using (var cmd = new NpgsqlCommand("SELECT name, level FROM areas WHERE code = @c", conn))
        {
            cmd.Parameters.AddWithValue("c", request.Scope.AreaCode);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            if (!await r.ReadAsync(ct)) throw new ExportRefusedException(ExportRefusal.UnknownArea, request.Scope.AreaCode);
            (areaName, level) = (r.GetString(0), r.GetString(1));
        }
        var today = CoverageRules.DateOf(now);
        var month = request.Month ?? new DateOnly(today.Year, today.Month, 1);
        var context = new ExportContext(request.Scope, month, CoverageRules.AsOf(month, now), request.Crs) { Now = now };
        var source = Source(request.Kind);
        var perVillage = level != "village" && request.Kind != ExportKind.Areas && source.SplitByVillage;
        Func<IAsyncEnumerable<ExportRow>> rows = () => Stream(db, source, context, ct);
        var gisCrs = request.Crs ?? CrsSpec.Wgs84;

        int count;
        switch (request.Format)
        {
            case ExportFormat.Xlsx:
                count = await XlsxWriter.WriteAsync(path, source, rows, context, areaName, perVillage, ct);
                break;
            case ExportFormat.Csv:
                count = await CsvWriter.WriteAsync(path, source.Columns(context), rows(), request.Gbk, ct);
                break;
            case ExportFormat.GeoJson:
                count = await GeoJsonWriter.WriteAsync(path, source.Layer, source.Columns(context), rows(), request.Crs, ct);
                break;
            case ExportFormat.Gpkg:
                using (var gpkg = new GeoPackageWriter(path, gisCrs))
                {
                    count = -1;
                    var layers = GeoPackageLayers(request.Kind);
                    foreach (var layer in layers.Count > 0 ? layers : new[] { source })
                    {
                        var n = await gpkg.LayerAsync(layer.Layer, layer.GeometryType ?? OgcGeometryType.Point, layer.Columns(context),
                            Stream(db, layer, context, ct), gisCrs, ct);
                        if (count < 0) count = n;
                    }
                }
                break;
            default:
                count = await ShapefileWriter.WriteAsync(path, source.Layer, source.GeometryType ?? OgcGeometryType.Point, source.Columns(context),
                    rows(), gisCrs, ct);
                break;
        }
        var fileName = $"{areaName}{source.TitleWord}（{source.Period(month)}）{request.Format.Extension()}";
        return new ExportResult(count, fileName, request.Scope.IncludePersonalData);
    }

    private static IAsyncEnumerable<ExportRow> Stream(NpgsqlDataSource db, ExportSource source, ExportContext context, CancellationToken ct) =>
        source.RowsAsync(db, context, ct);
}
