namespace GridGov.Domain.Cadres;

/// <summary>工作信息（定时发布）: a cadre's short daily report from the village, with the households it concerns.</summary>
public class WorkLogEntry
{
    /// <summary>The text column's length, in characters (the EF model takes it from here).</summary>
    public const int MaxTextLength = 500;
    /// <summary>How many days back a report may still be posted (a phone offline for a week).</summary>
    public const int MaxDaysBack = 7;

    public long Id { get; set; }
    public long CadreId { get; set; }
    /// <summary>The village served when it was written (the cadre's village may change later).</summary>
    public required string VillageCode { get; set; }
    /// <summary>The China date the work was done.</summary>
    public DateOnly Day { get; set; }
    public required string Text { get; set; }
    public long[] HouseholdIds { get; set; } = [];
    /// <summary>The phone's idempotency key, so a queued entry sent twice is stored once.</summary>
    public Guid? ClientId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>A resend: the same day, text and households.</summary>
    public bool SameContent(DateOnly day, string text, IEnumerable<long> households) =>
        Day == day && Text == text && HouseholdIds.Order().SequenceEqual(households.Distinct().Order());
}

/// <summary>
/// A county's cadre rules that are settings, not constants: the days a resident cadre must be present each month
/// (驻村每月不少于 N 天; 20 unless the county says otherwise).
/// </summary>
public class CadreSettings
{
    public const int DefaultRequiredDays = 20;

    public required string CountyCode { get; set; }
    public int RequiredDaysPerMonth { get; set; } = DefaultRequiredDays;
    public DateTimeOffset UpdatedAt { get; set; }

    public static bool ValidRequiredDays(int days) => days is >= 1 and <= 31;
}
