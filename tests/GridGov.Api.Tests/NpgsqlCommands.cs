using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;

namespace GridGov.Api.Tests;

/// <summary>
/// The SQL commands Npgsql sends to one test database while an action runs, from its activity source: how many (batching
/// tests) and their texts (which statement holds what). Other databases — test classes run side by side — are not counted.
/// </summary>
public static class NpgsqlCommands
{
    /// <returns>The text of each command sent (a batch is one command holding its statements one after the other).</returns>
    public static async Task<List<string>> SentAsync(string connectionString, Func<Task> act)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        var sent = new ConcurrentQueue<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = a =>
            {
                if (!a.Tags.Any(t => t.Value == database)) return;
                sent.Enqueue(a.Tags.FirstOrDefault(t => t.Key is "db.query.text" or "db.statement").Value ?? a.DisplayName);
            },
        };
        ActivitySource.AddActivityListener(listener);
        await act();
        return [.. sent];
    }
}
