using System.Globalization;
using GridGov.Api.Infrastructure;
using GridGov.Domain.Access;
using GridGov.Domain.Households;
using GridGov.Domain.Links;
using GridGov.Persistence;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace GridGov.Api.Ogc.Collections;

/// <summary>
/// Households (户) that exist now, with their current link: the rows GraphQL's `households` gives the caller, ID
/// numbers and phones masked unless the caller may see them.
/// </summary>
public sealed class HouseholdFeatures : OgcCollection
{
    public override string Id => "households";
    public override string GeometryType => "Point";
    public override IReadOnlyList<string> Filters => ["villageCode", "cellId"];

    private sealed class Row
    {
        public long Id { get; init; }
        public string? HouseholdNo { get; init; }
        public required string VillageCode { get; init; }
        public long? CellId { get; init; }
        public required Point Location { get; init; }
        public required string HeadName { get; init; }
        public int Size { get; init; }
        public PovertyStatus PovertyStatus { get; init; }
        public SocialAssistance Assistance { get; init; }
        public string? IdNumber { get; init; }
        public string? Phone { get; init; }
        public string? Address { get; init; }
        public long? MemberId { get; init; }
        public string? MemberName { get; init; }
        public LinkBasis? Basis { get; init; }
        public double? DistanceMeters { get; init; }
    }

    private static IQueryable<Row> Project(GridGovDbContext db, IQueryable<Household> households) =>
        from h in households
        // The current link: not ended (the rule GraphQL's currentLink and Visibility use).
        let link = db.Links.Where(l => l.HouseholdId == h.Id && l.ValidTo == null).OrderBy(l => l.Id).FirstOrDefault()
        select new Row
        {
            Id = h.Id, HouseholdNo = h.HouseholdNo, VillageCode = h.VillageCode, CellId = h.CellId, Location = h.Location,
            HeadName = h.HeadName, Size = h.Size, PovertyStatus = h.PovertyStatus, Assistance = h.Assistance,
            IdNumber = h.IdNumber, Phone = h.Phone, Address = h.Address,
            MemberId = link == null ? null : link.MemberId,
            MemberName = link == null ? null : db.PartyMembers.Where(m => m.Id == link.MemberId).Select(m => m.Person!.Name).FirstOrDefault(),
            Basis = link == null ? null : link.Basis,
            DistanceMeters = link == null ? null : link.DistanceMeters,
        };

    private static Func<Row, OgcFeature> Feature(Caller caller) => r =>
    {
        var pii = caller.SeesPersonalData(r.VillageCode);
        return new(r.Id, r.Location,
        [
            new("id", r.Id), new("household_no", r.HouseholdNo), new("village_code", r.VillageCode), new("cell_id", r.CellId),
            new("head_name", r.HeadName), new("size", r.Size), new("poverty_status", Snake(r.PovertyStatus)),
            new("assistance", Snake(r.Assistance)),
            new("id_number", pii ? r.IdNumber : Masking.IdNumber(r.IdNumber)), new("phone", pii ? r.Phone : Masking.Phone(r.Phone)),
            new("address", r.Address), new("member_id", r.MemberId), new("member_name", r.MemberName),
            new("basis", r.Basis is { } b ? Snake(b) : null),
            new("distance_m", r.DistanceMeters is { } d ? Math.Round(d, 1) : null),
        ]);
    };

    public override Task<OgcPage> PageAsync(GridGovDbContext db, Caller caller, OgcQuery query, CancellationToken ct)
    {
        var rows = db.Households.AsNoTracking().Visible(caller, db).Where(Household.ActiveAt(query.Now));
        if (query.Filter("villageCode") is { } village) rows = rows.Where(h => h.VillageCode == village);
        if (query.FilterId("cellId") is { } cell) rows = rows.Where(h => h.CellId == cell);
        if (query.BBox is { } box) rows = rows.Where(h => h.Location.Intersects(box));
        return OgcKeyset.PageAsync(rows, h => h.Id, page => Project(db, page), r => r.Id, Feature(caller), query, ct);
    }

    public override async Task<OgcFeature> OneAsync(GridGovDbContext db, Caller caller, long id, DateTimeOffset now, CancellationToken ct)
    {
        await SingleObject.VisibleOrErrorAsync(db.Households.AsNoTracking().Visible(caller, db), db.Households.AsNoTracking(),
            h => h.Id == id, h => h.VillageCode, "household", id, ct);
        return Feature(caller)(await Project(db, db.Households.Where(h => h.Id == id)).SingleAsync(ct));
    }
}
