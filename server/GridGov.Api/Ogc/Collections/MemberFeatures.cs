using System.Globalization;
using GridGov.Api.Infrastructure;
using GridGov.Domain.Access;
using GridGov.Domain.Members;
using GridGov.Persistence;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace GridGov.Api.Ogc.Collections;

/// <summary>Party members at their homes, with how many households they look after now; a member sees only themselves.</summary>
public sealed class MemberFeatures : OgcCollection
{
    public override string Id => "members";
    public override string GeometryType => "Point";
    public override IReadOnlyList<string> Filters => ["villageCode"];

    private sealed class Row
    {
        public long Id { get; init; }
        public required string Name { get; init; }
        public Gender Gender { get; init; }
        public int? BirthYear { get; init; }
        public string? Phone { get; init; }
        public required string VillageCode { get; init; }
        public long BranchId { get; init; }
        public required Point Home { get; init; }
        public MemberStatus Status { get; init; }
        public int? Capacity { get; init; }
        public int HouseholdsLinked { get; init; }
    }

    private static IQueryable<Row> Project(GridGovDbContext db, IQueryable<PartyMember> members) =>
        members.Select(m => new Row
        {
            Id = m.Id, Name = m.Person!.Name, Gender = m.Person.Gender, BirthYear = m.Person.BirthYear, Phone = m.Person.Phone,
            VillageCode = m.VillageCode, BranchId = m.BranchId, Home = m.Home, Status = m.Status, Capacity = m.Capacity,
            HouseholdsLinked = db.Links.Count(l => l.MemberId == m.Id && l.ValidTo == null),
        });

    private static Func<Row, OgcFeature> Feature(Caller caller) => r => new(r.Id, r.Home,
    [
        new("id", r.Id), new("member_name", r.Name), new("gender", Snake(r.Gender)), new("birth_year", r.BirthYear),
        new("phone", caller.SeesPersonalData(r.VillageCode) ? r.Phone : Masking.Phone(r.Phone)),
        new("village_code", r.VillageCode), new("branch_id", r.BranchId), new("status", Snake(r.Status)),
        // The capacity set for the member; empty means the county's default.
        new("capacity", r.Capacity), new("households_linked", r.HouseholdsLinked),
    ]);

    public override Task<OgcPage> PageAsync(GridGovDbContext db, Caller caller, OgcQuery query, CancellationToken ct)
    {
        var rows = db.PartyMembers.AsNoTracking().Visible(caller);
        if (query.Filter("villageCode") is { } village) rows = rows.Where(m => m.VillageCode == village);
        if (query.BBox is { } box) rows = rows.Where(m => m.Home.Intersects(box));
        return OgcKeyset.PageAsync(rows, m => m.Id, page => Project(db, page), r => r.Id, Feature(caller), query, ct);
    }

    public override async Task<OgcFeature> OneAsync(GridGovDbContext db, Caller caller, long id, DateTimeOffset now, CancellationToken ct)
    {
        await SingleObject.VisibleOrErrorAsync(db.PartyMembers.AsNoTracking().Visible(caller), db.PartyMembers.AsNoTracking(),
            m => m.Id == id, m => m.VillageCode, "member", id, ct);
        return Feature(caller)(await Project(db, db.PartyMembers.Where(m => m.Id == id)).SingleAsync(ct));
    }
}
