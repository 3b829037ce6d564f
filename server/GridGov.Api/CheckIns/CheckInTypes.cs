using System.Text.Json;
using GraphQL;
using GraphQL.Types;
using GridGov.Api.Coverage;
using GridGov.Api.Infrastructure;
using GridGov.Api.Members;
using GridGov.Api.Monthly;
using GridGov.Api.Resources;
using GridGov.Domain.Access;
using GridGov.Domain.CheckIns;
using GridGov.Domain.Coverage;
using GridGov.Domain.Geo;
using GridGov.Domain.Members;
using GridGov.Domain.Monthly;
using GridGov.Persistence;
using GridGov.Persistence.Cadres;
using GridGov.Persistence.CheckIns;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace GridGov.Api.CheckIns;

public sealed class CadreKindEnum : EnumerationGraphType<CadreKind>
{
    public CadreKindEnum()
    {
        Name = "CadreKind";
        Description = "第一书记 FIRST_SECRETARY, 驻村工作队员 RESIDENT_CADRE, 驻村工作队长 TEAM_LEADER or 包村干部 LIAISON_CADRE.";
    }
}

public sealed record TrustReasonItem(string Code);

public sealed class TrustReasonType : ObjectGraphType<TrustReasonItem>
{
    public TrustReasonType()
    {
        Name = "TrustReason";
        Field<NonNullGraphType<StringGraphType>>("code").Description("outside_geofence, low_accuracy, repeated_coordinates, impossible_speed or regular_jitter.")
            .Resolve(c => c.Source.Code);
        Field<NonNullGraphType<StringGraphType>>("message").Description("In Chinese.")
            .Resolve(c => TrustScorer.FromCode(c.Source.Code) is { } r ? TrustScorer.Message(r).Zh : c.Source.Code);
        Field<NonNullGraphType<StringGraphType>>("messageEn")
            .Resolve(c => TrustScorer.FromCode(c.Source.Code) is { } r ? TrustScorer.Message(r).En : c.Source.Code);
        Field<NonNullGraphType<FloatGraphType>>("penalty")
            .Resolve(c => TrustScorer.FromCode(c.Source.Code) is { } r ? TrustScorer.Penalties[r] : 0);
    }
}

