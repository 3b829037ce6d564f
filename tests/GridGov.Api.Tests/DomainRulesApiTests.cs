using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridGov.Domain.Coverage;
using GridGov.Testing;

namespace GridGov.Api.Tests;

/// <summary>
/// Rules the API keeps the same way everywhere (issue 14): one "future month", one answer for a village outside the
/// caller's area, 401 without credentials, the basis of a link from the ties, no migrant cell leader, unique cell names,
/// the months a rating may be given and its withdrawal, an unclosed ring refused in Chinese, povertyStatus as the enum.
/// Each refusal is checked to change nothing.
/// </summary>
public class DomainRulesApiTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    private static DateOnly Running => CoverageRules.CurrentMonth(DateTimeOffset.UtcNow);
    private static string Next => Running.AddMonths(1).ToString("yyyy-MM");

    private static string NextQuarter()
    {
        var first = new DateOnly(Running.Year, (Running.Month - 1) / 3 * 3 + 1, 1).AddMonths(3);
        return $"{first.Year}Q{(first.Month - 1) / 3 + 1}";
    }

    private static string Message(GraphQLResponse r) => r.Body.GetProperty("errors")[0].GetProperty("message").GetString()!;

    [Fact]
    public async Task A_future_month_is_refused_by_every_reader_and_writer_alike()
    {
        var cs = await TestCountyMonthly.CreateAsync(pg);
        using var factory = new ApiFactory(cs);
        var county = await factory.LoginAsync("county");
        var sec = await factory.LoginAsync("sec-a1");
        foreach (var (client, query) in new[]
        {
            (county, $"{{ coverage(areaCode: \"{TestCounty.A1}\", month: \"{Next}\") {{ households }} }}"),
            (sec, $"{{ memberReport(memberId: 2, month: \"{Next}\") {{ month }} }}"),
            (sec, $"{{ branchBoard(villageCode: \"{TestCounty.A1}\", month: \"{Next}\") {{ month }} }}"),
            (sec, $"{{ reviewQueue(villageCode: \"{TestCounty.A1}\", month: \"{Next}\") {{ id }} }}"),
            (sec, $"mutation {{ rateMember(memberId: 2, month: \"{Next}\", rating: EXCELLENT) {{ rating }} }}"),
        })
        {
            var r = await client.GraphQLAsync(query);
            Assert.Equal("VALIDATION", r.FirstCode);
            Assert.Contains("尚未到来", Message(r));
        }
        var ranking = await county.GraphQLAsync($"{{ ranking(level: TOWNSHIP, quarter: \"{NextQuarter()}\") {{ code }} }}");
        Assert.Equal("VALIDATION", ranking.FirstCode);
        var tile = await county.GetAsync($"/tiles/households/12/3329/1713.pbf?month={Next}");
        Assert.Equal(HttpStatusCode.BadRequest, tile.StatusCode);
        Assert.Equal(0L, await TestCountyMonthly.ScalarAsync<long>(cs, "SELECT count(*) FROM member_ratings"));

        // The running month is not the future.
        var now = await county.GraphQLAsync($"{{ coverage(areaCode: \"{TestCounty.A1}\", month: \"{Running:yyyy-MM}\") {{ month households }} }}");
        Assert.False(now.HasErrors, now.ToString());
        Assert.Equal(Running.ToString("yyyy-MM"), now.Data.GetProperty("coverage").GetProperty("month").GetString());
    }

    [Fact]
    public async Task Households_of_a_village_outside_the_area_are_forbidden_as_the_village_is()
    {
        var cs = await TestCounty.CreateAsync(pg);
        using var factory = new ApiFactory(cs);
        var other = await factory.LoginAsync("sec-b1");
        var village = await other.GraphQLAsync($"{{ village(code: \"{TestCounty.A1}\") {{ name }} }}");
        var households = await other.GraphQLAsync($"{{ households(villageCode: \"{TestCounty.A1}\") {{ nodes {{ id }} }} }}");
        Assert.Equal("FORBIDDEN", village.FirstCode);
        Assert.Equal("FORBIDDEN", households.FirstCode);
        // The own village still answers.
        var own = await other.GraphQLAsync($"{{ households(villageCode: \"{TestCounty.B1}\") {{ nodes {{ id }} }} }}");
        Assert.False(own.HasErrors, own.ToString());
        Assert.Equal("6", own.Data.GetProperty("households").GetProperty("nodes")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_request_without_credentials_is_401_with_a_bearer_challenge()
    {
        var cs = await TestCounty.CreateAsync(pg);
        using var factory = new ApiFactory(cs);
        var res = await factory.CreateClient().PostAsJsonAsync("/graphql", new { query = "{ villages { code } }" });
        Assert.Equal(HttpStatusCode.Unauthorized, res.StatusCode);
        Assert.Contains("Bearer", res.Headers.WwwAuthenticate.Select(h => h.Scheme));
        var body = JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("UNAUTHENTICATED", body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
        // With credentials, a request that cannot run is still a 400.
        var bad = await (await factory.LoginAsync("county")).GraphQLAsync("{ noSuchField }");
        Assert.Equal(400, bad.Status);
    }

    [Fact]
    public async Task The_basis_of_a_link_comes_from_the_ties_never_from_the_caller()
    {
        var cs = await TestCounty.CreateAsync(pg);
        using var factory = new ApiFactory(cs);
        var sec = await factory.LoginAsync("sec-a1");
        // Member 2 and household 4 are neighbours (人缘, inferred); there is no blood tie.
        var claimed = await sec.GraphQLAsync("mutation { linkHousehold(householdId: 4, memberId: 2, basis: BLOOD) { id } }");
        Assert.Equal("VALIDATION", claimed.FirstCode);
        Assert.Contains("人缘", Message(claimed));
        Assert.Equal(0L, await TestCountyMonthly.ScalarAsync<long>(cs, "SELECT count(*) FROM links WHERE household_id = 4"));

        var made = await sec.GraphQLAsync("mutation { linkHousehold(householdId: 4, memberId: 2) { basis explanation } }");
        Assert.False(made.HasErrors, made.ToString());
        Assert.Equal("SOCIAL", made.Data.GetProperty("linkHousehold").GetProperty("basis").GetString());
        Assert.StartsWith("人缘: 邻居 · ", made.Data.GetProperty("linkHousehold").GetProperty("explanation").GetString());
    }

    [Fact]
    public async Task A_migrant_member_leads_no_cell_and_cell_names_are_unique_in_a_village()
    {
        var cs = await TestCounty.CreateAsync(pg);
        using var factory = new ApiFactory(cs);
        var sec = await factory.LoginAsync("sec-a1");
        var migrant = await sec.GraphQLAsync("mutation { setCellLeader(cellId: 2, memberId: 3) { id } }");
        Assert.Equal("VALIDATION", migrant.FirstCode);
        Assert.Contains("流动党员", Message(migrant));
        Assert.Equal(2L, await TestCountyMonthly.ScalarAsync<long>(cs, "SELECT leader_member_id FROM grid_cells WHERE id = 2"));

        var taken = await sec.GraphQLAsync("mutation { updateGridCell(input: {id: 2, version: 1, name: \" 一组网格 \"}) { cell { name } } }");
        Assert.Equal("VALIDATION", taken.FirstCode);
        Assert.Contains("一组网格", Message(taken));
        Assert.Equal("二组网格", await TestCountyMonthly.ScalarAsync<string>(cs, "SELECT name FROM grid_cells WHERE id = 2"));
        // Its own name again is no clash.
        var same = await sec.GraphQLAsync("mutation { updateGridCell(input: {id: 2, version: 1, name: \"二组网格\"}) { cell { name } } }");
        Assert.False(same.HasErrors, same.ToString());
    }

    [Fact]
    public async Task An_unclosed_ring_is_refused_in_chinese_and_changes_nothing()
    {
        var cs = await TestCounty.CreateAsync(pg);
        using var factory = new ApiFactory(cs);
        var sec = await factory.LoginAsync("sec-a1");
        var r = await sec.GraphQLAsync("mutation { updateGridCell(input: {id: 2, version: 1, geometry: " +
            "{type: \"Polygon\", coordinates: [[[108.35, 28.05], [108.40, 28.05], [108.40, 28.10], [108.35, 28.10]]]}}) { cell { id } } }");
        Assert.True(r.HasErrors, r.ToString());
        Assert.True(Message(r).Contains("没有闭合"), r.ToString());
        Assert.DoesNotContain("closed linestring", r.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, await TestCountyMonthly.ScalarAsync<int>(cs, "SELECT version FROM grid_cells WHERE id = 2"));
    }

    [Fact]
    public async Task A_rating_is_for_a_month_of_the_members_data_and_can_be_withdrawn()
    {
        var cs = await TestCountyMonthly.CreateAsync(pg);
        await TestCountyMonthly.ScalarAsync<int>(cs, "UPDATE party_members SET joined_on = '2025-12-15' WHERE id = 2 RETURNING 1");
        using var factory = new ApiFactory(cs);
        var sec = await factory.LoginAsync("sec-a1");
        string Rate(long member, string month) => $"mutation {{ rateMember(memberId: {member}, month: \"{month}\", rating: QUALIFIED) {{ month rating }} }}";

        // A1's declared work begins in 2025-11: 2025-10 has nothing to review (member 3 has no joining date).
        var early = await sec.GraphQLAsync(Rate(3, "2025-10"));
        Assert.Equal("VALIDATION", early.FirstCode);
        Assert.Contains("2025-11", Message(early));
        Assert.Equal("VALIDATION", (await sec.GraphQLAsync(Rate(3, "2000-01"))).FirstCode);
        // Member 2 joined on 2025-12-15: November is before that, December is not.
        var beforeJoining = await sec.GraphQLAsync(Rate(2, "2025-11"));
        Assert.Equal("VALIDATION", beforeJoining.FirstCode);
        Assert.Contains("入党", Message(beforeJoining));
        Assert.Equal(0L, await TestCountyMonthly.ScalarAsync<long>(cs, "SELECT count(*) FROM member_ratings"));

        var ok = await sec.GraphQLAsync(Rate(2, "2025-12"));
        Assert.False(ok.HasErrors, ok.ToString());
        var withdrawn = await sec.GraphQLAsync("mutation { withdrawRating(memberId: 2, month: \"2025-12\") { month rating } }");
        Assert.False(withdrawn.HasErrors, withdrawn.ToString());
        Assert.Equal("QUALIFIED", withdrawn.Data.GetProperty("withdrawRating").GetProperty("rating").GetString());
        Assert.Equal(0L, await TestCountyMonthly.ScalarAsync<long>(cs, "SELECT count(*) FROM member_ratings"));
        Assert.Equal(1L, await TestCountyMonthly.ScalarAsync<long>(cs, "SELECT count(*) FROM audit_events WHERE action = 'withdrawRating'"));
        Assert.Equal("NOT_FOUND", (await sec.GraphQLAsync("mutation { withdrawRating(memberId: 2, month: \"2025-12\") { month } }")).FirstCode);
        // Only the member's own secretary withdraws.
        await sec.GraphQLAsync(Rate(2, "2025-12"));
        Assert.Equal("FORBIDDEN", (await (await factory.LoginAsync("sec-b1")).GraphQLAsync("mutation { withdrawRating(memberId: 2, month: \"2025-12\") { month } }")).FirstCode);
        Assert.Equal(1L, await TestCountyMonthly.ScalarAsync<long>(cs, "SELECT count(*) FROM member_ratings"));
    }

    [Fact]
    public async Task Stale_vulnerable_households_name_their_poverty_status_by_the_enum()
    {
        var cs = await TestCounty.CreateAsync(pg);
        using var factory = new ApiFactory(cs);
        var r = await (await factory.LoginAsync("county")).GraphQLAsync(
            $"{{ coverage(areaCode: \"{TestCounty.A1}\") {{ staleVulnerableHouseholds {{ items {{ householdId povertyStatus }} }} }} }}");
        Assert.False(r.HasErrors, r.ToString());
        var items = r.Data.GetProperty("coverage").GetProperty("staleVulnerableHouseholds").GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.GetProperty("householdId").GetString()!, i => i.GetProperty("povertyStatus").GetString());
        // Household 1 is poor and 3 monitored; neither has a declaration.
        Assert.Equal("POOR", items["1"]);
        Assert.Equal("MONITORED", items["3"]);
    }
}
