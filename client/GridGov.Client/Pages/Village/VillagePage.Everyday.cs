using GridGov.Client.Queries;
using GridGov.Client.Services;

namespace GridGov.Client.Pages.Village;

/// <summary>
/// Everyday edits of the village workspace: rename a cell, relink a household by hand, and the confirmation that
/// states what a destructive action will do before it is done.
/// </summary>
public partial class VillagePage
{
    /// <summary>An action waiting for the secretary's 确定, with the impact stated.</summary>
    private sealed record Confirmation(string Text, Func<Task> Action);

    private Confirmation? _confirm;
    private string _rename = "";

    /// <summary>Households currently linked to each member, from the loaded households.</summary>
    private Dictionary<string, int> MemberLoads() => _households
        .Select(h => h.Obj("currentLink")?.Obj("member")?.Str("id"))
        .OfType<string>()
        .GroupBy(id => id)
        .ToDictionary(g => g.Key, g => g.Count());

    private async Task RenameSelected()
    {
        if (_selected.Count != 1 || CellById(_selected[0]) is not { } cell || string.IsNullOrWhiteSpace(_rename)) return;
        await EditAsync(() => Gql.QueryAsync(VillageEditQueries.UpdateCell,
            new { input = new { id = cell.Str("id"), version = cell.GetProperty("version").GetInt32(), name = _rename.Trim() } }));
    }

    private void DeleteSelected()
    {
        if (_selected.Count != 1 || CellById(_selected[0]) is not { } cell) return;
        var id = cell.Str("id");
        var households = _households.Count(h => h.Obj("cell")?.Str("id") == id);
        _confirm = new Confirmation(string.Format(L["ConfirmDeleteCell"], cell.Str("name"), households), async () =>
        {
            await EditAsync(() => Gql.QueryAsync(VillageEditQueries.DeleteCell,
                new { id, v = cell.GetProperty("version").GetInt32() }));
            _selected.Clear();
            RememberSelection();
        });
    }

    private async Task Confirm()
    {
        if (_confirm is not { } c) return;
        _confirm = null;
        await c.Action();
    }

    private void CancelConfirm() => _confirm = null;

    /// <summary>Links the open household to another member of the village; the basis comes from their ties (server rule).</summary>
    private async Task Relink(VillageHouseholdCard.Relink relink)
    {
        if (_household is not { } h) return;
        var ok = await EditAsync(() => Gql.QueryAsync(VillageEditQueries.Relink,
            new { h = h.Str("id"), m = relink.MemberId, o = relink.OverCapacity }));
        if (ok) await LoadHouseholdAsync(h.Str("id"), false);
    }
}
