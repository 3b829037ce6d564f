using System.Net;
using System.Net.Http.Headers;
using System.Text;
using GridGov.Domain.Access;
using GridGov.Domain.Coverage;
using GridGov.Testing;

namespace GridGov.Api.Tests.Field;

/// <summary>
/// Photos of declarations: JPEGs written by GDAL (an independent encoder) with an EXIF GPS position, read back
/// with gdalinfo. The server strips the metadata itself, keeps 2 MB and 1600 px, and shows a photo only to those
/// who may see the declaration.
/// </summary>
public class DeclarationPhotoTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    private static string Today => CoverageRules.DateOf(DateTimeOffset.UtcNow).ToString("yyyy-MM-dd");

    private static byte[] GdalJpeg(int width, int height, bool withGps)
    {
        var dir = Directory.CreateTempSubdirectory("gridgov-photo-").FullName;
        var tif = Path.Combine(dir, "p.tif");
        var jpg = Path.Combine(dir, "p.jpg");
        Gdal.Run("gdal_create", "-of", "GTiff", "-outsize", width.ToString(), height.ToString(), "-bands", "3", "-burn", "180", tif);
        var args = new List<string> { "-q", "-of", "JPEG", tif, jpg };
        if (withGps) args.AddRange(["-mo", "EXIF_GPSLatitude=(28) (3) (0)", "-mo", "EXIF_GPSLatitudeRef=N", "-mo", "EXIF_GPSLongitude=(108) (21) (0)"]);
        Gdal.Run("gdal_translate", [.. args]);
        return File.ReadAllBytes(jpg);
    }

    private static string GdalInfo(byte[] jpeg)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("gridgov-photo-").FullName, "got.jpg");
        File.WriteAllBytes(path, jpeg);
        return Gdal.Run("gdalinfo", path);
    }

    private static async Task<HttpResponseMessage> PutAsync(HttpClient client, string id, byte[] body, string type = "image/jpeg")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return await client.PutAsync($"/declarations/{id}/photo", content);
    }

    private static async Task<string> CodeOf(HttpResponseMessage res)
    {
        var body = System.Text.Json.JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement;
        return body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString()!;
    }

    private static async Task<string> DeclareAsync(HttpClient member)
    {
        var r = await member.GraphQLAsync($"mutation {{ submitDeclaration(input: {{householdId: 3, workDate: \"{Today}\", category: VISIT, text: \"走访\"}}) {{ id }} }}");
        Assert.False(r.HasErrors, r.ToString());
        return r.Data.GetProperty("submitDeclaration").GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task The_stored_photo_has_no_exif_and_only_the_member_and_the_villages_readers_see_it()
    {
        var cs = await TestCountyMonthly.CreateAsync(pg);
        await ApiClient.AddUserAsync(cs, "member-5", Role.PartyMember, "520625101002", memberId: 5);
        using var factory = new ApiFactory(cs);
        var member = await factory.LoginAsync("member-2");
        var id = await DeclareAsync(member);
        var jpeg = GdalJpeg(64, 48, withGps: true);
        Assert.Contains("EXIF_GPSLatitude=(28) (3) (0)", GdalInfo(jpeg));

        var put = await PutAsync(member, id, jpeg);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var url = (await member.GraphQLAsync($"{{ memberReport(memberId: 2) {{ declarations {{ id photoUrl }} }} }}"))
            .Data.GetProperty("memberReport").GetProperty("declarations").EnumerateArray()
            .Single(d => d.GetProperty("id").GetString() == id).GetProperty("photoUrl").GetString();
        Assert.StartsWith($"declarations/{id}/photo", url);

        var got = await member.GetAsync("/" + url);
        Assert.Equal(HttpStatusCode.OK, got.StatusCode);
        Assert.Equal("image/jpeg", got.Content.Headers.ContentType?.MediaType);
        var stored = await got.Content.ReadAsByteArrayAsync();
        var info = GdalInfo(stored);
        Assert.Contains("Size is 64, 48", info);
        Assert.DoesNotContain("EXIF", info);
        Assert.DoesNotContain("Exif", Encoding.Latin1.GetString(stored));
        Assert.True(stored.Length < jpeg.Length);

        Assert.Equal(HttpStatusCode.OK, (await (await factory.LoginAsync("sec-a1")).GetAsync("/" + url)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await factory.LoginAsync("town-a")).GetAsync("/" + url)).StatusCode);
        var otherVillage = await (await factory.LoginAsync("member-5")).GetAsync("/" + url);
        Assert.Equal(HttpStatusCode.Forbidden, otherVillage.StatusCode);
        Assert.Equal("FORBIDDEN", await CodeOf(otherVillage));
        Assert.Equal(HttpStatusCode.Forbidden, (await (await factory.LoginAsync("sec-b1")).GetAsync("/" + url)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().GetAsync("/" + url)).StatusCode);
        // Another member may not replace it either.
        Assert.Equal(HttpStatusCode.Forbidden, (await PutAsync(await factory.LoginAsync("member-5"), id, jpeg)).StatusCode);
    }

    [Fact]
    public async Task Too_big_too_many_pixels_not_a_jpeg_or_approved_is_refused_and_changes_nothing()
    {
        var cs = await TestCountyMonthly.CreateAsync(pg);
        using var factory = new ApiFactory(cs);
        var member = await factory.LoginAsync("member-2");
        var id = await DeclareAsync(member);

        var huge = new byte[2 * 1024 * 1024 + 1];
        huge[0] = 0xFF; huge[1] = 0xD8;
        var tooBig = await PutAsync(member, id, huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);
        Assert.Equal("VALIDATION", await CodeOf(tooBig));
        var wide = await PutAsync(member, id, GdalJpeg(1700, 20, withGps: false));
        Assert.Equal(HttpStatusCode.BadRequest, wide.StatusCode);
        Assert.Equal("VALIDATION", await CodeOf(wide));
        Assert.Equal(HttpStatusCode.BadRequest, (await PutAsync(member, id, "\u0089PNG\r\n\u001a\n0000"u8.ToArray(), "image/png")).StatusCode);
        Assert.Equal(0, await TestCountyMonthly.ScalarAsync<long>(cs, "SELECT count(*) FROM declaration_photos"));
        Assert.Equal(0, await TestCountyMonthly.ScalarAsync<long>(cs, $"SELECT count(*) FROM declarations WHERE id = {id} AND photo_at IS NOT NULL"));

        // 1600 px is allowed; once approved the photo stays as it is.
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(member, id, GdalJpeg(1600, 20, withGps: false))).StatusCode);
        var sec = await factory.LoginAsync("sec-a1");
        Assert.False((await sec.GraphQLAsync($"mutation {{ reviewDeclaration(id: {id}, decision: APPROVE) {{ id }} }}")).HasErrors);
        var late = await PutAsync(member, id, GdalJpeg(32, 32, withGps: false));
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal(1600, await TestCountyMonthly.ScalarAsync<int>(cs, $"SELECT width FROM declaration_photos WHERE declaration_id = {id}"));
    }
}
