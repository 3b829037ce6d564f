using System.Globalization;
using GridGov.Api.Infrastructure;
using GridGov.Domain.Geo;
using GridGov.Domain.Households;
using GridGov.Domain.Links;
using GridGov.Persistence;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace GridGov.Api.Ogc.Collections;

/// <summary>
/// Current links (联系户) as lines from the member's home to the household — what a GIS officer draws to see who
/// walks where. Rows as GraphQL's `links` gives them; households that no longer exist are left out.
/// </summary>
public sealed class LinkFeatures : OgcCollection
{
    public override string Id => "links";
    public override string GeometryType => "LineString";
    public override IReadOnlyList<string> Filters => ["villageCode", "cellId", "memberId"];

    private sealed class Row
    {
        public long Id { get; init; }
        public long MemberId { get; init; }
        public string? MemberName { get; init; }
        public required Point Home { get; init; }
        public long HouseholdId { get; init; }
        public required string HeadName { get; init; }
        public required string VillageCode { get; init; }
        public long? CellId { get; init; }
        public required Point Location { get; init; }
        public LinkBasis Basis { get; init; }
        public double? DistanceMeters { get; init; }
        public bool Locked { get; init; }
        public DateTimeOffset ValidFrom { get; init; }
        public string? Explanation { get; init; }
    }

    private static IQueryable<Row> Project(GridGovDbContext db, IQueryable<Link> links) =>
        from l in links
        join h in db.Households on l.HouseholdId equals h.Id
        join m in db.PartyMembers on l.MemberId equals m.Id
        select new Row
        {
            Id = l.Id, MemberId = l.MemberId, MemberName = m.Person!.Name, Home = m.Home, HouseholdId = h.Id, HeadName = h.HeadName,
            VillageCode = h.VillageCode, CellId = h.CellId, Location = h.Location, Basis = l.Basis, DistanceMeters = l.DistanceMeters,
            Locked = l.Locked, ValidFrom = l.ValidFrom, Explanation = l.Explanation,
        };

    private static OgcFeature Feature(Row r) => new(r.Id,
        CoordinateConverter.StorageFactory.CreateLineString([r.Home.Coordinate, r.Location.Coordinate]),
    [
        new("id", r.Id), new("member_id", r.MemberId), new("member_name", r.MemberName), new("household_id", r.HouseholdId),
        new("head_name", r.HeadName), new("village_code", r.VillageCode), new("cell_id", r.CellId),
        new("basis", Snake(r.Basis)), new("distance_m", r.DistanceMeters is { } d ? Math.Round(d, 1) : null),
        new("locked", r.Locked), new("valid_from", r.ValidFrom.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
        new("explanation", r.Explanation),
    ]);

    public override Task<OgcPage> PageAsync(GridGovDbContext db, Caller caller, OgcQuery query, CancellationToken ct)
    {
        var active = Household.ActiveAt(query.Now);
        var households = db.Households.Where(active);
        if (query.Filter("villageCode") is { } village) households = households.Where(h => h.VillageCode == village);
        if (query.FilterId("cellId") is { } cell) households = households.Where(h => h.CellId == cell);
        var rows = db.Links.AsNoTracking().Visible(caller, db).Where(l => l.ValidTo == null && households.Any(h => h.Id == l.HouseholdId));
        if (query.FilterId("memberId") is { } member) rows = rows.Where(l => l.MemberId == member);
        // A line is in the box when either end is: the house or the member's home.
        if (query.BBox is { } box)
            rows = rows.Where(l => db.Households.Any(h => h.Id == l.HouseholdId && h.Location.Intersects(box))
                                   || db.PartyMembers.Any(m => m.Id == l.MemberId && m.Home.Intersects(box)));
        return OgcKeyset.PageAsync(rows, l => l.Id, page => Project(db, page), r => r.Id, Feature, query, ct);
    }

    public override async Task<OgcFeature> OneAsync(GridGovDbContext db, Caller caller, long id, DateTimeOffset now, CancellationToken ct)
    {
        if (!await db.Links.Visible(caller, db).AnyAsync(l => l.Id == id, ct))
        {
            // As SingleObject does for the others: NOT_FOUND for no such link, FORBIDDEN when it is outside the area.
            var village = await db.Links.Where(l => l.Id == id).Join(db.Households, l => l.HouseholdId, h => h.Id, (l, h) => h.VillageCode)
                .FirstOrDefaultAsync(ct) ?? throw GridGovError.NotFound("link", id.ToString(CultureInfo.InvariantCulture));
            throw GridGovError.OutsideArea(village);
        }
        return Feature(await Project(db, db.Links.Where(l => l.Id == id)).SingleAsync(ct));
    }
}
