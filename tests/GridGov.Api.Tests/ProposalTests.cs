using GridGov.Testing;
using Npgsql;

namespace GridGov.Api.Tests;

/// <summary>The linking engine in the product: propose, review the diff, apply (or be refused when stale).</summary>
public class ProposalTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    private const string Fields = "id status linkedBefore linkedAfter added moved removed totalScore " +
        "links { member { id } household { id } basis change explanation distanceMeters score tieScore distancePenalty changePenalty } " +
        "removedLinks { household { id } fromMember { id } } memberChanges { member { id } before after gained lost } " +
        "unlinked { household { id } reason reasonText }";

    private static async Task<long> Scalar(string cs, string sql)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    [Fact]
    public async Task An_unchanged_village_keeps_every_link_and_reports_who_cannot_be_reached()
    {
        var cs = await TestCounty.CreateAsync(pg);
        using var factory = new ApiFactory(cs);
        var client = await factory.LoginAsync("sec-a1");
        var r = await client.GraphQLAsync("mutation { proposeLinks(villageCode: \"520625101001\") { " + Fields + " } }");
        Assert.False(r.HasErrors, r.ToString());
        var p = r.Data.GetProperty("proposeLinks");
        Assert.Equal(3, p.GetProperty("linkedAfter").GetInt32());
        Assert.Equal(0, p.GetProperty("added").GetInt32() + p.GetProperty("moved").GetInt32() + p.GetProperty("removed").GetInt32());
        var blood = p.GetProperty("links").EnumerateArray().Single(l => l.GetProperty("household").GetProperty("id").GetString() == "1");
        Assert.Equal("BLOOD", blood.GetProperty("basis").GetString());
        Assert.StartsWith("血缘: 堂兄 · ", blood.GetProperty("explanation").GetString());
        Assert.Equal(blood.GetProperty("tieScore").GetDouble() - blood.GetProperty("distancePenalty").GetDouble(), blood.GetProperty("score").GetDouble(), 3);
        var unlinked = Assert.Single(p.GetProperty("unlinked").EnumerateArray());
        Assert.Equal("4", unlinked.GetProperty("household").GetProperty("id").GetString());
        Assert.Equal("NO_MEMBER_WITHIN_DISTANCE", unlinked.GetProperty("reason").GetString());
        Assert.Equal(0, await Scalar(cs, "SELECT count(*) FROM links WHERE proposal_id IS NOT NULL"));
    }

    [Fact]
    public async Task Applying_a_proposal_changes_links_with_history_and_a_second_apply_is_refused()
    {
        var cs = await TestCounty.CreateAsync(pg);
        using var factory = new ApiFactory(cs);
        var client = await factory.LoginAsync("sec-a1");
        var r = await client.GraphQLAsync("mutation { proposeLinks(villageCode: \"520625101001\", settings: {maxDistanceMeters: 6000}) { " + Fields + " } }");
        var p = r.Data.GetProperty("proposeLinks");
        Assert.Equal(1, p.GetProperty("added").GetInt32());
        var added = p.GetProperty("links").EnumerateArray().Single(l => l.GetProperty("change").GetString() == "ADDED");
        Assert.Equal("4", added.GetProperty("household").GetProperty("id").GetString());
        Assert.Equal("2", added.GetProperty("member").GetProperty("id").GetString()); // inferred social tie beats a farther stranger
        var m2 = p.GetProperty("memberChanges").EnumerateArray().Single(m => m.GetProperty("member").GetProperty("id").GetString() == "2");
        Assert.Equal((1, 2, 1), (m2.GetProperty("before").GetInt32(), m2.GetProperty("after").GetInt32(), m2.GetProperty("gained").GetInt32()));

        var id = p.GetProperty("id").GetString();
        var applied = await client.GraphQLAsync($"mutation {{ applyLinkProposal(id: {id}) {{ status appliedAt }} }}");
        Assert.False(applied.HasErrors, applied.ToString());
        Assert.Equal("APPLIED", applied.Data.GetProperty("applyLinkProposal").GetProperty("status").GetString());
        Assert.Equal(1, await Scalar(cs, $"SELECT count(*) FROM links WHERE household_id = 4 AND member_id = 2 AND valid_to IS NULL AND proposal_id = {id}"));
        Assert.Equal(1, await Scalar(cs, "SELECT count(*) FROM audit_events WHERE action = 'applyLinkProposal'"));
        Assert.Equal("CONFLICT", (await client.GraphQLAsync($"mutation {{ applyLinkProposal(id: {id}) {{ status }} }}")).FirstCode);

        // Re-running on the applied result changes nothing.
        var again = await client.GraphQLAsync("mutation { proposeLinks(villageCode: \"520625101001\", settings: {maxDistanceMeters: 6000}) { added moved removed } }");
        var a = again.Data.GetProperty("proposeLinks");
        Assert.Equal(0, a.GetProperty("added").GetInt32() + a.GetProperty("moved").GetInt32() + a.GetProperty("removed").GetInt32());
    }

    [Fact]
    public async Task A_proposal_made_stale_by_a_later_change_is_refused_and_changes_nothing()
    {
        var cs = await TestCounty.CreateAsync(pg);
        using var factory = new ApiFactory(cs);
        var client = await factory.LoginAsync("sec-a1");
        var id = (await client.GraphQLAsync("mutation { proposeLinks(villageCode: \"520625101001\", settings: {maxDistanceMeters: 6000}) { id } }"))
            .Data.GetProperty("proposeLinks").GetProperty("id").GetString();
        var unlink = await client.GraphQLAsync("mutation { unlinkHousehold(householdId: 2, reason: \"外出\") { id } }");
        Assert.False(unlink.HasErrors, unlink.ToString());
        var before = await Scalar(cs, "SELECT count(*) FROM links");
        var r = await client.GraphQLAsync($"mutation {{ applyLinkProposal(id: {id}) {{ status }} }}");
        Assert.Equal("CONFLICT", r.FirstCode);
        Assert.Contains("过期", r.Body.GetProperty("errors")[0].GetProperty("message").GetString());
        Assert.Equal(before, await Scalar(cs, "SELECT count(*) FROM links"));
    }

    [Fact]
    public async Task A_transfer_moves_only_the_leaving_members_households()
    {
        var cs = await TestCounty.CreateAsync(pg);
        using var factory = new ApiFactory(cs);
        var client = await factory.LoginAsync("sec-a1");
        var r = await client.GraphQLAsync("mutation { proposeTransfer(memberId: 1, settings: {maxDistanceMeters: 10000}) { kind leavingMember { id } " + Fields + " } }");
        Assert.False(r.HasErrors, r.ToString());
        var p = r.Data.GetProperty("proposeTransfer");
        Assert.Equal("transfer", p.GetProperty("kind").GetString());
        Assert.DoesNotContain(p.GetProperty("links").EnumerateArray(), l => l.GetProperty("member").GetProperty("id").GetString() == "1");
        // Member 2 (capacity 2) keeps household 3 and takes one of member 1's two households; the other is left over.
        Assert.Equal(1, p.GetProperty("moved").GetInt32());
        Assert.Equal(1, p.GetProperty("removed").GetInt32());
        Assert.Contains(p.GetProperty("links").EnumerateArray(), l =>
            l.GetProperty("household").GetProperty("id").GetString() == "3" && l.GetProperty("change").GetString() == "KEPT");
        var m1 = p.GetProperty("memberChanges").EnumerateArray().Single(m => m.GetProperty("member").GetProperty("id").GetString() == "1");
        Assert.Equal((2, 0, 2), (m1.GetProperty("before").GetInt32(), m1.GetProperty("after").GetInt32(), m1.GetProperty("lost").GetInt32()));
    }

    [Theory]
    [InlineData("town-a", "mutation { proposeLinks(villageCode: \"520625102001\") { id } }", "FORBIDDEN")]
    [InlineData("member-2", "mutation { proposeLinks(villageCode: \"520625101001\") { id } }", "FORBIDDEN")]
    [InlineData("sec-b1", "mutation { proposeTransfer(memberId: 1) { id } }", "FORBIDDEN")]
    [InlineData("sec-a1", "mutation { proposeLinks(villageCode: \"520625101001\", settings: {maxDistanceMeters: -1}) { id } }", "VALIDATION")]
    [InlineData("sec-a1", "mutation { startLinkJob(areaCode: \"520625101000\") { id } }", "FORBIDDEN")]
    [InlineData("sec-a1", "mutation { applyLinkProposal(id: 999) { id } }", "NOT_FOUND")]
    public async Task Proposal_rights_follow_role_and_area(string user, string query, string code)
    {
        var cs = await TestCounty.CreateAsync(pg);
        using var factory = new ApiFactory(cs);
        var r = await (await factory.LoginAsync(user)).GraphQLAsync(query);
        Assert.True(code == r.FirstCode, r.ToString());
    }

    [Fact]
    public async Task A_leader_proposes_but_only_the_secretary_applies()
    {
        var cs = await TestCounty.CreateAsync(pg);
        using var factory = new ApiFactory(cs);
        var leader = await factory.LoginAsync("town-a");
        var id = (await leader.GraphQLAsync("mutation { proposeLinks(villageCode: \"520625101001\") { id } }")).Data
            .GetProperty("proposeLinks").GetProperty("id").GetString();
        Assert.Equal("FORBIDDEN", (await leader.GraphQLAsync($"mutation {{ applyLinkProposal(id: {id}) {{ id }} }}")).FirstCode);
        var sec = await factory.LoginAsync("sec-a1");
        Assert.Equal("APPLIED", (await sec.GraphQLAsync($"mutation {{ applyLinkProposal(id: {id}) {{ status }} }}")).Data
            .GetProperty("applyLinkProposal").GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_background_job_proposes_for_every_village_of_a_township()
    {
        var cs = await TestCounty.CreateAsync(pg);
        using var factory = new ApiFactory(cs);
        var client = await factory.LoginAsync("town-a");
        var start = await client.GraphQLAsync("mutation { startLinkJob(areaCode: \"520625101000\") { id total } }");
        Assert.False(start.HasErrors, start.ToString());
        var id = start.Data.GetProperty("startLinkJob").GetProperty("id").GetString();
        Assert.Equal(2, start.Data.GetProperty("startLinkJob").GetProperty("total").GetInt32());
        System.Text.Json.JsonElement job = default;
        for (var i = 0; i < 100; i++)
        {
            job = (await client.GraphQLAsync($"{{ linkJob(id: {id}) {{ status done total proposals {{ village {{ code }} linkedAfter }} }} }}")).Data.GetProperty("linkJob");
            if (job.GetProperty("status").GetString() is "DONE" or "FAILED") break;
            await Task.Delay(100);
        }
        Assert.Equal("DONE", job.GetProperty("status").GetString());
        Assert.Equal(2, job.GetProperty("done").GetInt32());
        Assert.Equal(["520625101001", "520625101002"], job.GetProperty("proposals").EnumerateArray()
            .Select(p => p.GetProperty("village").GetProperty("code").GetString()));
    }
}
