using GridGov.Domain.Access;
using GridGov.Testing;
using Npgsql;

namespace GridGov.Api.Tests;

/// <summary>Undo and redo kept on the server: a secretary's own cell edits and relinks, refused when someone changed the object since.</summary>
public class EditHistoryTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    private const string History = "canUndo canRedo undo redo";
    private const string Undo = "mutation { undoEdit(villageCode: \"520625101001\") { " + History + " } }";
    private const string Redo = "mutation { redoEdit(villageCode: \"520625101001\") { " + History + " } }";
    // Clockwise on purpose: the audit's GeoJSON may store the ring the other way round, which must not read as "changed since".
    private const string SouthEast = "{type: \"Polygon\", coordinates: [[[108.35, 28.00], [108.35, 28.05], [108.40, 28.05], [108.40, 28.00], [108.35, 28.00]]]}";

    private static async Task<object?> Scalar(string cs, string sql)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return await cmd.ExecuteScalarAsync();
    }

    [Fact]
    public async Task Draw_rename_undo_twice_redo_twice_replays_the_cell_under_its_id_across_logins()
    {
        var cs = await TestCounty.CreateAsync(pg);
        using var factory = new ApiFactory(cs);
        var sec = await factory.LoginAsync("sec-a1");
        var made = await sec.GraphQLAsync("mutation { createGridCell(input: {villageCode: \"520625101001\", name: \"三组网格\", geometry: " + SouthEast + "}) { cell { id version } } }");
        var id = made.Data.GetProperty("createGridCell").GetProperty("cell").GetProperty("id").GetString();
        Assert.False((await sec.GraphQLAsync($"mutation {{ updateGridCell(input: {{id: {id}, version: 1, name: \"东片网格\"}}) {{ cell {{ id }} }} }}")).HasErrors);

        // A new session (a reload) sees the same history.
        sec = await factory.LoginAsync("sec-a1");
        var h = (await sec.GraphQLAsync("{ editHistory(villageCode: \"520625101001\") { " + History + " } }")).Data.GetProperty("editHistory");
        Assert.True(h.GetProperty("canUndo").GetBoolean());
        Assert.False(h.GetProperty("canRedo").GetBoolean());
        Assert.Equal("修改网格「东片网格」", h.GetProperty("undo").GetString());

        var u1 = await sec.GraphQLAsync(Undo);
        Assert.False(u1.HasErrors, u1.ToString());
        Assert.Equal("三组网格", await Scalar(cs, $"SELECT name FROM grid_cells WHERE id = {id}"));
        Assert.Equal("新建网格「三组网格」", u1.Data.GetProperty("undoEdit").GetProperty("undo").GetString());
        var u2 = await sec.GraphQLAsync(Undo);
        Assert.False(u2.HasErrors, u2.ToString());
        Assert.Equal(0L, await Scalar(cs, $"SELECT count(*) FROM grid_cells WHERE id = {id}"));
        Assert.Equal(0L, await Scalar(cs, "SELECT count(*) FROM households WHERE id = 4 AND cell_id IS NOT NULL"));
        Assert.False(u2.Data.GetProperty("undoEdit").GetProperty("canUndo").GetBoolean());
        Assert.Equal("VALIDATION", (await sec.GraphQLAsync(Undo)).FirstCode);

        Assert.False((await sec.GraphQLAsync(Redo)).HasErrors);
        Assert.Equal("三组网格", await Scalar(cs, $"SELECT name FROM grid_cells WHERE id = {id}"));
        Assert.Equal(long.Parse(id!), Convert.ToInt64(await Scalar(cs, "SELECT cell_id FROM households WHERE id = 4")));
        var r2 = await sec.GraphQLAsync(Redo);
        Assert.False(r2.HasErrors, r2.ToString());
        Assert.Equal("东片网格", await Scalar(cs, $"SELECT name FROM grid_cells WHERE id = {id}"));
        Assert.False(r2.Data.GetProperty("redoEdit").GetProperty("canRedo").GetBoolean());
        Assert.Equal(4L, await Scalar(cs, "SELECT count(*) FROM audit_events WHERE action IN ('undoEdit', 'redoEdit') AND actor = 'sec-a1'"));
    }

    [Fact]
    public async Task Undo_of_a_relink_restores_the_member_with_the_basis_from_the_ties_and_redo_relinks_again()
    {
        var cs = await TestCounty.CreateAsync(pg);
        using var factory = new ApiFactory(cs);
        var sec = await factory.LoginAsync("sec-a1");
        Assert.False((await sec.GraphQLAsync("mutation { linkHousehold(householdId: 1, memberId: 2) { id } }")).HasErrors);
        Assert.Equal(2L, await Scalar(cs, "SELECT member_id FROM links WHERE household_id = 1 AND valid_to IS NULL"));

        var u = await sec.GraphQLAsync(Undo);
        Assert.False(u.HasErrors, u.ToString());
        Assert.Equal(1L, await Scalar(cs, "SELECT member_id FROM links WHERE household_id = 1 AND valid_to IS NULL"));
        Assert.Equal("blood", await Scalar(cs, "SELECT basis FROM links WHERE household_id = 1 AND valid_to IS NULL"));

        Assert.False((await sec.GraphQLAsync(Redo)).HasErrors);
        Assert.Equal(2L, await Scalar(cs, "SELECT member_id FROM links WHERE household_id = 1 AND valid_to IS NULL"));
        Assert.Equal(1L, await Scalar(cs, "SELECT count(*) FROM links WHERE household_id = 1 AND valid_to IS NULL"));

        // Two relinks in a row are undone in a row (each undo makes a new link period, to the member before).
        var third = await sec.GraphQLAsync("mutation { linkHousehold(householdId: 1, memberId: 1) { id } }");
        Assert.False(third.HasErrors, third.ToString());
        Assert.False((await sec.GraphQLAsync(Undo)).HasErrors);
        Assert.Equal(2L, await Scalar(cs, "SELECT member_id FROM links WHERE household_id = 1 AND valid_to IS NULL"));
        var second = await sec.GraphQLAsync(Undo);
        Assert.False(second.HasErrors, second.ToString());
        Assert.Equal(1L, await Scalar(cs, "SELECT member_id FROM links WHERE household_id = 1 AND valid_to IS NULL"));
    }

    [Fact]
    public async Task Undo_is_refused_when_someone_else_changed_the_cell_since_and_each_secretary_has_an_own_history()
    {
        var cs = await TestCounty.CreateAsync(pg);
        await ApiClient.AddUserAsync(cs, "sec-a1-deputy", Role.BranchSecretary, TestCounty.A1);
        using var factory = new ApiFactory(cs);
        var sec = await factory.LoginAsync("sec-a1");
        var deputy = await factory.LoginAsync("sec-a1-deputy");
        Assert.False((await sec.GraphQLAsync("mutation { updateGridCell(input: {id: 1, version: 1, name: \"一组改名\"}) { cell { id } } }")).HasErrors);
        Assert.False((await deputy.GraphQLAsync("mutation { updateGridCell(input: {id: 1, version: 2, name: \"副书记改的\"}) { cell { id } } }")).HasErrors);

        var refused = await sec.GraphQLAsync(Undo);
        Assert.Equal("CONFLICT", refused.FirstCode);
        Assert.Contains("一组改名", refused.Body.GetProperty("errors")[0].GetProperty("message").GetString());
        Assert.Contains("已被修改", refused.Body.GetProperty("errors")[0].GetProperty("message").GetString());
        Assert.Equal("副书记改的", await Scalar(cs, "SELECT name FROM grid_cells WHERE id = 1"));

        // The deputy undoes only the deputy's own edit.
        var own = await deputy.GraphQLAsync(Undo);
        Assert.False(own.HasErrors, own.ToString());
        Assert.Equal("一组改名", await Scalar(cs, "SELECT name FROM grid_cells WHERE id = 1"));
        Assert.False(own.Data.GetProperty("undoEdit").GetProperty("canUndo").GetBoolean());

        var member = await factory.LoginAsync("member-2");
        Assert.Equal("FORBIDDEN", (await member.GraphQLAsync(Undo)).FirstCode);
    }
}
