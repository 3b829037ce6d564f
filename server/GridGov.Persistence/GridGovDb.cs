using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GridGov.Persistence;

/// <summary>One place that knows how to open the database, for the API, the loader and tests.</summary>
public static class GridGovDb
{
    public static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        var csb = new NpgsqlConnectionStringBuilder(connectionString);
        // The same few statements run all day: let Npgsql prepare them, and skip the session
        // reset on every pool return (we never change session state).
        if (csb.MaxAutoPrepare == 0) csb.MaxAutoPrepare = 64;
        csb.NoResetOnClose = true;
        // JIT compiles for ~100 ms whenever a plan's estimate looks big (coverage, tiles) yet our
        // statements run in tens of milliseconds: off, unless the connection string says otherwise.
        if (csb.Options?.Contains("jit=", StringComparison.Ordinal) != true) csb.Options = $"{csb.Options} -c jit=off".Trim();
        var builder = new NpgsqlDataSourceBuilder(csb.ConnectionString);
        builder.UseNetTopologySuite();
        return builder.Build();
    }

    public static DbContextOptions<GridGovDbContext> Options(string connectionString) =>
        Configure(new DbContextOptionsBuilder<GridGovDbContext>(), connectionString).Options;

    public static DbContextOptions<GridGovDbContext> Options(NpgsqlDataSource dataSource) =>
        new DbContextOptionsBuilder<GridGovDbContext>()
            .UseNpgsql(dataSource, o => o.UseNetTopologySuite().MigrationsAssembly(typeof(GridGovDb).Assembly.FullName))
            .Options;

    private static DbContextOptionsBuilder<GridGovDbContext> Configure(
        DbContextOptionsBuilder<GridGovDbContext> b, string connectionString) =>
        b.UseNpgsql(connectionString, o => o.UseNetTopologySuite());
}
