using System.Text.Json;
using GridGov.Api.Cells;
using GridGov.Api.Infrastructure;
using GridGov.Api.Links;
using GridGov.Api.Resources;
using GridGov.Domain.Access;
using GridGov.Domain.Cells;
using GridGov.Domain.Geo;
using GridGov.Domain.Linking;
using GridGov.Domain.Links;
using GridGov.Domain.Members;
using GridGov.Persistence;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace GridGov.Api.History;

/// <summary>
/// Applies an audited transition backwards (after → before), under the same rules as the edit itself, and audits that
/// as <paramref name="action"/>. Refused when the object is no longer as the event left it (someone changed it since).
/// </summary>
public static class EditReversal
{
    public static Task ReverseAsync(GridGovDbContext db, Caller caller, AuditEvent e, string action, CancellationToken ct) =>
        e.EntityType switch
        {
            "GridCell" => ReverseCellsAsync(db, caller, e, action, ct),
            "Household" => ReverseLinkAsync(db, caller, e, action, ct),
            _ => throw GridGovError.Invalid(Messages.HistoryNothingToUndo),
        };

    /// <summary>
    /// What the event did, in words, for the buttons' titles and the refusals; <paramref name="backwards"/>: what applying
    /// it backwards does (an undo event on the redo stack is described as the edit redo brings back).
    /// </summary>
    public static BilingualText Describe(AuditEvent e, bool backwards = false)
    {
        if (e.EntityType == "Household") return Messages.HistoryRelink(e.EntityId);
        var (before, after) = backwards ? (Read(e.AfterJson), Read(e.BeforeJson)) : (Read(e.BeforeJson), Read(e.AfterJson));
        if (CellSetReversal.IsCellSet(before, after) || CellSetReversal.IsLeaderOnly(before, after)) return CellSetReversal.Describe(before, after);
        var name = (after ?? before)?.GetProperty("Name").GetString() ?? "";
        return before is null ? Messages.HistoryCellCreated(name) : after is null ? Messages.HistoryCellDeleted(name) : Messages.HistoryCellChanged(name);
    }

    /// <summary>Splits, merges and leader changes go their own way (CellSetReversal); single cells below.</summary>
    private static Task ReverseCellsAsync(GridGovDbContext db, Caller caller, AuditEvent e, string action, CancellationToken ct)
    {
        var before = Read(e.BeforeJson);
        var after = Read(e.AfterJson);
        if (CellSetReversal.IsLeaderOnly(before, after))
            return CellSetReversal.ReverseLeaderAsync(db, caller, e, before!.Value, after!.Value, action, Describe(e), ct);
        if (CellSetReversal.IsCellSet(before, after))
            return CellSetReversal.ReverseAsync(db, caller, e, CellSetReversal.Cells(after), CellSetReversal.Cells(before), action, Describe(e), ct);
        return ReverseCellAsync(db, caller, e, action, ct);
    }

