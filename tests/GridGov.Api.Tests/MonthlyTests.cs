using System.Text.Json;
using GridGov.Domain.Coverage;
using GridGov.Testing;

namespace GridGov.Api.Tests;

/// <summary>The monthly cycle: declarations, review rules, ratings, the board and member reports.</summary>
public class MonthlyTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    private static string Today => CoverageRules.DateOf(DateTimeOffset.UtcNow).ToString("yyyy-MM-dd");

    private async Task<(ApiFactory Factory, string Cs)> FreshAsync()
    {
        var cs = await TestCountyMonthly.CreateAsync(pg);
        return (new ApiFactory(cs), cs);
    }

    private static string Submit(long household, string category = "MEDIATION") =>
        $"mutation {{ submitDeclaration(input: {{householdId: {household}, workDate: \"{Today}\", category: {category}, text: \"调解邻里纠纷\", " +
        "location: {type: \"Point\", coordinates: [108.36, 28.06]}, accuracy: 12, coordinateSystem: GCJ02}) { id status month category } }";

    [Fact]
    public async Task A_member_declares_for_an_own_linked_household_and_edits_until_approved()
    {
        var (factory, cs) = await FreshAsync();
        using var _ = factory;
        var member = await factory.LoginAsync("member-2");
        var r = await member.GraphQLAsync(Submit(3));
        Assert.False(r.HasErrors, r.ToString());
        var id = r.Data.GetProperty("submitDeclaration").GetProperty("id").GetString();
        Assert.Equal("SUBMITTED", r.Data.GetProperty("submitDeclaration").GetProperty("status").GetString());
        // The GCJ-02 position is stored converted to WGS84 (a few hundred metres away).
        var shift = await TestCountyMonthly.ScalarAsync<double>(cs, $"SELECT ST_Distance(location::geography, ST_SetSRID(ST_MakePoint(108.36, 28.06), 4326)::geography) FROM declarations WHERE id = {id}");
        Assert.InRange(shift, 100, 1000);

        var edit = await member.GraphQLAsync($"mutation {{ updateDeclaration(id: {id}, input: {{text: \"回访\", category: VISIT}}) {{ text category status }} }}");
        Assert.False(edit.HasErrors, edit.ToString());
        Assert.Equal("VISIT", edit.Data.GetProperty("updateDeclaration").GetProperty("category").GetString());

        var sec = await factory.LoginAsync("sec-a1");
        var queue = await sec.GraphQLAsync($"{{ reviewQueue(villageCode: \"{TestCounty.A1}\") {{ id }} }}");
        Assert.Contains(id, queue.Data.GetProperty("reviewQueue").EnumerateArray().Select(d => d.GetProperty("id").GetString()));
        var ok = await sec.GraphQLAsync($"mutation {{ reviewDeclaration(id: {id}, decision: APPROVE) {{ status reviews {{ outcome }} }} }}");
        Assert.False(ok.HasErrors, ok.ToString());
        Assert.Equal("APPROVED", ok.Data.GetProperty("reviewDeclaration").GetProperty("status").GetString());

        var late = await member.GraphQLAsync($"mutation {{ updateDeclaration(id: {id}, input: {{text: \"改\"}}) {{ id }} }}");
        Assert.Equal("CONFLICT", late.FirstCode);
        Assert.Equal(3, await TestCountyMonthly.ScalarAsync<long>(cs, "SELECT count(*) FROM audit_events WHERE entity_type = 'Declaration'"));
    }

    [Fact]
    public async Task A_member_cannot_declare_for_a_household_of_someone_else_nor_other_mutations()
    {
        var (factory, _) = await FreshAsync();
        using var __ = factory;
        var member = await factory.LoginAsync("member-2");
        Assert.Equal("FORBIDDEN", (await member.GraphQLAsync(Submit(1))).FirstCode);
        // The opening for members covers their own work only, not the secretary's mutations.
        Assert.Equal("FORBIDDEN", (await member.GraphQLAsync(Submit(3).Replace("mutation {", "mutation { unlinkHousehold(householdId: 3, reason: \"x\") { id } "))).FirstCode);
        Assert.Equal("FORBIDDEN", (await member.GraphQLAsync($"mutation {{ rateMember(memberId: 1, month: \"2026-01\", rating: EXCELLENT) {{ rating }} }}")).FirstCode);
        var future = await member.GraphQLAsync(Submit(3).Replace(Today, "2099-01-01"));
        Assert.Equal("VALIDATION", future.FirstCode);
    }

    [Fact]
    public async Task Reviews_are_for_the_own_branch_only_and_never_of_ones_own_declaration()
    {
        var (factory, _) = await FreshAsync();
        using var __ = factory;
        var sec = await factory.LoginAsync("sec-a1");
        // The secretary (member 1) declares for h1, linked to them.
        var own = await sec.GraphQLAsync(Submit(1, "POLICY"));
        Assert.False(own.HasErrors, own.ToString());
        var ownId = own.Data.GetProperty("submitDeclaration").GetProperty("id").GetString();
        Assert.Equal("FORBIDDEN", (await sec.GraphQLAsync($"mutation {{ reviewDeclaration(id: {ownId}, decision: APPROVE) {{ id }} }}")).FirstCode);

        var m = await (await factory.LoginAsync("member-2")).GraphQLAsync(Submit(3));
        var id = m.Data.GetProperty("submitDeclaration").GetProperty("id").GetString();
        var other = await factory.LoginAsync("sec-b1");
        Assert.Equal("FORBIDDEN", (await other.GraphQLAsync($"mutation {{ reviewDeclaration(id: {id}, decision: APPROVE) {{ id }} }}")).FirstCode);
        Assert.Equal("VALIDATION", (await sec.GraphQLAsync($"mutation {{ reviewDeclaration(id: {id}, decision: RETURN) {{ id }} }}")).FirstCode);
        var ret = await sec.GraphQLAsync($"mutation {{ reviewDeclaration(id: {id}, decision: RETURN, reason: \"请补充走访照片\") {{ status reviews {{ outcome reason }} }} }}");
        Assert.False(ret.HasErrors, ret.ToString());
        Assert.Equal("RETURNED", ret.Data.GetProperty("reviewDeclaration").GetProperty("status").GetString());
        Assert.Equal("请补充走访照片", ret.Data.GetProperty("reviewDeclaration").GetProperty("reviews")[0].GetProperty("reason").GetString());
        // Reviewed once: not again until the member resubmits.
        Assert.Equal("CONFLICT", (await sec.GraphQLAsync($"mutation {{ reviewDeclaration(id: {id}, decision: APPROVE) {{ id }} }}")).FirstCode);
    }

    [Fact]
    public async Task The_secretary_rates_members_and_the_board_shows_the_month()
    {
        var (factory, _) = await FreshAsync();
        using var __ = factory;
        var sec = await factory.LoginAsync("sec-a1");
        var rate = await sec.GraphQLAsync("mutation { rateMember(memberId: 2, month: \"2026-01\", rating: BASICALLY_QUALIFIED) { rating month } }");
        Assert.False(rate.HasErrors, rate.ToString());
        Assert.Equal("FORBIDDEN", (await sec.GraphQLAsync("mutation { rateMember(memberId: 1, month: \"2026-01\", rating: EXCELLENT) { rating } }")).FirstCode);
        Assert.Equal("FORBIDDEN", (await sec.GraphQLAsync("mutation { rateMember(memberId: 4, month: \"2026-01\", rating: EXCELLENT) { rating } }")).FirstCode);

        var board = await (await factory.LoginAsync("member-2")).GraphQLAsync(
            $"{{ branchBoard(villageCode: \"{TestCounty.A1}\", month: \"2026-01\") {{ members {{ member {{ id name }} householdsLinked householdsContacted rating declarations {{ category approved returned total }} }} }} }}");
        Assert.False(board.HasErrors, board.ToString());
        var rows = board.Data.GetProperty("branchBoard").GetProperty("members").EnumerateArray().ToDictionary(r => r.GetProperty("member").GetProperty("id").GetString()!);
        // The board names its members (the person behind each member is loaded with it).
        Assert.Equal("田建国", rows["1"].GetProperty("member").GetProperty("name").GetString());
        Assert.Equal("杨秀英", rows["2"].GetProperty("member").GetProperty("name").GetString());
        Assert.Equal(2, rows["1"].GetProperty("householdsLinked").GetInt32());
        Assert.Equal(1, rows["1"].GetProperty("householdsContacted").GetInt32());
        var cats = rows["1"].GetProperty("declarations").EnumerateArray().ToDictionary(c => c.GetProperty("category").GetString()!);
        Assert.Equal(1, cats["EDUCATION"].GetProperty("approved").GetInt32());
        Assert.Equal(1, cats["POLICY"].GetProperty("returned").GetInt32());
        Assert.Equal("BASICALLY_QUALIFIED", rows["2"].GetProperty("rating").GetString());
        Assert.Equal(JsonValueKind.Null, rows["1"].GetProperty("rating").ValueKind);
    }

    [Fact]
    public async Task A_member_report_lists_households_as_of_the_month_with_flags()
    {
        var (factory, _) = await FreshAsync();
        using var __ = factory;
        var sec = await factory.LoginAsync("sec-a1");
        var r = await sec.GraphQLAsync("""
            { memberReport(memberId: 1, month: "2026-01") { member { name } capacity cell { id } households { householdId contacted geometry }
                declarations { id status } byCategory { category total } flags { code message messageEn } } }
            """);
        Assert.False(r.HasErrors, r.ToString());
        var rep = r.Data.GetProperty("memberReport");
        Assert.Equal("田建国", rep.GetProperty("member").GetProperty("name").GetString());
        Assert.Equal("1", rep.GetProperty("cell").GetProperty("id").GetString());
        var hs = rep.GetProperty("households").EnumerateArray().ToDictionary(h => h.GetProperty("householdId").GetString()!, h => h.GetProperty("contacted").GetBoolean());
        Assert.Equal(new Dictionary<string, bool> { ["1"] = true, ["2"] = false }, hs);
        var flags = rep.GetProperty("flags").EnumerateArray().Select(f => f.GetProperty("code").GetString()).ToList();
        Assert.Contains("UNCONTACTED_HOUSEHOLDS", flags);
        Assert.Contains("RETURNED_DECLARATIONS", flags);
        Assert.DoesNotContain("NO_DECLARATION", flags);
        // In May 2025 member 1 still had h3 (the link ended on 1 June).
        var may = await sec.GraphQLAsync("{ memberReport(memberId: 1, month: \"2025-05\") { households { householdId } flags { code } } }");
        Assert.Equal(["1", "2", "3"], may.Data.GetProperty("memberReport").GetProperty("households").EnumerateArray().Select(h => h.GetProperty("householdId").GetString()));
        Assert.Contains("NO_DECLARATION", may.Data.GetProperty("memberReport").GetProperty("flags").EnumerateArray().Select(f => f.GetProperty("code").GetString()));

        var other = await (await factory.LoginAsync("member-2")).GraphQLAsync("{ memberReport(memberId: 1, month: \"2026-01\") { capacity } }");
        Assert.Equal("FORBIDDEN", other.FirstCode);
        var self = await (await factory.LoginAsync("member-2")).GraphQLAsync("{ memberReport(memberId: 2, month: \"2026-01\") { flags { code } } }");
        Assert.False(self.HasErrors, self.ToString());
    }
}
