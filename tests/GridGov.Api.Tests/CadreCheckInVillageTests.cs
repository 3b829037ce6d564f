using GridGov.Testing;

namespace GridGov.Api.Tests;

/// <summary>
/// Issue 13: a 包村干部 serving A1 and A2 checks in in each; every check-in says which served village it was measured against
/// (the nearest, 0 m inside), the same village the check-in's audit event names.
/// </summary>
public class CadreCheckInVillageTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    private const string CheckIn = "mutation($loc: GeoJSON!) { checkIn(location: $loc, accuracy: 10, coordinateSystem: WGS84) { id villageCode insideGeofence distanceMeters } }";

    private static object Loc(double x, double y) => new { loc = new { type = "Point", coordinates = new[] { x, y } } };

    [Fact]
    public async Task Each_check_in_names_the_served_village_it_was_measured_against()
    {
        var cs = await TestCountyMonthly.CreateAsync(pg);
        await TestCountyMonthly.ExecAsync(cs, $"""
            INSERT INTO people (id, name, gender, source) VALUES (60, '包村干部王', 'male', 'synthetic');
            INSERT INTO cadres (id, person_id, kind, village_code, rank, assigned_from) VALUES (2, 60, 'liaison_cadre', '{TestCounty.A1}', 'general', '2025-06-01');
            """);
        await TestCountyMonthly.ExecAsync(cs, $"""
            INSERT INTO cadre_postings (cadre_id, village_code, from_day) VALUES (2, '{TestCounty.A2}', '2025-06-01');
            INSERT INTO users (username, display_name, password_hash, role, area_code, cadre_id, disabled, is_sample, created_at)
            SELECT 'liaison-2', '包村干部王', password_hash, 'cadre', '{TestCounty.A1}', 2, false, false, now() FROM users WHERE username = 'cadre-a1';
            """);
        using var factory = new ApiFactory(cs);
        var cadre = await factory.LoginAsync("liaison-2");

        // Inside A2; inside A1; north of the county, nearer A1 than A2.
        var inA2 = await cadre.GraphQLAsync(CheckIn, Loc(108.35, 27.95));
        var inA1 = await cadre.GraphQLAsync(CheckIn, Loc(108.35, 28.05));
        var north = await cadre.GraphQLAsync(CheckIn, Loc(108.35, 28.12)); // 2.2 km north of A1, 13 km from A2
        foreach (var r in new[] { inA2, inA1, north }) Assert.False(r.HasErrors, r.ToString());
        Assert.Equal(TestCounty.A2, inA2.Data.GetProperty("checkIn").GetProperty("villageCode").GetString());
        Assert.Equal(TestCounty.A1, inA1.Data.GetProperty("checkIn").GetProperty("villageCode").GetString());
        var outside = north.Data.GetProperty("checkIn");
        Assert.Equal(TestCounty.A1, outside.GetProperty("villageCode").GetString());
        Assert.False(outside.GetProperty("insideGeofence").GetBoolean());
        Assert.InRange(outside.GetProperty("distanceMeters").GetDouble(), 2000, 2500);

        // Read back in one list, they say the same; and so does each audit event.
        var list = await cadre.GraphQLAsync("{ checkIns(cadreId: 2) { id villageCode } }");
        Assert.False(list.HasErrors, list.ToString());
        Assert.Equal([TestCounty.A2, TestCounty.A1, TestCounty.A1], list.Data.GetProperty("checkIns").EnumerateArray().Select(c => c.GetProperty("villageCode").GetString()));
        Assert.Equal($"{TestCounty.A2},{TestCounty.A1},{TestCounty.A1}",
            await TestCountyMonthly.ScalarAsync<string>(cs, "SELECT string_agg(area_code, ',' ORDER BY id) FROM audit_events WHERE action = 'checkIn'"));
    }
}
