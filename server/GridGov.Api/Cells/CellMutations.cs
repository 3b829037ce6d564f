using GraphQL;
using GraphQL.Types;
using GridGov.Api.Infrastructure;
using GridGov.Api.Resources;
using GridGov.Domain.Cells;
using GridGov.Domain.Linking;
using GridGov.Domain.Members;
using GridGov.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Api.Cells;

public sealed partial class CellMutations : IMutationFields
{
    public void Add(ObjectGraphType m)
    {
        m.Field<NonNullGraphType<GridCellType>>("setCellLeader")
            .Description("Puts a member of the village's branch in charge of a cell (网格长); memberId null removes the leader.")
            .Argument<NonNullGraphType<IdGraphType>>("cellId")
            .Argument<IdGraphType>("memberId")
            .Argument<IntGraphType>("version", "If given, the cell's row version; a stale one is a CONFLICT.")
            .ResolveAsync(async ctx => await ctx.InTransactionAsync(async (db, caller) =>
            {
                var ct = ctx.CancellationToken;
                var cell = await LoadWritableCell(db, caller, ctx.GetArgument<long>("cellId"), ctx.GetArgument<int?>("version"), ct);
                var memberId = ctx.GetArgument<long?>("memberId");
                if (memberId is { } mid)
                {
                    var member = await db.PartyMembers.AsNoTracking().FirstOrDefaultAsync(x => x.Id == mid, ct)
                        ?? throw GridGovError.NotFound("member", mid.ToString());
                    if (member.VillageCode != cell.VillageCode)
                        throw GridGovError.Invalid(Messages.CellLeaderOtherVillage);
                    if (MemberCapacity.IsGone(member.Status))
                        throw GridGovError.Invalid(Messages.CellLeaderGone);
                    if (!GridCell.CanLead(member.Status))
                        throw GridGovError.Invalid(Messages.CellLeaderMigrant);
                }
                // The name goes along so undo can say which cell (History/CellSetReversal).
                var before = new { cell.Id, cell.Name, cell.LeaderMemberId, cell.Version };
                cell.LeaderMemberId = memberId;
                Touch(cell);
                Audit.Record(db, caller, "setCellLeader", "GridCell", cell.Id, cell.VillageCode, before,
                    new { cell.Id, cell.Name, cell.LeaderMemberId, cell.Version });
                return cell;
            }));
        AddGeometryMutations(m);
    }

    partial void AddGeometryMutations(ObjectGraphType m);

    internal static async Task<GridCell> LoadWritableCell(GridGovDbContext db, Caller caller, long id, int? version, CancellationToken ct)
    {
        var cell = await db.GridCells.FirstOrDefaultAsync(c => c.Id == id, ct)
            ?? throw GridGovError.NotFound("cell", id.ToString());
        if (!caller.CanWrite(cell.VillageCode))
            throw GridGovError.Forbidden(Messages.CellsNotWritable(cell.VillageCode));
        if (version is { } v && v != cell.Version) throw Writes.Conflict();
        return cell;
    }

    /// <summary>Every write bumps the version; EF checks the old one in the UPDATE (concurrency token).</summary>
    internal static void Touch(GridCell cell)
    {
        cell.Version++;
        cell.UpdatedAt = DateTimeOffset.UtcNow;
    }
}