public sealed class CheckInType : ObjectGraphType<CheckIn>
{
    public CheckInType()
    {
        Name = "CheckIn";
        Description = "定点签到 of a first secretary or resident cadre, scored for trust.";
        Field(c => c.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field<NonNullGraphType<IdGraphType>>("cadreId").Resolve(c => c.Source.CadreId);
        Field(c => c.At);
        Field<StringGraphType>("villageCode").Description("The served village the check-in was measured against: of those served that day, the nearest (0 m inside).")
            .Resolve(ctx => CheckInVillages.Of(ctx, ctx.Source.Id));
        Field<StringGraphType>("clientId").Description("The phone's idempotency key, if it sent one.").Resolve(c => c.Source.ClientId?.ToString());
        Field<StringGraphType>("photoUrl").Description("GET it (same token) for the photo taken with the check-in; null when none (PUT check-ins/{id}/photo).")
            .Resolve(c => c.Source.PhotoAt is { } at ? CheckInPhotoEndpoints.UrlOf(c.Source.Id, at) : null);
        Field(c => c.AccuracyMeters, nullable: true);
        Field(c => c.InsideGeofence);
        Field(c => c.DistanceMeters).Description("Metres to the village boundary (0 inside), EPSG:4545.");
        Field(c => c.TrustScore).Description("0–1: 1 minus the penalties of the reasons.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TrustReasonType>>>>("reasons")
            .Description("Why the score is lowered (empty when fully trusted).")
            .Resolve(c => CheckInRules.Reasons(c.Source.TrustReasonsJson).Select(r => new TrustReasonItem(r)).ToList());
        this.AddGeometry(c => c.Location, "Where the check-in was made (converted from the reported system).");
    }
}

public sealed class CadreComplianceType : ObjectGraphType<CadreCompliance>
{
    public CadreComplianceType()
    {
        Name = "CadreCompliance";
        Description = "A cadre's month (到岗到位): days with a trusted check-in inside the geofence against the required days (the county's setting, 20 a month unless set; pro-rated).";
        Field<NonNullGraphType<IdGraphType>>("cadreId").Resolve(c => c.Source.Cadre.Id);
        Field(c => c.Name);
        Field<NonNullGraphType<CadreKindEnum>>("kind").Resolve(c => c.Source.Cadre.Kind);
        Field<Cadres.CadreRankEnum>("rank").Description("职级; null when not recorded.").Resolve(c => c.Source.Cadre.Rank);
        Field<NonNullGraphType<StringGraphType>>("villageCode").Resolve(c => c.Source.Cadre.VillageCode);
        Field(c => c.CheckIns);
        Field(c => c.TrustedDays);
        Field(c => c.RequiredDays);
        Field(c => c.Compliance).Description("0–1.");
    }
}

internal static class CheckInRules
{
    public static List<string> Reasons(string json)
    {
        try
        {
            // Codes that only describe (the sample's inside_geofence) are not reasons for distrust.
            return (JsonSerializer.Deserialize<List<string>>(json) ?? []).Where(c => TrustScorer.FromCode(c) is not null).ToList();
        }
        catch (JsonException) { return []; }
    }

    public static Guid? ClientId(string? text) => text switch
    {
        null => null,
        _ when Guid.TryParse(text, out var g) && g != Guid.Empty => g,
        _ => throw GridGovError.Invalid(Messages.ClientIdInvalid),
    };

    /// <summary>A resent check-in: the same instant (to the millisecond the phone stamped) and the same stored point.</summary>
    public static bool SamePlaceAndTime(CheckIn earlier, Point point, DateTimeOffset at) =>
        Math.Abs((earlier.At - at).TotalMilliseconds) < 1 && earlier.Location.EqualsExact(point, 1e-9);

    /// <summary>China-time day boundaries of a month, in UTC.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) MonthRange(DateOnly month) =>
        (CoverageRules.MonthBegin(month), CoverageRules.MonthEnd(month));

    // The one computation lives beside the ranking's use of it (Persistence), so the CLI's ranking export reads it too.
    public static Task<List<CadreCompliance>> ComplianceAsync(GridGovDbContext db, string prefix, DateOnly month, DateTimeOffset now, CancellationToken ct) =>
        CadreCompliance.LoadAsync(db, prefix, month, now, ct);
}

public sealed class CheckInMutations : IMutationFields
{
    public void Add(ObjectGraphType m)
    {
        AuthorizationRule.Roles(m.Field<NonNullGraphType<CheckInType>>("checkIn")
            .Description("定点签到: a first secretary or resident cadre checks in at the assigned village; the answer says " +
                         "whether it is inside the geofence, how far from it, and how far it is trusted, with reasons.")
            .Argument<NonNullGraphType<GeoJsonGraphType>>("location", "A GeoJSON Point.")
            .Argument<FloatGraphType>("accuracy", "Reported accuracy in metres.")
            .Argument<DateTimeOffsetGraphType>("at", "When (default now); at most 7 days old, never in the future.")
            .Argument<NonNullGraphType<PositionCrsEnum>>("coordinateSystem", "WGS84 (GPS), GCJ02 (map apps, WeChat) or CGCS2000.")
            .Argument<StringGraphType>("clientId", "A UUID the phone makes per check-in: a retry with the same id, place and time returns the " +
                                                   "check-in made before; with another place or time it is refused (CONFLICT, reason CLIENT_ID_REUSED).")
            .ResolveAsync(async ctx =>
            {
                var caller = ctx.Caller();
                var cadreId = caller.CadreId ?? throw GridGovError.Forbidden(Messages.CheckInCadresOnly);
                var crs = ctx.GetArgument<Crs>("coordinateSystem");
                var input = new Dictionary<string, object?> { ["location"] = ctx.GetArgument<GeoInput>("location"), ["crs"] = crs };
                var point = await MonthlyMutations.ReadLocationAsync(ctx, input, "location", "crs")
                    ?? throw GridGovError.Invalid(Messages.CheckInLocationMissing);
                var now = ctx.Service<CoverageService>().Now;
                var at = (ctx.GetArgument<DateTimeOffset?>("at") ?? now).ToUniversalTime();
                var accuracy = ctx.GetArgument<double?>("accuracy");
                var clientId = CheckInRules.ClientId(ctx.GetArgument<string?>("clientId"));
                return await ctx.InTransactionAsync(async (db, _) =>
                {
                    var ct = ctx.CancellationToken;
                    var cadre = await db.Cadres.AsNoTracking().FirstOrDefaultAsync(c => c.Id == cadreId, ct)
                        ?? throw GridGovError.NotFound("cadre", cadreId.ToString());
                    // Serialise one cadre's check-ins so the history each is scored against is complete (and a retry sees the first).
                    await db.Database.ExecuteSqlRawAsync("SELECT 1 FROM cadres WHERE id = {0} FOR UPDATE", [cadreId], ct);
                    // A retry (the phone never saw the answer) is the check-in made before, even if it has grown old since.
                    if (clientId is { } cid && await db.CheckIns.AsNoTracking().FirstOrDefaultAsync(c => c.CadreId == cadreId && c.ClientId == cid, ct) is { } earlier)
                        return CheckInRules.SamePlaceAndTime(earlier, point, at) ? earlier
                            : throw new GridGovError(ErrorCodes.Conflict, Messages.CheckInClientIdReused(cid.ToString(), earlier.Id),
                                new Dictionary<string, object?> { ["reason"] = "CLIENT_ID_REUSED", ["checkInId"] = earlier.Id.ToString() });
                    if (at > now.AddMinutes(5)) throw GridGovError.Invalid(Messages.CheckInInFuture);
                    if (at < now.AddDays(-7)) throw GridGovError.Invalid(Messages.CheckInTooOld);
                    if (accuracy is { } a && (!double.IsFinite(a) || a < 0 || a > 100_000))
                        throw GridGovError.Invalid(Messages.CheckInAccuracyNegative);
                    var day = CoverageRules.DateOf(at);
                    // The geofence is every village served that day: the check-in belongs to the nearest (0 m inside).
                    var served = await CadreVillages.OnAsync(db, cadreId, day, ct);
                    if (served.Count == 0) throw GridGovError.Forbidden(Messages.CheckInOutsideAssignment);
                    var boundaries = (await db.Areas.AsNoTracking().Where(x => served.Contains(x.Code)).Select(x => new { x.Code, x.Boundary }).ToListAsync(ct))
                        .Where(x => x.Boundary is not null).ToList();
                    if (boundaries.Count == 0) throw GridGovError.Invalid(Messages.CheckInVillageWithoutBoundary);
                    var metric = (Point)CoordinateConverter.ToMetric(point);
                    var (village, inside, distance) = ServedGeofence.Nearest(point, boundaries.Select(b => (b.Code, (Geometry?)b.Boundary)))!;
                    var history = await db.CheckIns.AsNoTracking()
                        .Where(c => c.CadreId == cadreId && c.At > at.AddDays(-60) && c.At < at.AddDays(60))
                        .Select(c => new { c.At, c.Location, c.AccuracyMeters }).ToListAsync(ct);
                    var points = history.Select(h =>
                    {
                        var p = (Point)CoordinateConverter.ToMetric(h.Location);
                        return new CheckInPoint(h.At, p.X, p.Y, h.AccuracyMeters);
                    });
                    var trust = TrustScorer.Default.Score(new CheckInPoint(at, metric.X, metric.Y, accuracy), inside, points);
                    var row = new CheckIn
                    {
                        CadreId = cadreId, At = at, Location = point, AccuracyMeters = accuracy,
                        ReportedCrs = crs switch { Crs.Gcj02 => "gcj02", Crs.Epsg4490 => "cgcs2000", _ => "wgs84" },
                        InsideGeofence = inside, DistanceMeters = distance, TrustScore = trust.Score,
                        TrustReasonsJson = JsonSerializer.Serialize(trust.Reasons.Select(TrustScorer.Code).ToList()),
                        ClientId = clientId,
                    };
                    db.CheckIns.Add(row);
                    await db.SaveChangesAsync(ct);
                    Audit.Record(db, caller, "checkIn", "CheckIn", row.Id, village, null,
                        new { row.Id, row.CadreId, row.At, Location = Audit.Geo(point), row.InsideGeofence, row.DistanceMeters, row.TrustScore, Reasons = row.TrustReasonsJson });
                    return row;
                });
            }), Role.Cadre);
    }
}

public sealed class CheckInQueries : IQueryFields
{
    public void Add(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<CadreComplianceType>>>>("cadreCompliance")
            .Description("Monthly check-in compliance of the cadres assigned in an area.")
            .Argument<NonNullGraphType<StringGraphType>>("areaCode")
            .Argument<StringGraphType>("month", "YYYY-MM; default the running month.")
            .ResolveAsync(async ctx =>
            {
                var caller = RequireLeaderOrCadre(ctx);
                var code = ctx.GetArgument<string>("areaCode");
                if (!caller.Covers(code)) throw GridGovError.OutsideArea(code);
                var service = ctx.Service<CoverageService>();
                var month = MonthArgument.Get(ctx, service.Now);
                await using var db = await ctx.DbAsync();
                var list = await CheckInRules.ComplianceAsync(db, Caller.PrefixOf(code), month, service.Now, ctx.CancellationToken);
                return caller.Role == Role.Cadre ? list.Where(c => c.Cadre.Id == caller.CadreId).ToList() : list;
            });

        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<CheckInType>>>>("checkIns")
            .Description("A cadre's check-ins in a month, oldest first.")
            .Argument<NonNullGraphType<IdGraphType>>("cadreId")
            .Argument<StringGraphType>("month", "YYYY-MM; default the running month.")
            .ResolveAsync(async ctx =>
            {
                var caller = RequireLeaderOrCadre(ctx);
                var id = ctx.GetArgument<long>("cadreId");
                await using var db = await ctx.DbAsync();
                var cadre = await db.Cadres.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ctx.CancellationToken)
                    ?? throw GridGovError.NotFound("cadre", id.ToString());
                if (!(await CadreVillages.EverAsync(db, id, ctx.CancellationToken)).Any(caller.Covers) || (caller.Role == Role.Cadre && caller.CadreId != id))
                    throw GridGovError.OutsideArea(cadre.VillageCode);
                var (from, to) = CheckInRules.MonthRange(MonthArgument.Get(ctx, ctx.Service<CoverageService>().Now));
                return await db.CheckIns.AsNoTracking().Where(c => c.CadreId == id && c.At >= from && c.At < to)
                    .OrderBy(c => c.At).ThenBy(c => c.Id).ToListAsync(ctx.CancellationToken);
            });
    }

    private static Caller RequireLeaderOrCadre(IResolveFieldContext ctx)
    {
        var caller = ctx.Caller();
        caller.RequireRead();
        if (caller.Role == Role.PartyMember)
            throw GridGovError.Forbidden(Messages.CheckInsHiddenFromMembers);
        return caller;
    }
}
