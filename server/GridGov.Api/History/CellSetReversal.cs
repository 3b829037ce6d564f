using System.Text.Json;
using GridGov.Api.Cells;
using GridGov.Api.Infrastructure;
using GridGov.Api.Resources;
using GridGov.Domain.Access;
using GridGov.Domain.Areas;
using GridGov.Domain.Cells;
using GridGov.Domain.Linking;
using GridGov.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Api.History;

/// <summary>
/// Undo and redo of the edits that touch several cells at once (split: 1 → 2, merge: n → 1) and of leader changes.
/// A split's audit says <c>{kept, created}</c>, a merge's before is a list; their undo and redo are audited as two
/// lists of cell snapshots, so every such event reads as "these cells → those cells" and is reversed the same way.
/// </summary>
internal static class CellSetReversal
{
    /// <summary>Whether an event's sides hold several cells (a split, a merge, or an undo/redo of one).</summary>
    public static bool IsCellSet(JsonElement? before, JsonElement? after) => IsSet(before) || IsSet(after);

    private static bool IsSet(JsonElement? e) => e is { } x && (x.ValueKind == JsonValueKind.Array || x.TryGetProperty("kept", out _));

    /// <summary>A leader change: snapshots without a shape.</summary>
    public static bool IsLeaderOnly(JsonElement? before, JsonElement? after) =>
        before is { ValueKind: JsonValueKind.Object } b && !b.TryGetProperty("Geometry", out _)
        && after is { ValueKind: JsonValueKind.Object } a && !a.TryGetProperty("Geometry", out _);

    public static List<JsonElement> Cells(JsonElement? side) => side switch
    {
        null => [],
        { ValueKind: JsonValueKind.Array } list => [.. list.EnumerateArray()],
        { } s when s.TryGetProperty("kept", out var kept) => [kept, s.GetProperty("created")],
        { } one => [one],
    };

    /// <summary>The edit in words: a split names the cell split, a merge the cells merged.</summary>
    public static BilingualText Describe(JsonElement? before, JsonElement? after)
    {
        if (IsLeaderOnly(before, after))
        {
            var cell = after!.Value;
            return Messages.HistoryLeaderChanged(cell.TryGetProperty("Name", out var n) ? n.GetString() ?? "" : cell.GetProperty("Id").ToString());
        }
        var from = Cells(before);
        var to = Cells(after);
        return from.Count < to.Count
            ? Messages.HistoryCellSplit(Name(from.FirstOrDefault()))
            : Messages.HistoryCellsMerged(string.Join("、", from.Select(Name)));
    }

    private static string Name(JsonElement s) => s.ValueKind == JsonValueKind.Object ? s.GetProperty("Name").GetString() ?? "" : "";

    private static long Id(JsonElement s) => s.GetProperty("Id").GetInt64();

    private static long? Leader(JsonElement s) =>
        s.TryGetProperty("LeaderMemberId", out var l) && l.ValueKind == JsonValueKind.Number ? l.GetInt64() : null;

