using System.Globalization;
using GridGov.Api.Infrastructure;
using GridGov.Domain.Areas;
using GridGov.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Api.Ogc.Collections;

/// <summary>
/// Townships and villages: a few hundred rows, read and filtered by <c>Caller.CanRead</c> as GraphQL's
/// `townships`/`villages` do (your area, plus the township you are in as context). The feature id is the 12-digit code.
/// </summary>
public abstract class AreaFeatures(AreaLevel level) : OgcCollection
{
    public override string GeometryType => "MultiPolygon";

    protected abstract IReadOnlyList<KeyValuePair<string, object?>> Properties(Area a);

    private OgcFeature Feature(Area a) => new(long.Parse(a.Code, CultureInfo.InvariantCulture), a.Boundary, Properties(a));

    public override async Task<OgcPage> PageAsync(GridGovDbContext db, Caller caller, OgcQuery query, CancellationToken ct)
    {
        caller.RequireRead();
        var rows = db.Areas.AsNoTracking().Where(a => a.Level == level);
        if (query.Filter("townshipCode") is { } township) rows = rows.Where(a => a.ParentCode == township);
        if (query.Filter("villageCode") is { } village) rows = rows.Where(a => a.Code == village);
        if (query.BBox is { } box) rows = rows.Where(a => a.Boundary != null && a.Boundary.Intersects(box));
        var list = await rows.ToListAsync(ct);
        return OgcKeyset.InMemory([.. list.Where(a => caller.CanRead(a.Code)).Select(a => (long.Parse(a.Code, CultureInfo.InvariantCulture), Feature(a)))], query);
    }

    public override async Task<OgcFeature> OneAsync(GridGovDbContext db, Caller caller, long id, DateTimeOffset now, CancellationToken ct)
    {
        caller.RequireRead();
        var code = id.ToString("D12", CultureInfo.InvariantCulture);
        var area = await db.Areas.AsNoTracking().FirstOrDefaultAsync(a => a.Code == code && a.Level == level, ct)
            ?? throw GridGovError.NotFound(level.ToString().ToLowerInvariant(), code);
        if (!caller.CanRead(code)) throw GridGovError.OutsideArea(code);
        return Feature(area);
    }
}

public sealed class TownshipFeatures() : AreaFeatures(AreaLevel.Township)
{
    public override string Id => "townships";
    public override IReadOnlyList<string> Filters => [];

    protected override IReadOnlyList<KeyValuePair<string, object?>> Properties(Area a) =>
        [new("code", a.Code), new("name", a.Name), new("county_code", a.ParentCode), new("boundary_source", Snake(a.BoundarySource))];
}

public sealed class VillageFeatures() : AreaFeatures(AreaLevel.Village)
{
    public override string Id => "villages";
    public override IReadOnlyList<string> Filters => ["townshipCode", "villageCode"];

    protected override IReadOnlyList<KeyValuePair<string, object?>> Properties(Area a) =>
        [new("code", a.Code), new("name", a.Name), new("township_code", a.ParentCode), new("is_deep_poverty", a.IsDeepPoverty),
         new("boundary_source", Snake(a.BoundarySource))];
}
