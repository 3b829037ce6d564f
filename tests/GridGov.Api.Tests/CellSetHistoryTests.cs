using GridGov.Domain.Access;
using GridGov.Testing;
using Npgsql;

namespace GridGov.Api.Tests;

/// <summary>
/// Splits, merges and leader changes are undone and redone on the server (editHistory/undoEdit/redoEdit) like the other
/// cell edits: the cells come back under their ids with their shapes, names, leaders and households; refused (CONFLICT,
/// nothing changed) when someone changed the cells since.
/// </summary>
public class CellSetHistoryTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    private const string Village = "520625101001";
    private const string History = "canUndo canRedo undo redo";
    private const string Undo = "mutation { undoEdit(villageCode: \"" + Village + "\") { " + History + " } }";
    private const string Redo = "mutation { redoEdit(villageCode: \"" + Village + "\") { " + History + " } }";
    private const string Cell1 = "POLYGON((108.30 28.00, 108.35 28.00, 108.35 28.10, 108.30 28.10, 108.30 28.00))";
    private const string Cell2 = "POLYGON((108.35 28.05, 108.40 28.05, 108.40 28.10, 108.35 28.10, 108.35 28.05))";

    private static async Task<object?> Scalar(string cs, string sql)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return await cmd.ExecuteScalarAsync();
    }

    /// <summary>
    /// The cell's shape is this WKT up to vertex order and the cell rules' centimetre rounding (they work in EPSG:4545):
    /// no point of either is more than 10 cm from the other.
    /// </summary>
    private static async Task<bool> ShapeIs(string cs, long id, string wkt) => (bool)(await Scalar(cs, $"""
        SELECT ST_HausdorffDistance(ST_Transform(geometry, 4545), ST_Transform(ST_GeomFromText('{wkt}', 4326), 4545)) < 0.1 FROM grid_cells WHERE id = {id}
        """))!;

    private static Task<object?> CellState(string cs) => Scalar(cs, $"""
        SELECT string_agg(id || ':' || name || ':' || coalesce(leader_member_id::text, '-'), ' ' ORDER BY id) FROM grid_cells WHERE village_code = '{Village}'
        """);

    private static Task<object?> HouseholdCells(string cs) => Scalar(cs, $"""
        SELECT string_agg(id || ':' || coalesce(cell_id::text, '-'), ' ' ORDER BY id) FROM households WHERE village_code = '{Village}'
        """);

    [Fact]
    public async Task A_split_is_undone_and_redone_with_the_new_cell_under_the_same_id_and_the_households_following()
    {
        var cs = await TestCounty.CreateAsync(pg);
        using var factory = new ApiFactory(cs);
        var sec = await factory.LoginAsync("sec-a1");
        var cellsBefore = await CellState(cs);
        var householdsBefore = await HouseholdCells(cs);
        // The line cuts cell 1 below its middle: the upper part keeps the cell, the lower (households 1 and 2) is new.
        var split = await sec.GraphQLAsync("mutation { splitGridCell(id: 1, version: 1, line: {type: \"LineString\", coordinates: [[108.29, 28.04], [108.36, 28.04]]}) { id name } }");
        Assert.False(split.HasErrors, split.ToString());
        var created = long.Parse(split.Data.GetProperty("splitGridCell")[1].GetProperty("id").GetString()!);
        Assert.Equal($"1:{created} 2:{created} 3:2 4:-", await HouseholdCells(cs));

        var h = (await sec.GraphQLAsync("{ editHistory(villageCode: \"" + Village + "\") { " + History + " } }")).Data.GetProperty("editHistory");
        Assert.Equal("拆分网格「一组网格」", h.GetProperty("undo").GetString());

        var undo = await sec.GraphQLAsync(Undo);
        Assert.False(undo.HasErrors, undo.ToString());
        Assert.Equal(cellsBefore, await CellState(cs));
        Assert.True(await ShapeIs(cs, 1, Cell1), "cell 1 did not get its shape back");
        Assert.Equal(householdsBefore, await HouseholdCells(cs));
        Assert.Equal("拆分网格「一组网格」", undo.Data.GetProperty("undoEdit").GetProperty("redo").GetString());

        var redo = await sec.GraphQLAsync(Redo);
        Assert.False(redo.HasErrors, redo.ToString());
        Assert.Equal($"1:一组网格:1 2:二组网格:2 {created}:一组网格二:-", await CellState(cs));
        Assert.True(await ShapeIs(cs, 1, "POLYGON((108.30 28.04, 108.35 28.04, 108.35 28.10, 108.30 28.10, 108.30 28.04))"), "the redone split's kept part differs");
        Assert.True(await ShapeIs(cs, created, "POLYGON((108.30 28.00, 108.35 28.00, 108.35 28.04, 108.30 28.04, 108.30 28.00))"), "the redone split's new part differs");
        Assert.Equal($"1:{created} 2:{created} 3:2 4:-", await HouseholdCells(cs));
        Assert.Equal("拆分网格「一组网格」", redo.Data.GetProperty("redoEdit").GetProperty("undo").GetString());
    }

    [Fact]
    public async Task A_merge_is_undone_with_both_cells_their_shapes_and_leaders_and_refused_once_someone_renamed_the_merged_cell()
    {
        var cs = await TestCounty.CreateAsync(pg);
        await ApiClient.AddUserAsync(cs, "sec-a1-deputy", Role.BranchSecretary, TestCounty.A1);
        using var factory = new ApiFactory(cs);
        var sec = await factory.LoginAsync("sec-a1");
        var cellsBefore = await CellState(cs);
        var householdsBefore = await HouseholdCells(cs);

        var merge = await sec.GraphQLAsync("mutation { mergeGridCells(ids: [2, 1], versions: [1, 1]) { id version } }");
        Assert.False(merge.HasErrors, merge.ToString());
        Assert.Equal("2:二组网格:2", await CellState(cs));
        Assert.Equal("合并网格「二组网格、一组网格」",
            (await sec.GraphQLAsync("{ editHistory(villageCode: \"" + Village + "\") { undo } }")).Data.GetProperty("editHistory").GetProperty("undo").GetString());

        var undo = await sec.GraphQLAsync(Undo);
        Assert.False(undo.HasErrors, undo.ToString());
        Assert.Equal(cellsBefore, await CellState(cs));
        Assert.True(await ShapeIs(cs, 1, Cell1) && await ShapeIs(cs, 2, Cell2), "the cells did not get their shapes back");
        Assert.Equal(householdsBefore, await HouseholdCells(cs));

        // Merged again (redo), then the deputy renames the merged cell: undoing the merge would lose that.
        Assert.False((await sec.GraphQLAsync(Redo)).HasErrors);
        var version = (int)(await Scalar(cs, "SELECT version FROM grid_cells WHERE id = 2"))!;
        var deputy = await factory.LoginAsync("sec-a1-deputy");
        Assert.False((await deputy.GraphQLAsync($"mutation {{ updateGridCell(input: {{id: 2, version: {version}, name: \"合并后改名\"}}) {{ cell {{ id }} }} }}")).HasErrors);
        var refused = await sec.GraphQLAsync(Undo);
        Assert.Equal("CONFLICT", refused.FirstCode);
        Assert.Contains("已被修改", refused.Body.GetProperty("errors")[0].GetProperty("message").GetString());
        Assert.Equal("2:合并后改名:2", await CellState(cs));
        Assert.Equal(1L, await Scalar(cs, $"SELECT count(*) FROM grid_cells WHERE village_code = '{Village}'"));
    }

    [Fact]
    public async Task A_leader_change_is_undone_and_redone_and_refused_when_the_leader_changed_since()
    {
        var cs = await TestCounty.CreateAsync(pg);
        await ApiClient.AddUserAsync(cs, "sec-a1-deputy", Role.BranchSecretary, TestCounty.A1);
        using var factory = new ApiFactory(cs);
        var sec = await factory.LoginAsync("sec-a1");
        Assert.False((await sec.GraphQLAsync("mutation { setCellLeader(cellId: 2, memberId: 1) { id } }")).HasErrors);
        var h = (await sec.GraphQLAsync("{ editHistory(villageCode: \"" + Village + "\") { " + History + " } }")).Data.GetProperty("editHistory");
        Assert.Equal("更换网格「二组网格」的网格长", h.GetProperty("undo").GetString());

        var undo = await sec.GraphQLAsync(Undo);
        Assert.False(undo.HasErrors, undo.ToString());
        Assert.Equal(2L, await Scalar(cs, "SELECT leader_member_id FROM grid_cells WHERE id = 2"));
        Assert.Equal("更换网格「二组网格」的网格长", undo.Data.GetProperty("undoEdit").GetProperty("redo").GetString());
        Assert.False((await sec.GraphQLAsync(Redo)).HasErrors);
        Assert.Equal(1L, await Scalar(cs, "SELECT leader_member_id FROM grid_cells WHERE id = 2"));

        // The deputy removes the leader: the secretary's undo would put member 2 back over the deputy's decision.
        var deputy = await factory.LoginAsync("sec-a1-deputy");
        Assert.False((await deputy.GraphQLAsync("mutation { setCellLeader(cellId: 2, memberId: null) { id } }")).HasErrors);
        var refused = await sec.GraphQLAsync(Undo);
        Assert.Equal("CONFLICT", refused.FirstCode);
        Assert.Equal(DBNull.Value, await Scalar(cs, "SELECT leader_member_id FROM grid_cells WHERE id = 2"));
    }
}
