using NetTopologySuite.Geometries;

namespace GridGov.Domain.Monthly;

/// <summary>思想教育 / 政策宣传 / 矛盾化解 / 产业发展, or a plain visit.</summary>
public enum DeclarationCategory { Education, Policy, Mediation, Industry, Visit }

public enum DeclarationStatus { Submitted, Approved, Returned }

/// <summary>业绩申报: a member's declared work for one linked household in a month.</summary>
public class Declaration
{
    public long Id { get; set; }
    public long MemberId { get; set; }
    public long HouseholdId { get; set; }
    /// <summary>First day of the month the work counts for.</summary>
    public DateOnly Month { get; set; }
    public DateOnly WorkDate { get; set; }
    public DeclarationCategory Category { get; set; }
    public required string Text { get; set; }
    public Point? Location { get; set; }
    public double? AccuracyMeters { get; set; }
    public DeclarationStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public enum ReviewOutcome { Approved, Returned }

/// <summary>评议 of one declaration on the activity day.</summary>
public class Review
{
    public long Id { get; set; }
    public long DeclarationId { get; set; }
    public long ReviewerUserId { get; set; }
    public ReviewOutcome Outcome { get; set; }
    public string? Reason { get; set; }
    public DateTimeOffset At { get; set; }
}

public enum Rating { Excellent, Qualified, BasicallyQualified, Unqualified }

/// <summary>A member's monthly rating by the branch (优秀/合格/基本合格/不合格).</summary>
public class MemberRating
{
    public long Id { get; set; }
    public long MemberId { get; set; }
    public DateOnly Month { get; set; }
    public Rating Rating { get; set; }
    public long RatedByUserId { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>定点签到 of a first secretary or resident cadre, scored for trust.</summary>
public class CheckIn
{
    public long Id { get; set; }
    public long CadreId { get; set; }
    public DateTimeOffset At { get; set; }
    public required Point Location { get; set; }
    public double? AccuracyMeters { get; set; }
    /// <summary>The system the device reported in (WGS84 or GCJ02); the point is stored converted.</summary>
    public required string ReportedCrs { get; set; }
    public bool InsideGeofence { get; set; }
    public double DistanceMeters { get; set; }
    public double TrustScore { get; set; }
    /// <summary>JSON array of reason codes that lowered the trust score.</summary>
    public required string TrustReasonsJson { get; set; }
}
