using GraphQL;
using GraphQL.Types;
using GridGov.Api.Cells;
using GridGov.Api.Coverage;
using GridGov.Api.Households;
using GridGov.Api.Infrastructure;
using GridGov.Api.Members;
using GridGov.Domain.Cells;
using GridGov.Domain.Geo;
using GridGov.Domain.Households;
using GridGov.Domain.Members;
using GridGov.Domain.Monthly;
using GridGov.Persistence.Monthly;

namespace GridGov.Api.Monthly;

public sealed class DeclarationCategoryEnum : EnumerationGraphType<DeclarationCategory>
{
    public DeclarationCategoryEnum()
    {
        Name = "DeclarationCategory";
        Description = "思想教育 EDUCATION / 政策宣传 POLICY / 矛盾化解 MEDIATION / 产业发展 INDUSTRY, or a plain VISIT.";
    }
}

public sealed class DeclarationStatusEnum : EnumerationGraphType<DeclarationStatus>
{
    public DeclarationStatusEnum()
    {
        Name = "DeclarationStatus";
        Description = "SUBMITTED (editable), APPROVED, or RETURNED with a reason (editable, then submitted again).";
    }
}

public sealed class RatingEnum : EnumerationGraphType<Rating>
{
    public RatingEnum()
    {
        Name = "Rating";
        Description = "优秀 EXCELLENT / 合格 QUALIFIED / 基本合格 BASICALLY_QUALIFIED / 不合格 UNQUALIFIED.";
    }
}

public enum ReviewDecision { Approve, Return }

public sealed class ReviewDecisionEnum : EnumerationGraphType<ReviewDecision>
{
    public ReviewDecisionEnum() { Name = "ReviewDecision"; }
}

/// <summary>Where a device position came from: the system it reported in.</summary>
public sealed class PositionCrsEnum : EnumerationGraphType
{
    public PositionCrsEnum()
    {
        Name = "PositionCrs";
        Description = "Coordinate system of a device position: WGS84 (GPS), GCJ02 (Chinese map apps, WeChat) or CGCS2000.";
        Add("WGS84", Crs.Epsg4326);
        Add("GCJ02", Crs.Gcj02);
        Add("CGCS2000", Crs.Epsg4490);
    }
}

public sealed class ReviewType : ObjectGraphType<Review>
{
    public ReviewType()
    {
        Name = "DeclarationReview";
        Field<NonNullGraphType<StringGraphType>>("outcome").Description("approved or returned.")
            .Resolve(c => c.Source.Outcome == ReviewOutcome.Approved ? "approved" : "returned");
        Field(r => r.Reason, nullable: true);
        Field(r => r.At);
    }
}

public sealed class DeclarationType : ObjectGraphType<Declaration>
{
    public DeclarationType()
    {
        Name = "Declaration";
        Description = "业绩申报: a member's declared work for one linked household in a month.";
        Field(d => d.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field<NonNullGraphType<IdGraphType>>("memberId").Resolve(c => c.Source.MemberId);
        Field<PartyMemberType>("member").Resolve(ctx => MemberLoaders.Member(ctx, ctx.Source.MemberId));
        Field<NonNullGraphType<IdGraphType>>("householdId").Resolve(c => c.Source.HouseholdId);
        Field<HouseholdType>("household").Resolve(ctx => HouseholdLoaders.Household(ctx, ctx.Source.HouseholdId));
        Field<NonNullGraphType<StringGraphType>>("month").Resolve(c => MonthArgument.Format(c.Source.Month));
        Field(d => d.WorkDate);
        Field<NonNullGraphType<DeclarationCategoryEnum>>("category").Resolve(c => c.Source.Category);
        Field(d => d.Text);
        Field(d => d.AccuracyMeters, nullable: true);
        Field<NonNullGraphType<DeclarationStatusEnum>>("status").Resolve(c => c.Source.Status);
        Field(d => d.CreatedAt);
        Field(d => d.UpdatedAt);
        this.AddGeometry(d => d.Location, "Where the work was done, if given.");
        Field<StringGraphType>("clientId").Description("The phone's idempotency key, if it sent one.").Resolve(c => c.Source.ClientId?.ToString());
        Field<StringGraphType>("photoUrl").Description("GET this path (with the same token) for the photo (JPEG, no EXIF); null without a photo.")
            .Resolve(c => c.Source.PhotoAt is { } at ? DeclarationPhotoEndpoints.UrlOf(c.Source.Id, at) : null);
        Field<ListGraphType<NonNullGraphType<ReviewType>>>("reviews").Description("Reviews, newest first.")
            .ResolveAsync(async ctx =>
            {
                return await ctx.Loaders().Get<long, List<Review>>("reviewsOfDeclaration", async (ids, ct) =>
                {
                    await using var db = await ctx.DbAsync();
                    var rows = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
                        db.Reviews.Where(r => ids.Contains(r.DeclarationId)).OrderByDescending(r => r.At).ThenByDescending(r => r.Id), ct);
                    return rows.GroupBy(r => r.DeclarationId).ToDictionary(g => g.Key, g => g.ToList());
                }).Load(ctx.Source.Id).GetResultAsync(ctx.CancellationToken) ?? [];
            });
    }
}

