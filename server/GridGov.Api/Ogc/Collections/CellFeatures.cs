using GridGov.Api.Infrastructure;
using GridGov.Domain.Cells;
using GridGov.Domain.Households;
using GridGov.Persistence;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace GridGov.Api.Ogc.Collections;

/// <summary>Grid cells (网格) with their leader and active household count; rows as GraphQL's `gridCells` shows them.</summary>
public sealed class CellFeatures : OgcCollection
{
    public override string Id => "cells";
    public override string GeometryType => "Polygon";
    public override IReadOnlyList<string> Filters => ["villageCode", "cellId"];

    private sealed class Row
    {
        public long Id { get; init; }
        public required string Name { get; init; }
        public required string VillageCode { get; init; }
        public required Polygon Geometry { get; init; }
        public long? LeaderMemberId { get; init; }
        public string? LeaderName { get; init; }
        public int HouseholdCount { get; init; }
    }

    private static IQueryable<Row> Project(GridGovDbContext db, IQueryable<GridCell> cells, DateTimeOffset now)
    {
        var active = Household.ActiveAt(now);
        return cells.Select(g => new Row
        {
            Id = g.Id, Name = g.Name, VillageCode = g.VillageCode, Geometry = g.Geometry, LeaderMemberId = g.LeaderMemberId,
            LeaderName = db.PartyMembers.Where(m => m.Id == g.LeaderMemberId).Select(m => m.Person!.Name).FirstOrDefault(),
            HouseholdCount = db.Households.Where(active).Count(h => h.CellId == g.Id),
        });
    }

    private static OgcFeature Feature(Row r) => new(r.Id, r.Geometry,
    [
        new("id", r.Id), new("name", r.Name), new("village_code", r.VillageCode), new("leader_member_id", r.LeaderMemberId),
        new("leader_name", r.LeaderName), new("household_count", r.HouseholdCount),
    ]);

    public override Task<OgcPage> PageAsync(GridGovDbContext db, Caller caller, OgcQuery query, CancellationToken ct)
    {
        var rows = db.GridCells.AsNoTracking().Visible(caller, db);
        if (query.Filter("villageCode") is { } village) rows = rows.Where(g => g.VillageCode == village);
        if (query.FilterId("cellId") is { } cell) rows = rows.Where(g => g.Id == cell);
        if (query.BBox is { } box) rows = rows.Where(g => g.Geometry.Intersects(box));
        return OgcKeyset.PageAsync(rows, g => g.Id, page => Project(db, page, query.Now), r => r.Id, Feature, query, ct);
    }

    public override async Task<OgcFeature> OneAsync(GridGovDbContext db, Caller caller, long id, DateTimeOffset now, CancellationToken ct)
    {
        var cell = await SingleObject.VisibleOrErrorAsync(db.GridCells.AsNoTracking().Visible(caller, db), db.GridCells.AsNoTracking(),
            g => g.Id == id, g => g.VillageCode, "cell", id, ct);
        return Feature(await Project(db, db.GridCells.Where(g => g.Id == cell.Id), now).SingleAsync(ct));
    }
}
