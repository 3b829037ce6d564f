using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace GridGov.Api.Tests;

/// <summary>The real API host, in process, on a real PostGIS database.</summary>
public sealed class ApiFactory(string connectionString, IDictionary<string, string>? settings = null) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:GridGov", connectionString);
        // Tests log in many times a minute from one address; tests of the login's limits pass their own numbers.
        builder.UseSetting("Auth:LoginRequestsPerAddressPerMinute", "100000");
        // Tests count statements and cache rows from a known start; WarmupTests turn it on.
        builder.UseSetting("Warmup:Enabled", "false");
        foreach (var (k, v) in settings ?? new Dictionary<string, string>()) builder.UseSetting(k, v);
        builder.UseEnvironment("Testing");
    }
}
