using GridGov.Testing;

namespace GridGov.Api.Tests;

public class CheckInTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    private static string CheckIn(double lon, double lat, double accuracy, DateTimeOffset at, string crs = "WGS84") =>
        $"mutation {{ checkIn(location: {{type: \"Point\", coordinates: [{lon}, {lat}]}}, accuracy: {accuracy}, at: \"{at.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}\", coordinateSystem: {crs}) " +
        "{ id insideGeofence distanceMeters trustScore reasons { code message messageEn penalty } } }";

    [Fact]
    public async Task A_cadre_checks_in_inside_and_outside_the_village_with_scored_reasons()
    {
        var cs = await TestCountyMonthly.CreateAsync(pg);
        using var factory = new ApiFactory(cs);
        var cadre = await factory.LoginAsync("cadre-a1");
        var now = DateTimeOffset.UtcNow;
        var inside = await cadre.GraphQLAsync(CheckIn(108.33, 28.03, 10, now.AddDays(-2)));
        Assert.False(inside.HasErrors, inside.ToString());
        var a = inside.Data.GetProperty("checkIn");
        Assert.True(a.GetProperty("insideGeofence").GetBoolean());
        Assert.Equal(0, a.GetProperty("distanceMeters").GetDouble());
        Assert.Equal(1, a.GetProperty("trustScore").GetDouble());
        Assert.Equal(0, a.GetProperty("reasons").GetArrayLength());

        // 0.01° south of A1 (in A2), poor accuracy, an hour later: ~1.1 km from the geofence.
        var outside = await cadre.GraphQLAsync(CheckIn(108.33, 27.99, 80, now.AddDays(-2).AddHours(1)));
        Assert.False(outside.HasErrors, outside.ToString());
        var b = outside.Data.GetProperty("checkIn");
        Assert.False(b.GetProperty("insideGeofence").GetBoolean());
        Assert.InRange(b.GetProperty("distanceMeters").GetDouble(), 1000, 1250);
        Assert.Equal(["outside_geofence", "low_accuracy"], b.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString()));
        Assert.Equal(0.4, b.GetProperty("trustScore").GetDouble(), 3);

        var compliance = await (await factory.LoginAsync("county")).GraphQLAsync(
            $"{{ cadreCompliance(areaCode: \"{TestCounty.County}\", month: \"{now.AddDays(-2).ToOffset(TimeSpan.FromHours(8)):yyyy-MM}\") {{ cadreId checkIns trustedDays requiredDays compliance }} }}");
        Assert.False(compliance.HasErrors, compliance.ToString());
        var c = compliance.Data.GetProperty("cadreCompliance")[0];
        Assert.Equal(2, c.GetProperty("checkIns").GetInt32());
        Assert.Equal(1, c.GetProperty("trustedDays").GetInt32());
        Assert.InRange(c.GetProperty("compliance").GetDouble(), 0.0001, 1);
    }

    [Fact]
    public async Task Only_cadres_check_in()
    {
        var cs = await TestCountyMonthly.CreateAsync(pg);
        using var factory = new ApiFactory(cs);
        var r = await (await factory.LoginAsync("member-2")).GraphQLAsync(CheckIn(108.33, 28.03, 10, DateTimeOffset.UtcNow));
        Assert.Equal("FORBIDDEN", r.FirstCode);
        var sec = await (await factory.LoginAsync("sec-a1")).GraphQLAsync(CheckIn(108.33, 28.03, 10, DateTimeOffset.UtcNow));
        Assert.Equal("FORBIDDEN", sec.FirstCode);
        var old = await (await factory.LoginAsync("cadre-a1")).GraphQLAsync(CheckIn(108.33, 28.03, 10, DateTimeOffset.UtcNow.AddDays(-30)));
        Assert.Equal("VALIDATION", old.FirstCode);
    }
}
