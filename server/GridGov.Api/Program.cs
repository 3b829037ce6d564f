using GridGov.Api;
using GridGov.Api.Admin;

if (AdminCommands.IsAdmin(args))
{
    var cs = Environment.GetEnvironmentVariable("ConnectionStrings__GridGov") ?? Environment.GetEnvironmentVariable("GRIDGOV_DB");
    if (string.IsNullOrEmpty(cs))
    {
        Console.Error.WriteLine("gridgov admin: set GRIDGOV_DB (or ConnectionStrings__GridGov) to the database's connection string");
        return 2;
    }
    return await AdminCommands.RunAsync(args, cs, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddGridGov();
var app = builder.Build();
app.UseGridGov();
app.Run();
return 0;

/// <summary>Entry point type, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
