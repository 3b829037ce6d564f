using System.IO.Compression;
using System.Net;
using GridGov.Domain.Import;
using GridGov.Import;

namespace GridGov.Api.Tests.Exports;

/// <summary>
/// Cells both ways: a village's cells exported as GeoPackage, GeoJSON or zipped Shapefile — as written, or rewritten by GDAL's
/// ogr2ogr (another format, the county's Gauss-Krüger zone, GBK attributes) — go back through the cell import with 0 new and
/// 0 changed cells. A cell whose shape really moved still counts as changed.
/// </summary>
[Collection(ExportCollection.Name)]
public class ExportCellRoundTripTests(ExportFixture f)
{
    [Theory]
    [InlineData("gpkg", null)]
    [InlineData("geojson", null)]
    [InlineData("shp", null)]
    [InlineData("gpkg", "shp-gk")]
    [InlineData("shp", "gpkg")]
    [InlineData("gpkg", "geojson")]
    public async Task Exported_cells_reimport_unchanged(string format, string? rewrite)
    {
        var (rows, path) = await ExportAsync(format);
        if (rewrite is not null) path = Rewrite(path, format, rewrite);
        var report = await DryRunAsync(path);
        Assert.True(report.Errors.Count == 0, string.Join("\n", report.Errors.Take(10).Select(e => $"row {e.Row} {e.Column} {e.Value}: {e.Code} {e.Message}")));
        Assert.Equal(0, report.Counts.New);
        Assert.Equal(0, report.Counts.Changed);
        Assert.Equal(rows, report.Counts.Unchanged);
    }

    [Fact]
    public async Task A_cell_moved_by_a_metre_still_counts_as_changed()
    {
        var (rows, path) = await ExportAsync("geojson");
        var moved = Path.Combine(f.Folder, $"moved-{Guid.NewGuid():N}.geojson");
        // Shift every vertex of the first cell 1e-5° east (about 1 m): it must be re-snapped and counted, not kept.
        Ogr.Convert("-f", "GeoJSON", moved, path, "-dialect", "SQLite", "-sql",
            "SELECT CASE WHEN rowid = (SELECT min(rowid) FROM cells) THEN ShiftCoords(geometry, 0.00001, 0) ELSE geometry END AS geometry, " +
            "name, villageCode, leaderIdNumber FROM cells");
        var report = await DryRunAsync(moved);
        Assert.True(report.Errors.Count == 0, string.Join("\n", report.Errors.Take(5).Select(e => $"{e.Code} {e.Message}")));
        Assert.Equal(1, report.Counts.Changed);
        Assert.Equal(rows - 1, report.Counts.Unchanged);
    }

    private async Task<(int Rows, string Path)> ExportAsync(string format)
    {
        var admin = await f.Api.LoginAsync("x-admin");
        var ext = format == "shp" ? ".shp.zip" : "." + format;
        var (res, path) = await f.ExportAsync(admin, "cells", $"area={f.Village}&format={format}", ext);
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var rows = int.Parse(res.Headers.GetValues("X-Export-Rows").Single());
        Assert.True(rows > 1, "the village has several cells");
        return (rows, path);
    }

    private string Rewrite(string path, string format, string to)
    {
        var src = format == "shp" ? "/vsizip/" + path : path;
        // A GeoPackage of cells holds the villages beside them: take the cells layer.
        string[] layer = format == "gpkg" ? ["cells"] : [];
        var dest = Path.Combine(f.Folder, $"rewritten-{Guid.NewGuid():N}");
        switch (to)
        {
            case "shp-gk":
                // What a county's surveyors send: CGCS2000 3° zone 36 with the zone number, attributes in GBK, zipped.
                Directory.CreateDirectory(dest);
                Ogr.Convert(["-f", "ESRI Shapefile", "-t_srs", "EPSG:4524", "-lco", "ENCODING=CP936", Path.Combine(dest, "cells.shp"), src, .. layer]);
                ZipFile.CreateFromDirectory(dest, dest + ".zip");
                return dest + ".zip";
            case "gpkg":
                Ogr.Convert(["-f", "GPKG", dest + ".gpkg", src, .. layer]);
                return dest + ".gpkg";
            default:
                Ogr.Convert(["-f", "GeoJSON", dest + ".geojson", src, .. layer]);
                return dest + ".geojson";
        }
    }

    private Task<ImportReport> DryRunAsync(string path) => Importer.RunAsync(f.ConnectionString, new ImportRequest
    {
        Kind = ImportKind.Cells, Path = path, CountyCode = "520625000000", DryRun = true, Actor = "round-trip",
        Sheet = path.EndsWith(".gpkg", StringComparison.Ordinal) ? "cells" : null,
    });
}
