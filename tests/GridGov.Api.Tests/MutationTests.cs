using GridGov.Testing;
using Npgsql;

namespace GridGov.Api.Tests;

/// <summary>Writes: each test gets its own database, since they change it.</summary>
public class MutationTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    private async Task<(ApiFactory Factory, string Cs)> FreshAsync()
    {
        var cs = await TestCounty.CreateAsync(pg);
        return (new ApiFactory(cs), cs);
    }

    private static async Task<long> Scalar(string cs, string sql)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    // Cell 3 in A1's uncovered south-east quarter: 108.35–108.40 × 28.00–28.05, sharing edges with cells 1 and 2.
    private const string SouthEast = "{type: \"Polygon\", coordinates: [[[108.35, 28.00], [108.40, 28.00], [108.40, 28.05], [108.35, 28.05], [108.35, 28.00]]]}";

    [Fact]
    public async Task A_secretary_draws_a_cell_and_its_houses_join_it()
    {
        var (factory, cs) = await FreshAsync();
        using var _ = factory;
        var client = await factory.LoginAsync("sec-a1");
        var r = await client.GraphQLAsync("mutation { createGridCell(input: {villageCode: \"520625101001\", name: \"三组网格\", geometry: " + SouthEast +
                                          "}) { cell { id name version households { id } } notes { kind } } }");
        Assert.False(r.HasErrors, r.ToString());
        var cell = r.Data.GetProperty("createGridCell").GetProperty("cell");
        Assert.Equal(["4"], cell.GetProperty("households").EnumerateArray().Select(h => h.GetProperty("id").GetString()));
        Assert.Equal(1, await Scalar(cs, "SELECT count(*) FROM audit_events WHERE action = 'createGridCell' AND actor = 'sec-a1'"));
        // The new cell shares its edges exactly: no overlap area with the neighbours in PostGIS either.
        Assert.Equal(0, await Scalar(cs, """
            SELECT count(*) FROM grid_cells a JOIN grid_cells b ON a.id < b.id AND a.village_code = b.village_code
            WHERE ST_Area(ST_Intersection(a.geometry, b.geometry)::geography) > 0.01
            """));
    }

    [Fact]
    public async Task An_overlapping_cell_is_refused_naming_the_other_cell_and_nothing_is_saved()
    {
        var (factory, cs) = await FreshAsync();
        using var _ = factory;
        var client = await factory.LoginAsync("sec-a1");
        var overlapping = "{type: \"Polygon\", coordinates: [[[108.34, 28.00], [108.40, 28.00], [108.40, 28.05], [108.34, 28.05], [108.34, 28.00]]]}";
        var r = await client.GraphQLAsync("mutation { createGridCell(input: {villageCode: \"520625101001\", name: \"重叠\", geometry: " + overlapping + "}) { cell { id } } }");
        Assert.Equal("GEOMETRY_OVERLAP", r.FirstCode);
        var ext = r.Body.GetProperty("errors")[0].GetProperty("extensions");
        Assert.Equal("1", ext.GetProperty("cellId").GetString());
        Assert.Contains("一组网格", r.Body.GetProperty("errors")[0].GetProperty("message").GetString());
        Assert.Equal("Polygon", ext.GetProperty("highlight").GetProperty("type").GetString());
        Assert.Equal(2, await Scalar(cs, "SELECT count(*) FROM grid_cells"));
        Assert.Equal(0, await Scalar(cs, "SELECT count(*) FROM audit_events"));
    }

    [Theory]
    [InlineData("{type: \"Polygon\", coordinates: [[[108.36, 28.01], [108.39, 28.04], [108.39, 28.01], [108.36, 28.04], [108.36, 28.01]]]}", "GEOMETRY_INVALID")]
    [InlineData("{type: \"Polygon\", coordinates: [[[108.35, 28.00], [108.45, 28.00], [108.45, 28.05], [108.35, 28.05], [108.35, 28.00]]]}", "GEOMETRY_OUTSIDE_VILLAGE")]
    [InlineData("{type: \"Polygon\", coordinates: [[[28.00, 108.35], [28.00, 108.40], [28.05, 108.40], [28.05, 108.35], [28.00, 108.35]]]}", "COORDINATES_SWAPPED")]
    [InlineData("{type: \"Point\", coordinates: [108.36, 28.01]}", "GEOMETRY_INVALID")]
    [InlineData("{type: \"Polygon\", coordinates: \"nonsense\"}", "VALIDATION")]
    public async Task Bad_cell_geometries_get_their_code(string geometry, string code)
    {
        var (factory, cs) = await FreshAsync();
        using var _ = factory;
        var client = await factory.LoginAsync("sec-a1");
        var r = await client.GraphQLAsync("mutation { createGridCell(input: {villageCode: \"520625101001\", name: \"x\", geometry: " + geometry + "}) { cell { id } } }");
        Assert.True(code == r.FirstCode, r.ToString());
        Assert.Equal(2, await Scalar(cs, "SELECT count(*) FROM grid_cells"));
    }

    [Fact]
    public async Task A_stale_version_is_a_conflict()
    {
        var (factory, _) = await FreshAsync();
        using var __ = factory;
        var client = await factory.LoginAsync("sec-a1");
        var ok = await client.GraphQLAsync("mutation { updateGridCell(input: {id: 1, version: 1, name: \"一组\"}) { cell { version name } } }");
        Assert.Equal(2, ok.Data.GetProperty("updateGridCell").GetProperty("cell").GetProperty("version").GetInt32());
        var stale = await client.GraphQLAsync("mutation { updateGridCell(input: {id: 1, version: 1, name: \"又改\"}) { cell { version } } }");
        Assert.Equal("CONFLICT", stale.FirstCode);
        var del = await client.GraphQLAsync("mutation { deleteGridCell(id: 1, version: 1) }");
        Assert.Equal("CONFLICT", del.FirstCode);
    }

    [Fact]
    public async Task Split_then_merge_gives_back_the_cell_and_households_follow()
    {
        var (factory, cs) = await FreshAsync();
        using var _ = factory;
        var client = await factory.LoginAsync("sec-a1");
        var split = await client.GraphQLAsync("mutation { splitGridCell(id: 1, version: 1, line: {type: \"LineString\", coordinates: [[108.29, 28.015], [108.36, 28.015]]}, newName: \"一组南\") { id version households { id } } }");
        Assert.False(split.HasErrors, split.ToString());
        var cells = split.Data.GetProperty("splitGridCell").EnumerateArray().ToList();
        Assert.Equal(2, cells.Count);
        // h1 (28.01) is south of the line, h2 (28.02) north: one in each part.
        Assert.Equal(2, cells.Sum(c => c.GetProperty("households").GetArrayLength()));
        Assert.All(cells, c => Assert.Equal(1, c.GetProperty("households").GetArrayLength()));
        var ids = cells.Select(c => c.GetProperty("id").GetString()).ToList();
        var versions = cells.Select(c => c.GetProperty("version").GetInt32()).ToList();
        var merged = await client.GraphQLAsync($"mutation {{ mergeGridCells(ids: [{ids[0]}, {ids[1]}], versions: [{versions[0]}, {versions[1]}]) {{ id households {{ id }} areaSquareMeters }} }}");
        Assert.False(merged.HasErrors, merged.ToString());
        Assert.Equal(2, merged.Data.GetProperty("mergeGridCells").GetProperty("households").GetArrayLength());
        Assert.Equal(2, await Scalar(cs, "SELECT count(*) FROM grid_cells"));
        // A small cell in the south-east corner touches neither the north-east cell 2 nor shares an edge with it.
        var corner = await client.GraphQLAsync("mutation { createGridCell(input: {villageCode: \"520625101001\", name: \"角\", geometry: " +
            "{type: \"Polygon\", coordinates: [[[108.37, 28.00], [108.40, 28.00], [108.40, 28.02], [108.37, 28.02], [108.37, 28.00]]]}}) { cell { id } } }");
        var cornerId = corner.Data.GetProperty("createGridCell").GetProperty("cell").GetProperty("id").GetString();
        var bad = await client.GraphQLAsync($"mutation {{ mergeGridCells(ids: [2, {cornerId}]) {{ id }} }}");
        Assert.Equal("GEOMETRY_INVALID", bad.FirstCode);
        Assert.Equal(3, await Scalar(cs, "SELECT count(*) FROM grid_cells"));
    }

    [Fact]
    public async Task Linking_keeps_history_and_is_audited()
    {
        var (factory, cs) = await FreshAsync();
        using var _ = factory;
        var client = await factory.LoginAsync("sec-a1");
        var r = await client.GraphQLAsync("mutation { linkHousehold(householdId: 2, memberId: 2) { id basis explanation member { id } } }");
        Assert.False(r.HasErrors, r.ToString());
        Assert.Equal("PROXIMITY", r.Data.GetProperty("linkHousehold").GetProperty("basis").GetString());
        var history = await client.GraphQLAsync("{ household(id: 2) { currentLink { member { id } } links { validTo endedBy } } }");
        var h = history.Data.GetProperty("household");
        Assert.Equal("2", h.GetProperty("currentLink").GetProperty("member").GetProperty("id").GetString());
        Assert.Equal(2, h.GetProperty("links").GetArrayLength());
        Assert.Equal(1, await Scalar(cs, "SELECT count(*) FROM links WHERE household_id = 2 AND valid_to IS NOT NULL AND ended_by = 'sec-a1'"));
        // Member 2 has capacity 2 and now holds households 3 and 2: a third needs overCapacity.
        var full = await client.GraphQLAsync("mutation { linkHousehold(householdId: 4, memberId: 2) { id } }");
        Assert.Equal("VALIDATION", full.FirstCode);
        var forced = await client.GraphQLAsync("mutation { linkHousehold(householdId: 4, memberId: 2, overCapacity: true, locked: true) { locked } }");
        Assert.True(forced.Data.GetProperty("linkHousehold").GetProperty("locked").GetBoolean());
        var unlink = await client.GraphQLAsync("mutation { unlinkHousehold(householdId: 4, reason: \"搬迁\") { validTo endReason } }");
        Assert.Equal("搬迁", unlink.Data.GetProperty("unlinkHousehold").GetProperty("endReason").GetString());
        var audit = await client.GraphQLAsync("{ auditEvents { totalCount nodes { action actor before after } } }");
        Assert.Equal(3, audit.Data.GetProperty("auditEvents").GetProperty("totalCount").GetInt32());
        var unlinked = await client.GraphQLAsync("{ households(unlinked: true) { nodes { id } } }");
        Assert.Equal(["4"], unlinked.Data.GetProperty("households").GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task A_link_is_locked_and_unlocked_in_place_and_audited()
    {
        var (factory, cs) = await FreshAsync();
        using var _ = factory;
        var client = await factory.LoginAsync("sec-a1");
        var before = await client.GraphQLAsync("{ household(id: 3) { currentLink { id locked } } }");
        var linkId = before.Data.GetProperty("household").GetProperty("currentLink").GetProperty("id").GetString();
        var locked = await client.GraphQLAsync("mutation { setLinkLocked(householdId: 3, locked: true) { id locked } }");
        Assert.False(locked.HasErrors, locked.ToString());
        // The same link, now locked: no new period in the history.
        Assert.Equal(linkId, locked.Data.GetProperty("setLinkLocked").GetProperty("id").GetString());
        Assert.True(locked.Data.GetProperty("setLinkLocked").GetProperty("locked").GetBoolean());
        Assert.Equal(2, await Scalar(cs, "SELECT count(*) FROM links WHERE household_id = 3")); // the ended one and the current one
        var unlocked = await client.GraphQLAsync("mutation { setLinkLocked(householdId: 3, locked: false) { locked } }");
        Assert.False(unlocked.Data.GetProperty("setLinkLocked").GetProperty("locked").GetBoolean());
        var audit = await client.GraphQLAsync("{ auditEvents { nodes { action before after } } }");
        Assert.Equal(2, audit.Data.GetProperty("auditEvents").GetProperty("nodes").EnumerateArray().Count(e => e.GetProperty("action").GetString() == "setLinkLocked"));
        // Nothing to lock, another village, a reader: clear errors, nothing changes.
        await client.GraphQLAsync("mutation { unlinkHousehold(householdId: 3, reason: \"外出\") { id } }");
        Assert.Equal("NOT_FOUND", (await client.GraphQLAsync("mutation { setLinkLocked(householdId: 3, locked: true) { id } }")).FirstCode);
        Assert.Equal("FORBIDDEN", (await client.GraphQLAsync("mutation { setLinkLocked(householdId: 5, locked: true) { id } }")).FirstCode);
        var leader = await factory.LoginAsync("county");
        Assert.Equal("FORBIDDEN", (await leader.GraphQLAsync("mutation { setLinkLocked(householdId: 1, locked: true) { id } }")).FirstCode);
        Assert.Equal(0, await Scalar(cs, "SELECT count(*) FROM links WHERE locked"));
    }

    [Fact]
    public async Task Ties_are_declared_upgraded_and_removed()
    {
        var (factory, cs) = await FreshAsync();
        using var _ = factory;
        var client = await factory.LoginAsync("sec-a1");
        var upgraded = await client.GraphQLAsync("mutation { addTie(memberId: 2, householdId: 4, kind: SOCIAL, relation: \"朋友\") { id origin relation } }");
        Assert.Equal("DECLARED", upgraded.Data.GetProperty("addTie").GetProperty("origin").GetString());
        var again = await client.GraphQLAsync("mutation { addTie(memberId: 2, householdId: 4, kind: SOCIAL) { id } }");
        Assert.Equal("CONFLICT", again.FirstCode);
        var otherVillage = await client.GraphQLAsync("mutation { addTie(memberId: 4, householdId: 4, kind: BLOOD) { id } }");
        Assert.Equal("VALIDATION", otherVillage.FirstCode);
        var removed = await client.GraphQLAsync("mutation { removeTie(id: 2) }");
        Assert.False(removed.HasErrors, removed.ToString());
        Assert.Equal(0, await Scalar(cs, "SELECT count(*) FROM ties WHERE id = 2"));
        var missing = await client.GraphQLAsync("mutation { removeTie(id: 2) }");
        Assert.Equal("NOT_FOUND", missing.FirstCode);
    }

    [Fact]
    public async Task A_write_key_may_write_its_area_only()
    {
        var (factory, cs) = await FreshAsync();
        using var _ = factory;
        var key = await ApiClient.AddApiKeyAsync(cs, "org-dept", ["read", "write"], TestCounty.A1);
        var ok = await factory.WithKey(key).GraphQLAsync("mutation { setCellLeader(cellId: 2, memberId: 1) { leader { id } version } }");
        Assert.False(ok.HasErrors, ok.ToString());
        var readKey = await ApiClient.AddApiKeyAsync(cs, "stats", ["read"], TestCounty.County);
        var refused = await factory.WithKey(readKey).GraphQLAsync("mutation { setCellLeader(cellId: 2, memberId: 1) { id } }");
        Assert.Equal("FORBIDDEN", refused.FirstCode);
    }
}