    /// <summary>Puts the cells back as <paramref name="restore"/> has them, if they are still as <paramref name="expect"/> has them.</summary>
    public static async Task ReverseAsync(GridGovDbContext db, Caller caller, AuditEvent e, List<JsonElement> expect, List<JsonElement> restore,
        string action, BilingualText what, CancellationToken ct)
    {
        CellMutations.RequireWrite(caller, e.AreaCode);
        await db.LockVillageAsync(e.AreaCode, ct);
        var village = await db.Areas.AsNoTracking().FirstAsync(a => a.Code == e.AreaCode, ct);
        var conflict = new GridGovError(ErrorCodes.Conflict, Messages.HistoryChangedSince(what));

        // Changed since: a cell the edit left is gone or differs (name, shape, leader), or a cell it removed is back.
        var current = new Dictionary<long, GridCell>();
        foreach (var s in expect)
        {
            var cell = await db.GridCells.FirstOrDefaultAsync(c => c.Id == Id(s), ct);
            if (cell is null || cell.Name != Name(s) || cell.LeaderMemberId != Leader(s) || !EditReversal.SameShape(cell.Geometry, EditReversal.Shape(s)))
                throw conflict;
            current[cell.Id] = cell;
        }
        var comeBack = restore.Where(s => !current.ContainsKey(Id(s))).ToList();
        foreach (var s in comeBack)
            if (await db.GridCells.AnyAsync(c => c.Id == Id(s), ct)) throw conflict;
        var was = current.Values.Select(CellMutations.Snapshot).ToList();

        // First the cells the edit made go, then the kept ones take their old shape (shrinking first), then the
        // removed ones come back under their ids: no step overlaps a cell still there.
        var keep = restore.Select(Id).ToHashSet();
        db.GridCells.RemoveRange(current.Values.Where(c => !keep.Contains(c.Id)));
        await db.SaveChangesAsync(ct);
        var restored = new List<GridCell>();
        foreach (var s in restore.Where(s => current.ContainsKey(Id(s))).OrderBy(s => EditReversal.Shape(s).Area - current[Id(s)].Geometry.Area))
        {
            var cell = current[Id(s)];
            if (Name(s) != cell.Name) await CellMutations.RequireFreeName(db, cell.VillageCode, Name(s), [cell.Id], ct);
            cell.Name = Name(s);
            cell.Geometry = CellMutations.Prepare(EditReversal.Shape(s), village, await CellMutations.Siblings(db, cell.VillageCode, cell.Id, ct)).Polygon!;
            cell.LeaderMemberId = await AbleLeaderAsync(db, e.AreaCode, Leader(s), ct);
            CellMutations.Touch(cell);
            await db.SaveChangesAsync(ct);
            restored.Add(cell);
        }
        var branch = await db.PartyBranches.AsNoTracking().FirstAsync(b => b.VillageCode == e.AreaCode, ct);
        foreach (var s in comeBack)
        {
            await CellMutations.RequireFreeName(db, e.AreaCode, Name(s), [], ct);
            var prepared = CellMutations.Prepare(EditReversal.Shape(s), village, await CellMutations.Siblings(db, e.AreaCode, null, ct));
            var now = DateTimeOffset.UtcNow;
            var cell = new GridCell
            {
                Id = Id(s), VillageCode = e.AreaCode, BranchId = branch.Id, Name = Name(s), Geometry = prepared.Polygon!,
                LeaderMemberId = await AbleLeaderAsync(db, e.AreaCode, Leader(s), ct),
                Version = 1, CreatedAt = now, UpdatedAt = now, Source = DataSource.Entered,
            };
            db.GridCells.Add(cell);
            await db.SaveChangesAsync(ct);
            restored.Add(cell);
        }
        await CellMutations.ReattachHouseholds(db, e.AreaCode, ct);
        Audit.Record(db, caller, action, "GridCell", e.EntityId, e.AreaCode, was, restored.OrderBy(c => c.Id).Select(CellMutations.Snapshot).ToList());
    }

    /// <summary>A cell's old leader, if still in the branch and able to lead; otherwise the cell comes back without one.</summary>
    private static async Task<long?> AbleLeaderAsync(GridGovDbContext db, string villageCode, long? memberId, CancellationToken ct)
    {
        if (memberId is not { } mid) return null;
        var member = await db.PartyMembers.AsNoTracking().FirstOrDefaultAsync(m => m.Id == mid, ct);
        return member is null || member.VillageCode != villageCode || MemberCapacity.IsGone(member.Status) || !GridCell.CanLead(member.Status) ? null : mid;
    }

    /// <summary>A leader change backwards: refused if the cell's leader changed since, or the old leader can no longer lead.</summary>
    public static async Task ReverseLeaderAsync(GridGovDbContext db, Caller caller, AuditEvent e, JsonElement before, JsonElement after,
        string action, BilingualText what, CancellationToken ct)
    {
        CellMutations.RequireWrite(caller, e.AreaCode);
        var cell = await db.GridCells.FirstOrDefaultAsync(c => c.Id == Id(after), ct);
        if (cell is null || cell.LeaderMemberId != Leader(after)) throw new GridGovError(ErrorCodes.Conflict, Messages.HistoryChangedSince(what));
        var leader = Leader(before);
        if (leader is not null && await AbleLeaderAsync(db, e.AreaCode, leader, ct) is null) throw GridGovError.Invalid(Messages.CellLeaderGone);
        var was = new { cell.Id, cell.Name, cell.LeaderMemberId, cell.Version };
        cell.LeaderMemberId = leader;
        CellMutations.Touch(cell);
        Audit.Record(db, caller, action, "GridCell", cell.Id, cell.VillageCode, was, new { cell.Id, cell.Name, cell.LeaderMemberId, cell.Version });
    }
}
