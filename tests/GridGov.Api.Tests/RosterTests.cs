using System.Text.Json;
using GridGov.Api.Admin;
using GridGov.Domain.Access;
using GridGov.Domain.Import;
using GridGov.Testing;
using Npgsql;

namespace GridGov.Api.Tests;

/// <summary>
/// Keeping the rosters true through the API (households, members, the transfer rule). Each test writes, so each
/// has its own database; "zzb" is the county's organisation department (county-admin).
/// </summary>
public class RosterTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    internal static string ValidId(string body17) => body17 + ResidentId.CheckDigit(body17);
    internal static string WrongId(string body17) => body17 + (ResidentId.CheckDigit(body17) == '0' ? '1' : '0');

    private const string HouseFields = "household { id householdNo headName idNumber phone size povertyStatus assistance address cell { id } geometry } notes { code message }";
    private const string MemberFields = "member { id name gender birthYear status capacity probationary village { code } geometry } " +
        "endedLinks { id household { id } endReason } proposalId proposal { id status links { member { id } household { id } change } unlinked { household { id } } } notes { code message messageEn }";

    private async Task<(ApiFactory Factory, string Cs)> FreshAsync()
    {
        var cs = await TestCounty.CreateAsync(pg);
        await ApiClient.AddUserAsync(cs, "zzb", Role.CountyAdmin, TestCounty.County);
        return (new ApiFactory(cs), cs);
    }

    internal static async Task<object?> Scalar(string cs, string sql)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return await cmd.ExecuteScalarAsync();
    }

    private static async Task<long> Count(string cs, string sql) => Convert.ToInt64(await Scalar(cs, sql));

    private static string Create(string no, string extra = "") =>
        "mutation { createHousehold(input: {villageCode: \"520625101001\", householdNo: \"" + no + "\", headName: \"田七\"" + extra + "}) { " + HouseFields + " } }";

    [Fact]
    public async Task A_county_admin_made_by_the_admin_command_logs_in_and_creates_a_household_in_its_cell()
    {
        var cs = await TestCounty.CreateAsync(pg);
        var stdin = Console.In;
        try
        {
            Console.SetIn(new StringReader(ApiClient.Password + "\n"));
            var stderr = new StringWriter();
            Assert.True(0 == await AdminCommands.RunAsync(["user", "create", "--username", "zzb-admin", "--role", "county-admin", "--area", TestCounty.County],
                cs, TextWriter.Null, stderr), stderr.ToString());
        }
        finally { Console.SetIn(stdin); }
        using var factory = new ApiFactory(cs);
        var client = await factory.LoginAsync("zzb-admin");
        var id = ValidId("52062519850505123");
        var r = await client.GraphQLAsync(Create("A1-0042", ", idNumber: \"" + id + "\", phone: \"+86 139 1234 5678\", villageGroup: 3, address: \"三组 12 号\", size: 3, " +
            "povertyStatus: MONITORED, assistance: SUBSISTENCE, location: {type: \"Point\", coordinates: [108.36, 28.07]}"));
        Assert.False(r.HasErrors, r.ToString());
        var h = r.Data.GetProperty("createHousehold").GetProperty("household");
        Assert.Equal("A1-0042", h.GetProperty("householdNo").GetString());
        Assert.Equal(id, h.GetProperty("idNumber").GetString()); // the organisation department sees its county's personal data
        Assert.Equal("13912345678", h.GetProperty("phone").GetString());
        Assert.Equal(("MONITORED", "SUBSISTENCE", 3), (h.GetProperty("povertyStatus").GetString(), h.GetProperty("assistance").GetString(), h.GetProperty("size").GetInt32()));
        Assert.Equal("2", h.GetProperty("cell").GetProperty("id").GetString()); // inside 二组网格
        Assert.Empty(r.Data.GetProperty("createHousehold").GetProperty("notes").EnumerateArray());
        Assert.Equal(1L, await Count(cs, "SELECT count(*) FROM village_groups WHERE village_code = '520625101001' AND number = 3 AND name = '3组'"));

        // The audit row has before/after with the ID number and phone masked, never in clear.
        var after = (string)(await Scalar(cs, "SELECT after_json::text FROM audit_events WHERE action = 'createHousehold' AND actor = 'zzb-admin'"))!;
        var json = JsonDocument.Parse(after).RootElement;
        Assert.Equal(Masking.IdNumber(id), json.GetProperty("IdNumber").GetString());
        Assert.Equal("139****5678", json.GetProperty("Phone").GetString());
        Assert.DoesNotContain(id, after);
        Assert.DoesNotContain("13912345678", after);
        Assert.Equal(1L, await Count(cs, "SELECT count(*) FROM audit_events WHERE action = 'createHousehold' AND before_json IS NULL"));
    }

    [Fact]
    public async Task A_household_without_a_location_goes_to_the_village_centre_and_says_so()
    {
        var (factory, cs) = await FreshAsync();
        using var _ = factory;
        var r = await (await factory.LoginAsync("sec-a1")).GraphQLAsync(Create("X1"));
        Assert.False(r.HasErrors, r.ToString());
        Assert.Equal("LOCATION_FROM_VILLAGE", r.Data.GetProperty("createHousehold").GetProperty("notes")[0].GetProperty("code").GetString());
        Assert.Equal(1L, await Count(cs, "SELECT count(*) FROM households h JOIN areas a ON a.code = h.village_code WHERE h.household_no = 'X1' AND ST_Covers(a.boundary, h.location)"));
    }

    [Fact]
    public async Task A_duplicate_household_number_in_the_village_is_a_conflict_but_another_village_may_use_it()
    {
        var (factory, cs) = await FreshAsync();
        using var _ = factory;
        var client = await factory.LoginAsync("zzb");
        Assert.False((await client.GraphQLAsync(Create("007"))).HasErrors);
        var again = await client.GraphQLAsync(Create("007"));
        Assert.Equal("CONFLICT", again.FirstCode);
        Assert.Contains("007", again.Body.GetProperty("errors")[0].GetProperty("message").GetString());
        var other = await client.GraphQLAsync("mutation { createHousehold(input: {villageCode: \"520625101002\", householdNo: \"007\", headName: \"张八\"}) { household { id } } }");
        Assert.False(other.HasErrors, other.ToString());
        // Renumbering onto a taken number is refused too.
        Assert.Equal("CONFLICT", (await client.GraphQLAsync("mutation { updateHousehold(id: 2, input: {householdNo: \"007\"}) { household { id } } }")).FirstCode);
        Assert.Equal(2L, await Count(cs, "SELECT count(*) FROM households WHERE household_no = '007'"));
        Assert.Equal(2L, await Count(cs, "SELECT count(*) FROM audit_events"));
    }

    [Theory]
    [InlineData(", idNumber: \"WRONG\"", "校验位")]
    [InlineData(", idNumber: \"52062519800101123\"", "18")]
    [InlineData(", idNumber: \"520625198013011231\"", "出生日期")]
    [InlineData(", phone: \"12345\"", "联系电话")]
    [InlineData(", size: 0", "人口数")]
    [InlineData(", villageGroup: -1", "村民小组")]
    [InlineData(", location: {type: \"LineString\", coordinates: [[108.31, 28.01], [108.32, 28.02]]}", "")]
    public async Task Bad_household_values_are_validation_errors_and_nothing_is_saved(string extra, string words)
    {
        var (factory, cs) = await FreshAsync();
        using var _ = factory;
        extra = extra.Replace("WRONG", WrongId("52062519800101123"));
        var r = await (await factory.LoginAsync("zzb")).GraphQLAsync(Create("B1", extra));
        Assert.True(r.FirstCode == "VALIDATION", r.ToString());
        Assert.Contains(words, r.Body.GetProperty("errors")[0].GetProperty("message").GetString());
        Assert.False(string.IsNullOrEmpty(r.Body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("en").GetString()));
        Assert.Equal(0L, await Count(cs, "SELECT count(*) FROM households WHERE household_no = 'B1'"));
        Assert.Equal(0L, await Count(cs, "SELECT count(*) FROM audit_events"));
    }

    [Fact]
    public async Task Moving_a_house_changes_only_what_is_given_finds_its_cell_and_takes_the_members_living_there()
    {
        var (factory, cs) = await FreshAsync();
        using var _ = factory;
        var client = await factory.LoginAsync("sec-a1");
        // Household 4 (冉四) lies in no cell; member 3 lives in it. Move it into cell 1, in EPSG:4545 metres.
        // (539344.93, 3098506.23) in EPSG:4545 is (108.4, 28.0), A1's south-east corner: inside the village, in no cell.
        var r = await client.GraphQLAsync("mutation($g: GeoJSON!) { updateHousehold(id: 4, input: {location: $g, crs: EPSG_4545, phone: null}) { " + HouseFields + " } }",
            new { g = new { type = "Point", coordinates = new[] { 539344.927218, 3098506.225060 } } });
        Assert.False(r.HasErrors, r.ToString());
        var corner = r.Data.GetProperty("updateHousehold").GetProperty("household");
        Assert.Equal(JsonValueKind.Null, corner.GetProperty("cell").ValueKind);
        Assert.Equal(JsonValueKind.Null, corner.GetProperty("phone").ValueKind); // null cleared it
        Assert.Equal(108.4, corner.GetProperty("geometry").GetProperty("coordinates")[0].GetDouble(), 6);

        var moved = await client.GraphQLAsync("mutation { updateHousehold(id: 4, input: {location: {type: \"Point\", coordinates: [108.32, 28.03]}}) { " + HouseFields + " } }");
        Assert.False(moved.HasErrors, moved.ToString());
        var h = moved.Data.GetProperty("updateHousehold").GetProperty("household");
        Assert.Equal("1", h.GetProperty("cell").GetProperty("id").GetString());
        Assert.Equal(("冉四", 5, "LIFTED_OUT"), (h.GetProperty("headName").GetString(), h.GetProperty("size").GetInt32(), h.GetProperty("povertyStatus").GetString()));
        Assert.Equal(1L, await Count(cs, "SELECT count(*) FROM households WHERE id = 4 AND cell_id = 1"));
        Assert.Equal(1L, await Count(cs, "SELECT count(*) FROM party_members WHERE id = 3 AND ST_Equals(home, ST_SetSRID(ST_MakePoint(108.32, 28.03), 4326))"));
        Assert.Equal(2L, await Count(cs, "SELECT count(*) FROM audit_events WHERE action = 'updateHousehold' AND entity_id = '4' AND after_json::text LIKE '%memberHomesMoved%'"));
        Assert.Equal(1L, await Count(cs, "SELECT count(*) FROM audit_events WHERE action = 'updateHousehold' AND before_json::text LIKE '%137****2222%' AND before_json::text NOT LIKE '%13700002222%'"));

        // A house put outside its village is kept, with a note giving the distance.
        var outside = await client.GraphQLAsync("mutation { updateHousehold(id: 4, input: {location: {type: \"Point\", coordinates: [108.42, 28.05]}}) { " + HouseFields + " } }");
        Assert.Equal("OUTSIDE_VILLAGE", outside.Data.GetProperty("updateHousehold").GetProperty("notes")[0].GetProperty("code").GetString());
        Assert.Equal("NOT_FOUND", (await client.GraphQLAsync("mutation { updateHousehold(id: 999, input: {size: 2}) { household { id } } }")).FirstCode);
        Assert.Equal("VALIDATION", (await client.GraphQLAsync("mutation { updateHousehold(id: 4, input: {headName: null}) { household { id } } }")).FirstCode);
    }

    [Fact]
    public async Task A_new_member_takes_gender_birth_year_and_home_from_their_ID_and_household_and_an_ID_is_one_member()
    {
        var (factory, cs) = await FreshAsync();
        using var _ = factory;
        var client = await factory.LoginAsync("zzb");
        var id = ValidId("52062519920315002"); // 17th digit 2: a woman
        var add = "mutation { addMember(input: {name: \"张丽\", idNumber: \"" + id + "\", villageCode: \"520625101002\", householdId: 5, phone: \"13800001234\", " +
                  "capacity: 6, joinedOn: \"2020-07-01\", probationary: true}) { " + MemberFields + " } }";
        var r = await client.GraphQLAsync(add);
        Assert.False(r.HasErrors, r.ToString());
        var m = r.Data.GetProperty("addMember").GetProperty("member");
        Assert.Equal(("FEMALE", 1992, "ACTIVE", 6, true), (m.GetProperty("gender").GetString(), m.GetProperty("birthYear").GetInt32(),
            m.GetProperty("status").GetString(), m.GetProperty("capacity").GetInt32(), m.GetProperty("probationary").GetBoolean()));
        Assert.Equal("520625101002", m.GetProperty("village").GetProperty("code").GetString());
        Assert.Equal([108.35, 27.95], m.GetProperty("geometry").GetProperty("coordinates").EnumerateArray().Select(c => c.GetDouble()));
        Assert.Equal(1L, await Count(cs, $"SELECT count(*) FROM people WHERE id_number = '{id}' AND household_id = 5 AND phone = '13800001234'"));
        var after = (string)(await Scalar(cs, "SELECT after_json::text FROM audit_events WHERE action = 'addMember'"))!;
        Assert.DoesNotContain(id, after);
        Assert.Contains(Masking.IdNumber(id)!, after);

        Assert.Equal("CONFLICT", (await client.GraphQLAsync(add.Replace("520625101002", "520625101001").Replace("householdId: 5, ", ""))).FirstCode);
        Assert.Equal("VALIDATION", (await client.GraphQLAsync(add.Replace(id, WrongId("52062519920315002")))).FirstCode);
        // The own household must be in the member's village.
        Assert.Equal("VALIDATION", (await client.GraphQLAsync(add.Replace(id, ValidId("52062519920315004")).Replace("householdId: 5", "householdId: 6"))).FirstCode);
        Assert.Equal("VALIDATION", (await client.GraphQLAsync(add.Replace(id, ValidId("52062519920315006")).Replace("capacity: 6", "capacity: 101"))).FirstCode);
        Assert.Equal("VALIDATION", (await client.GraphQLAsync(add.Replace(id, ValidId("52062519920315006")).Replace("13800001234", "1380000"))).FirstCode);
        Assert.Equal(1L, await Count(cs, "SELECT count(*) FROM audit_events"));
    }

    [Fact]
    public async Task A_member_who_dies_hands_their_households_to_others_through_a_proposal_the_secretary_applies()
    {
        var (factory, cs) = await FreshAsync();
        using var _ = factory;
        var admin = await factory.LoginAsync("zzb");
        // A new member living in household 2 (田二妹), near households 1 and 2 that member 1 looks after.
        var add = await admin.GraphQLAsync("mutation { addMember(input: {name: \"田小军\", idNumber: \"" + ValidId("52062519950101003") +
                                           "\", villageCode: \"520625101001\", householdId: 2}) { member { id } } }");
        Assert.False(add.HasErrors, add.ToString());
        var newId = add.Data.GetProperty("addMember").GetProperty("member").GetProperty("id").GetString();

        var r = await admin.GraphQLAsync("mutation { updateMember(id: 1, input: {status: DECEASED}) { " + MemberFields + " } }");
        Assert.False(r.HasErrors, r.ToString());
        var p = r.Data.GetProperty("updateMember");
        Assert.Equal("DECEASED", p.GetProperty("member").GetProperty("status").GetString());
        Assert.Equal(["1", "2"], p.GetProperty("endedLinks").EnumerateArray().Select(l => l.GetProperty("household").GetProperty("id").GetString()));
        Assert.All(p.GetProperty("endedLinks").EnumerateArray(), l => Assert.StartsWith("党员已故", l.GetProperty("endReason").GetString()));
        Assert.Equal(0L, await Count(cs, "SELECT count(*) FROM links WHERE member_id = 1 AND valid_to IS NULL"));
        var proposalId = p.GetProperty("proposalId").GetString();
        Assert.NotNull(proposalId);
        var proposal = p.GetProperty("proposal");
        Assert.Equal("OPEN", proposal.GetProperty("status").GetString());
        var placed = proposal.GetProperty("links").EnumerateArray().Where(l => l.GetProperty("change").GetString() == "ADDED")
            .ToDictionary(l => l.GetProperty("household").GetProperty("id").GetString()!, l => l.GetProperty("member").GetProperty("id").GetString());
        // Household 2 is the new member's own (never linked to them, docs/linking.md) and nobody else is within 3 km: reported.
        Assert.Equal(new Dictionary<string, string?> { ["1"] = newId }, placed);
        Assert.Contains(proposal.GetProperty("unlinked").EnumerateArray(), u => u.GetProperty("household").GetProperty("id").GetString() == "2");
        // Nobody else moves: member 2 keeps household 3.
        Assert.Contains(proposal.GetProperty("links").EnumerateArray(), l => l.GetProperty("household").GetProperty("id").GetString() == "3"
            && l.GetProperty("change").GetString() == "KEPT" && l.GetProperty("member").GetProperty("id").GetString() == "2");
        Assert.Equal("LINKS_ENDED", p.GetProperty("notes")[0].GetProperty("code").GetString());
        Assert.Contains(p.GetProperty("notes").EnumerateArray(), n => n.GetProperty("code").GetString() == "CELLS_UNLED"); // member 1 led cell 1
        Assert.Equal(0L, await Count(cs, "SELECT count(*) FROM grid_cells WHERE leader_member_id = 1"));
        // Audited as the transfer's consequence, not as a leader edit the undo would offer back.
        Assert.Equal(1L, await Count(cs, "SELECT count(*) FROM audit_events WHERE action = 'transferMember.unlead' AND entity_id = '1'"));
        Assert.Equal(0L, await Count(cs, "SELECT count(*) FROM audit_events WHERE action = 'setCellLeader'"));
        Assert.Equal(1L, await Count(cs, $"SELECT count(*) FROM audit_events WHERE action = 'proposeTransfer' AND entity_id = '{proposalId}'"));
        Assert.Equal(1L, await Count(cs, "SELECT count(*) FROM audit_events WHERE action = 'updateMember' AND before_json->>'Status' = 'Active' AND after_json->'member'->>'Status' = 'Deceased' AND after_json->>'proposalId' IS NOT NULL"));

        // The proposal was made on the village as it now stands: the village's write key applies it.
        var key = await ApiClient.AddApiKeyAsync(cs, "a1-writer", ["write"], TestCounty.A1);
        var applied = await factory.WithKey(key).GraphQLAsync($"mutation {{ applyLinkProposal(id: {proposalId}) {{ status }} }}");
        Assert.False(applied.HasErrors, applied.ToString());
        Assert.Equal(1L, await Count(cs, $"SELECT count(*) FROM links WHERE member_id = {newId} AND valid_to IS NULL AND household_id = 1"));
        Assert.Equal(0L, await Count(cs, "SELECT count(*) FROM links WHERE household_id = 2 AND valid_to IS NULL"));
    }

    [Fact]
    public async Task A_member_moved_to_another_branch_leaves_their_households_reported_when_nobody_can_take_them()
    {
        var (factory, cs) = await FreshAsync();
        using var _ = factory;
        var admin = await factory.LoginAsync("zzb");
        var r = await admin.GraphQLAsync("mutation { moveMember(id: 2, villageCode: \"520625101002\", householdId: 5) { " + MemberFields + " } }");
        Assert.False(r.HasErrors, r.ToString());
        var p = r.Data.GetProperty("moveMember");
        Assert.Equal("520625101002", p.GetProperty("member").GetProperty("village").GetProperty("code").GetString());
        Assert.Equal("3", p.GetProperty("endedLinks")[0].GetProperty("household").GetProperty("id").GetString());
        // Household 3 is 5 km from member 1, and migrant member 3 takes nobody in person: reported unlinked, not dropped.
        Assert.Equal("3", p.GetProperty("proposal").GetProperty("unlinked")[0].GetProperty("household").GetProperty("id").GetString());
        Assert.Contains(p.GetProperty("notes").EnumerateArray(), n => n.GetProperty("code").GetString() == "UNPLACED");
        Assert.Equal(1L, await Count(cs, "SELECT count(*) FROM party_members WHERE id = 2 AND village_code = '520625101002' AND branch_id = 2"));
        Assert.Equal(1L, await Count(cs, "SELECT count(*) FROM links WHERE id = 4 AND end_reason LIKE '党员转至其他支部%'"));
        Assert.Equal(2L, await Count(cs, "SELECT count(*) FROM audit_events WHERE action = 'moveMember'"));

        Assert.Equal("VALIDATION", (await admin.GraphQLAsync("mutation { moveMember(id: 2, villageCode: \"520625101002\") { member { id } } }")).FirstCode);
        // Another county's village is outside the organisation department's area.
        await Scalar(cs, """
            INSERT INTO areas (code, level, name, parent_code, boundary_source, is_deep_poverty) VALUES
              ('522226000000', 'county', '外县', NULL, 'real', false), ('522226101000', 'township', '外镇', '522226000000', 'real', false),
              ('522226101001', 'village', '外村', '522226101000', 'real', false);
            INSERT INTO party_branches (id, village_code, name, source) VALUES (9, '522226101001', '外村党支部', 'real');
            """);
        Assert.Equal("FORBIDDEN", (await admin.GraphQLAsync("mutation { moveMember(id: 1, villageCode: \"522226101001\") { member { id } } }")).FirstCode);
        Assert.Equal("NOT_FOUND", (await admin.GraphQLAsync("mutation { moveMember(id: 1, villageCode: \"520625101009\") { member { id } } }")).FirstCode);
        await admin.GraphQLAsync("mutation { updateMember(id: 4, input: {status: LEFT}) { member { id } } }");
        Assert.Equal("VALIDATION", (await admin.GraphQLAsync("mutation { moveMember(id: 4, villageCode: \"520625101001\") { member { id } } }")).FirstCode);
    }

    [Fact]
    public async Task A_migrant_keeps_their_links_as_remote_contact_and_is_told_so()
    {
        var (factory, cs) = await FreshAsync();
        using var _ = factory;
        var r = await (await factory.LoginAsync("sec-a1")).GraphQLAsync("mutation { updateMember(id: 2, input: {status: MIGRANT, capacity: 1}) { " + MemberFields + " } }");
        Assert.False(r.HasErrors, r.ToString());
        var p = r.Data.GetProperty("updateMember");
        Assert.Empty(p.GetProperty("endedLinks").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, p.GetProperty("proposalId").ValueKind);
        Assert.Equal("REMOTE_ONLY", p.GetProperty("notes")[0].GetProperty("code").GetString());
        Assert.Equal(1L, await Count(cs, "SELECT count(*) FROM links WHERE member_id = 2 AND valid_to IS NULL"));
        Assert.Equal(0L, await Count(cs, "SELECT count(*) FROM link_proposals"));
        Assert.Equal(1, p.GetProperty("member").GetProperty("capacity").GetInt32());
        Assert.Equal("VALIDATION", (await (await factory.LoginAsync("sec-a1")).GraphQLAsync("mutation { updateMember(id: 2, input: {capacity: -1}) { member { id } } }")).FirstCode);
    }
}
