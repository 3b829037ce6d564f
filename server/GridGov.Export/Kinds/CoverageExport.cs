using GridGov.Domain.Coverage;
using GridGov.Persistence.Sql;
using NetTopologySuite.Geometries;
using Npgsql;

namespace GridGov.Export.Kinds;

/// <summary>
/// 覆盖情况表: the area itself (合计), then one row per child — townships of the county, villages of a township, cells of a
/// village — with every figure of the GraphQL <c>coverage</c> field for the month. The figures come from the one coverage
/// store (its per-village cache) and <see cref="CoverageFigures.Sum"/>, never from a second computation; the boundary or
/// cell polygon is the geometry.
/// </summary>
public sealed class CoverageExport : ExportSource
{
    public override string Layer => "coverage";
    public override string TitleWord => "覆盖情况表";
    public override OgcGeometryType? GeometryType => OgcGeometryType.MultiPolygon;
    public override bool SplitByVillage => false;

    public override IReadOnlyList<ExportColumn> Columns(ExportContext context) =>
    [
        new("areaCode", "区划代码", ColumnType.Text, "area_code", 15),
        new("name", "名称", ColumnType.Text, "name", 18),
        new("level", "级别", ColumnType.Text, "level", 12),
        new("cellId", "网格编号", ColumnType.Text, "cell_id", 9),
        new("households", "户数", ColumnType.Integer, "households", 8),
        new("linkedHouseholds", "已落实联系党员户数", ColumnType.Integer, "linked", 12),
        new("contactedHouseholds", "本月已联系户数", ColumnType.Integer, "contacted", 12),
        new("linkedShare", "联系户覆盖率", ColumnType.Number, "linked_shr", 11),
        new("contactedShare", "本月联系率", ColumnType.Number, "contact_sh", 11),
        new("uncoveredAreaM2", "未划入网格面积（平方米）", ColumnType.Number, "uncov_m2", 14),
        new("householdsOutsideCells", "网格外户数", ColumnType.Integer, "outside", 10),
        new("cellsWithoutLeader", "无网格长网格数", ColumnType.Integer, "no_leader", 12),
        new("farLinks", "超距离联系数", ColumnType.Integer, "far_links", 11),
        new("overloadedMembers", "超负荷党员数", ColumnType.Integer, "overloaded", 11),
        new("staleVulnerableHouseholds", "30天未联系困难户数", ColumnType.Integer, "stale", 14),
        new("membersWithoutDeclaration", "本月未申报党员数", ColumnType.Integer, "no_decl", 13),
    ];

    private sealed record AreaRow(string Code, string Name, string Level, string? Parent, Geometry? Boundary);

    public override async IAsyncEnumerable<ExportRow> RowsAsync(NpgsqlDataSource db, ExportContext context,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var code = context.Scope.AreaCode;
        var areas = new List<AreaRow>();
        await using (var cmd = db.CreateCommand($"""
            SELECT code, name, level, parent_code, boundary FROM areas
            WHERE code = @code OR {AreaSql.Within("code", "@prefix")} ORDER BY code
            """))
        {
            cmd.Parameters.AddWithValue("code", code);
            cmd.Parameters.AddWithValue("prefix", context.Scope.Prefix);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                areas.Add(new AreaRow(r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
                    r.IsDBNull(4) ? null : r.GetFieldValue<Geometry>(4)));
        }
        var self = areas.Single(a => a.Code == code);
        var store = new CoverageStore(db);
        var rules = await store.RulesAsync(GridGov.Domain.Areas.Area.CountyCodeOf(code), ct);
        var villages = await store.GetAsync(areas.Where(a => a.Level == "village").Select(a => a.Code).ToList(), context.Month, rules,
            context.Now, ct);

        CoverageFigures Of(string areaCode)
        {
            var prefix = new ExportScope(areaCode, false).Prefix;
            return CoverageFigures.Sum(villages.Values.Where(v => v.VillageCode.StartsWith(prefix, StringComparison.Ordinal)).Select(v => v.Figures));
        }

        yield return Row(self.Code, $"{self.Name}（合计）", ExportWords.Level(self.Level), null, Of(self.Code), self.Boundary, isCell: false);
        if (self.Level == "village")
        {
            if (!villages.TryGetValue(code, out var village)) yield break;
            var polygons = await CellPolygonsAsync(db, code, ct);
            foreach (var cell in village.Cells)
                yield return Row(code, cell.Name, "网格", cell.CellId.ToString(System.Globalization.CultureInfo.InvariantCulture), cell.Figures,
                    polygons.GetValueOrDefault(cell.CellId), isCell: true);
            yield break;
        }
        foreach (var child in areas.Where(a => a.Parent == code))
            yield return Row(child.Code, child.Name, ExportWords.Level(child.Level), null, Of(child.Code), child.Boundary, isCell: false);
    }

    // As the GraphQL field answers for a cell: the village's uncovered area and its households outside every cell are not a cell's.
    private static ExportRow Row(string code, string name, string level, string? cellId, CoverageFigures f, Geometry? g, bool isCell) =>
        new(code, name,
        [
            code, name, level, cellId, f.Households, f.LinkedHouseholds, f.ContactedHouseholds, Math.Round(f.LinkedShare, 4),
            Math.Round(f.ContactedShare, 4), isCell ? 0.0 : Math.Round(f.UncoveredAreaM2, 1), isCell ? 0 : f.HouseholdsOutsideCells,
            f.CellsWithoutLeader, f.FarLinks, f.OverloadedMembers, f.StaleVulnerableHouseholds, f.MembersWithoutDeclaration,
        ], g is Polygon p ? p.Factory.CreateMultiPolygon([p]) : g);

    private static async Task<Dictionary<long, Geometry>> CellPolygonsAsync(NpgsqlDataSource db, string village, CancellationToken ct)
    {
        var result = new Dictionary<long, Geometry>();
        await using var cmd = db.CreateCommand("SELECT id, geometry FROM grid_cells WHERE village_code = @v");
        cmd.Parameters.AddWithValue("v", village);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) result[r.GetInt64(0)] = r.GetFieldValue<Geometry>(1);
        return result;
    }
}
