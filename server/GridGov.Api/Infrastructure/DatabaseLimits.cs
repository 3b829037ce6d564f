using Npgsql;

namespace GridGov.Api.Infrastructure;

/// <summary>
/// The API's share of the database: a pool well below PostgreSQL's max_connections (100 by
/// default), so psql, the admin commands, backups and the import worker always find a free
/// connection, and a server-side statement timeout that cancels the work itself rather than only
/// the wait. docs/operations.md gives the numbers; `Database:MaxPoolSize` and
/// `Database:StatementTimeoutSeconds` (or the connection string's own) override them.
/// </summary>
public static class DatabaseLimits
{
    public const int DefaultMaxPoolSize = 40;
    public const int DefaultStatementTimeoutSeconds = 30;
    public const string ApplicationName = "gridgov-api";

    public static string Apply(string connectionString, IConfiguration config)
    {
        var csb = new NpgsqlConnectionStringBuilder(connectionString);
        var section = config.GetSection("Database");
        if (section.GetValue<int?>("MaxPoolSize") is { } pool) csb.MaxPoolSize = pool;
        else if (!connectionString.Contains("pool size", StringComparison.OrdinalIgnoreCase)) csb.MaxPoolSize = DefaultMaxPoolSize;
        var options = csb.Options ?? "";
        if (!options.Contains("statement_timeout", StringComparison.Ordinal))
        {
            var seconds = section.GetValue("StatementTimeoutSeconds", DefaultStatementTimeoutSeconds);
            csb.Options = $"{options} -c statement_timeout={seconds * 1000}".Trim();
        }
        if (string.IsNullOrEmpty(csb.ApplicationName)) csb.ApplicationName = ApplicationName;
        return csb.ConnectionString;
    }
}
