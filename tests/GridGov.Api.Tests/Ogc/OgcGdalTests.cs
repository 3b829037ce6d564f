using System.Globalization;
using System.Text.RegularExpressions;
using static GridGov.Api.Tests.Ogc.OgcServerFixture;

namespace GridGov.Api.Tests.Ogc;

/// <summary>
/// GDAL (Debian's gdal-bin, an independent client) reads /ogc as QGIS would: its OAPIF driver with the key or token
/// in a header lists the collections, follows `next` through a whole village, sends bbox; its GeoJSON driver reads
/// a feature in another CRS. Expected numbers come from the database, positions from PostGIS's own transform.
/// </summary>
public class OgcGdalTests(OgcServerFixture server) : IClassFixture<OgcServerFixture>
{
    private const string A1 = TestCounty.A1;
    private const string ActiveInA1 = $"SELECT count(*) FROM households WHERE village_code = '{A1}' AND ended_at IS NULL";

    [Fact]
    public void Ogrinfo_lists_every_collection_with_its_geometry()
    {
        var output = OgrInfo(KeyHeader(server.Live.ApiKey), "-ro", "-q", "OAPIF:" + server.OgcUrl);
        foreach (var (layer, geometry) in new[] { ("townships", "Multi Polygon"), ("villages", "Multi Polygon"), ("cells", "Polygon"),
                     ("households", "Point"), ("members", "Point"), ("links", "Line String") })
            Assert.Matches(new Regex($@"^\d+: {layer}( \(title: [^)]*\))?( \({geometry}\))?$", RegexOptions.Multiline), output);
    }

    [Fact]
    public async Task Ogrinfo_pages_through_a_whole_village_in_small_pages_without_repeats()
    {
        // PAGE_SIZE 7: the 43 active households of A1 come in 7 pages, linked by `next`.
        var output = OgrInfo(KeyHeader(server.Live.ApiKey), "-ro", "-al", "-oo", "PAGE_SIZE=7",
            "-where", $"village_code = '{A1}'", "OAPIF:" + server.OgcUrl, "households");
        var ids = FieldValues(output, "id").Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToList();
        var expected = await server.IdsAsync($"SELECT id FROM households WHERE village_code = '{A1}' AND ended_at IS NULL ORDER BY id");
        Assert.True(expected.Count > 40, $"only {expected.Count} households in A1");
        Assert.Equal(expected, ids.Order().ToList());
        Assert.DoesNotContain(140L, ids); // ended yesterday
        Assert.Equal(await server.ScalarAsync<long>(ActiveInA1), ids.Distinct().Count());
    }

