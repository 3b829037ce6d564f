using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace GridGov.Persistence.Sql;

/// <summary>
/// Whether anything a tile reads may have changed since a moment: a generation number that moves on every change the
/// database announces (statement triggers on every table a tile statement reads call <c>pg_notify('gridgov_tiles')</c>,
/// migration TileChangeNotifications), on every write this server makes (<see cref="Touch"/>), and whenever the
/// server cannot be sure it heard everything (not listening, the listening connection lost or re-made). A tile kept
/// in memory is served only while the generation it was read under is still the current one and <see cref="Listening"/>.
/// </summary>
public sealed class TileChanges(NpgsqlDataSource dataSource, ILogger<TileChanges> log)
{
    public const string Channel = "gridgov_tiles";
    public const string ApplicationName = "gridgov tile changes";

    private long _generation;
    private volatile bool _listening;
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _awaited = new();
    private long _sessions; // listening connections made so far

    /// <summary>The current generation; read it before reading a tile, keep the tile under it.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>True while the server hears the database's announcements (checked by one of its own on every (re)connection).</summary>
    public bool Listening => _listening;

    /// <summary>This server wrote (a mutation, an import): tiles read before are not served again.</summary>
    public void Touch() => Interlocked.Increment(ref _generation);

    /// <summary>
    /// Listens until <paramref name="ct"/> ends, reconnecting after a loss (backing off up to 30 s). Every 30 s without an
    /// announcement the connection is asked a <c>SELECT 1</c>: a connection that died quietly is found within that time.
    /// </summary>
    public async Task ListenAsync(CancellationToken ct)
    {
        var backoff = TimeSpan.FromSeconds(1);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var conn = await dataSource.OpenConnectionAsync(ct);
                conn.Notification += (_, e) =>
                {
                    // HeardAllAsync's own marker is no change; anything else is.
                    if (e.Payload.Length > 0 && _awaited.TryRemove(e.Payload, out var heard)) heard.TrySetResult();
                    else Touch();
                };
                // Named, so that an operator sees it in pg_stat_activity (and a test can end it).
                await using (var listen = new NpgsqlCommand($"SET application_name = '{ApplicationName}'; LISTEN {Channel}", conn))
                    await listen.ExecuteNonQueryAsync(ct);
                await CheckHeardAsync(conn, ct);
                Touch(); // whatever changed before LISTEN took effect was not heard
                Interlocked.Increment(ref _sessions);
                _listening = true;
                backoff = TimeSpan.FromSeconds(1);
                log.LogInformation("Tile cache: listening for changes on {Channel}", Channel);
                while (true)
                {
                    if (!await conn.WaitAsync(TimeSpan.FromSeconds(30), ct))
                    {
                        await using var ping = new NpgsqlCommand("SELECT 1", conn);
                        await ping.ExecuteScalarAsync(ct);
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            // Whatever went wrong, the server goes on (reading tiles from the database) and tries again: a listener that
            // ended with an exception would stop the host (a background service's fault stops it).
            catch (Exception e)
            {
                if (_listening) log.LogWarning(e, "Tile cache: lost the change announcements; tiles are read from the database until listening again");
                else log.LogWarning(e, "Tile cache: cannot listen for changes; tiles are read from the database");
            }
            finally
            {
                _listening = false;
                Touch();
            }
            try { await Task.Delay(backoff, ct); } catch (OperationCanceledException) { return; }
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
        }
    }

    /// <summary>
    /// Returns once this server has heard every change committed before the call: an announcement of its own, sent after
    /// them, has come back (PostgreSQL delivers announcements in commit order). For tests and tools that write with SQL and
    /// then read tiles; the server itself never waits on it.
    /// </summary>
    public async Task HeardAllAsync(CancellationToken ct)
    {
        var session = Interlocked.Read(ref _sessions);
        if (!_listening) return; // nothing is served from memory then
        var token = "sync-" + Guid.NewGuid().ToString("N");
        var heard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _awaited[token] = heard;
        try
        {
            await NotifyAsync(token, ct);
            // The marker never comes if the listening connection is lost meanwhile; then everything kept is old anyway.
            while (!heard.Task.IsCompleted && _listening && Interlocked.Read(ref _sessions) == session)
                await Task.WhenAny(heard.Task, Task.Delay(100, ct));
            ct.ThrowIfCancellationRequested();
        }
        finally
        {
            _awaited.TryRemove(token, out _);
        }
    }

    private async Task NotifyAsync(string payload, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", conn);
        notify.Parameters.AddWithValue("channel", Channel);
        notify.Parameters.AddWithValue("payload", payload);
        await notify.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// An announcement from another connection must reach this one (a pooler in transaction mode, for instance, would
    /// not deliver it): without that proof the cache stays off.
    /// </summary>
    private async Task CheckHeardAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        var token = Guid.NewGuid().ToString("N");
        var heard = false;
        void OnNotification(object? _, NpgsqlNotificationEventArgs e) => heard |= e.Payload == token;
        conn.Notification += OnNotification;
        try
        {
            await NotifyAsync(token, ct);
            for (var until = DateTime.UtcNow.AddSeconds(10); !heard && DateTime.UtcNow < until;)
                await conn.WaitAsync(TimeSpan.FromSeconds(1), ct);
            if (!heard) throw new TimeoutException("an announcement on " + Channel + " did not come back within 10 s");
        }
        finally
        {
            conn.Notification -= OnNotification;
        }
    }
}
