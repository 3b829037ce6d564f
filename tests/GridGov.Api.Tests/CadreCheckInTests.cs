using GridGov.Testing;

namespace GridGov.Api.Tests;

/// <summary>Issue 13: a phone's queued check-in carries a client id; a resend never stores a second check-in.</summary>
public class CadreCheckInTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    private const string Query = "mutation($loc: GeoJSON!, $at: DateTimeOffset, $cid: String) { checkIn(location: $loc, accuracy: 9, at: $at, " +
                                 "coordinateSystem: WGS84, clientId: $cid) { id clientId at trustScore reasons { code message } } }";

    private static object Vars(double lon, double lat, DateTimeOffset at, string? cid) =>
        new { loc = new { type = "Point", coordinates = new[] { lon, lat } }, at = at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ"), cid };

    private static async Task<long> CountAsync(string cs) => await TestCountyMonthly.ScalarAsync<long>(cs, "SELECT count(*) FROM check_ins WHERE cadre_id = 1");

    [Fact]
    public async Task A_resent_check_in_is_the_same_one_and_a_reused_id_with_another_place_is_refused()
    {
        var cs = await TestCountyMonthly.CreateAsync(pg);
        using var factory = new ApiFactory(cs);
        var cadre = await factory.LoginAsync("cadre-a1");
        var at = DateTimeOffset.UtcNow.AddHours(-3);
        var cid = Guid.NewGuid().ToString();
        var before = await CountAsync(cs);

        var first = await cadre.GraphQLAsync(Query, Vars(108.33, 28.03, at, cid));
        Assert.False(first.HasErrors, first.ToString());
        var again = await cadre.GraphQLAsync(Query, Vars(108.33, 28.03, at, cid));
        Assert.False(again.HasErrors, again.ToString());
        Assert.Equal(first.Data.GetProperty("checkIn").GetProperty("id").GetString(), again.Data.GetProperty("checkIn").GetProperty("id").GetString());
        Assert.Equal(cid, again.Data.GetProperty("checkIn").GetProperty("clientId").GetString());
        Assert.Equal(before + 1, await CountAsync(cs));

        // The same id for another place: refused, with the reason and the earlier check-in, nothing stored.
        var moved = await cadre.GraphQLAsync(Query, Vars(108.331, 28.03, at, cid));
        Assert.Equal("CONFLICT", moved.FirstCode);
        var x = moved.Body.GetProperty("errors")[0].GetProperty("extensions");
        Assert.Equal("CLIENT_ID_REUSED", x.GetProperty("reason").GetString());
        Assert.Equal(first.Data.GetProperty("checkIn").GetProperty("id").GetString(), x.GetProperty("checkInId").GetString());
        Assert.Contains("签到", x.GetProperty("zh").GetString());
        Assert.Equal(before + 1, await CountAsync(cs));

        // Ids are the cadre's own: without one, two taps are two check-ins; a malformed id is refused.
        Assert.False((await cadre.GraphQLAsync(Query, Vars(108.332, 28.031, at.AddMinutes(5), null))).HasErrors);
        Assert.Equal(before + 2, await CountAsync(cs));
        var bad = await cadre.GraphQLAsync(Query, Vars(108.332, 28.031, at.AddMinutes(6), "not-a-uuid"));
        Assert.Equal("VALIDATION", bad.FirstCode);
        Assert.Equal(before + 2, await CountAsync(cs));
    }

    [Fact]
    public async Task The_reasons_come_from_the_server_in_Chinese_and_a_poor_fix_outside_is_not_trusted()
    {
        var cs = await TestCountyMonthly.CreateAsync(pg);
        using var factory = new ApiFactory(cs);
        var cadre = await factory.LoginAsync("cadre-a1");
        var r = await cadre.GraphQLAsync(
            "mutation { checkIn(location: {type: \"Point\", coordinates: [108.33, 27.99]}, accuracy: 300, coordinateSystem: WGS84, clientId: \"" + Guid.NewGuid() + "\") " +
            "{ insideGeofence trustScore reasons { code message } } }");
        Assert.False(r.HasErrors, r.ToString());
        var c = r.Data.GetProperty("checkIn");
        Assert.False(c.GetProperty("insideGeofence").GetBoolean());
        Assert.Equal(0.4, c.GetProperty("trustScore").GetDouble(), 3);
        Assert.Equal(["签到位置不在驻村范围内", "定位精度差（超过 50 米或未提供）"],
            c.GetProperty("reasons").EnumerateArray().Select(x => x.GetProperty("message").GetString()));
        // Below the trusted score (0.6): it counts for no day.
        var month = await cadre.GraphQLAsync($"{{ cadreCompliance(areaCode: \"{TestCounty.A1}\") {{ checkIns trustedDays }} }}");
        Assert.Equal(0, month.Data.GetProperty("cadreCompliance")[0].GetProperty("trustedDays").GetInt32());
    }
}
