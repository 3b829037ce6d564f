using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GridGov.Domain.Access;
using GridGov.Testing;

namespace GridGov.Api.Tests;

/// <summary>
/// Issue 13, the county organisation department's cadres page through the API: a new cadre with a login and a one-time
/// password, another village, the end of a posting, revoked sessions; and what is refused (another county, a duplicate
/// posting, ending a posting twice, a bad phone), each refusal changing nothing.
/// </summary>
public class CadreRosterApiTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    private const string Create = """
        mutation($input: CreateCadreInput!) { createCadre(input: $input) { username password cadre { id name kind rank phone villages username } } }
        """;
    private const string PostTo = "mutation($id: ID!, $v: String!) { postCadre(cadreId: $id, villageCode: $v) { villages postings { villageCode to inForce } } }";
    private const string End = "mutation($id: ID!, $v: String!) { endCadrePosting(cadreId: $id, villageCode: $v) { villages postings { villageCode to inForce } } }";
    private const string Revoke = "mutation($id: ID!) { revokeCadreSessions(cadreId: $id) { id } }";
    private const string Issue = "mutation($id: ID!) { issueCadrePassword(cadreId: $id) { username password cadre { id username } } }";
    private const string List = "query($a: String!) { cadres(areaCode: $a) { id name kind phone idNumber villages username } }";

    private static DateOnly Today => DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime);

    private async Task<string> CountyAsync()
    {
        var cs = await TestCountyMonthly.CreateAsync(pg);
        await ApiClient.AddUserAsync(cs, "zzb", Role.CountyAdmin, TestCounty.County);
        await TestCountyMonthly.ExecAsync(cs, "INSERT INTO areas (code, level, name, parent_code, boundary_source, is_deep_poverty) VALUES ('520626000000', 'county', '德江县', NULL, 'real', false)");
        await ApiClient.AddUserAsync(cs, "zzb-other", Role.CountyAdmin, "520626000000"); // 德江县's organisation department
        await TestCountyMonthly.ExecAsync(cs, "UPDATE people SET phone = '13911112222', id_number = '520625198802021236' WHERE id = 6");
        return cs;
    }

    private static async Task<HttpClient> LoginWithAsync(ApiFactory factory, string username, string password)
    {
        var client = factory.CreateClient();
        var res = await client.PostAsJsonAsync("/auth/token", new { username, password });
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var body = await res.Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("token").GetString());
        return client;
    }

    private static string[] Villages(JsonElement cadre) => [.. cadre.GetProperty("villages").EnumerateArray().Select(v => v.GetString()!)];

    [Fact]
    public async Task The_organisation_department_creates_a_cadre_posts_it_to_a_second_village_ends_that_posting_and_revokes_its_sessions()
    {
        var cs = await CountyAsync();
        using var factory = new ApiFactory(cs);
        var zzb = await factory.LoginAsync("zzb");

        var created = await zzb.GraphQLAsync(Create, new { input = new { name = "包村干部李", kind = "LIAISON_CADRE", rank = "GENERAL", phone = "139 0000 1234", villageCode = TestCounty.A1 } });
        Assert.False(created.HasErrors, created.ToString());
        var answer = created.Data.GetProperty("createCadre");
        var cadre = answer.GetProperty("cadre");
        var id = cadre.GetProperty("id").GetString()!;
        var password = answer.GetProperty("password").GetString()!;
        Assert.Equal($"cadre-{id}", answer.GetProperty("username").GetString());
        Assert.Equal(12, password.Length);
        Assert.Equal("13900001234", cadre.GetProperty("phone").GetString()); // the organisation department reads it in full
        Assert.Equal([TestCounty.A1], Villages(cadre));
        // Stored as a hash only, audited with a masked phone.
        Assert.Equal(0L, await TestCountyMonthly.ScalarAsync<long>(cs, $"SELECT count(*) FROM users WHERE password_hash LIKE '%{password}%'"));
        Assert.Equal("139****1234", await TestCountyMonthly.ScalarAsync<string>(cs, "SELECT after_json::json->>'Phone' FROM audit_events WHERE action = 'createCadre'"));

        // The one-time password logs the cadre in; its login serves A1.
        var login = await LoginWithAsync(factory, $"cadre-{id}", password);
        Assert.Equal([TestCounty.A1], (await login.GraphQLAsync("{ me { servedVillages } }")).Data.GetProperty("me").GetProperty("servedVillages").EnumerateArray().Select(v => v.GetString()));

        // A second village: the login reads it on its next request, not seconds later.
        var posted = await zzb.GraphQLAsync(PostTo, new { id, v = TestCounty.A2 });
        Assert.False(posted.HasErrors, posted.ToString());
        Assert.Equal([TestCounty.A1, TestCounty.A2], Villages(posted.Data.GetProperty("postCadre")));
        Assert.Equal([TestCounty.A1, TestCounty.A2], (await login.GraphQLAsync("{ me { servedVillages } }")).Data.GetProperty("me").GetProperty("servedVillages").EnumerateArray().Select(v => v.GetString()));

        // Ended today: today is still served (the last day), the posting now has its end.
        var ended = await zzb.GraphQLAsync(End, new { id, v = TestCounty.A2 });
        Assert.False(ended.HasErrors, ended.ToString());
        var a2 = ended.Data.GetProperty("endCadrePosting").GetProperty("postings").EnumerateArray().Single(p => p.GetProperty("villageCode").GetString() == TestCounty.A2);
        Assert.Equal(Today.ToString("yyyy-MM-dd"), a2.GetProperty("to").GetString());
        Assert.True(a2.GetProperty("inForce").GetBoolean());
        Assert.Equal(3L, await TestCountyMonthly.ScalarAsync<long>(cs, $"SELECT count(*) FROM audit_events WHERE entity_type = 'Cadre' AND entity_id = '{id}'"));

        // Revoked: the token the cadre holds stops working at once; the password still logs in.
        var revoked = await zzb.GraphQLAsync(Revoke, new { id });
        Assert.False(revoked.HasErrors, revoked.ToString());
        var after = await login.PostAsJsonAsync("/graphql", new { query = "{ me { username } }" });
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        await LoginWithAsync(factory, $"cadre-{id}", password);
        Assert.Equal("revokeCadreSessions", await TestCountyMonthly.ScalarAsync<string>(cs, "SELECT action FROM audit_events ORDER BY id DESC LIMIT 1"));

        // A forgotten password: a new one, shown once; the old one and every token held stop working.
        var held = await LoginWithAsync(factory, $"cadre-{id}", password);
        var issued = await zzb.GraphQLAsync(Issue, new { id });
        Assert.False(issued.HasErrors, issued.ToString());
        var fresh = issued.Data.GetProperty("issueCadrePassword");
        Assert.Equal($"cadre-{id}", fresh.GetProperty("username").GetString());
        var newPassword = fresh.GetProperty("password").GetString()!;
        Assert.NotEqual(password, newPassword);
        Assert.Equal(HttpStatusCode.Unauthorized, (await held.PostAsJsonAsync("/graphql", new { query = "{ me { username } }" })).StatusCode);
        var refused = await factory.CreateClient().PostAsJsonAsync("/auth/token", new { username = $"cadre-{id}", password });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        await LoginWithAsync(factory, $"cadre-{id}", newPassword);
        Assert.Equal(0L, await TestCountyMonthly.ScalarAsync<long>(cs, $"SELECT count(*) FROM audit_events WHERE before_json::text LIKE '%{newPassword}%' OR after_json::text LIKE '%{newPassword}%'"));
        Assert.Equal("issueCadrePassword", await TestCountyMonthly.ScalarAsync<string>(cs, "SELECT action FROM audit_events ORDER BY id DESC LIMIT 1"));

        // A cadre without a login (as the roster import makes them) gets one, cadre-<id>, serving its village.
        var bare = await TestCountyMonthly.ScalarAsync<long>(cs, $"""
            INSERT INTO cadres (person_id, kind, village_code, assigned_from)
            SELECT min(p.id), 'resident_cadre', '{TestCounty.A2}', '2025-01-01' FROM people p WHERE NOT EXISTS (SELECT 1 FROM cadres c WHERE c.person_id = p.id)
            RETURNING id
            """);
        var opened = await zzb.GraphQLAsync(Issue, new { id = bare.ToString() });
        Assert.False(opened.HasErrors, opened.ToString());
        Assert.Equal($"cadre-{bare}", opened.Data.GetProperty("issueCadrePassword").GetProperty("cadre").GetProperty("username").GetString());
        var bareLogin = await LoginWithAsync(factory, $"cadre-{bare}", opened.Data.GetProperty("issueCadrePassword").GetProperty("password").GetString()!);
        Assert.Equal("CADRE", (await bareLogin.GraphQLAsync("{ me { role } }")).Data.GetProperty("me").GetProperty("role").GetString());
    }

    [Fact]
    public async Task Refusals_are_clear_and_change_nothing()
    {
        var cs = await CountyAsync();
        using var factory = new ApiFactory(cs);
        var zzb = await factory.LoginAsync("zzb");
        const string State = """
            SELECT (SELECT count(*) FROM cadres) || ' ' || (SELECT count(*) FROM cadre_postings) || ' ' || (SELECT count(*) FROM users)
                || ' ' || (SELECT count(*) FROM people) || ' ' || (SELECT count(*) FROM audit_events) || ' ' || (SELECT string_agg(coalesce(to_day::text, '-'), ',' ORDER BY id) FROM cadre_postings)
            """;
        static string Zh(GraphQLResponse r) => r.Body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("zh").GetString()!;

        // Cadre 1 is A1's 第一书记: A1 again overlaps; A2 as well would make it serve two villages.
        var before = await TestCountyMonthly.ScalarAsync<string>(cs, State);
        var again = await zzb.GraphQLAsync(PostTo, new { id = "1", v = TestCounty.A1 });
        Assert.Equal("CONFLICT", again.FirstCode);
        Assert.Contains("已在甲一村驻村", Zh(again));
        var second = await zzb.GraphQLAsync(PostTo, new { id = "1", v = TestCounty.A2 });
        Assert.Equal("CONFLICT", second.FirstCode);
        Assert.Contains("第一书记同一时间只能驻一个村", Zh(second));

        // Another county's organisation department: not its villages, not its cadres, not its list.
        var other = await factory.LoginAsync("zzb-other");
        Assert.Equal("FORBIDDEN", (await other.GraphQLAsync(Create, new { input = new { name = "外县干部", kind = "FIRST_SECRETARY", rank = "SECTION", villageCode = TestCounty.B1 } })).FirstCode);
        Assert.Equal("FORBIDDEN", (await other.GraphQLAsync(End, new { id = "1", v = TestCounty.A1 })).FirstCode);
        Assert.Equal("FORBIDDEN", (await other.GraphQLAsync(Revoke, new { id = "1" })).FirstCode);
        Assert.Equal("FORBIDDEN", (await other.GraphQLAsync(Issue, new { id = "1" })).FirstCode);
        Assert.Equal("FORBIDDEN", (await other.GraphQLAsync(List, new { a = TestCounty.County })).FirstCode);
        // A township leader reads the roster but keeps none of it.
        var town = await factory.LoginAsync("town-a");
        Assert.Equal("FORBIDDEN", (await town.GraphQLAsync(Revoke, new { id = "1" })).FirstCode);

        // A bad phone or user name: VALIDATION in Chinese, no person left behind.
        var phone = await zzb.GraphQLAsync(Create, new { input = new { name = "王五", kind = "LIAISON_CADRE", rank = "GENERAL", phone = "12345", villageCode = TestCounty.A1 } });
        Assert.Equal("VALIDATION", phone.FirstCode);
        var name = await zzb.GraphQLAsync(Create, new { input = new { name = "王五", kind = "LIAISON_CADRE", rank = "GENERAL", villageCode = TestCounty.A1, username = "王五" } });
        Assert.Equal("VALIDATION", name.FirstCode);
        Assert.Contains("用户名", Zh(name));
        var taken = await zzb.GraphQLAsync(Create, new { input = new { name = "王五", kind = "LIAISON_CADRE", rank = "GENERAL", villageCode = TestCounty.A1, username = "cadre-a1" } });
        Assert.Equal("CONFLICT", taken.FirstCode);
        Assert.Equal(before, await TestCountyMonthly.ScalarAsync<string>(cs, State));

        // Ending a posting twice: the first ends it today, the second is refused and leaves the end as it was.
        Assert.False((await zzb.GraphQLAsync(End, new { id = "1", v = TestCounty.A1 })).HasErrors);
        var ended = await TestCountyMonthly.ScalarAsync<string>(cs, State);
        var twice = await zzb.GraphQLAsync(End, new { id = "1", v = TestCounty.A1 });
        Assert.Equal("CONFLICT", twice.FirstCode);
        Assert.Contains($"已于 {Today:yyyy-MM-dd} 结束", Zh(twice));
        Assert.Equal(ended, await TestCountyMonthly.ScalarAsync<string>(cs, State));
        // Never posted to B1: nothing to end there.
        Assert.Equal("CONFLICT", (await zzb.GraphQLAsync(End, new { id = "1", v = TestCounty.B1 })).FirstCode);
    }

    [Fact]
    public async Task The_list_masks_phones_and_id_numbers_unless_the_role_keeps_the_roster()
    {
        var cs = await CountyAsync();
        using var factory = new ApiFactory(cs);
        var full = await (await factory.LoginAsync("zzb")).GraphQLAsync(List, new { a = TestCounty.County });
        Assert.False(full.HasErrors, full.ToString());
        var one = Assert.Single(full.Data.GetProperty("cadres").EnumerateArray());
        Assert.Equal("13911112222", one.GetProperty("phone").GetString());
        Assert.Equal("520625198802021236", one.GetProperty("idNumber").GetString());
        Assert.Equal("cadre-a1", one.GetProperty("username").GetString());
        Assert.Equal([TestCounty.A1], Villages(one));

        var town = await (await factory.LoginAsync("town-a")).GraphQLAsync(List, new { a = TestCounty.TownA });
        Assert.False(town.HasErrors, town.ToString());
        var masked = Assert.Single(town.Data.GetProperty("cadres").EnumerateArray());
        Assert.Equal("139****2222", masked.GetProperty("phone").GetString());
        Assert.DoesNotContain("19880202", masked.GetProperty("idNumber").GetString());
        // A township leader reads its own township's cadres, not the county's (the county is context only).
        Assert.Equal("FORBIDDEN", (await (await factory.LoginAsync("town-a")).GraphQLAsync(List, new { a = TestCounty.County })).FirstCode);
        Assert.Empty((await (await factory.LoginAsync("county")).GraphQLAsync(List, new { a = TestCounty.B1 })).Data.GetProperty("cadres").EnumerateArray());
    }
}
