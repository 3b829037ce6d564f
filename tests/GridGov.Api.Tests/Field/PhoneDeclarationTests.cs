using System.Text.Json;
using GridGov.Domain.Coverage;
using GridGov.Testing;

namespace GridGov.Api.Tests.Field;

/// <summary>Declarations from a phone: the client id as idempotency key, edit, withdraw and resubmit until reviewed.</summary>
public class PhoneDeclarationTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    private static string Today => CoverageRules.DateOf(DateTimeOffset.UtcNow).ToString("yyyy-MM-dd");

    private static string Submit(string clientId, string text = "入户宣讲惠农政策", long household = 3) =>
        $"mutation {{ submitDeclaration(input: {{householdId: {household}, workDate: \"{Today}\", category: POLICY, text: \"{text}\", clientId: \"{clientId}\"}}) " +
        "{ id status clientId } }";

    private static string Extension(GraphQLResponse r, string name) => r.Body.GetProperty("errors")[0].GetProperty("extensions").GetProperty(name).ToString();

    private static Task<long> CountAsync(string cs) => TestCountyMonthly.ScalarAsync<long>(cs, "SELECT count(*) FROM declarations WHERE member_id = 2");

    [Fact]
    public async Task A_retry_with_the_same_client_id_returns_the_same_declaration_and_other_content_is_a_conflict()
    {
        var cs = await TestCountyMonthly.CreateAsync(pg);
        using var factory = new ApiFactory(cs);
        var member = await factory.LoginAsync("member-2");
        var before = await CountAsync(cs);
        var key = Guid.NewGuid().ToString();

        var first = await member.GraphQLAsync(Submit(key));
        Assert.False(first.HasErrors, first.ToString());
        var retry = await member.GraphQLAsync(Submit(key));
        Assert.False(retry.HasErrors, retry.ToString());
        var id = first.Data.GetProperty("submitDeclaration").GetProperty("id").GetString();
        Assert.Equal(id, retry.Data.GetProperty("submitDeclaration").GetProperty("id").GetString());
        Assert.Equal(key, retry.Data.GetProperty("submitDeclaration").GetProperty("clientId").GetString());
        Assert.Equal(before + 1, await CountAsync(cs));

        var other = await member.GraphQLAsync(Submit(key, "另一件事"));
        Assert.Equal("CONFLICT", other.FirstCode);
        Assert.Equal("CLIENT_ID_REUSED", Extension(other, "reason"));
        Assert.Equal(id, Extension(other, "declarationId"));
        Assert.Contains("编号", other.Body.GetProperty("errors")[0].GetProperty("message").GetString());
        Assert.Equal(before + 1, await CountAsync(cs));

        var bad = await member.GraphQLAsync(Submit("not-a-uuid"));
        Assert.Equal("VALIDATION", bad.FirstCode);
        Assert.Equal(before + 1, await CountAsync(cs));
        // Without a client id every call is a new declaration (the API's behaviour before phones).
        var plain = $"mutation {{ submitDeclaration(input: {{householdId: 3, workDate: \"{Today}\", category: VISIT, text: \"走访\"}}) {{ id }} }}";
        Assert.False((await member.GraphQLAsync(plain)).HasErrors);
        Assert.False((await member.GraphQLAsync(plain)).HasErrors);
        Assert.Equal(before + 3, await CountAsync(cs));
    }

    [Fact]
    public async Task A_declaration_reviewed_meanwhile_is_returned_as_it_is_and_refuses_queued_changes()
    {
        var cs = await TestCountyMonthly.CreateAsync(pg);
        using var factory = new ApiFactory(cs);
        var member = await factory.LoginAsync("member-2");
        var sec = await factory.LoginAsync("sec-a1");
        var key = Guid.NewGuid().ToString();
        var id = (await member.GraphQLAsync(Submit(key))).Data.GetProperty("submitDeclaration").GetProperty("id").GetString();
        Assert.False((await sec.GraphQLAsync($"mutation {{ reviewDeclaration(id: {id}, decision: APPROVE) {{ id }} }}")).HasErrors);

        // The phone never saw the first answer and sends it again: no copy, and it learns the status.
        var retry = await member.GraphQLAsync(Submit(key));
        Assert.Equal(id, retry.Data.GetProperty("submitDeclaration").GetProperty("id").GetString());
        Assert.Equal("APPROVED", retry.Data.GetProperty("submitDeclaration").GetProperty("status").GetString());

        var edit = await member.GraphQLAsync($"mutation {{ updateDeclaration(id: {id}, input: {{text: \"改\"}}) {{ id }} }}");
        Assert.Equal("CONFLICT", edit.FirstCode);
        Assert.Equal("REVIEWED", Extension(edit, "reason"));
        Assert.Equal("APPROVED", Extension(edit, "status"));
        var withdraw = await member.GraphQLAsync($"mutation {{ withdrawDeclaration(id: {id}) {{ id }} }}");
        Assert.Equal("CONFLICT", withdraw.FirstCode);
        Assert.Equal("REVIEWED", Extension(withdraw, "reason"));
        Assert.Equal(1, await TestCountyMonthly.ScalarAsync<long>(cs, $"SELECT count(*) FROM declarations WHERE id = {id} AND text = '入户宣讲惠农政策'"));
    }

    [Fact]
    public async Task A_returned_declaration_is_fixed_and_resubmitted_and_a_pending_one_withdrawn()
    {
        var cs = await TestCountyMonthly.CreateAsync(pg);
        using var factory = new ApiFactory(cs);
        var member = await factory.LoginAsync("member-2");
        var sec = await factory.LoginAsync("sec-a1");
        var id = (await member.GraphQLAsync(Submit(Guid.NewGuid().ToString()))).Data.GetProperty("submitDeclaration").GetProperty("id").GetString();
        var ret = await sec.GraphQLAsync($"mutation {{ reviewDeclaration(id: {id}, decision: RETURN, reason: \"请写明宣讲了哪项政策\") {{ status }} }}");
        Assert.Equal("RETURNED", ret.Data.GetProperty("reviewDeclaration").GetProperty("status").GetString());

        var report = await member.GraphQLAsync("{ memberReport(memberId: 2) { declarations { id status reviews { reason } } households { householdId lastVisit } } }");
        var mine = report.Data.GetProperty("memberReport").GetProperty("declarations").EnumerateArray().Single(d => d.GetProperty("id").GetString() == id);
        Assert.Equal("请写明宣讲了哪项政策", mine.GetProperty("reviews")[0].GetProperty("reason").GetString());
        // A returned declaration is no visit; h3's last one is November 2025's.
        var h3 = report.Data.GetProperty("memberReport").GetProperty("households").EnumerateArray().Single(h => h.GetProperty("householdId").GetString() == "3");
        Assert.Equal("2025-11-20", h3.GetProperty("lastVisit").GetString());

        // Someone else may not touch it; the member fixes it and it is in the queue again.
        Assert.Equal("FORBIDDEN", (await sec.GraphQLAsync($"mutation {{ withdrawDeclaration(id: {id}) {{ id }} }}")).FirstCode);
        var fix = await member.GraphQLAsync($"mutation {{ updateDeclaration(id: {id}, input: {{text: \"宣讲了耕地地力保护补贴政策\"}}) {{ status }} }}");
        Assert.Equal("SUBMITTED", fix.Data.GetProperty("updateDeclaration").GetProperty("status").GetString());
        var queue = await sec.GraphQLAsync($"{{ reviewQueue(villageCode: \"{TestCounty.A1}\") {{ id }} }}");
        Assert.Contains(id, queue.Data.GetProperty("reviewQueue").EnumerateArray().Select(d => d.GetProperty("id").GetString()));
        report = await member.GraphQLAsync("{ memberReport(memberId: 2) { households { householdId lastVisit } } }");
        h3 = report.Data.GetProperty("memberReport").GetProperty("households").EnumerateArray().Single(h => h.GetProperty("householdId").GetString() == "3");
        Assert.Equal(Today, h3.GetProperty("lastVisit").GetString());

        var gone = await member.GraphQLAsync($"mutation {{ withdrawDeclaration(id: {id}) {{ id text }} }}");
        Assert.False(gone.HasErrors, gone.ToString());
        Assert.Equal(0, await TestCountyMonthly.ScalarAsync<long>(cs, $"SELECT count(*) FROM declarations WHERE id = {id}"));
        Assert.Equal(1, await TestCountyMonthly.ScalarAsync<long>(cs, $"SELECT count(*) FROM audit_events WHERE action = 'withdrawDeclaration' AND entity_id = '{id}'"));
        Assert.Equal("NOT_FOUND", (await member.GraphQLAsync($"mutation {{ withdrawDeclaration(id: {id}) {{ id }} }}")).FirstCode);
    }
}
