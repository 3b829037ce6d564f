using GridGov.Persistence.Sql;

namespace GridGov.Api.Tiles;

/// <summary>Hears the database's change announcements for the tile cache while the server runs (<see cref="TileChanges"/>).</summary>
public sealed class TileChangeListener(TileChanges changes) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => changes.ListenAsync(stoppingToken);
}
