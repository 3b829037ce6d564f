using GridGov.Client.Queries;
using System.Text.Json;
using GridGov.Client.Services;

namespace GridGov.Client.Pages.Village;

/// <summary>
/// Undo and redo kept on the server (editHistory, from the audit log), so a reload keeps them: cells drawn, filled,
/// reshaped, renamed, deleted, split or merged, leaders changed, households relinked.
/// </summary>
public partial class VillagePage
{
    /// <summary>The server's undo/redo state for this village and caller, or null before it is known.</summary>
    private JsonElement? _history;

    private bool CanUndo => _history?.GetProperty("canUndo").GetBoolean() == true;
    private bool CanRedo => _history?.GetProperty("canRedo").GetBoolean() == true;
    private string? UndoTitle => HistoryText("undo");
    private string? RedoTitle => HistoryText("redo");

    private string? HistoryText(string field) =>
        _history?.Str(English ? field + "En" : field) is { Length: > 0 } t ? string.Format(L[field == "undo" ? "UndoTitle" : "RedoTitle"], t) : null;

    private async Task LoadHistoryAsync()
    {
        if (!_canWrite) return;
        try
        {
            var data = await Gql.QueryAsync(VillageEditQueries.History, new { code = VillageCode });
            _history = data.GetProperty("editHistory");
        }
        catch (GraphQLException e) { _error = e.Localized(English); }
    }

    private async Task Undo()
    {
        await EditAsync(() => Gql.QueryAsync(VillageEditQueries.Undo, new { code = VillageCode }));
        await RefreshHouseholdAsync();
    }

    private async Task Redo()
    {
        await EditAsync(() => Gql.QueryAsync(VillageEditQueries.Redo, new { code = VillageCode }));
        await RefreshHouseholdAsync();
    }

    /// <summary>An open household card shows its link as it is after an undo or redo.</summary>
    private async Task RefreshHouseholdAsync()
    {
        if (_household?.Str("id") is { Length: > 0 } id) await LoadHouseholdAsync(id, false);
    }
}
