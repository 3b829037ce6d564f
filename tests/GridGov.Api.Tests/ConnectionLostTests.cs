using GridGov.Api.Infrastructure;
using GridGov.Persistence;
using GridGov.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GridGov.Api.Tests;

/// <summary>
/// What Npgsql does when a transaction's connection dies between two statements (PostgreSQL stopped): the statement
/// that meets the break fails as an outage, and the next one is refused with an InvalidOperationException while the
/// connection is no longer open — the case <see cref="Writes"/> turns into <see cref="DatabaseOutage.ConnectionLostException"/>
/// (a restart under load once answered a secretary INTERNAL for it).
/// </summary>
public class ConnectionLostTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    [Fact]
    public async Task A_transaction_whose_connection_is_killed_fails_as_an_outage_at_every_later_statement()
    {
        var cs = await pg.CreateDatabaseAsync("connlost");
        await using var db = new GridGovDbContext(GridGovDb.Options(cs));
        await using var tx = await db.Database.BeginTransactionAsync();
        var pid = await db.Database.SqlQueryRaw<int>("SELECT pg_backend_pid() AS \"Value\"").SingleAsync();

        await using (var admin = new NpgsqlConnection(cs))
        {
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand("SELECT pg_terminate_backend(@pid)", admin);
            kill.Parameters.AddWithValue("pid", pid);
            Assert.True((bool)(await kill.ExecuteScalarAsync())!);
        }

        var first = await Record.ExceptionAsync(() => db.Database.ExecuteSqlRawAsync("SELECT 1"));
        Assert.True(DatabaseOutage.Is(first), first?.ToString());

        var second = await Record.ExceptionAsync(() => db.Database.ExecuteSqlRawAsync("SELECT 1"));
        Assert.NotNull(second);
        Assert.False(DatabaseOutage.Is(second), "Npgsql now says outage itself: the catch in Writes may go");
        Assert.IsType<InvalidOperationException>(second);
        var state = ((NpgsqlConnection)db.Database.GetDbConnection()).FullState;
        Assert.True(state is System.Data.ConnectionState.Broken or System.Data.ConnectionState.Closed, state.ToString());
        Assert.True(DatabaseOutage.Is(new DatabaseOutage.ConnectionLostException(second)));
    }
}
