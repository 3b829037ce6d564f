using System.Net;
using System.Net.Http.Headers;
using GridGov.Api.Tests.Field;
using GridGov.Testing;

namespace GridGov.Api.Tests;

/// <summary>Issue 13: the optional photo of a check-in — stripped of metadata, evidence not replaced, seen by the cadre and leaders of the area only.</summary>
public class CadreCheckInPhotoTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    private static byte[] GdalJpeg(int burn)
    {
        var dir = Directory.CreateTempSubdirectory("gridgov-checkin-").FullName;
        Gdal.Run("gdal_create", "-of", "GTiff", "-outsize", "64", "48", "-bands", "3", "-burn", burn.ToString(), Path.Combine(dir, "p.tif"));
        Gdal.Run("gdal_translate", "-q", "-of", "JPEG", Path.Combine(dir, "p.tif"), Path.Combine(dir, "p.jpg"),
            "-mo", "EXIF_GPSLatitude=(28) (3) (0)", "-mo", "EXIF_GPSLatitudeRef=N", "-mo", "EXIF_GPSLongitude=(108) (21) (0)");
        return File.ReadAllBytes(Path.Combine(dir, "p.jpg"));
    }

    private static Task<HttpResponseMessage> PutAsync(HttpClient client, string id, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        return client.PutAsync($"/check-ins/{id}/photo", content);
    }

    [Fact]
    public async Task A_check_in_photo_is_stripped_kept_once_and_shown_only_to_the_cadre_and_the_area()
    {
        var cs = await TestCountyMonthly.CreateAsync(pg);
        using var factory = new ApiFactory(cs);
        var cadre = await factory.LoginAsync("cadre-a1");
        var r = await cadre.GraphQLAsync("mutation { checkIn(location: {type: \"Point\", coordinates: [108.33, 28.03]}, accuracy: 10, coordinateSystem: WGS84) { id photoUrl } }");
        var id = r.Data.GetProperty("checkIn").GetProperty("id").GetString()!;
        Assert.Equal(System.Text.Json.JsonValueKind.Null, r.Data.GetProperty("checkIn").GetProperty("photoUrl").ValueKind);

        var jpeg = GdalJpeg(120);
        Assert.Contains("Exif", System.Text.Encoding.Latin1.GetString(jpeg));
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(cadre, id, jpeg)).StatusCode);
        // The phone's retry of the same photo is fine; another photo is refused and the first stays.
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(cadre, id, jpeg)).StatusCode);
        var other = await PutAsync(cadre, id, GdalJpeg(30));
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Contains("不能替换", await other.Content.ReadAsStringAsync());

        var url = (await cadre.GraphQLAsync("{ checkIns(cadreId: 1) { photoUrl } }")).Data.GetProperty("checkIns")[0].GetProperty("photoUrl").GetString()!;
        var stored = await (await cadre.GetAsync("/" + url)).Content.ReadAsByteArrayAsync();
        Assert.DoesNotContain("Exif", System.Text.Encoding.Latin1.GetString(stored));
        var path = Path.Combine(Directory.CreateTempSubdirectory("gridgov-checkin-").FullName, "got.jpg");
        File.WriteAllBytes(path, stored);
        Assert.Contains("Size is 64, 48", Gdal.Run("gdalinfo", path));

        Assert.Equal(HttpStatusCode.OK, (await (await factory.LoginAsync("town-a")).GetAsync("/" + url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await factory.LoginAsync("member-2")).GetAsync("/" + url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await factory.LoginAsync("sec-b1")).GetAsync("/" + url)).StatusCode);
        // Another cadre may neither read nor add to it.
        var (code, output) = await CadreAccountTests.AdminAsync(cs, "user", "create", "--username", "a2-fs", "--role", "cadre", "--area", TestCounty.A2,
            "--name", "李", "--kind", "resident-cadre", "--rank", "一般干部");
        Assert.True(code == 0, output);
        var a2 = await factory.LoginAsync("a2-fs");
        Assert.Equal(HttpStatusCode.Forbidden, (await a2.GetAsync("/" + url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PutAsync(a2, id, jpeg)).StatusCode);
        Assert.Equal(1L, await TestCountyMonthly.ScalarAsync<long>(cs, "SELECT count(*) FROM check_in_photos"));
    }
}
