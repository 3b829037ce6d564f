using GraphQL;
using GraphQL.Types;
using GridGov.Api.Coverage;
using GridGov.Api.Infrastructure;
using GridGov.Api.Resources;
using GridGov.Domain.Access;
using GridGov.Domain.Coverage;
using GridGov.Domain.Geo;
using GridGov.Domain.Monthly;
using GridGov.Persistence;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace GridGov.Api.Monthly;

public sealed class DeclarationInputType : InputObjectGraphType
{
    public DeclarationInputType()
    {
        Name = "DeclarationInput";
        Field<IdGraphType>("householdId").Description("One of your linked households (required when submitting).");
        Field<DateOnlyGraphType>("workDate").Description("The day of the work; the declaration counts for its month (required when submitting).");
        Field<DeclarationCategoryEnum>("category").Description("Required when submitting.");
        Field<StringGraphType>("text").Description("What was done, at most 2000 characters (required when submitting).");
        Field<GeoJsonGraphType>("location").Description("Optional GeoJSON Point where the work was done.");
        Field<FloatGraphType>("accuracy").Description("Position accuracy in metres.");
        Field<PositionCrsEnum>("coordinateSystem").Description("System of the location: WGS84 (default) or GCJ02.");
        Field<StringGraphType>("clientId").Description("A UUID the phone makes per declaration (submit only): a retry with the same id and content " +
                                                       "returns the declaration made before; with other content it is refused (CONFLICT, reason CLIENT_ID_REUSED).");
    }
}

