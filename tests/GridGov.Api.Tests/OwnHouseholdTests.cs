using Npgsql;

namespace GridGov.Api.Tests;

/// <summary>linkHousehold refuses to link a member to the household they live in (docs/linking.md), and changes nothing.</summary>
public class OwnHouseholdTests(TestCountyFixture county) : IClassFixture<TestCountyFixture>
{
    private async Task<long> ScalarAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(county.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Linking_a_member_to_their_own_household_is_refused_in_Chinese()
    {
        // Member 4 (吴军) lives in household 6 of 乙一村, which has no link yet.
        var before = await ScalarAsync("SELECT count(*) FROM links");
        var client = await county.Factory.LoginAsync("sec-b1");
        var r = await client.GraphQLAsync("mutation { linkHousehold(householdId: 6, memberId: 4) { id } }");
        Assert.Equal("VALIDATION", r.FirstCode);
        var ext = r.Body.GetProperty("errors")[0].GetProperty("extensions");
        Assert.Contains("自己所在的户", ext.GetProperty("zh").GetString());
        Assert.Equal(ext.GetProperty("zh").GetString(), r.Body.GetProperty("errors")[0].GetProperty("message").GetString());
        Assert.Equal(before, await ScalarAsync("SELECT count(*) FROM links"));
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM links WHERE household_id = 6"));
    }

    [Fact]
    public async Task A_proposal_never_gives_a_member_their_own_household()
    {
        // 乙一村's only member lives in its only household: nobody may take it, and the proposal says why.
        var client = await county.Factory.LoginAsync("sec-b1");
        var r = await client.GraphQLAsync("""
            mutation { proposeLinks(villageCode: "520625102001") { linkedAfter links { household { id } } unlinked { household { id } reason } } }
            """);
        Assert.False(r.HasErrors, r.ToString());
        var p = r.Data.GetProperty("proposeLinks");
        Assert.Equal(0, p.GetProperty("linkedAfter").GetInt32());
        var u = Assert.Single(p.GetProperty("unlinked").EnumerateArray());
        Assert.Equal(("6", "NO_MEMBER_WITHIN_DISTANCE"), (u.GetProperty("household").GetProperty("id").GetString(), u.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task Another_members_household_can_be_linked()
    {
        // Member 2 does not live in household 2: the rule is about the member's own household only.
        var client = await county.Factory.LoginAsync("sec-a1");
        var r = await client.GraphQLAsync("mutation { linkHousehold(householdId: 2, memberId: 2) { member { id } } }");
        Assert.False(r.HasErrors, r.ToString());
        Assert.Equal("2", r.Data.GetProperty("linkHousehold").GetProperty("member").GetProperty("id").GetString());
    }
}