public sealed class MemberRatingType : ObjectGraphType<MemberRating>
{
    public MemberRatingType()
    {
        Name = "MemberRating";
        Field<NonNullGraphType<IdGraphType>>("memberId").Resolve(c => c.Source.MemberId);
        Field<NonNullGraphType<StringGraphType>>("month").Resolve(c => MonthArgument.Format(c.Source.Month));
        Field<NonNullGraphType<RatingEnum>>("rating").Resolve(c => c.Source.Rating);
        Field(r => r.At);
    }
}

public sealed class CategoryCountType : ObjectGraphType<CategoryCount>
{
    public CategoryCountType()
    {
        Name = "CategoryCount";
        Field<NonNullGraphType<DeclarationCategoryEnum>>("category").Resolve(c => c.Source.Category);
        Field(c => c.Total);
        Field(c => c.Submitted);
        Field(c => c.Approved);
        Field(c => c.Returned);
    }
}

public sealed class BoardRowType : ObjectGraphType<BoardRow>
{
    public BoardRowType()
    {
        Name = "BranchBoardRow";
        Field<NonNullGraphType<BoardMemberType>>("member").Description("Public: id and name.").Resolve(c => c.Source.Member);
        Field(r => r.HouseholdsLinked).Description("Linked as of the month.");
        Field(r => r.HouseholdsContacted).Description("Of those, with a submitted or approved declaration in the month.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CategoryCountType>>>>("declarations").Description("By category (all five, zeros included).")
            .Resolve(c => c.Source.Declarations);
        Field<RatingEnum>("rating").Resolve(c => c.Source.Rating);
    }
}

public sealed class BranchBoardType : ObjectGraphType<BranchBoard>
{
    public BranchBoardType()
    {
        Name = "BranchBoard";
        Description = "支部活动日 展示: the public result of a branch's month.";
        Field(b => b.VillageCode);
        Field<NonNullGraphType<StringGraphType>>("month").Resolve(c => MonthArgument.Format(c.Source.Month));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<BoardRowType>>>>("members").Resolve(c => c.Source.Members);
    }
}

public sealed record ReportHousehold(Household Household, bool Contacted, DateOnly? LastVisit = null);

public sealed class ReportHouseholdType : ObjectGraphType<ReportHousehold>
{
    public ReportHouseholdType()
    {
        Name = "MemberReportHousehold";
        Field<NonNullGraphType<IdGraphType>>("householdId").Resolve(c => c.Source.Household.Id);
        Field<NonNullGraphType<StringGraphType>>("headName").Resolve(c => c.Source.Household.HeadName);
        Field<NonNullGraphType<PovertyStatusEnum>>("povertyStatus").Resolve(c => c.Source.Household.PovertyStatus);
        Field(h => h.Contacted).Description("A submitted or approved declaration this month.");
        Field<DateOnlyGraphType>("lastVisit").Description("The latest work date of a submitted or approved declaration for the household (by any member), up to the month's end.")
            .Resolve(c => c.Source.LastVisit);
        this.AddGeometry(h => h.Household.Location, "The house.");
    }
}

public sealed record FlagItem(MemberFlag Flag);

public sealed class FlagType : ObjectGraphType<FlagItem>
{
    public FlagType()
    {
        Name = "MemberFlag";
        Field<NonNullGraphType<StringGraphType>>("code").Resolve(c => GridGov.Persistence.GridGovDbContext.SnakeCase(c.Source.Flag.ToString()).ToUpperInvariant());
        Field<NonNullGraphType<StringGraphType>>("message").Description("In Chinese.").Resolve(c => MemberFlags.Message(c.Source.Flag).Zh);
        Field<NonNullGraphType<StringGraphType>>("messageEn").Resolve(c => MemberFlags.Message(c.Source.Flag).En);
    }
}

public sealed record MemberReport(PartyMember Member, DateOnly Month, GridCell? Cell, List<ReportHousehold> Households,
    List<Declaration> Declarations, List<CategoryCount> ByCategory, Rating? Rating, List<FlagItem> Flags, int Capacity);

public sealed class MemberReportType : ObjectGraphType<MemberReport>
{
    public MemberReportType()
    {
        Name = "MemberReport";
        Description = "A member's month: cell, linked households (as of the month, contacted or not), declarations, rating and flags.";
        Field<NonNullGraphType<PartyMemberType>>("member").Resolve(c => c.Source.Member);
        Field<NonNullGraphType<StringGraphType>>("month").Resolve(c => MonthArgument.Format(c.Source.Month));
        Field<GridCellType>("cell").Description("The cell the member lives in (its polygon is in `geometry`).").Resolve(c => c.Source.Cell);
        Field(r => r.Capacity);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ReportHouseholdType>>>>("households").Resolve(c => c.Source.Households);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DeclarationType>>>>("declarations").Resolve(c => c.Source.Declarations);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CategoryCountType>>>>("byCategory").Resolve(c => c.Source.ByCategory);
        Field<RatingEnum>("rating").Resolve(c => c.Source.Rating);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FlagType>>>>("flags").Resolve(c => c.Source.Flags);
    }
}
