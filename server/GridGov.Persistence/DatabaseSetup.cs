using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GridGov.Persistence;

/// <summary>A database that cannot be used, with a message that says what to do.</summary>
public sealed class DatabaseSetupException(string message, Exception? inner = null) : Exception(message, inner);

public static class DatabaseSetup
{
    /// <summary>Connects, checks that PostGIS can be installed, and applies the EF migrations.</summary>
    public static async Task MigrateAsync(string connectionString, CancellationToken ct = default)
    {
        NpgsqlConnectionStringBuilder csb;
        try { csb = new NpgsqlConnectionStringBuilder(connectionString); }
        catch (ArgumentException ex) { throw new DatabaseSetupException($"the connection string is not valid: {ex.Message}", ex); }
        try
        {
            await using var conn = new NpgsqlConnection(connectionString);
            await conn.OpenAsync(ct);
            await using var cmd = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'postgis')", conn);
            if (!(bool)(await cmd.ExecuteScalarAsync(ct))!)
                throw new DatabaseSetupException("this database has no PostGIS; install postgresql-15-postgis-3 or use a server with PostGIS");
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            throw new DatabaseSetupException(
                $"cannot connect to PostgreSQL at {csb.Host}:{csb.Port}, database '{csb.Database}', user '{csb.Username}': {ex.Message}. " +
                "Check that the server is running and reachable, and the host, port, database name, user and password.", ex);
        }
        try
        {
            await using var db = new GridGovDbContext(GridGovDb.Options(connectionString));
            await db.Database.MigrateAsync(ct);
        }
        catch (PostgresException ex) when (ex.SqlState is "42501" or "0A000" or "58P01")
        {
            throw new DatabaseSetupException(
                $"the migrations could not be applied ({ex.MessageText}). The user needs CREATE on the database and the " +
                "extensions postgis and btree_gist must be installable (or created beforehand by a superuser).", ex);
        }
    }
}
