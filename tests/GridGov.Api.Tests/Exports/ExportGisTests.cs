using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace GridGov.Api.Tests.Exports;

/// <summary>
/// GIS files checked by GDAL's ogrinfo as an independent reader: the layers, their feature counts and CRS, and one known
/// household at its position within 1 m — the expected position computed by PostGIS (ST_Transform), not by our converter.
/// </summary>
[Collection(ExportCollection.Name)]
public partial class ExportGisTests(ExportFixture f)
{
    [GeneratedRegex(@"POINT \(([-0-9.e+]+) ([-0-9.e+]+)\)")]
    private static partial Regex PointWkt();

    private async Task<(string No, int Count)> KnownHouseholdAsync()
    {
        var no = (string)(await f.ScalarAsync("SELECT min(household_no) FROM households WHERE village_code = @v AND ended_at IS NULL", ("v", f.Village)))!;
        var count = Convert.ToInt32(await f.ScalarAsync("SELECT count(*) FROM households WHERE village_code = @v AND ended_at IS NULL", ("v", f.Village)));
        return (no, count);
    }

    private async Task<(double X, double Y)> ExpectedAsync(string no, int srid)
    {
        var text = (string)(await f.ScalarAsync(
            "SELECT ST_X(p)::text || ' ' || ST_Y(p)::text FROM (SELECT ST_Transform(location, @s) AS p FROM households WHERE village_code = @v AND household_no = @n AND ended_at IS NULL) x",
            ("s", srid), ("v", f.Village), ("n", no)))!;
        var parts = text.Split(' ');
        return (double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    private static (double X, double Y) Found(string ogrinfo)
    {
        var m = PointWkt().Match(ogrinfo);
        Assert.True(m.Success, ogrinfo);
        return (double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    private static void WithinOneMetre((double X, double Y) expected, (double X, double Y) found, bool degrees)
    {
        var (dx, dy) = (found.X - expected.X, found.Y - expected.Y);
        if (degrees) (dx, dy) = (dx * 111_320 * Math.Cos(expected.Y * Math.PI / 180), dy * 110_574);
        Assert.True(Math.Sqrt(dx * dx + dy * dy) < 1, $"expected {expected}, found {found}");
    }

    [Theory]
    [InlineData(null, 4326)]
    [InlineData("EPSG:4524", 4524)]
    [InlineData("EPSG:4545", 4545)]
    [InlineData("EPSG:4490", 4490)]
    public async Task A_geopackage_has_households_cells_and_villages_in_the_asked_crs(string? crs, int epsg)
    {
        var admin = await f.Api.LoginAsync("x-admin");
        var (res, path) = await f.ExportAsync(admin, "households", $"area={f.Village}&format=gpkg{(crs is null ? "" : "&crs=" + crs)}", ".gpkg");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var layers = Ogr.Info(path);
        Assert.Contains("1: households (Point)", layers);
        Assert.Contains("2: cells (Polygon)", layers);
        Assert.Contains("3: villages (Multi Polygon)", layers);

        var (no, count) = await KnownHouseholdAsync();
        var summary = Ogr.Info("-so", path, "households");
        Assert.Equal(count, Ogr.FeatureCount(summary));
        Assert.Contains($"ID[\"EPSG\",{epsg}]]", summary);
        var cells = Convert.ToInt32(await f.ScalarAsync("SELECT count(*) FROM grid_cells WHERE village_code = @v", ("v", f.Village)));
        Assert.Equal(cells, Ogr.FeatureCount(Ogr.Info("-so", path, "cells")));
        Assert.Equal(1, Ogr.FeatureCount(Ogr.Info("-so", path, "villages")));

        var feature = Ogr.Info("-where", $"householdNo = '{no}'", path, "households");
        Assert.Contains($"headIdNumber (String) = ", feature);
        WithinOneMetre(await ExpectedAsync(no, epsg), Found(feature), degrees: epsg is 4326 or 4490);
    }

    [Theory]
    [InlineData(null, 4326)]
    [InlineData("EPSG:4524", 4524)]
    public async Task A_zipped_shapefile_has_prj_cpg_and_short_field_names(string? crs, int epsg)
    {
        var admin = await f.Api.LoginAsync("x-admin");
        var (res, path) = await f.ExportAsync(admin, "households", $"area={f.Village}&format=shp{(crs is null ? "" : "&crs=" + crs)}", ".zip");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        using (var zip = System.IO.Compression.ZipFile.OpenRead(path))
            Assert.Equal(["households.cpg", "households.dbf", "households.prj", "households.shp", "households.shx"],
                zip.Entries.Select(e => e.Name).Order().ToArray());
        var (no, count) = await KnownHouseholdAsync();
        var summary = Ogr.Info("-so", "/vsizip/" + path, "households");
        Assert.Equal(count, Ogr.FeatureCount(summary));
        Assert.Contains("head_id: String", summary);
        Assert.Contains("vill_group: String", summary);
        if (epsg == 4524) Assert.Contains("Gauss", summary);
        var feature = Ogr.Info("-where", $"hh_no = '{no}'", "/vsizip/" + path, "households");
        // The .cpg says UTF-8, so GDAL decodes the Chinese names.
        var head = (string)(await f.ScalarAsync("SELECT head_name FROM households WHERE village_code = @v AND household_no = @n AND ended_at IS NULL",
            ("v", f.Village), ("n", no)))!;
        Assert.Contains($"head_name (String) = {head}", feature);
        WithinOneMetre(await ExpectedAsync(no, epsg), Found(feature), degrees: epsg == 4326);
    }

    [Fact]
    public async Task Geojson_is_rfc7946_wgs84_unless_another_crs_is_asked_for()
    {
        var admin = await f.Api.LoginAsync("x-admin");
        var (plain, plainPath) = await f.ExportAsync(admin, "households", $"area={f.Village}&format=geojson", ".geojson");
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal("application/geo+json", plain.Content.Headers.ContentType?.MediaType);
        var text = await File.ReadAllTextAsync(plainPath);
        Assert.DoesNotContain("\"crs\"", text);
        var (no, count) = await KnownHouseholdAsync();
        var summary = Ogr.Info("-so", plainPath, "households");
        Assert.Equal(count, Ogr.FeatureCount(summary));
        WithinOneMetre(await ExpectedAsync(no, 4326), Found(Ogr.Info("-where", $"householdNo = '{no}'", plainPath, "households")), degrees: true);

        var (gk, gkPath) = await f.ExportAsync(admin, "households", $"area={f.Village}&format=geojson&crs=EPSG:4524", ".geojson");
        Assert.Equal(HttpStatusCode.OK, gk.StatusCode);
        Assert.Contains("urn:ogc:def:crs:EPSG::4524", await File.ReadAllTextAsync(gkPath));
        Assert.Contains("4524", Ogr.Info("-so", gkPath, "households"));
        WithinOneMetre(await ExpectedAsync(no, 4524), Found(Ogr.Info("-where", $"householdNo = '{no}'", gkPath, "households")), degrees: false);
    }

    [Fact]
    public async Task Areas_come_as_township_and_village_layers_and_links_as_lines_beside_members_and_households()
    {
        var county = await f.Api.LoginAsync("x-county");
        var (res, path) = await f.ExportAsync(county, "areas", $"area={f.Township}&format=gpkg", ".gpkg");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var villages = Convert.ToInt32(await f.ScalarAsync("SELECT count(*) FROM areas WHERE level = 'village' AND code LIKE left(@t, 9) || '%'", ("t", f.Township)));
        Assert.Equal(villages, Ogr.FeatureCount(Ogr.Info("-so", path, "villages")));
        Assert.Equal(1, Ogr.FeatureCount(Ogr.Info("-so", path, "townships")));

        var (links, linksPath) = await f.ExportAsync(county, "links", $"area={f.Village}&format=gpkg", ".gpkg");
        Assert.Equal(HttpStatusCode.OK, links.StatusCode);
        var all = Ogr.Info(linksPath);
        Assert.Contains("links (Line String)", all);
        Assert.Contains("members (Point)", all);
        Assert.Equal(int.Parse(links.Headers.GetValues("X-Export-Rows").Single()), Ogr.FeatureCount(Ogr.Info("-so", linksPath, "links")));
        // A county leader's file: the members' ID numbers are masked in every layer.
        Assert.Matches(@"memberIdNumber \(String\) = [0-9]{4}\*{10}", Ogr.Info("-fid", "1", linksPath, "links"));
    }
}
