using System.IO.Compression;
using GridGov.Domain.Geo;
using GridGov.Domain.Import;
using GridGov.Import.Tests.Files;
using GridGov.Testing;
using Npgsql;

namespace GridGov.Import.Tests;

/// <summary>
/// Boundaries and cells as counties send them: Shapefiles written by GDAL's ogr2ogr (GBK .dbf,
/// CGCS2000 Gauss-Krüger zone 36 with the zone number), GeoPackages, and the geometry checks.
/// </summary>
public class GeoImportTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    private static Task<ImportReport> Run(string cs, ImportKind kind, string path, CrsSpec? crs = null, string? codeField = null) =>
        Importer.RunAsync(cs, new ImportRequest { Kind = kind, Path = path, Crs = crs, CodeField = codeField, Actor = "test" });

    private static async Task<long> Scalar(string cs, string sql)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    private static async Task<string> CountyWithAreas(PostgisFixture pg, TestCountyFiles f, string name)
    {
        var cs = await pg.CreateDatabaseAsync(name);
        var r = await Run(cs, ImportKind.Areas, f.Areas());
        Assert.False(r.HasErrors);
        return cs;
    }

    /// <summary>The test county's boundaries as a zipped GBK Shapefile in EPSG:4524 (zone number in the easting), made by ogr2ogr.</summary>
    private static string ZippedShapefile(TestCountyFiles f, string source, string srs, string encoding = "CP936", bool withPrj = true)
    {
        var dir = f.Path("shp-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        Ogr.Ogr2Ogr("-f", "ESRI Shapefile", "-t_srs", srs, "-lco", "ENCODING=" + encoding, Path.Combine(dir, "村界.shp"), source);
        if (!withPrj) File.Delete(Path.Combine(dir, "村界.prj"));
        var zip = dir + ".zip";
        ZipFile.CreateFromDirectory(dir, zip);
        return zip;
    }

    [Fact]
    public async Task A_GBK_shapefile_in_Gauss_Kruger_zone_36_lands_where_the_GeoJSON_did()
    {
        var f = new TestCountyFiles();
        var cs = await CountyWithAreas(pg, f, "geo_shp");
        var zip = ZippedShapefile(f, f.Boundaries(), "EPSG:4524");
        var r = await Run(cs, ImportKind.Boundaries, zip);
        Assert.False(r.HasErrors, string.Join("; ", r.Errors.Select(e => e.Message)));
        Assert.Equal("EPSG:4524", r.Crs);
        Assert.Equal(6, r.Counts.New);
        // The same boundaries again as WGS84 GeoJSON: within a centimetre of the shapefile's, vertex for vertex.
        var cs2 = await CountyWithAreas(pg, f, "geo_json");
        Assert.False((await Run(cs2, ImportKind.Boundaries, f.Path("boundaries.geojson"))).HasErrors);
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"SELECT ST_AsText(boundary) FROM areas WHERE code = '{f.VillageEast}'", conn);
        var fromShp = new NetTopologySuite.IO.WKTReader().Read((string)(await cmd.ExecuteScalarAsync())!);
        var fromJson = new NetTopologySuite.IO.WKTReader().Read((string)(await ScalarText(cs2, $"SELECT ST_AsText(boundary) FROM areas WHERE code = '{f.VillageEast}'")));
        Assert.True(CoordinateConverter.ToMetric(fromShp).SymmetricDifference(CoordinateConverter.ToMetric(fromJson)).Area < 1.0);
    }

    private static async Task<string> ScalarText(string cs, string sql)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (string)(await cmd.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task A_shapefile_without_prj_needs_crs_and_a_wrong_zone_is_refused_naming_the_right_one()
    {
        var f = new TestCountyFiles();
        var cs = await CountyWithAreas(pg, f, "geo_noprj");
        // Boundaries first (WGS84 GeoJSON), so the cells below have villages to fall in.
        Assert.False((await Run(cs, ImportKind.Boundaries, f.Boundaries())).HasErrors);
        var noPrj = ZippedShapefile(f, f.Cells(), "EPSG:4545", withPrj: false);
        var missing = await Run(cs, ImportKind.Cells, noPrj);
        Assert.Equal("CRS_MISSING", Assert.Single(missing.Errors).Code);
        // Easting without the zone number (4545) declared as zone-numbered (4524): refused, naming 4545.
        var wrong = await Run(cs, ImportKind.Cells, noPrj, crs: CrsSpec.FromEpsg(4524));
        var e = Assert.Single(wrong.Errors);
        Assert.Equal("COORDINATES_CRS", e.Code);
        Assert.Contains("EPSG:4545", e.Message);
        var right = await Run(cs, ImportKind.Cells, noPrj, crs: CrsSpec.FromEpsg(4545));
        Assert.False(right.HasErrors, string.Join("; ", right.Errors.Select(x => x.Message)));
        Assert.Equal(2, right.Counts.New);
        Assert.Equal(2, await Scalar(cs, $"SELECT count(*) FROM grid_cells WHERE village_code = '{f.VillageEast}'"));
    }

    [Fact]
    public async Task Geometry_problems_are_repaired_when_harmless_warned_when_they_overlap_and_refused_when_broken()
    {
        var f = new TestCountyFiles();
        var cs = await CountyWithAreas(pg, f, "geo_bad");
        var path = f.Path("bad-boundaries.geojson");
        // 东村: a ring with a tiny bow-tie spike (repairable, < 1% area); 西村 overlaps 东村 by a 0.002° strip;
        // 南村: a bow-tie across the whole village (repair would change the area a lot).
        Openpyxl.Run($$$"""
            import json, sys
            P = "{{{f.Prefix}}}"; L0 = {{{f.Lon0.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}
            def feat(code, ring): return {"type": "Feature", "properties": {"区划代码": code}, "geometry": {"type": "Polygon", "coordinates": [ring]}}
            east = [[L0, 27.60], [L0 + 0.03, 27.60], [L0 + 0.03, 27.63], [L0 + 0.0301, 27.6301], [L0 + 0.0301, 27.6300], [L0 + 0.03, 27.6301], [L0 + 0.03, 27.66], [L0, 27.66], [L0, 27.60]]
            west = [[L0 + 0.028, 27.60], [L0 + 0.06, 27.60], [L0 + 0.06, 27.66], [L0 + 0.028, 27.66], [L0 + 0.028, 27.60]]
            south = [[L0 + 0.06, 27.60], [L0 + 0.12, 27.66], [L0 + 0.12, 27.60], [L0 + 0.06, 27.66], [L0 + 0.06, 27.60]]
            json.dump({"type": "FeatureCollection", "features": [feat(P + "100001", east), feat(P + "100002", west), feat(P + "101001", south)]},
                      open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False)
            """, path);
        var r = await Run(cs, ImportKind.Boundaries, path);
        Assert.Contains(r.Warnings, w => w.Row == 1 && w.Code == "REPAIRED");
        Assert.Contains(r.Errors, e => e.Row == 3 && e.Code == "INVALID_GEOMETRY");
        Assert.False(r.Committed);
        Assert.Equal(0, await Scalar(cs, "SELECT count(*) FROM areas WHERE boundary IS NOT NULL"));

        // Without the broken one: the overlap is warned in 亩, the file goes in.
        Openpyxl.Run("""
            import json, sys
            d = json.load(open(sys.argv[1], encoding="utf-8")); d["features"] = d["features"][:2]
            json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
            """, path, f.Path("two.geojson"));
        var two = await Run(cs, ImportKind.Boundaries, f.Path("two.geojson"));
        Assert.False(two.HasErrors, string.Join("; ", two.Errors.Select(e => e.Message)));
        var overlap = Assert.Single(two.Warnings, w => w.Code == "OVERLAP");
        Assert.Contains("亩", overlap.Message);
        Assert.Equal(2, await Scalar(cs, "SELECT count(*) FROM areas WHERE boundary IS NOT NULL"));
    }

    [Fact]
    public async Task A_boundary_file_without_a_code_field_is_matched_by_the_one_field_of_county_codes()
    {
        var f = new TestCountyFiles();
        var cs = await CountyWithAreas(pg, f, "geo_field");
        var path = f.Path("renamed.geojson");
        Openpyxl.Run("""
            import json, sys
            d = json.load(open(sys.argv[1], encoding="utf-8"))
            for x in d["features"]: x["properties"] = {"XZQDM": x["properties"]["区划代码"], "MC": x["properties"]["名称"], "BSM": 7}
            json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
            """, f.Boundaries(), path);
        var r = await Run(cs, ImportKind.Boundaries, path);
        Assert.False(r.HasErrors, string.Join("; ", r.Errors.Select(e => e.Message)));
        Assert.Equal(6, r.Counts.New);
        var asked = await Run(cs, ImportKind.Boundaries, path, codeField: "MC");
        Assert.Contains(asked.Errors, e => e.Code == "CODE");
    }

    [Fact]
    public async Task Cells_follow_the_drawing_rules_and_houses_join_them()
    {
        var f = new TestCountyFiles();
        var cs = await CountyWithAreas(pg, f, "geo_cells");
        Assert.False((await Run(cs, ImportKind.Boundaries, f.Boundaries())).HasErrors);
        Assert.False((await Run(cs, ImportKind.Households, f.Households())).HasErrors);
        Assert.False((await Run(cs, ImportKind.Members, f.Members())).HasErrors);
        var gpkg = f.Path("cells.gpkg");
        Ogr.Ogr2Ogr("-f", "GPKG", gpkg, f.Cells(), "-nln", "网格");
        var r = await Run(cs, ImportKind.Cells, gpkg);
        Assert.False(r.HasErrors, string.Join("; ", r.Errors.Select(e => e.Message)));
        Assert.Equal(2, r.Counts.New);
        Assert.Equal(20, await Scalar(cs, $"SELECT count(*) FROM households WHERE village_code = '{f.VillageEast}' AND cell_id IS NOT NULL"));
        Assert.Equal(1, await Scalar(cs, "SELECT count(*) FROM grid_cells WHERE leader_member_id IS NOT NULL"));

        // A cell reaching far outside its village is refused by the same rule as a drawn one.
        var outside = f.Path("outside.geojson");
        Openpyxl.Run($$$"""
            import json, sys
            L0 = {{{f.Lon0.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}
            ring = [[L0 + 0.02, 27.61], [L0 + 0.05, 27.61], [L0 + 0.05, 27.62], [L0 + 0.02, 27.62], [L0 + 0.02, 27.61]]
            json.dump({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"网格名称": "越界网格", "村代码": "{{{f.VillageEast}}}"},
                       "geometry": {"type": "Polygon", "coordinates": [ring]}}]}, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False)
            """, outside);
        var bad = await Run(cs, ImportKind.Cells, outside);
        Assert.True(bad.HasErrors);
        Assert.Equal(2, await Scalar(cs, "SELECT count(*) FROM grid_cells"));
    }
}
