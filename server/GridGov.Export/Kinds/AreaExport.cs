using GridGov.Domain.Import;
using NetTopologySuite.Geometries;
using Npgsql;

namespace GridGov.Export.Kinds;

/// <summary>
/// 行政区划: townships and villages of the area with their boundaries — the area import's columns (code, name, parent), then
/// level, households and area in 亩. <see cref="Level"/> picks one level for a GIS layer; null lists both (spreadsheets).
/// </summary>
public sealed class AreaExport(string? level = null) : ExportSource
{
    public string? Level { get; } = level;

    public override string Layer => Level switch { "township" => "townships", "village" => "villages", _ => "areas" };
    public override string TitleWord => "行政区划表";
    public override OgcGeometryType? GeometryType => OgcGeometryType.MultiPolygon;

    private static ExportColumn Import(string key, string shp, double width)
    {
        var c = ImportColumns.For(ImportKind.Areas).Single(c => c.Key == key);
        return new ExportColumn(key, c.Header, ColumnType.Text, shp, width);
    }

    public override IReadOnlyList<ExportColumn> Columns(ExportContext context) =>
    [
        Import("code", "code", 15),
        Import("name", "name", 16),
        Import("parent", "parent", 15),
        new("level", "级别", ColumnType.Text, "level", 12),
        new("households", "户数", ColumnType.Integer, "households", 8),
        new("areaMu", "面积（亩）", ColumnType.Number, "area_mu", 13),
    ];

    protected override void Bind(NpgsqlCommand cmd) => cmd.Parameters.AddWithValue("level", (object?)Level ?? DBNull.Value);

    // The village column of a township row is the township itself: sheets split by it only when listing villages.
    // MATERIALIZED: referenced once, the CTE would be inlined into the correlated subquery and count the households once per area.
    protected override string Sql => $"""
        WITH hh AS MATERIALIZED (SELECT h.village_code, count(*)::int AS n FROM households h
                    WHERE {GridGov.Persistence.Sql.AreaSql.Within("h.village_code", "@prefix")} AND {GridGov.Persistence.Sql.HouseholdSql.ActiveAt("h", "@as_of")} GROUP BY 1)
        SELECT a.code, a.name, a.code, a.name, a.parent_code, a.level,
               (SELECT coalesce(sum(hh.n), 0)::int FROM hh
                WHERE {GridGov.Persistence.Sql.AreaSql.Within("hh.village_code", "CASE a.level WHEN 'township' THEN left(a.code, 9) ELSE a.code END")}),
               ST_Area(ST_Transform(a.boundary, 4545)), a.boundary
        FROM areas a
        WHERE a.level IN ('township', 'village') AND (@level::text IS NULL OR a.level = @level::text)
          AND {GridGov.Persistence.Sql.AreaSql.Within("a.code", "@prefix")}
        ORDER BY a.code
        """;

    protected override int GeometryOrdinal => 8;

    protected override object?[] Map(NpgsqlDataReader r, ExportContext c) =>
    [
        r.GetString(2), r.GetString(3), Text(r, 4), ExportWords.Level(r.GetString(5)), r.GetInt32(6),
        Double(r, 7) is { } m2 ? Math.Round(m2 / CellExport.SquareMetresPerMu, 1) : null,
    ];
}
