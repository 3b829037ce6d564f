using GridGov.Api.Admin;
using GridGov.Testing;

namespace GridGov.Api.Tests;

/// <summary>Issue 13: cadre accounts made with the product's own tool (`./gridgov admin user create --role cadre`), no SQL.</summary>
public class CadreAccountTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    internal static async Task<(int Code, string Output)> AdminAsync(string cs, params string[] args)
    {
        var stdin = Console.In;
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        try
        {
            Console.SetIn(new StringReader(ApiClient.Password + "\n"));
            var code = await AdminCommands.RunAsync(args, cs, stdout, stderr);
            return (code, stdout.ToString() + stderr);
        }
        finally { Console.SetIn(stdin); }
    }

    [Fact]
    public async Task A_cadre_made_by_the_admin_command_logs_in_with_rank_and_village_and_checks_in()
    {
        var cs = await TestCountyMonthly.CreateAsync(pg);
        var (code, output) = await AdminAsync(cs, "user", "create", "--username", "zhang-fs", "--role", "cadre", "--area", TestCounty.A2,
            "--name", "张卫国", "--kind", "first-secretary", "--rank", "科级", "--from", "2026-01-01");
        Assert.True(code == 0, output);
        Assert.Contains("(cadre ", output);

        using var factory = new ApiFactory(cs);
        var cadre = await factory.LoginAsync("zhang-fs");
        var me = await cadre.GraphQLAsync("{ me { role areaCode cadreId } }");
        Assert.Equal("CADRE", me.Data.GetProperty("me").GetProperty("role").GetString());
        Assert.Equal(TestCounty.A2, me.Data.GetProperty("me").GetProperty("areaCode").GetString());
        var cadreId = me.Data.GetProperty("me").GetProperty("cadreId").GetString();

        var own = await cadre.GraphQLAsync($"{{ cadreCompliance(areaCode: \"{TestCounty.A2}\") {{ cadreId name kind rank villageCode }} }}");
        Assert.False(own.HasErrors, own.ToString());
        var row = Assert.Single(own.Data.GetProperty("cadreCompliance").EnumerateArray());
        Assert.Equal(cadreId, row.GetProperty("cadreId").GetString());
        Assert.Equal("张卫国", row.GetProperty("name").GetString());
        Assert.Equal("FIRST_SECRETARY", row.GetProperty("kind").GetString());
        Assert.Equal("SECTION", row.GetProperty("rank").GetString());

        // Inside A2 (south half of township A's square), good accuracy: fully trusted against A2's geofence.
        var r = await cadre.GraphQLAsync("mutation { checkIn(location: {type: \"Point\", coordinates: [108.33, 27.99]}, accuracy: 12, coordinateSystem: WGS84) { insideGeofence trustScore } }");
        Assert.False(r.HasErrors, r.ToString());
        Assert.True(r.Data.GetProperty("checkIn").GetProperty("insideGeofence").GetBoolean());
        Assert.Equal(1, r.Data.GetProperty("checkIn").GetProperty("trustScore").GetDouble());

        // A cadre sees only their own village: not the county, not A1's first secretary.
        Assert.Equal("FORBIDDEN", (await cadre.GraphQLAsync($"{{ cadreCompliance(areaCode: \"{TestCounty.County}\") {{ cadreId }} }}")).FirstCode);
        Assert.Equal("FORBIDDEN", (await cadre.GraphQLAsync("{ checkIns(cadreId: 1) { id } }")).FirstCode);
        // The county leader sees the new cadre beside A1's.
        var county = await (await factory.LoginAsync("county")).GraphQLAsync($"{{ cadreCompliance(areaCode: \"{TestCounty.County}\") {{ cadreId rank }} }}");
        Assert.Equal(2, county.Data.GetProperty("cadreCompliance").GetArrayLength());
    }

    [Fact]
    public async Task A_rostered_cadre_gets_a_login_with_cadre_id()
    {
        var cs = await TestCountyMonthly.CreateAsync(pg);
        await TestCountyMonthly.ExecAsync(cs, "DELETE FROM users WHERE username = 'cadre-a1'");
        var (code, output) = await AdminAsync(cs, "user", "create", "--username", "a1-fs", "--role", "cadre", "--area", TestCounty.A1, "--cadre", "1", "--rank", "county");
        Assert.True(code == 0, output);
        using var factory = new ApiFactory(cs);
        var me = await (await factory.LoginAsync("a1-fs")).GraphQLAsync($"{{ me {{ cadreId }} cadreCompliance(areaCode: \"{TestCounty.A1}\") {{ rank }} }}");
        Assert.Equal("1", me.Data.GetProperty("me").GetProperty("cadreId").GetString());
        Assert.Equal("COUNTY", me.Data.GetProperty("cadreCompliance")[0].GetProperty("rank").GetString());
        // One account per cadre.
        var again = await AdminAsync(cs, "user", "create", "--username", "a1-fs2", "--role", "cadre", "--area", TestCounty.A1, "--cadre", "1");
        Assert.Equal(2, again.Code);
        Assert.Contains("already has an account", again.Output);
    }

    [Theory]
    [InlineData(new[] { "--area", TestCounty.TownA, "--name", "王", "--kind", "first-secretary", "--rank", "科级" }, "village")]
    [InlineData(new[] { "--area", TestCounty.A1, "--name", "王", "--kind", "first-secretary", "--rank", "处级" }, "--rank 处级")]
    [InlineData(new[] { "--area", TestCounty.A1, "--name", "王", "--kind", "captain", "--rank", "科级" }, "--kind captain")]
    [InlineData(new[] { "--area", TestCounty.A1, "--kind", "first-secretary", "--rank", "科级" }, "--name is required")]
    [InlineData(new[] { "--area", TestCounty.A1, "--name", "王", "--kind", "resident-cadre", "--rank", "科级", "--from", "2026-13-01" }, "--from 2026-13-01")]
    [InlineData(new[] { "--area", TestCounty.A2, "--cadre", "1" }, "serves village")]
    public async Task Bad_cadre_input_exits_2_with_a_message_and_creates_nothing(string[] extra, string message)
    {
        var cs = await TestCountyMonthly.CreateAsync(pg);
        var before = await TestCountyMonthly.ScalarAsync<long>(cs, "SELECT (SELECT count(*) FROM users) * 1000 + (SELECT count(*) FROM cadres) * 10 + (SELECT count(*) FROM people)");
        var (code, output) = await AdminAsync(cs, ["user", "create", "--username", "bad-cadre", "--role", "cadre", .. extra]);
        Assert.Equal(2, code);
        Assert.Contains(message, output);
        Assert.Equal(before, await TestCountyMonthly.ScalarAsync<long>(cs, "SELECT (SELECT count(*) FROM users) * 1000 + (SELECT count(*) FROM cadres) * 10 + (SELECT count(*) FROM people)"));
    }
}