    private static JsonElement? Read(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement;

    private static async Task ReverseCellAsync(GridGovDbContext db, Caller caller, AuditEvent e, string action, CancellationToken ct)
    {
        var before = Read(e.BeforeJson);
        var after = Read(e.AfterJson);
        CellMutations.RequireWrite(caller, e.AreaCode);
        await db.LockVillageAsync(e.AreaCode, ct);
        var village = await db.Areas.AsNoTracking().FirstAsync(a => a.Code == e.AreaCode, ct);
        if (after is { } a)
        {
            var id = a.GetProperty("Id").GetInt64();
            var cell = await db.GridCells.FirstOrDefaultAsync(c => c.Id == id, ct);
            // "Changed since" is judged by name and shape, not the version: this secretary's own undo of a later
            // edit leaves the cell as the event left it, under a newer version.
            if (cell is null || cell.Name != a.GetProperty("Name").GetString() || !SameShape(cell.Geometry, Shape(a)))
                throw new GridGovError(ErrorCodes.Conflict, Messages.HistoryChangedSince(Describe(e)));
            if (before is null)
            {
                Audit.Record(db, caller, action, "GridCell", cell.Id, cell.VillageCode, CellMutations.Snapshot(cell), null);
                db.GridCells.Remove(cell);
                await db.SaveChangesAsync(ct);
                await CellMutations.ReattachHouseholds(db, cell.VillageCode, ct);
                return;
            }
            var b = before.Value;
            var name = b.GetProperty("Name").GetString()!;
            if (name != cell.Name) await CellMutations.RequireFreeName(db, cell.VillageCode, name, [cell.Id], ct);
            var prepared = CellMutations.Prepare(Shape(b), village, await CellMutations.Siblings(db, cell.VillageCode, cell.Id, ct));
            var snapshot = CellMutations.Snapshot(cell);
            cell.Name = name;
            cell.Geometry = prepared.Polygon!;
            CellMutations.Touch(cell);
            await db.SaveChangesAsync(ct);
            await CellMutations.ReattachHouseholds(db, cell.VillageCode, ct);
            Audit.Record(db, caller, action, "GridCell", cell.Id, cell.VillageCode, snapshot, CellMutations.Snapshot(cell));
            return;
        }
        // The event deleted the cell: draw it again under its id, its leader back if still in the branch and able to lead.
        var gone = before!.Value;
        long? leader = gone.TryGetProperty("LeaderMemberId", out var l) && l.ValueKind == JsonValueKind.Number ? l.GetInt64() : null;
        if (leader is { } mid)
        {
            var member = await db.PartyMembers.AsNoTracking().FirstOrDefaultAsync(m => m.Id == mid, ct);
            if (member is null || member.VillageCode != e.AreaCode || MemberCapacity.IsGone(member.Status) || !GridCell.CanLead(member.Status)) leader = null;
        }
        var goneId = gone.GetProperty("Id").GetInt64();
        if (await db.GridCells.AnyAsync(c => c.Id == goneId, ct)) throw new GridGovError(ErrorCodes.Conflict, Messages.HistoryChangedSince(Describe(e)));
        await CellMutations.CreateAsync(db, caller, village, gone.GetProperty("Name").GetString()!, Shape(gone), action, ct, leader, goneId);
    }

    /// <summary>Equal up to ring orientation and start vertex (GeoJSON output may reorient rings, RFC 7946).</summary>
    internal static bool SameShape(Geometry a, Geometry b) => a.Normalized().EqualsExact(b.Normalized(), 1e-9);

    internal static Geometry Shape(JsonElement snapshot) =>
        JsonSerializer.Deserialize<Geometry>(snapshot.GetProperty("Geometry").GetRawText(), GeoJson.Options)!;

    private static async Task ReverseLinkAsync(GridGovDbContext db, Caller caller, AuditEvent e, string action, CancellationToken ct)
    {
        var before = Read(e.BeforeJson);
        var after = Read(e.AfterJson);
        var h = await LinkMutations.LoadWritableHousehold(db, caller, long.Parse(e.EntityId), ct);
        await db.LockVillageAsync(h.VillageCode, ct);
        var current = await db.Links.FirstOrDefaultAsync(x => x.HouseholdId == h.Id && x.ValidTo == null, ct);
        // The same member as the event left it (an undo of a later relink makes a new link to them).
        if (current?.MemberId != after?.GetProperty("MemberId").GetInt64())
            throw new GridGovError(ErrorCodes.Conflict, Messages.HistoryChangedSince(Describe(e)));
        var now = DateTimeOffset.UtcNow;
        var ended = current is null ? null : LinkMutations.Snapshot(current);
        if (current is not null)
        {
            current.End(now, caller.Actor, "撤销/重做 undo/redo");
            await db.SaveChangesAsync(ct); // the partial unique index checks per statement
        }
        Link? restored = null;
        if (before is { } b)
        {
            var memberId = b.GetProperty("MemberId").GetInt64();
            var member = await db.PartyMembers.FirstOrDefaultAsync(m => m.Id == memberId, ct);
            if (member is null || member.VillageCode != h.VillageCode || member.Status is MemberStatus.Deceased or MemberStatus.Left)
                throw GridGovError.Invalid(Messages.LinkMemberGone);
            var ties = await db.Ties.AsNoTracking().Where(t => t.MemberId == memberId && t.HouseholdId == h.Id).ToListAsync(ct);
            var distance = Math.Round(CoordinateConverter.DistanceMeters(member.Home, h.Location), 1);
            var locked = b.TryGetProperty("Locked", out var lk) && lk.ValueKind == JsonValueKind.True;
            restored = Link.Start(memberId, h.Id, member.Status, ties, distance, locked, now, caller.Actor);
            db.Links.Add(restored);
            await db.SaveChangesAsync(ct);
        }
        Audit.Record(db, caller, action, "Household", h.Id, h.VillageCode, ended, restored is null ? null : LinkMutations.Snapshot(restored));
    }
}
