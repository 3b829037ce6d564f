using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using GridGov.Api.Infrastructure;
using GridGov.Domain.Coverage;
using GridGov.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace GridGov.Api.Tests;

/// <summary>
/// The warm-up at start (<see cref="Warmup"/>): it asks what a county leader's first map asks, leaves nothing behind but the
/// coverage rows of the month a reader's request would leave, and never stops a server from starting or serving.
/// </summary>
public class WarmupTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    private static readonly Dictionary<string, string> On = new() { ["Warmup:Enabled"] = "true" };
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_start_asks_the_county_s_first_map_and_leaves_only_its_coverage_rows_of_the_month()
    {
        var cs = await TestCounty.CreateAsync(pg);
        var before = await ContentsAsync(cs);
        await using var factory = new ApiFactory(cs, On);
        _ = factory.Server; // starts the host
        Assert.Equal(TestCounty.County, await factory.Services.GetRequiredService<Warmup>().Completion.WaitAsync(Wait));

        // The county's figures of the month, as its leader's first map would have left them: that map is coloured at once.
        var month = CoverageRules.CurrentMonth(DateTimeOffset.UtcNow);
        Assert.Equal([$"{TestCounty.A1} {month:yyyy-MM-dd}", $"{TestCounty.A2} {month:yyyy-MM-dd}", $"{TestCounty.B1} {month:yyyy-MM-dd}"],
            await RowsAsync(cs, "SELECT village_code || ' ' || month FROM coverage_cache ORDER BY 1"));
        // Every other table as it was, row for row (the audit log included).
        Assert.Equal(before, await ContentsAsync(cs));

        // The county leader's first map is composed from the boundaries the warm-up kept, its villages coloured.
        var client = await factory.LoginAsync("county");
        var res = await client.GetAsync("/viewer/first-map?path=/coverage");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Contains("desc=\"cached\"", string.Join(' ', res.Headers.GetValues("Server-Timing")));
        var villages = JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement.GetProperty("layers").EnumerateArray()
            .Single(l => l.GetProperty("name").GetString() == "villages").GetProperty("features").GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(3, villages.Count);
        Assert.All(villages, v => Assert.False(v.GetProperty("properties").TryGetProperty("noData", out _)));
    }

    [Fact]
    public async Task Turned_off_it_asks_nothing()
    {
        var cs = await TestCounty.CreateAsync(pg);
        await using var factory = new ApiFactory(cs);
        _ = factory.Server;
        Assert.Null(await factory.Services.GetRequiredService<Warmup>().Completion.WaitAsync(Wait));
        Assert.Empty(await RowsAsync(cs, "SELECT village_code FROM coverage_cache"));
    }

    [Fact]
    public async Task A_database_without_villages_leaves_it_nothing_to_do()
    {
        var cs = await pg.CreateDatabaseAsync("warmup_empty");
        await using var factory = new ApiFactory(cs, On);
        using var client = factory.CreateClient();
        Assert.Null(await factory.Services.GetRequiredService<Warmup>().Completion.WaitAsync(Wait));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task A_warm_up_that_fails_is_a_warning_and_the_server_serves_on()
    {
        // Nothing listens on port 1: every connection is refused at once.
        var logs = new CapturedLogs();
        await using var factory = new ApiFactory("Host=127.0.0.1;Port=1;Username=gridgov;Password=x;Database=gridgov;Timeout=2", On)
            .WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs)));
        using var client = factory.CreateClient();
        Assert.Null(await factory.Services.GetRequiredService<Warmup>().Completion.WaitAsync(Wait));
        Assert.Contains(logs.Entries, e => e.Category == typeof(Warmup).FullName && e.Level == LogLevel.Warning);
        Assert.DoesNotContain(logs.Entries, e => e.Category == typeof(Warmup).FullName && e.Level > LogLevel.Warning);
        // The server answers as it does whenever the database is away (DatabaseOutage), not with a crash.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/healthz")).StatusCode);
    }

    /// <summary>Each table but coverage_cache with an md5 of its rows in a fixed order.</summary>
    private static async Task<List<string>> ContentsAsync(string cs)
    {
        var tables = await RowsAsync(cs, """
            SELECT table_name FROM information_schema.tables
            WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('coverage_cache', 'spatial_ref_sys')
            ORDER BY 1
            """);
        Assert.Contains("audit_events", tables);
        var contents = new List<string>();
        foreach (var t in tables)
            contents.Add(t + " " + (await RowsAsync(cs, $"SELECT count(*) || ' ' || coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '') FROM \"{t}\" x")).Single());
        return contents;
    }

    private static async Task<List<string>> RowsAsync(string cs, string sql)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await using var r = await cmd.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await r.ReadAsync()) rows.Add(r.GetString(0));
        return rows;
    }

    private sealed class CapturedLogs : ILoggerProvider
    {
        public ConcurrentQueue<(string Category, LogLevel Level)> Entries { get; } = new();
        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);
        public void Dispose() { }

        private sealed class Logger(CapturedLogs logs, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                logs.Entries.Enqueue((category, logLevel));
        }
    }
}