    [Fact]
    public async Task Ogrinfo_bbox_gives_the_households_inside_it()
    {
        var output = OgrInfo(KeyHeader(server.Live.ApiKey), "-ro", "-al", "-oo", "PAGE_SIZE=50",
            "-spat", "108.30", "28.00", "108.335", "28.035", "OAPIF:" + server.OgcUrl, "households");
        var ids = FieldValues(output, "id").Select(v => long.Parse(v, CultureInfo.InvariantCulture)).Order().ToList();
        var expected = await server.IdsAsync("""
            SELECT id FROM households WHERE ended_at IS NULL
              AND ST_Intersects(location, ST_MakeEnvelope(108.30, 28.00, 108.335, 28.035, 4326)) ORDER BY id
            """);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, ids);
    }

    public static TheoryData<int> GaussKrugerCodes() => [4524, 4545];

    [Theory]
    [MemberData(nameof(GaussKrugerCodes))]
    public async Task A_household_read_in_gauss_kruger_is_within_a_metre_of_postgis(int epsg)
    {
        // EPSG's Gauss-Krüger CRSs are northing first: GDAL's GeoJSON driver prints them as given, (northing easting).
        var url = $"{server.OgcUrl}/collections/households/items/1?crs=http://www.opengis.net/def/crs/EPSG/0/{epsg}";
        var (a, b) = Point(OgrInfo(KeyHeader(server.Live.ApiKey), "-ro", "-al", url));
        var northing = await server.ScalarAsync<double>($"SELECT ST_Y(ST_Transform(location, {epsg})) FROM households WHERE id = 1");
        var easting = await server.ScalarAsync<double>($"SELECT ST_X(ST_Transform(location, {epsg})) FROM households WHERE id = 1");
        Assert.InRange(Math.Abs(a - northing), 0, 1);
        Assert.InRange(Math.Abs(b - easting), 0, 1);
        if (epsg == 4524) Assert.InRange(b, 36_000_000, 37_000_000); // the zone number in front of the easting
    }

    [Fact]
    public void A_household_read_in_cgcs2000_is_latitude_first_within_a_metre()
    {
        var url = $"{server.OgcUrl}/collections/households/items/1?crs=http://www.opengis.net/def/crs/EPSG/0/4490";
        var (lat, lon) = Point(OgrInfo(KeyHeader(server.Live.ApiKey), "-ro", "-al", url));
        Assert.InRange(Math.Abs(lat - 28.01) * 111_000, 0, 1);
        Assert.InRange(Math.Abs(lon - 108.31) * 98_000, 0, 1);
    }

    [Fact]
    public async Task A_township_key_sees_nothing_outside_its_township()
    {
        var header = KeyHeader(server.TownKey);
        foreach (var (layer, field) in new[] { ("households", "village_code"), ("villages", "code"), ("cells", "village_code"),
                     ("members", "village_code"), ("links", "village_code"), ("townships", "code") })
        {
            var output = OgrInfo(header, "-ro", "-al", "-oo", "PAGE_SIZE=20", "OAPIF:" + server.OgcUrl, layer);
            var codes = FieldValues(output, field);
            Assert.NotEmpty(codes);
            Assert.All(codes, c => Assert.StartsWith(TestCounty.TownA[..9], c));
        }
        var households = FieldValues(OgrInfo(header, "-ro", "-al", "-oo", "PAGE_SIZE=20", "OAPIF:" + server.OgcUrl, "households"), "id");
        Assert.Equal(await server.ScalarAsync<long>($"SELECT count(*) FROM households WHERE village_code LIKE '{TestCounty.TownA[..9]}%' AND ended_at IS NULL"),
            households.Count);
    }

    [Fact]
    public async Task The_key_as_the_password_of_http_basic_reads_as_the_key_header_does()
    {
        // What QGIS's and Excel's "basic" authentication send; GDAL sends it from GDAL_HTTP_USERPWD. The user name is not used.
        var basic = new Dictionary<string, string> { ["GDAL_HTTP_USERPWD"] = "qgis:" + server.TownKey, ["GDAL_HTTP_AUTH"] = "BASIC" };
        var ids = FieldValues(OgrInfoWith(basic, "-ro", "-al", "-oo", "PAGE_SIZE=50", "OAPIF:" + server.OgcUrl, "households"), "id");
        var viaHeader = FieldValues(OgrInfo(KeyHeader(server.TownKey), "-ro", "-al", "-oo", "PAGE_SIZE=50", "OAPIF:" + server.OgcUrl, "households"), "id");
        Assert.Equal(await server.ScalarAsync<long>($"SELECT count(*) FROM households WHERE village_code LIKE '{TestCounty.TownA[..9]}%' AND ended_at IS NULL"),
            ids.Count);
        Assert.Equal(viaHeader, ids);

        var wrong = new Dictionary<string, string> { ["GDAL_HTTP_USERPWD"] = "qgis:" + server.TownKey[..^2] + "xx", ["GDAL_HTTP_AUTH"] = "BASIC" };
        var (code, output) = Integrators.LiveServerFixture.Run("ogrinfo", ["-ro", "-q", "OAPIF:" + server.OgcUrl],
            Path.GetTempPath(), new Dictionary<string, string>(wrong) { ["CPL_VSIL_CURL_NON_CACHED"] = "/vsicurl/" }, timeoutSeconds: 120);
        Assert.NotEqual(0, code);
        Assert.Contains("401", output);
    }

    [Fact]
    public async Task A_member_token_sees_only_their_own()
    {
        var header = "Authorization: Bearer " + await server.Live.TokenAsync("member-2");
        var households = FieldValues(OgrInfo(header, "-ro", "-al", "OAPIF:" + server.OgcUrl, "households"), "id");
        var own = await server.IdsAsync("""
            SELECT h.id FROM households h WHERE h.ended_at IS NULL AND (
              EXISTS (SELECT 1 FROM links l WHERE l.household_id = h.id AND l.member_id = 2 AND l.valid_to IS NULL)
              OR EXISTS (SELECT 1 FROM grid_cells g WHERE g.id = h.cell_id AND g.leader_member_id = 2)) ORDER BY h.id
            """);
        Assert.NotEmpty(own);
        Assert.Equal(own.Select(i => i.ToString(CultureInfo.InvariantCulture)), households.Order());
        Assert.Equal(["2"], FieldValues(OgrInfo(header, "-ro", "-al", "OAPIF:" + server.OgcUrl, "members"), "id"));
        Assert.All(FieldValues(OgrInfo(header, "-ro", "-al", "OAPIF:" + server.OgcUrl, "links"), "member_id"), m => Assert.Equal("2", m));
    }

    private static (double A, double B) Point(string ogrinfo)
    {
        var m = Regex.Match(ogrinfo, @"POINT \(([-\d.e+]+) ([-\d.e+]+)\)");
        Assert.True(m.Success, "no point in:\n" + ogrinfo);
        return (double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
    }
}