public sealed class MonthlyMutations : IMutationFields
{
    public void Add(ObjectGraphType m)
    {
        AuthorizationRule.Roles(m.Field<NonNullGraphType<DeclarationType>>("submitDeclaration")
            .Description("A member declares work for one of their own linked households (linked during that month). " +
                         "The running month or the one before; never a future day.")
            .Argument<NonNullGraphType<DeclarationInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.GetArgument<Dictionary<string, object?>>("input");
                var location = await ReadLocationAsync(ctx, input);
                return await ctx.InTransactionAsync(async (db, caller) =>
                {
                    var ct = ctx.CancellationToken;
                    var memberId = OwnMember(caller);
                    var householdId = Convert.ToInt64(input.GetValueOrDefault("householdId") ?? throw Missing("householdId"));
                    var workDate = (DateOnly)(input.GetValueOrDefault("workDate") ?? throw Missing("workDate"));
                    var category = (DeclarationCategory)(input.GetValueOrDefault("category") ?? throw Missing("category"));
                    var text = CleanText(input.GetValueOrDefault("text") as string ?? throw Missing("text"));
                    var clientId = ClientId(input);
                    var now = ctx.Service<CoverageService>().Now;
                    if (clientId is { } cid && await db.Declarations.FirstOrDefaultAsync(x => x.MemberId == memberId && x.ClientId == cid, ct) is { } earlier)
                    {
                        // A retry (the phone never saw the answer): the same declaration, whatever happened to it since.
                        if (earlier.SameContent(householdId, workDate, category, text)) return earlier;
                        throw new GridGovError(ErrorCodes.Conflict, Messages.ClientIdReused(cid.ToString(), earlier.Id),
                            new Dictionary<string, object?> { ["reason"] = "CLIENT_ID_REUSED", ["declarationId"] = earlier.Id.ToString() });
                    }
                    var month = CheckWorkDate(workDate, now);
                    var h = await db.Households.AsNoTracking().FirstOrDefaultAsync(x => x.Id == householdId, ct)
                        ?? throw GridGovError.NotFound("household", householdId.ToString());
                    if (!caller.Covers(h.VillageCode)) throw GridGovError.OutsideArea(h.VillageCode);
                    // Work on the day a household ended still counts; a later day cannot (注销: it is history).
                    if (!h.IsActiveAt(new DateTimeOffset(workDate.ToDateTime(TimeOnly.MinValue), CoverageRules.ChinaOffset)))
                        throw GridGovError.Invalid(Messages.HouseholdEndedNoLinks);
                    var from = CoverageRules.MonthBegin(month);
                    var to = CoverageRules.MonthEnd(month);
                    var linked = await db.Links.AnyAsync(l => l.MemberId == memberId && l.HouseholdId == householdId
                                                              && l.ValidFrom < to && (l.ValidTo == null || l.ValidTo > from), ct);
                    if (!linked)
                        throw GridGovError.Forbidden(Messages.DeclareOwnLinksOnly);
                    var d = new Declaration
                    {
                        MemberId = memberId, HouseholdId = householdId, Month = month, WorkDate = workDate, Category = category, Text = text,
                        Location = location, AccuracyMeters = Accuracy(input), Status = DeclarationStatus.Submitted, CreatedAt = now, UpdatedAt = now,
                        ClientId = clientId,
                    };
                    db.Declarations.Add(d);
                    await db.SaveChangesAsync(ct);
                    Audit.Record(db, caller, "submitDeclaration", "Declaration", d.Id, h.VillageCode, null, Snapshot(d));
                    return d;
                });
            }), Role.PartyMember, Role.BranchSecretary);

        AuthorizationRule.Roles(m.Field<NonNullGraphType<DeclarationType>>("updateDeclaration")
            .Description("Edits your own declaration until it is approved; a returned one goes back to SUBMITTED.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Argument<NonNullGraphType<DeclarationInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.GetArgument<Dictionary<string, object?>>("input");
                var location = await ReadLocationAsync(ctx, input);
                return await ctx.InTransactionAsync(async (db, caller) =>
                {
                    var ct = ctx.CancellationToken;
                    var memberId = OwnMember(caller);
                    var id = ctx.GetArgument<long>("id");
                    var d = await db.Declarations.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw GridGovError.NotFound("declaration", id.ToString());
                    if (d.MemberId != memberId) throw GridGovError.Forbidden(Messages.DeclarationNotOwn);
                    if (d.IsLocked) throw Reviewed(d, Messages.DeclarationApproved);
                    if (input.ContainsKey("householdId") && Convert.ToInt64(input["householdId"]) != d.HouseholdId)
                        throw GridGovError.Invalid(Messages.DeclarationHouseholdFixed);
                    var before = Snapshot(d);
                    var now = ctx.Service<CoverageService>().Now;
                    var workDate = input.GetValueOrDefault("workDate") as DateOnly?;
                    if (workDate is { } wd) CheckWorkDate(wd, now);
                    var edit = new DeclarationEdit(workDate, input.GetValueOrDefault("category") as DeclarationCategory?,
                        input.GetValueOrDefault("text") is string t ? CleanText(t) : null,
                        input.ContainsKey("location"), location, input.ContainsKey("accuracy"), Accuracy(input));
                    switch (d.Edit(edit, now))
                    {
                        case DeclarationProblem.Approved: throw Reviewed(d, Messages.DeclarationApproved);
                        case DeclarationProblem.OtherMonth: throw GridGovError.Invalid(Messages.WorkDateOutsideMonth);
                    }
                    var village = await db.Households.Where(h => h.Id == d.HouseholdId).Select(h => h.VillageCode).FirstAsync(ct);
                    Audit.Record(db, caller, "updateDeclaration", "Declaration", d.Id, village, before, Snapshot(d));
                    return d;
                });
            }), Role.PartyMember, Role.BranchSecretary);

        m.Field<NonNullGraphType<DeclarationType>>("reviewDeclaration")
            .Description("活动日评议: the village's branch secretary approves a submitted declaration or returns it with a reason. Nobody reviews their own.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Argument<NonNullGraphType<ReviewDecisionEnum>>("decision")
            .Argument<StringGraphType>("reason", "Required when returning.")
            .ResolveAsync(async ctx => await ctx.InTransactionAsync(async (db, caller) =>
            {
                var ct = ctx.CancellationToken;
                var id = ctx.GetArgument<long>("id");
                var d = await db.Declarations.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw GridGovError.NotFound("declaration", id.ToString());
                var village = await db.Households.Where(h => h.Id == d.HouseholdId).Select(h => h.VillageCode).FirstAsync(ct);
                RequireSecretary(caller, village);
                if (d.MemberId == caller.MemberId)
                    throw GridGovError.Forbidden(Messages.ReviewOwnDeclaration);
                if (d.Status != DeclarationStatus.Submitted)
                    throw Reviewed(d, Messages.DeclarationNotSubmitted);
                var decision = ctx.GetArgument<ReviewDecision>("decision");
                var reason = ctx.GetArgument<string?>("reason")?.Trim();
                if (decision == ReviewDecision.Return && string.IsNullOrEmpty(reason))
                    throw GridGovError.Invalid(Messages.ReturnReasonMissing);
                var before = Snapshot(d);
                var now = ctx.Service<CoverageService>().Now;
                if (d.Review(decision == ReviewDecision.Approve ? ReviewOutcome.Approved : ReviewOutcome.Returned, now) is not null)
                    throw Reviewed(d, Messages.DeclarationNotSubmitted);
                db.Reviews.Add(new Review
                {
                    DeclarationId = d.Id, ReviewerUserId = caller.UserId ?? throw GridGovError.Forbidden(Messages.UserAccountNeeded),
                    Outcome = decision == ReviewDecision.Approve ? ReviewOutcome.Approved : ReviewOutcome.Returned,
                    Reason = string.IsNullOrEmpty(reason) ? null : reason, At = now,
                });
                Audit.Record(db, caller, "reviewDeclaration", "Declaration", d.Id, village, before, Snapshot(d));
                return d;
            }));

        m.Field<NonNullGraphType<MemberRatingType>>("rateMember")
            .Description("The branch secretary rates a member of the branch for a month (优秀/合格/基本合格/不合格); rating again replaces it.")
            .Argument<NonNullGraphType<IdGraphType>>("memberId")
            .Argument<NonNullGraphType<StringGraphType>>("month", "YYYY-MM.")
            .Argument<NonNullGraphType<RatingEnum>>("rating")
            .ResolveAsync(async ctx => await ctx.InTransactionAsync(async (db, caller) =>
            {
                var ct = ctx.CancellationToken;
                var memberId = ctx.GetArgument<long>("memberId");
                var now = ctx.Service<CoverageService>().Now;
                var month = MonthArgument.Get(ctx, now);
                var member = await db.PartyMembers.AsNoTracking().FirstOrDefaultAsync(x => x.Id == memberId, ct)
                    ?? throw GridGovError.NotFound("member", memberId.ToString());
                RequireSecretary(caller, member.VillageCode);
                if (memberId == caller.MemberId) throw GridGovError.Forbidden(Messages.RatingSelf);
                var firstDeclared = await db.Declarations.Where(d => db.PartyMembers.Any(p => p.Id == d.MemberId && p.VillageCode == member.VillageCode))
                    .MinAsync(d => (DateOnly?)d.Month, ct);
                switch (RatingRules.Check(month, member.JoinedOn, firstDeclared, now))
                {
                    case RatingMonthProblem.Future: throw GridGovError.Invalid(Messages.RatingFutureMonth);
                    case RatingMonthProblem.BeforeJoined:
                        throw GridGovError.Invalid(Messages.RatingBeforeJoined(MonthArgument.Format(month), member.JoinedOn!.Value.ToString("yyyy-MM-dd")));
                    case RatingMonthProblem.BeforeData:
                        throw GridGovError.Invalid(Messages.RatingBeforeData(MonthArgument.Format(month),
                            MonthArgument.Format(RatingRules.FirstRatable(firstDeclared, now))));
                }
                var rating = await db.MemberRatings.FirstOrDefaultAsync(r => r.MemberId == memberId && r.Month == month, ct);
                object? before = rating is null ? null : new { rating.MemberId, rating.Month, Rating = rating.Rating.ToString() };
                if (rating is null) db.MemberRatings.Add(rating = new MemberRating { MemberId = memberId, Month = month });
                rating.Rating = ctx.GetArgument<Rating>("rating");
                rating.RatedByUserId = caller.UserId ?? throw GridGovError.Forbidden(Messages.UserAccountNeeded);
                rating.At = now;
                Audit.Record(db, caller, "rateMember", "PartyMember", memberId, member.VillageCode, before,
                    new { rating.MemberId, rating.Month, Rating = rating.Rating.ToString() });
                return rating;
            }));
        AddWithdrawRating(m);
        AddWithdrawDeclaration(m);
    }

    private static void AddWithdrawDeclaration(ObjectGraphType m) =>
        AuthorizationRule.Roles(m.Field<NonNullGraphType<DeclarationType>>("withdrawDeclaration")
            .Description("The member takes back their own declaration (submitted or returned; not once approved). It is deleted with its photo; returns it as it was.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async ctx => await ctx.InTransactionAsync(async (db, caller) =>
            {
                var ct = ctx.CancellationToken;
                var memberId = OwnMember(caller);
                var id = ctx.GetArgument<long>("id");
                var d = await db.Declarations.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw GridGovError.NotFound("declaration", id.ToString());
                if (d.MemberId != memberId) throw GridGovError.Forbidden(Messages.DeclarationNotOwn);
                if (d.CheckWithdraw() is not null) throw Reviewed(d, Messages.DeclarationApprovedNoWithdraw);
                var village = await db.Households.Where(h => h.Id == d.HouseholdId).Select(h => h.VillageCode).FirstAsync(ct);
                Audit.Record(db, caller, "withdrawDeclaration", "Declaration", d.Id, village, Snapshot(d), null);
                db.Declarations.Remove(d);
                return d;
            })), Role.PartyMember, Role.BranchSecretary);

    /// <summary>CONFLICT with reason REVIEWED: the secretary reviewed it meanwhile (a phone's queued change comes too late).</summary>
    private static GridGovError Reviewed(Declaration d, BilingualText text) => new(ErrorCodes.Conflict, text,
        new Dictionary<string, object?> { ["reason"] = "REVIEWED", ["declarationId"] = d.Id.ToString(), ["status"] = d.Status.ToString().ToUpperInvariant() });

    private static Guid? ClientId(Dictionary<string, object?> input) => input.GetValueOrDefault("clientId") switch
    {
        null => null,
        string s when Guid.TryParse(s, out var g) && g != Guid.Empty => g,
        _ => throw GridGovError.Invalid(Messages.ClientIdInvalid),
    };

    private static void AddWithdrawRating(ObjectGraphType m) =>
        m.Field<NonNullGraphType<MemberRatingType>>("withdrawRating")
            .Description("The branch secretary withdraws a member's rating of a month given in error; returns the rating removed.")
            .Argument<NonNullGraphType<IdGraphType>>("memberId")
            .Argument<NonNullGraphType<StringGraphType>>("month", "YYYY-MM.")
            .ResolveAsync(async ctx => await ctx.InTransactionAsync(async (db, caller) =>
            {
                var ct = ctx.CancellationToken;
                var memberId = ctx.GetArgument<long>("memberId");
                var month = MonthArgument.Get(ctx, ctx.Service<CoverageService>().Now);
                var member = await db.PartyMembers.AsNoTracking().FirstOrDefaultAsync(x => x.Id == memberId, ct)
                    ?? throw GridGovError.NotFound("member", memberId.ToString());
                RequireSecretary(caller, member.VillageCode);
                var rating = await db.MemberRatings.FirstOrDefaultAsync(r => r.MemberId == memberId && r.Month == month, ct)
                    ?? throw new GridGovError(ErrorCodes.NotFound, Messages.RatingNone(MonthArgument.Format(month)));
                db.MemberRatings.Remove(rating);
                Audit.Record(db, caller, "withdrawRating", "PartyMember", memberId, member.VillageCode,
                    new { rating.MemberId, rating.Month, Rating = rating.Rating.ToString() }, null);
                return rating;
            }));

    internal static void RequireSecretary(Caller caller, string villageCode)
    {
        if (caller.Role != Role.BranchSecretary || caller.AreaCode != villageCode)
            throw GridGovError.Forbidden(Messages.ReviewSecretaryOnly(villageCode));
    }

    private static long OwnMember(Caller caller) => caller.MemberId
        ?? throw GridGovError.Forbidden(Messages.DeclareMemberAccountOnly);

    private static GridGovError Missing(string field) => GridGovError.Invalid(Messages.FieldMissing(field));

    // Its length is held to the column at the edge (ColumnLengths).
    private static string CleanText(string t)
    {
        t = t.Trim();
        if (t.Length == 0) throw GridGovError.Invalid(Messages.WorkTextMissing);
        return t;
    }

    /// <summary>Work counts for its month; late entries of last month wait for this month's activity day.</summary>
    private static DateOnly CheckWorkDate(DateOnly workDate, DateTimeOffset now)
    {
        var today = CoverageRules.DateOf(now);
        if (workDate > today) throw GridGovError.Invalid(Messages.WorkDateInFuture);
        var month = CoverageRules.MonthStart(workDate);
        if (month < CoverageRules.MonthStart(today).AddMonths(-1))
            throw GridGovError.Invalid(Messages.WorkDateTooOld);
        return month;
    }

    private static double? Accuracy(Dictionary<string, object?> input)
    {
        if (input.GetValueOrDefault("accuracy") is not { } a) return null;
        var v = Convert.ToDouble(a);
        if (!double.IsFinite(v) || v < 0 || v > 10_000) throw GridGovError.Invalid(Messages.DeclarationAccuracyOutOfRange);
        return v;
    }

    internal static async Task<Point?> ReadLocationAsync(IResolveFieldContext ctx, Dictionary<string, object?> input, string key = "location", string crsKey = "coordinateSystem")
    {
        if (input.GetValueOrDefault(key) is not GeoInput gi) return null;
        if (gi.Geometry is not Point)
            throw GridGovError.Invalid(Messages.LocationNotPoint);
        var crs = input.GetValueOrDefault(crsKey) is Crs c ? c : Crs.Epsg4326;
        var g = await ctx.Service<SpatialInput>().ToStorageAsync(gi with { Crs = gi.Crs ?? crs }, crs, ctx.CancellationToken);
        return (Point)g;
    }

    internal static object Snapshot(Declaration d) => new
    {
        d.Id, d.MemberId, d.HouseholdId, d.Month, d.WorkDate, Category = d.Category.ToString(), d.Text,
        Location = Audit.Geo(d.Location), d.AccuracyMeters, Status = d.Status.ToString(), d.ClientId, d.PhotoAt,
    };
}
