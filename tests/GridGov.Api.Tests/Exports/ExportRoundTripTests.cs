using System.Net;
using GridGov.Domain.Import;
using GridGov.Import;

namespace GridGov.Api.Tests.Exports;

/// <summary>
/// The same templates and columns both ways: every exported roster goes back through the import's dry run with 0 new and
/// 0 changed rows and no errors. CSV files are of a whole township (several villages in one file); a workbook of a larger
/// area has a sheet per village, and the import reads all of them at once (WorkbookTabularSource). (Cells, a GIS kind, are in
/// ExportCellRoundTripTests.)
/// </summary>
[Collection(ExportCollection.Name)]
public class ExportRoundTripTests(ExportFixture f)
{
    [Theory]
    [InlineData("households", "xlsx", ImportKind.Households, null)]
    [InlineData("households", "csv", ImportKind.Households, null)]
    [InlineData("members", "xlsx", ImportKind.Members, null)]
    [InlineData("members", "csv", ImportKind.Members, null)]
    [InlineData("links", "xlsx", ImportKind.Links, "联系户")]
    [InlineData("links", "csv", ImportKind.Links, null)]
    [InlineData("ties", "xlsx", ImportKind.Ties, null)]
    [InlineData("ties", "csv", ImportKind.Ties, null)]
    [InlineData("areas", "xlsx", ImportKind.Areas, null)]
    [InlineData("areas", "csv", ImportKind.Areas, null)]
    [InlineData("households", "xlsx", ImportKind.Households, "township")]
    [InlineData("members", "xlsx", ImportKind.Members, "township")]
    [InlineData("ties", "xlsx", ImportKind.Ties, "township")]
    public async Task An_exported_roster_reimports_with_nothing_new_and_nothing_changed(string kind, string format, ImportKind importKind, string? sheet)
    {
        var admin = await f.Api.LoginAsync("x-admin");
        var area = format == "csv" || kind == "areas" || sheet == "township" ? f.Township : f.Village;
        if (sheet == "township") sheet = null;
        var (res, path) = await f.ExportAsync(admin, kind, $"area={area}&format={format}", "." + format);
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var rows = int.Parse(res.Headers.GetValues("X-Export-Rows").Single());
        Assert.True(rows > 0, $"{kind}: nothing exported");

        var report = await Importer.RunAsync(f.ConnectionString, new ImportRequest
        {
            Kind = importKind, Path = path, Sheet = sheet, CountyCode = "520625000000", DryRun = true, Actor = "round-trip",
        });
        Assert.True(report.Errors.Count == 0, string.Join("\n", report.Errors.Take(10).Select(e => $"row {e.Row} {e.Column} {e.Value}: {e.Code} {e.Message}")));
        Assert.Equal(0, report.Counts.New);
        Assert.Equal(0, report.Counts.Changed);
        Assert.Equal(rows, report.Counts.Unchanged);
        if (format == "xlsx" && area == f.Township)
            Assert.True((long)(await f.ScalarAsync("SELECT count(DISTINCT village_code) FROM households WHERE left(village_code, 9) = left(@t, 9)",
                ("t", f.Township)))! > 1, "the township workbook has several village sheets");
    }
}
