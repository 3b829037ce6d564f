using GraphQL;
using GraphQL.Types;
using GridGov.Api.Areas;
using GridGov.Api.Infrastructure;
using GridGov.Api.Resources;

namespace GridGov.Api.History;

/// <summary>What the caller can undo and redo in a village, with the edits in words.</summary>
public sealed record EditHistoryState(string? Undo, string? UndoEn, string? Redo, string? RedoEn);

public sealed class EditHistoryType : ObjectGraphType<EditHistoryState>
{
    public EditHistoryType()
    {
        Name = "EditHistory";
        Description = "Your own undo and redo in one village, kept on the server (from the audit log): they survive a reload.";
        Field<NonNullGraphType<BooleanGraphType>>("canUndo").Resolve(c => c.Source.Undo is not null);
        Field<NonNullGraphType<BooleanGraphType>>("canRedo").Resolve(c => c.Source.Redo is not null);
        Field<StringGraphType>("undo").Description("The edit undo would take back, in Chinese.").Resolve(c => c.Source.Undo);
        Field<StringGraphType>("undoEn").Resolve(c => c.Source.UndoEn);
        Field<StringGraphType>("redo").Description("The edit redo would apply again, in Chinese.").Resolve(c => c.Source.Redo);
        Field<StringGraphType>("redoEn").Resolve(c => c.Source.RedoEn);
    }
}

public sealed class EditHistoryQueries : IQueryFields
{
    public void Add(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<EditHistoryType>>("editHistory")
            .Description("Your undo/redo in a village: the last cell drawn, filled, reshaped, renamed, deleted, split or merged, cell leader changed, or household relinked.")
            .Argument<NonNullGraphType<StringGraphType>>("villageCode")
            .ResolveAsync(async ctx =>
            {
                await using var db = await ctx.DbAsync();
                var caller = ctx.Caller();
                var code = ctx.GetArgument<string>("villageCode");
                await AreaQueries.RequireVillageAsync(db, caller, code, ctx.CancellationToken);
                return EditHistoryMutations.State(await EditHistory.LoadAsync(db, caller.Actor, code, ctx.CancellationToken));
            });
    }
}

public sealed class EditHistoryMutations : IMutationFields
{
    public void Add(ObjectGraphType m)
    {
        m.Field<NonNullGraphType<EditHistoryType>>("undoEdit")
            .Description("Takes back your last edit in the village (see editHistory); refused (CONFLICT) if the object changed since.")
            .Argument<NonNullGraphType<StringGraphType>>("villageCode")
            .ResolveAsync(ctx => Step(ctx, redo: false));
        m.Field<NonNullGraphType<EditHistoryType>>("redoEdit")
            .Description("Applies your last undone edit again; refused (CONFLICT) if the object changed since.")
            .Argument<NonNullGraphType<StringGraphType>>("villageCode")
            .ResolveAsync(ctx => Step(ctx, redo: true));
    }

    private static async Task<object?> Step(IResolveFieldContext ctx, bool redo) => await ctx.InTransactionAsync(async (db, caller) =>
    {
        var ct = ctx.CancellationToken;
        var code = ctx.GetArgument<string>("villageCode");
        await AreaQueries.RequireVillageAsync(db, caller, code, ct);
        if (!caller.CanWrite(code)) throw GridGovError.Forbidden(Messages.CellsNotWritable(code));
        await db.LockVillageAsync(code, ct);
        var stacks = await EditHistory.LoadAsync(db, caller.Actor, code, ct);
        var target = (redo ? stacks.Redo : stacks.Undo)
            ?? throw GridGovError.Invalid(redo ? Messages.HistoryNothingToRedo : Messages.HistoryNothingToUndo);
        await EditReversal.ReverseAsync(db, caller, target, redo ? EditHistory.RedoAction : EditHistory.UndoAction, ct);
        await db.SaveChangesAsync(ct);
        return State(await EditHistory.LoadAsync(db, caller.Actor, code, ct));
    });

    internal static EditHistoryState State(EditHistory.Stacks s)
    {
        var undo = s.Undo is null ? (BilingualText?)null : EditReversal.Describe(s.Undo);
        var redo = s.Redo is null ? (BilingualText?)null : EditReversal.Describe(s.Redo, backwards: s.Redo.Action == EditHistory.UndoAction);
        return new EditHistoryState(undo?.Zh, undo?.En, redo?.Zh, redo?.En);
    }
}
