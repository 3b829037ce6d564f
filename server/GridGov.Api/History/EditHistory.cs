using GridGov.Domain.Access;
using GridGov.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Api.History;

/// <summary>
/// A secretary's undo and redo stacks in one village, rebuilt from the audit log, so a reload (or another device)
/// keeps them. Each audited edit is a transition (before → after snapshot); undo and redo are audited transitions
/// too, so undoing an edit, or redoing an undo, is always "apply this event's transition backwards".
/// </summary>
public static class EditHistory
{
    public const string UndoAction = "undoEdit";
    public const string RedoAction = "redoEdit";

    /// <summary>The edits that can be taken back: cells drawn, filled, reshaped or renamed, deleted, split, merged, their leader changed; a household relinked.</summary>
    public static readonly string[] EditActions = ["createGridCell", "fillGridGap", "updateGridCell", "deleteGridCell", "splitGridCell", "mergeGridCells", "setCellLeader", "linkHousehold"];

    /// <summary>How far back the stacks look.</summary>
    private const int Depth = 200;

    public sealed record Stacks(AuditEvent? Undo, AuditEvent? Redo);

    public static async Task<Stacks> LoadAsync(GridGovDbContext db, string actor, string villageCode, CancellationToken ct)
    {
        string[] kinds = [.. EditActions, UndoAction, RedoAction];
        var events = await db.AuditEvents.AsNoTracking()
            .Where(a => a.Actor == actor && a.AreaCode == villageCode && kinds.Contains(a.Action))
            .OrderByDescending(a => a.Id).Take(Depth).ToListAsync(ct);
        events.Reverse();
        var undo = new Stack<AuditEvent>();
        var redo = new Stack<AuditEvent>();
        foreach (var e in events)
        {
            switch (e.Action)
            {
                case UndoAction:
                    undo.TryPop(out _);
                    redo.Push(e); // redoing = applying the undo backwards
                    break;
                case RedoAction:
                    redo.TryPop(out _);
                    undo.Push(e);
                    break;
                default:
                    undo.Push(e);
                    redo.Clear(); // a new edit ends the redo chain
                    break;
            }
        }
        return new Stacks(undo.TryPeek(out var u) ? u : null, redo.TryPeek(out var r) ? r : null);
    }
}
