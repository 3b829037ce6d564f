using GraphQL;
using GridGov.Api.Resources;
using GridGov.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GridGov.Api.Infrastructure;

/// <summary>
/// Runs a mutation body in one transaction: the change and its audit event commit together or
/// not at all. Database conflicts become CONFLICT errors rather than 500s.
/// </summary>
public static class Writes
{
    public static async Task<T> InTransactionAsync<T>(this IResolveFieldContext ctx, Func<GridGovDbContext, Caller, Task<T>> body)
    {
        var caller = ctx.Caller();
        await using var db = await ctx.DbAsync();
        await using var tx = await db.Database.BeginTransactionAsync(ctx.CancellationToken);
        try
        {
            var result = await body(db, caller);
            await db.SaveChangesAsync(ctx.CancellationToken);
            await tx.CommitAsync(ctx.CancellationToken);
            return result;
        }
        catch (DbUpdateConcurrencyException)
        {
            throw Conflict();
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException pg)
        {
            throw FromPostgres(pg);
        }
        catch (PostgresException pg)
        {
            throw FromPostgres(pg);
        }
        // The connection broke between two statements (PostgreSQL stopped): Npgsql then refuses the next one with
        // "Transaction is already completed" — an outage, not a fault of ours (seen in PostgresRestartTests).
        catch (InvalidOperationException e) when (db.Database.GetDbConnection() is NpgsqlConnection c
                                                  && c.FullState is System.Data.ConnectionState.Broken or System.Data.ConnectionState.Closed)
        {
            throw new DatabaseOutage.ConnectionLostException(e);
        }
    }

    public static GridGovError Conflict() => new(ErrorCodes.Conflict, Messages.Conflict);

    private static GridGovError FromPostgres(PostgresException pg) => pg.SqlState switch
    {
        // unique, exclusion, serialization failure, deadlock: a concurrent change won.
        "23505" or "23P01" or "40001" or "40P01" => Conflict(),
        "23503" => GridGovError.Invalid(Messages.ReferenceMissing),
        "23514" => GridGovError.Invalid(Messages.RuleBroken(pg.ConstraintName)),
        _ => throw new InvalidOperationException("database error " + pg.SqlState, pg),
    };

    /// <summary>Serialises writes to one village's cells and links (topology checks and proposals read the whole village).</summary>
    public static async Task LockVillageAsync(this GridGovDbContext db, string villageCode, CancellationToken ct) =>
        await db.Database.ExecuteSqlRawAsync("SELECT 1 FROM areas WHERE code = {0} FOR UPDATE", [villageCode], ct);
}
