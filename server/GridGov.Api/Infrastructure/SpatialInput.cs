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
    private const double MarginDegrees = 0.2; // ~20 km: filters may reach a little beyond the border

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
        if (county is null || Inside(storage, county)) return storage;

        var swapped = CoordinateSwap.Swapped(input.Geometry);
        Geometry? swappedStorage = null;
        try { swappedStorage = CoordinateConverter.ToStorage(swapped, crs); }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or ArithmeticException) { }
        if (swappedStorage is not null && Inside(swappedStorage, county))
            throw new GridGovError(ErrorCodes.CoordinatesSwapped, Messages.CoordinatesSwapped);
        throw GridGovError.Invalid(Messages.CoordinatesOutsideCounty(crs));
    }

    private static bool Inside(Geometry g, Envelope county)
    {
        var e = g.EnvelopeInternal;
        return e.MinX >= county.MinX - MarginDegrees && e.MaxX <= county.MaxX + MarginDegrees
            && e.MinY >= county.MinY - MarginDegrees && e.MaxY <= county.MaxY + MarginDegrees;
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
