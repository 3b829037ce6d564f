using GridGov.Api;

var builder = WebApplication.CreateBuilder(args);
builder.AddGridGov();
var app = builder.Build();
app.UseGridGov();
app.Run();

/// <summary>Entry point type, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
