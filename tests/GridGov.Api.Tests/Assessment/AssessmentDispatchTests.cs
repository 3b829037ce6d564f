using GridGov.Testing;

namespace GridGov.Api.Tests.Assessment;

/// <summary>Issue 13: 乡镇党委书记每月调度 records — written by the township's leader, read by the township and the county.</summary>
public class AssessmentDispatchTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    private const string Record = "mutation($i: MonthlyDispatchInput!) { recordMonthlyDispatch(input: $i) { id townshipName date notes followUps cadresPresent { cadreId name } } }";
    private const string List = "query($a: String!, $m: String) { monthlyDispatches(areaCode: $a, month: $m) { townshipCode date notes cadresPresent { name } } }";

    private static string Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).ToString("yyyy-MM-dd");

    [Fact]
    public async Task A_township_leader_records_the_monthly_meeting_and_leaders_read_it()
    {
        var cs = await TestCountyMonthly.CreateAsync(pg);
        await ApiClient.AddUserAsync(cs, "town-b", GridGov.Domain.Access.Role.TownshipLeader, TestCounty.TownB);
        using var factory = new ApiFactory(cs);
        var town = await factory.LoginAsync("town-a");
        var input = new { townshipCode = TestCounty.TownA, date = Today, cadreIds = new[] { "1" }, notes = "  部署春耕和走访  ", followUps = "三天内走访监测户\n补签到" };
        var r = await town.GraphQLAsync(Record, new { i = input });
        Assert.False(r.HasErrors, r.ToString());
        var d = r.Data.GetProperty("recordMonthlyDispatch");
        Assert.Equal("部署春耕和走访", d.GetProperty("notes").GetString());
        Assert.Equal("驻村第一书记", d.GetProperty("cadresPresent")[0].GetProperty("name").GetString());
        Assert.Equal(1L, await TestCountyMonthly.ScalarAsync<long>(cs, "SELECT count(*) FROM audit_events WHERE action = 'recordMonthlyDispatch'"));

        foreach (var (client, bad, code) in new (HttpClient, object, string)[]
                 {
                     (town, input with { notes = "   " }, "VALIDATION"),
                     (town, input with { notes = new string('字', 2001) }, "VALIDATION"),
                     (town, input with { date = "2099-01-01" }, "VALIDATION"),
                     (town, input with { townshipCode = TestCounty.A1 }, "VALIDATION"),
                     (town, input with { cadreIds = new[] { "999" } }, "VALIDATION"),   // no such cadre serving here
                     (await factory.LoginAsync("town-b"), input, "FORBIDDEN"),
                     (await factory.LoginAsync("county"), input, "FORBIDDEN"),
                     (await factory.LoginAsync("sec-a1"), input, "FORBIDDEN"),
                 })
        {
            var x = await client.GraphQLAsync(Record, new { i = bad });
            Assert.Equal(code, x.FirstCode);
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", x.Body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("zh").GetString()!);
        }
        Assert.Equal(1L, await TestCountyMonthly.ScalarAsync<long>(cs, "SELECT count(*) FROM monthly_dispatches"));

        var month = Today[..7];
        foreach (var (user, area, n) in new[] { ("town-a", TestCounty.TownA, 1), ("county", TestCounty.County, 1), ("town-b", TestCounty.TownB, 0), ("town-b", TestCounty.County, 0) })
        {
            var l = await (await factory.LoginAsync(user)).GraphQLAsync(List, new { a = area, m = month });
            Assert.False(l.HasErrors, user + ": " + l);
            Assert.Equal(n, l.Data.GetProperty("monthlyDispatches").GetArrayLength());
        }
        Assert.Equal("FORBIDDEN", (await (await factory.LoginAsync("member-2")).GraphQLAsync(List, new { a = TestCounty.A1, m = month })).FirstCode);
        Assert.Equal("FORBIDDEN", (await (await factory.LoginAsync("town-b")).GraphQLAsync(List, new { a = TestCounty.TownA, m = month })).FirstCode);
    }
}
