using GridGov.Domain.Access;
using GridGov.Domain.Geo;
using NetTopologySuite.Geometries;
using Npgsql;

namespace GridGov.Export;

/// <summary>One row (feature) of an export: its village (sheets are split by it), the values in column order, the storage geometry.</summary>
public sealed record ExportRow(string VillageCode, string VillageName, object?[] Values, Geometry? Geometry);

/// <summary>What a source needs besides the connection: the scope, the instant the data is read as of, and the month asked for.</summary>
public sealed record ExportContext(ExportScope Scope, DateOnly Month, DateTimeOffset AsOf, CrsSpec? Crs)
{
    /// <summary>The clock's reading when the export began (the coverage cache judges a running month's staleness by it).</summary>
    public DateTimeOffset Now { get; init; } = AsOf;

    public string? Id(string? id) => Scope.IncludePersonalData ? id : Masking.IdNumber(id);
    public string? Phone(string? phone) => Scope.IncludePersonalData ? phone : Masking.Phone(phone);
}

/// <summary>
/// A kind's rows, streamed from one SQL statement (a reader, never a list), already scoped to the area and masked.
/// The columns are defined once here per kind; spreadsheets show <see cref="ExportColumn.Header"/>, GIS files
/// <see cref="ExportColumn.Key"/>.
/// </summary>
public abstract class ExportSource
{
    /// <summary>The layer (GeoPackage table, Shapefile, GeoJSON name) — the glossary's English plural.</summary>
    public abstract string Layer { get; }
    /// <summary>The roster's name in a title: 「户名册」 in 「团山村户名册（2026年11月）」.</summary>
    public abstract string TitleWord { get; }
    /// <summary>The geometry type of the layer; null for a kind without geometry.</summary>
    public abstract OgcGeometryType? GeometryType { get; }

    /// <summary>The period in titles and file names: 「2026年11月」; a quarter's kind says 「2026年第4季度」.</summary>
    public virtual string Period(DateOnly month) => $"{month.Year}年{month.Month}月";

    /// <summary>False for a kind whose rows are areas, not a village's records: one sheet whatever the area.</summary>
    public virtual bool SplitByVillage => true;

    public abstract IReadOnlyList<ExportColumn> Columns(ExportContext context);

    // A kind that overrides RowsAsync(NpgsqlDataSource…) (figures from a shared service, not one statement) needs neither.
    protected virtual string Sql => throw new NotSupportedException(GetType().Name + " has no single statement");

    protected virtual object?[] Map(NpgsqlDataReader r, ExportContext context) => throw new NotSupportedException(GetType().Name);

    /// <summary>Column of the reader holding the storage geometry, or -1.</summary>
    protected virtual int GeometryOrdinal => -1;

    /// <summary>The rows, each pass on its own connection (so a second pass, the links' flat sheet, can follow the first).</summary>
    public virtual async IAsyncEnumerable<ExportRow> RowsAsync(NpgsqlDataSource db, ExportContext context,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await foreach (var row in RowsAsync(conn, context, ct)) yield return row;
    }

    public async IAsyncEnumerable<ExportRow> RowsAsync(NpgsqlConnection conn, ExportContext context,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(Sql, conn) { CommandTimeout = 600 };
        cmd.Parameters.AddWithValue("prefix", context.Scope.Prefix);
        cmd.Parameters.AddWithValue("as_of", context.AsOf);
        cmd.Parameters.AddWithValue("month", context.Month);
        Bind(cmd);
        // A reader over one statement: Npgsql buffers a row at a time, so memory stays flat however large the area.
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var village = r.GetString(0);
            var villageName = r.GetString(1);
            var values = Map(r, context);
            Geometry? g = GeometryOrdinal >= 0 && !await r.IsDBNullAsync(GeometryOrdinal, ct) ? r.GetFieldValue<Geometry>(GeometryOrdinal) : null;
            yield return new ExportRow(village, villageName, values, g);
        }
    }

    protected virtual void Bind(NpgsqlCommand cmd) { }

    protected static string? Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
    protected static int? Int(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt32(i);
    protected static long? Long(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt64(i);
    protected static double? Double(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDouble(i);
    protected static DateOnly? Date(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateOnly>(i);

    /// <summary>Distances in whole metres, as the roster shows them.</summary>
    protected static double? Metres(double? m) => m is { } v ? Math.Round(v) : null;
}
