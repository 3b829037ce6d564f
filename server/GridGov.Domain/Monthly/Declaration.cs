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
    /// <summary>The phone's id for this declaration: a retry with the same id never makes a second one (idempotency key).</summary>
    public Guid? ClientId { get; set; }
    /// <summary>When the photo was stored; null without a photo (the JPEG itself is a <see cref="DeclarationPhoto"/>).</summary>
    public DateTimeOffset? PhotoAt { get; set; }

    /// <summary>Once approved it is the branch's record: no edit, withdrawal or photo any more.</summary>
    public bool IsLocked => Status == DeclarationStatus.Approved;

    /// <summary>Whether a retried submission carries what this declaration already says (the idempotency check).</summary>
    public bool SameContent(long householdId, DateOnly workDate, DeclarationCategory category, string text) =>
        HouseholdId == householdId && WorkDate == workDate && Category == category && Text == text;

    /// <summary>Edits a submitted or returned declaration; a returned one is submitted again (fixed and resubmitted).</summary>
    public DeclarationProblem? Edit(DeclarationEdit edit, DateTimeOffset now)
    {
        if (IsLocked) return DeclarationProblem.Approved;
        if (edit.WorkDate is { } wd)
        {
            if (new DateOnly(wd.Year, wd.Month, 1) != Month) return DeclarationProblem.OtherMonth;
            WorkDate = wd;
        }
        if (edit.Category is { } c) Category = c;
        if (edit.Text is { } t) Text = t;
        if (edit.SetLocation) { Location = edit.Location; }
        if (edit.SetAccuracy) { AccuracyMeters = edit.AccuracyMeters; }
        Status = DeclarationStatus.Submitted;
        UpdatedAt = now;
        return null;
    }

    /// <summary>The member takes it back (it is deleted): allowed until it is approved.</summary>
    public DeclarationProblem? CheckWithdraw() => IsLocked ? DeclarationProblem.Approved : null;

    /// <summary>A photo may be added or replaced while the declaration can still be edited.</summary>
    public DeclarationProblem? AttachPhoto(DateTimeOffset now)
    {
        if (IsLocked) return DeclarationProblem.Approved;
        PhotoAt = now;
        UpdatedAt = now;
        return null;
    }

    /// <summary>评议: only a submitted declaration is reviewed; a returned one waits for the member's fix.</summary>
    public DeclarationProblem? Review(ReviewOutcome outcome, DateTimeOffset now)
    {
        if (Status != DeclarationStatus.Submitted) return DeclarationProblem.NotSubmitted;
        Status = outcome == ReviewOutcome.Approved ? DeclarationStatus.Approved : DeclarationStatus.Returned;
        UpdatedAt = now;
        return null;
    }
}

/// <summary>Why a change of a declaration is refused.</summary>
public enum DeclarationProblem { Approved, NotSubmitted, OtherMonth }

/// <summary>The fields an edit changes; null (or Set* false) keeps the old value.</summary>
public sealed record DeclarationEdit(DateOnly? WorkDate = null, DeclarationCategory? Category = null, string? Text = null,
    bool SetLocation = false, Point? Location = null, bool SetAccuracy = false, double? AccuracyMeters = null);

/// <summary>The photo of a declaration: a JPEG re-written by <see cref="JpegPhoto"/> (no EXIF), at most 2 MB.</summary>
public class DeclarationPhoto
{
    public long DeclarationId { get; set; }
    public required byte[] Jpeg { get; set; }
    public int Width { get; set; }
    public int Height { get; set; }
    public DateTimeOffset At { get; set; }
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
    /// <summary>The phone's idempotency key (a UUID per check-in), so a queued check-in sent twice is stored once.</summary>
    public Guid? ClientId { get; set; }
    /// <summary>When its photo was stored (null: none); the photo itself is in check_in_photos.</summary>
    public DateTimeOffset? PhotoAt { get; set; }
}
