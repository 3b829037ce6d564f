using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace GridGov.Persistence;

/// <summary>Lets `dotnet ef migrations add` build the model without a running database.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<GridGovDbContext>
{
    public GridGovDbContext CreateDbContext(string[] args) =>
        new(GridGovDb.Options("Host=127.0.0.1;Database=gridgov_design"));
}
