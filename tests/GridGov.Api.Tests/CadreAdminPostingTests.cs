using GridGov.Testing;

namespace GridGov.Api.Tests;

/// <summary>
/// Issue 13: the organisation department gives a 包村干部 a second village with the product's own tool
/// (`./gridgov admin cadre post|end`), and the cadre's login then reads and checks in in both.
/// </summary>
public class CadreAdminPostingTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    private static DateOnly Today => DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime);
    private const string Postings = "SELECT coalesce(string_agg(cadre_id || ':' || village_code || ':' || from_day || ':' || coalesce(to_day::text, ''), '|' ORDER BY cadre_id, village_code, from_day), '') FROM cadre_postings";

    private static async Task<IReadOnlyList<string?>> ServedAsync(string cs)
    {
        using var factory = new ApiFactory(cs);
        var me = await (await factory.LoginAsync("wang-bc")).GraphQLAsync("{ me { servedVillages } }");
        return [.. me.Data.GetProperty("me").GetProperty("servedVillages").EnumerateArray().Select(v => v.GetString())];
    }

    [Fact]
    public async Task A_second_village_is_served_from_its_first_day_and_no_longer_after_its_last()
    {
        var cs = await TestCountyMonthly.CreateAsync(pg);
        var (code, output) = await CadreAccountTests.AdminAsync(cs, "user", "create", "--username", "wang-bc", "--role", "cadre", "--area", TestCounty.A1,
            "--name", "王包村", "--kind", "包村干部", "--rank", "一般干部", "--from", "2026-01-01");
        Assert.True(code == 0, output);
        var id = await TestCountyMonthly.ScalarAsync<long>(cs, "SELECT cadre_id FROM users WHERE username = 'wang-bc'");
        Assert.Equal("liaison_cadre", await TestCountyMonthly.ScalarAsync<string>(cs, $"SELECT kind FROM cadres WHERE id = {id}"));
        Assert.Equal([TestCounty.A1], await ServedAsync(cs));

        (code, output) = await CadreAccountTests.AdminAsync(cs, "cadre", "post", "--cadre", id.ToString(), "--area", TestCounty.A2, "--from", $"{Today:yyyy-MM-dd}");
        Assert.True(code == 0, output);
        Assert.Contains($"{TestCounty.A1}, {TestCounty.A2}", output);
        Assert.Equal([TestCounty.A1, TestCounty.A2], await ServedAsync(cs));
        using (var factory = new ApiFactory(cs))
        {
            var r = await (await factory.LoginAsync("wang-bc")).GraphQLAsync(
                "mutation { checkIn(location: {type: \"Point\", coordinates: [108.35, 27.95]}, accuracy: 10, coordinateSystem: WGS84) { insideGeofence } }");
            Assert.False(r.HasErrors, r.ToString());
            Assert.True(r.Data.GetProperty("checkIn").GetProperty("insideGeofence").GetBoolean());
        }

        // Ended with today as the last day: still served today; ended yesterday instead is refused (before its first day).
        var bad = await CadreAccountTests.AdminAsync(cs, "cadre", "end", "--cadre", id.ToString(), "--area", TestCounty.A2, "--last", $"{Today.AddDays(-1):yyyy-MM-dd}");
        Assert.Equal(2, bad.Code);
        (code, output) = await CadreAccountTests.AdminAsync(cs, "cadre", "end", "--cadre", id.ToString(), "--area", TestCounty.A2, "--last", $"{Today:yyyy-MM-dd}");
        Assert.True(code == 0, output);
        Assert.Equal([TestCounty.A1, TestCounty.A2], await ServedAsync(cs));
        Assert.Contains($"{id}:{TestCounty.A2}:{Today:yyyy-MM-dd}:{Today:yyyy-MM-dd}", await TestCountyMonthly.ScalarAsync<string>(cs, Postings));
        Assert.Equal(2L, await TestCountyMonthly.ScalarAsync<long>(cs, $"SELECT count(*) FROM audit_events WHERE entity_type = 'Cadre' AND entity_id = '{id}'"));
    }

    [Theory]
    [InlineData("post", "1", TestCounty.A2, "one village at a time")]        // cadre 1 is A1's first secretary
    [InlineData("post", "1", TestCounty.A1, "already serves this village")]
    [InlineData("post", "1", TestCounty.TownA, "village code")]
    [InlineData("post", "99", TestCounty.A2, "no such cadre")]
    [InlineData("end", "1", TestCounty.A2, "no running posting")]
    [InlineData("move", "1", TestCounty.A2, "usage")]
    public async Task Bad_posting_commands_exit_2_with_a_message_and_change_nothing(string verb, string cadre, string area, string message)
    {
        var cs = await TestCountyMonthly.CreateAsync(pg);
        var before = await TestCountyMonthly.ScalarAsync<string>(cs, Postings);
        var (code, output) = await CadreAccountTests.AdminAsync(cs, "cadre", verb, "--cadre", cadre, "--area", area);
        Assert.Equal(2, code);
        Assert.Contains(message, output);
        Assert.Equal(before, await TestCountyMonthly.ScalarAsync<string>(cs, Postings));
        Assert.Equal(0L, await TestCountyMonthly.ScalarAsync<long>(cs, "SELECT count(*) FROM audit_events WHERE entity_type = 'Cadre'"));
    }
}
