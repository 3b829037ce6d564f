using GridGov.Domain.Import;
using GridGov.Persistence.Sql;
using NetTopologySuite.Geometries;
using Npgsql;

namespace GridGov.Export.Kinds;

/// <summary>网格: the cell import's columns (name, village, leader's ID), then the leader, households in the cell and its area in 亩 (EPSG:4545).</summary>
public sealed class CellExport : ExportSource
{
    /// <summary>One 亩 is 10000/15 m².</summary>
    public const double SquareMetresPerMu = 10000.0 / 15;

    public override string Layer => "cells";
    public override string TitleWord => "网格表";
    public override OgcGeometryType? GeometryType => OgcGeometryType.Polygon;

    private static ExportColumn Import(string key, ColumnType type, string shp, double width, bool personal = false)
    {
        var c = ImportColumns.For(ImportKind.Cells).Single(c => c.Key == key);
        return new ExportColumn(key, c.Header, type, shp, width) { Personal = personal };
    }

    public override IReadOnlyList<ExportColumn> Columns(ExportContext context) =>
    [
        Import("name", ColumnType.Text, "name", 16),
        Import("villageCode", ColumnType.Text, "vill_code", 15),
        Import("leaderIdNumber", ColumnType.Text, "leader_id", 21, personal: true),
        new("villageName", "村名称", ColumnType.Text, "vill_name", 12),
        new("leader", "网格长", ColumnType.Text, "leader", 10),
        new("households", "户数", ColumnType.Integer, "households", 8),
        new("areaMu", "面积（亩）", ColumnType.Number, "area_mu", 11),
    ];

    protected override string Sql => $"""
        SELECT c.village_code, v.name, c.name, p.id_number, p.name,
               (SELECT count(*)::int FROM households h WHERE h.cell_id = c.id AND {HouseholdSql.ActiveAt("h", "@as_of")}),
               ST_Area(ST_Transform(c.geometry, 4545)), c.geometry
        FROM grid_cells c
        JOIN areas v ON v.code = c.village_code
        LEFT JOIN party_members m ON m.id = c.leader_member_id
        LEFT JOIN people p ON p.id = m.person_id
        WHERE {GridGov.Persistence.Sql.AreaSql.Within("c.village_code", "@prefix")}
        ORDER BY c.village_code, c.name, c.id
        """;

    protected override int GeometryOrdinal => 7;

    protected override object?[] Map(NpgsqlDataReader r, ExportContext c) =>
    [
        r.GetString(2), r.GetString(0), c.Id(Text(r, 3)), r.GetString(1), Text(r, 4), r.GetInt32(5), Math.Round(r.GetDouble(6) / SquareMetresPerMu, 2),
    ];
}
