using GridGov.Testing;
using System.IO.Compression;
using System.Text;
using GridGov.Domain.Geo;
using GridGov.Import.Files;
using NetTopologySuite.Geometries;

namespace GridGov.Import.Tests.Files;

/// <summary>
/// Files written by GDAL (ogr2ogr), not by us, the way a county's GIS staff would send them: a
/// GBK Shapefile in CGCS2000 GK zone 36, zipped; a GeoPackage; GeoJSON with and without "crs".
/// </summary>
public sealed class GeoFileTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    // Three village boundaries near Yinjiang (CGCS2000 lon/lat ≈ WGS84), with Chinese attributes.
    private static readonly (string Code, string Name, int People, double Area, double Lon, double Lat)[] Villages =
    [
        ("522626100001", "峨岭街道龙井村", 1234, 1.25, 108.40, 28.00),
        ("522626101002", "木黄镇木黄社区", 2310, 0.5, 108.45, 28.02),
        ("522626102003", "合水镇兴旺村（含龚家寨组）", 987, 12.75, 108.50, 27.97),
    ];

    private static double[][] Ring(double lon, double lat) =>
    [
        [lon, lat], [lon + 0.005, lat], [lon + 0.005, lat + 0.004], [lon, lat + 0.004], [lon, lat],
    ];

    private string WriteVillagesGeoJson(string? crsMember = null, string name = "villages.geojson")
    {
        var sb = new StringBuilder();
        sb.Append("{\"type\":\"FeatureCollection\",");
        if (crsMember is not null) sb.Append("\"crs\":").Append(crsMember).Append(',');
        sb.Append("\"features\":[");
        for (var i = 0; i < Villages.Length; i++)
        {
            var v = Villages[i];
            var ring = string.Join(",", Ring(v.Lon, v.Lat).Select(p => FormattableString.Invariant($"[{p[0]},{p[1]}]")));
            if (i > 0) sb.Append(',');
            sb.Append(FormattableString.Invariant(
                $"{{\"type\":\"Feature\",\"properties\":{{\"区划代码\":\"{v.Code}\",\"名称\":\"{v.Name}\",\"人口\":{v.People},\"面积\":{v.Area}}},") +
                $"\"geometry\":{{\"type\":\"Polygon\",\"coordinates\":[[{ring}]]}}}}");
        }
        sb.Append("]}");
        var path = dir.File(name);
        File.WriteAllText(path, sb.ToString(), new UTF8Encoding(false));
        return path;
    }

    private static double Meters(double lon1, double lat1, double lon2, double lat2)
    {
        var (x1, y1) = GaussKruger.Project(lon1, lat1);
        var (x2, y2) = GaussKruger.Project(lon2, lat2);
        return Math.Sqrt((x1 - x2) * (x1 - x2) + (y1 - y2) * (y1 - y2));
    }

    /// <summary>Every corner of the original village square is within 1 m of a vertex of the stored geometry.</summary>
    private static void AssertLandsOnOriginal(Geometry stored, int villageIndex)
    {
        Assert.Equal(4326, stored.SRID);
        var v = Villages[villageIndex];
        foreach (var p in Ring(v.Lon, v.Lat))
        {
            var nearest = stored.Coordinates.Min(c => Meters(p[0], p[1], c.X, c.Y));
            Assert.True(nearest < 1.0, $"{v.Name}: corner ({p[0]}, {p[1]}) is {nearest} m from the stored geometry");
        }
    }

    private static List<GeoFeature> ReadAll(string path, GeoOptions? options = null)
    {
        using var source = GeoFile.Open(path, options ?? new GeoOptions());
        return source.Features().ToList();
    }

    private static void AssertVillageAttributes(IReadOnlyList<GeoFeature> features)
    {
        Assert.Equal(Villages.Length, features.Count);
        for (var i = 0; i < Villages.Length; i++)
        {
            Assert.Equal(i + 1, features[i].Index);
            Assert.Equal(Villages[i].Code, features[i].Attributes["区划代码"]);
            Assert.Equal(Villages[i].Name, features[i].Attributes["名称"]);
            Assert.Equal(Villages[i].People.ToString(System.Globalization.CultureInfo.InvariantCulture), features[i].Attributes["人口"]);
            Assert.Equal(Villages[i].Area, double.Parse(features[i].Attributes["面积"]!, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>ogr2ogr → GBK Shapefile in GK zone 36 (what a county sends), in its own folder.</summary>
    private string WriteZone36Shapefile(string folder, string encoding = "CP936")
    {
        var input = WriteVillagesGeoJson(name: folder + ".geojson");
        var outDir = dir.File(folder);
        Directory.CreateDirectory(outDir);
        Ogr.Ogr2Ogr("-f", "ESRI Shapefile", "-s_srs", "EPSG:4490", "-t_srs", "EPSG:4524", "-lco", "ENCODING=" + encoding,
            "-nln", "村界", Path.Combine(outDir, "村界.shp"), input);
        return outDir;
    }

    private string Zip(string folder, string zipName, params string[] exceptExtensions)
    {
        var zipPath = dir.File(zipName);
        using var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create);
        foreach (var f in Directory.EnumerateFiles(folder))
            if (!exceptExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                zip.CreateEntryFromFile(f, "村界数据/" + Path.GetFileName(f));
        return zipPath;
    }

    [Fact]
    public void Zipped_gbk_shapefile_in_zone_36_with_cpg_reads_chinese_and_lands_within_a_metre()
    {
        var folder = WriteZone36Shapefile("gbk");
        Assert.True(File.Exists(Path.Combine(folder, "村界.cpg")), "ogr2ogr writes a .cpg for ENCODING=CP936");
        var zip = Zip(folder, "村界.zip");

        using var source = GeoFile.Open(zip, new GeoOptions());
        Assert.Equal("EPSG:4524", source.DeclaredCrs?.Name);
        Assert.Contains("CGCS2000_3_Degree_GK_Zone_36", source.DeclaredCrsText);
        Assert.Equal(["区划代码", "名称", "人口", "面积"], source.Fields);
        var features = source.Features().ToList();
        AssertVillageAttributes(features);
        for (var i = 0; i < features.Count; i++)
        {
            var g = features[i].Geometry!;
            Assert.IsType<MultiPolygon>(g); // the Esri reader gives every polygon shape as MultiPolygon
            Assert.InRange(g.Coordinates[0].X, 36_000_000, 37_000_000); // the file's own coordinates, zone number included
            Assert.Equal(4524, g.SRID);
            AssertLandsOnOriginal(source.DeclaredCrs!.ToStorage(g), i);
        }
    }

    [Fact]
    public void Gbk_shapefile_without_cpg_is_detected_as_gb18030()
    {
        var folder = WriteZone36Shapefile("nocpg");
        var zip = Zip(folder, "nocpg.zip", ".cpg");
        AssertVillageAttributes(ReadAll(zip));
    }

    [Fact]
    public void Encoding_option_overrides_the_cpg()
    {
        var folder = WriteZone36Shapefile("override");
        var zip = Zip(folder, "override.zip", ".cpg");
        AssertVillageAttributes(ReadAll(zip, new GeoOptions(Encoding: "GBK")));
        AssertVillageAttributes(ReadAll(zip, new GeoOptions(Encoding: "936")));
        // Telling it the wrong encoding is obeyed: the names come out garbled, not silently fixed.
        var wrong = ReadAll(zip, new GeoOptions(Encoding: "UTF-8"));
        Assert.DoesNotContain(wrong, f => f.Attributes.TryGetValue("名称", out var n) && n == Villages[0].Name);
        var e = Assert.Throws<ImportFileException>(() => GeoFile.Open(zip, new GeoOptions(Encoding: "no-such-encoding")));
        Assert.Equal("ENCODING_UNKNOWN", e.Code);
    }

    [Fact]
    public void Utf8_shapefile_without_cpg_is_detected_as_utf8()
    {
        // ASCII field names: 区划代码 is 12 bytes in UTF-8, over the 10-byte DBF limit.
        var input = dir.File("utf8.geojson");
        File.WriteAllText(input, """
            {"type":"FeatureCollection","features":[
             {"type":"Feature","properties":{"code":"522626100001","name":"峨岭街道龙井村"},"geometry":{"type":"Point","coordinates":[108.4,28.0]}},
             {"type":"Feature","properties":{"code":"522626101002","name":"木黄镇木黄社区"},"geometry":{"type":"Point","coordinates":[108.45,28.02]}}]}
            """);
        var outDir = dir.File("utf8");
        Directory.CreateDirectory(outDir);
        Ogr.Ogr2Ogr("-f", "ESRI Shapefile", "-lco", "ENCODING=UTF-8", Path.Combine(outDir, "houses.shp"), input);
        foreach (var cpg in Directory.EnumerateFiles(outDir, "*.cpg")) File.Delete(cpg);

        // A bare .shp path with its siblings next to it.
        using var source = GeoFile.Open(Path.Combine(outDir, "houses.shp"), new GeoOptions());
        var features = source.Features().ToList();
        Assert.Equal(2, features.Count);
        Assert.Equal("峨岭街道龙井村", features[0].Attributes["name"]);
        Assert.Equal("木黄社区", features[1].Attributes["name"]![3..]);
        Assert.IsType<Point>(features[0].Geometry);
        Assert.Equal("EPSG:4326", source.DeclaredCrs?.Name);
    }

    [Theory]
    [InlineData(".dbf")]
    [InlineData(".shx")]
    public void Zip_without_a_required_part_names_it(string missing)
    {
        var folder = WriteZone36Shapefile("missing" + missing.TrimStart('.'));
        var zip = Zip(folder, "missing.zip", missing);
        var e = Assert.Throws<ImportFileException>(() => GeoFile.Open(zip, new GeoOptions()));
        Assert.Equal("SHAPEFILE_PART_MISSING", e.Code);
        Assert.Contains(missing, e.Message);
        Assert.Contains("压缩包里缺少", e.Message);
    }

    [Fact]
    public void Zip_without_any_shp_and_bare_shp_without_dbf_are_refused()
    {
        var zipPath = dir.File("empty.zip");
        using (var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create))
        using (var w = new StreamWriter(zip.CreateEntry("说明.txt").Open()))
            w.Write("没有数据");
        Assert.Equal("SHAPEFILE_PART_MISSING", Assert.Throws<ImportFileException>(() => GeoFile.Open(zipPath, new GeoOptions())).Code);

        var folder = WriteZone36Shapefile("bare");
        File.Delete(Path.Combine(folder, "村界.dbf"));
        var e = Assert.Throws<ImportFileException>(() => GeoFile.Open(Path.Combine(folder, "村界.shp"), new GeoOptions()));
        Assert.Equal("SHAPEFILE_PART_MISSING", e.Code);
        Assert.Contains(".dbf", e.Message);
    }

    [Fact]
    public void Truncated_shp_fails_with_file_format()
    {
        var folder = WriteZone36Shapefile("truncated");
        var shp = Path.Combine(folder, "村界.shp");
        var bytes = File.ReadAllBytes(shp);
        File.WriteAllBytes(shp, bytes[..^30]);
        var e = Assert.Throws<ImportFileException>(() =>
        {
            using var source = GeoFile.Open(shp, new GeoOptions());
            _ = source.Features().ToList();
        });
        Assert.Equal("FILE_FORMAT", e.Code);
    }

    [Fact]
    public void Xian80_shapefile_declares_no_supported_crs_but_keeps_its_text()
    {
        var input = WriteVillagesGeoJson(name: "xian.geojson");
        var outDir = dir.File("xian");
        Directory.CreateDirectory(outDir);
        // Assigned (not transformed): a file whose .prj says Xian 1980 GK CM 108E.
        Ogr.Ogr2Ogr("-f", "ESRI Shapefile", "-s_srs", "EPSG:4490", "-t_srs", "EPSG:4545", "-lco", "ENCODING=CP936",
            Path.Combine(outDir, "xian.shp"), input);
        Ogr.Ogr2Ogr("-f", "ESRI Shapefile", "-a_srs", "EPSG:2381", "-lco", "ENCODING=CP936",
            Path.Combine(outDir, "xian80.shp"), Path.Combine(outDir, "xian.shp"));
        using var source = GeoFile.Open(Path.Combine(outDir, "xian80.shp"), new GeoOptions());
        Assert.Null(source.DeclaredCrs);
        Assert.Contains("Xian_1980", source.DeclaredCrsText);
        Assert.Equal(3, source.Features().Count());
    }

    [Fact]
    public void GeoPackage_in_zone_36_reads_attributes_crs_and_geometry()
    {
        var input = WriteVillagesGeoJson();
        var gpkg = dir.File("村界.gpkg");
        Ogr.Ogr2Ogr("-f", "GPKG", "-s_srs", "EPSG:4490", "-t_srs", "EPSG:4524", "-nln", "villages", gpkg, input);

        using var source = GeoFile.Open(gpkg, new GeoOptions());
        Assert.Equal("EPSG:4524", source.DeclaredCrs?.Name);
        Assert.Equal(["区划代码", "名称", "人口", "面积"], source.Fields);
        var features = source.Features().ToList();
        AssertVillageAttributes(features);
        for (var i = 0; i < features.Count; i++)
        {
            Assert.IsType<Polygon>(features[i].Geometry);
            AssertLandsOnOriginal(source.DeclaredCrs!.ToStorage(features[i].Geometry!), i);
        }
    }

    [Fact]
    public void GeoPackage_with_two_layers_needs_a_layer_name()
    {
        var input = WriteVillagesGeoJson();
        var gpkg = dir.File("two.gpkg");
        Ogr.Ogr2Ogr("-f", "GPKG", "-nln", "villages", gpkg, input);
        Ogr.Ogr2Ogr("-f", "GPKG", "-update", "-nln", "cells", "-t_srs", "EPSG:4545", gpkg, input);

        var e = Assert.Throws<ImportFileException>(() => GeoFile.Open(gpkg, new GeoOptions()));
        Assert.Equal("LAYER_AMBIGUOUS", e.Code);
        Assert.Contains("cells", e.Message);
        e = Assert.Throws<ImportFileException>(() => GeoFile.Open(gpkg, new GeoOptions(Layer: "houses")));
        Assert.Equal("LAYER_NOT_FOUND", e.Code);

        using var cells = GeoFile.Open(gpkg, new GeoOptions(Layer: "cells"));
        Assert.Equal("EPSG:4545", cells.DeclaredCrs?.Name);
        var features = cells.Features().ToList();
        AssertVillageAttributes(features);
        AssertLandsOnOriginal(cells.DeclaredCrs!.ToStorage(features[2].Geometry!), 2);
        using var villages = GeoFile.Open(gpkg, new GeoOptions(Layer: "villages"));
        Assert.Equal("EPSG:4326", villages.DeclaredCrs?.Name);
    }

    [Fact]
    public void GeoJson_without_crs_declares_nothing()
    {
        var path = WriteVillagesGeoJson();
        using var source = GeoFile.Open(path, new GeoOptions());
        Assert.Null(source.DeclaredCrs);
        Assert.Null(source.DeclaredCrsText);
        Assert.Equal(["区划代码", "名称", "人口", "面积"], source.Fields);
        var features = source.Features().ToList();
        AssertVillageAttributes(features);
        Assert.IsType<Polygon>(features[0].Geometry);
        AssertLandsOnOriginal(CrsSpec.Wgs84.ToStorage(features[0].Geometry!), 0);
    }

    [Fact]
    public void GeoJson_written_by_ogr2ogr_in_zone_36_honours_its_crs_member()
    {
        var input = WriteVillagesGeoJson();
        var output = dir.File("zone36.geojson");
        Ogr.Ogr2Ogr("-f", "GeoJSON", "-s_srs", "EPSG:4490", "-t_srs", "EPSG:4524", "-lco", "RFC7946=NO", output, input);
        Assert.Contains("\"crs\"", File.ReadAllText(output));

        using var source = GeoFile.Open(output, new GeoOptions());
        Assert.Equal("EPSG:4524", source.DeclaredCrs?.Name);
        Assert.Equal("urn:ogc:def:crs:EPSG::4524", source.DeclaredCrsText);
        var features = source.Features().ToList();
        AssertVillageAttributes(features);
        for (var i = 0; i < features.Count; i++)
            AssertLandsOnOriginal(source.DeclaredCrs!.ToStorage(features[i].Geometry!), i);
    }

    [Fact]
    public void GeoJson_saved_as_gbk_is_read_as_gb18030()
    {
        var utf8 = WriteVillagesGeoJson(name: "utf8.geojson");
        var gbk = dir.File("gbk.geojson");
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        File.WriteAllText(gbk, File.ReadAllText(utf8), System.Text.Encoding.GetEncoding(936));
        Assert.NotEqual(File.ReadAllBytes(utf8), File.ReadAllBytes(gbk));
        AssertVillageAttributes(ReadAll(gbk));
    }

    [Fact]
    public void GeoJson_with_an_unsupported_crs_keeps_the_text_and_values_are_invariant_text()
    {
        var path = dir.File("odd.geojson");
        File.WriteAllText(path, """
            {"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4610"}},
             "features":[{"type":"Feature","properties":{"big":1e20,"small":2.5E-3,"flag":true,"none":null,"list":[1,2]},
                          "geometry":null}]}
            """);
        using var source = GeoFile.Open(path, new GeoOptions());
        Assert.Null(source.DeclaredCrs);
        Assert.Equal("urn:ogc:def:crs:EPSG::4610", source.DeclaredCrsText);
        var f = Assert.Single(source.Features());
        Assert.Null(f.Geometry);
        Assert.Equal("100000000000000000000", f.Attributes["big"]);
        Assert.Equal("0.0025", f.Attributes["small"]);
        Assert.Equal("true", f.Attributes["flag"]);
        Assert.Null(f.Attributes["none"]);
        Assert.Equal("[1,2]", f.Attributes["list"]);
    }

    [Fact]
    public void Broken_empty_and_unknown_files_have_stable_codes()
    {
        var broken = dir.File("broken.geojson");
        File.WriteAllText(broken, "{\"type\":\"FeatureCollection\",\"features\":[");
        Assert.Equal("FILE_FORMAT", Assert.Throws<ImportFileException>(() => GeoFile.Open(broken, new GeoOptions())).Code);

        var none = dir.File("none.geojson");
        File.WriteAllText(none, "{\"type\":\"FeatureCollection\",\"features\":[]}");
        Assert.Equal("FILE_EMPTY", Assert.Throws<ImportFileException>(() => GeoFile.Open(none, new GeoOptions())).Code);

        var zero = dir.File("zero.gpkg");
        File.WriteAllBytes(zero, []);
        Assert.Equal("FILE_EMPTY", Assert.Throws<ImportFileException>(() => GeoFile.Open(zero, new GeoOptions())).Code);

        var notGpkg = dir.File("fake.gpkg");
        File.WriteAllText(notGpkg, "this is not a database at all");
        Assert.Equal("FILE_FORMAT", Assert.Throws<ImportFileException>(() => GeoFile.Open(notGpkg, new GeoOptions())).Code);

        var kml = dir.File("data.kml");
        File.WriteAllText(kml, "<kml/>");
        var e = Assert.Throws<ImportFileException>(() => GeoFile.Open(kml, new GeoOptions()));
        Assert.Equal("FILE_FORMAT", e.Code);
        Assert.Contains("GeoJSON", e.Message);

        Assert.Equal("FILE_NOT_FOUND", Assert.Throws<ImportFileException>(() => GeoFile.Open(dir.File("nope.zip"), new GeoOptions())).Code);
    }

    [Fact]
    public void Zip_temp_folder_is_removed_on_dispose()
    {
        var folder = WriteZone36Shapefile("cleanup");
        var zip = Zip(folder, "cleanup.zip");
        var before = Directory.GetDirectories(Path.GetTempPath(), "gridgov-shp-*").Length;
        using (var source = GeoFile.Open(zip, new GeoOptions()))
        {
            Assert.Equal(3, source.Features().Count());
        }
        Assert.True(Directory.GetDirectories(Path.GetTempPath(), "gridgov-shp-*").Length <= before);
    }
}
