using GridGov.Api.Resources;
using GridGov.Domain.Areas;
using GridGov.Domain.Geo;
using GridGov.Persistence;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace GridGov.Api.Infrastructure;

/// <summary>
/// Turns geometry inputs into storage geometries, refusing coordinates that cannot be in the
/// county — and saying so plainly when longitude and latitude were swapped.
/// </summary>
public sealed class SpatialInput(IDbContextFactory<GridGovDbContext> factory)
{
    private Envelope? _county;

    public async Task<Geometry> ToStorageAsync(GeoInput input, Crs? argumentCrs, CancellationToken ct)
    {
        var crs = input.Crs ?? argumentCrs ?? Crs.Epsg4326;
        var county = await CountyEnvelopeAsync(ct);
        Geometry storage;
        try
        {
            storage = CoordinateConverter.ToStorage(input.Geometry, crs);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or ArithmeticException)
        {
            throw GridGovError.Invalid(Messages.CoordinatesNotConvertible(e.Message));
        }
        if (county is null) return storage;

        Geometry? swappedStorage = null;
        try { swappedStorage = CoordinateConverter.ToStorage(CoordinateSwap.Swapped(input.Geometry), crs); }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or ArithmeticException) { }
        return CoordinateSwap.Judge(storage, swappedStorage, county) switch
        {
            CoordinateSwap.Verdict.AsGiven => storage,
            CoordinateSwap.Verdict.Swapped => throw new GridGovError(ErrorCodes.CoordinatesSwapped, Messages.CoordinatesSwapped),
            _ => throw GridGovError.Invalid(Messages.CoordinatesOutsideCounty(crs)),
        };
    }

    private async Task<Envelope?> CountyEnvelopeAsync(CancellationToken ct)
    {
        if (_county is not null) return _county;
        await using var db = await factory.CreateDbContextAsync(ct);
        var boundaries = await db.Areas.AsNoTracking().Where(a => a.Level == AreaLevel.County && a.Boundary != null)
            .Select(a => a.Boundary!).ToListAsync(ct);
        if (boundaries.Count == 0) return null;
        var env = new Envelope();
        foreach (var b in boundaries) env.ExpandToInclude(b.EnvelopeInternal);
        return _county = env;
    }
}
