using GridGov.Domain.Linking;
using GridGov.Domain.Members;
using GridGov.Domain.Monthly;

namespace GridGov.Domain.Coverage;

/// <summary>
/// What the coverage figures mean. Kept here, free of SQL, so the SQL in Persistence receives
/// every threshold as a parameter and the rules are documented (and tested) in one place.
/// </summary>
public sealed record CoverageRules
{
    /// <summary>China keeps one time zone; months and days are counted in it.</summary>
    public static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    public static CoverageRules Default { get; } = new();

    /// <summary>Links longer than this (member home → house, metres in EPSG:4545) are "far links".</summary>
    public double MaxLinkMeters { get; init; } = LinkingSettings.DefaultMaxDistanceMeters;
    /// <summary>Capacity of an active member without an own capacity.</summary>
    public int ActiveCapacity { get; init; } = LinkingSettings.DefaultDefaultCapacity;
    /// <summary>Elderly and sick members look after fewer households.</summary>
    public int ReducedCapacity { get; init; } = LinkingSettings.DefaultReducedCapacity;
    /// <summary>Poor or monitored households count as stale after this many days without contact.</summary>
    public int StaleDays { get; init; } = 30;

    /// <summary>Declarations that count as contact: submitted or approved (a returned one does not).</summary>
    public static readonly DeclarationStatus[] ContactStatuses = [DeclarationStatus.Submitted, DeclarationStatus.Approved];

    /// <summary>Member capacity: the linking rule (own setting, else the default for the status), with these defaults.</summary>
    public int CapacityOf(MemberStatus status, int? own) => MemberCapacity.Effective(status, own,
        LinkingSettings.Default with { DefaultCapacity = ActiveCapacity, ReducedCapacity = ReducedCapacity, MigrantCapacity = 0 });

    /// <summary>First day of a month given as "2026-07" (or any date in it).</summary>
    public static DateOnly MonthStart(DateOnly d) => new(d.Year, d.Month, 1);

    public static bool TryParseMonth(string? s, out DateOnly month)
    {
        month = default;
        if (s is null) return false;
        s = s.Trim();
        if (s.Length == 7 && DateOnly.TryParseExact(s + "-01", "yyyy-MM-dd", out var m)) { month = m; return true; }
        if (DateOnly.TryParseExact(s, "yyyy-MM-dd", out var d)) { month = MonthStart(d); return true; }
        return false;
    }

    /// <summary>Today's month in China.</summary>
    public static DateOnly CurrentMonth(DateTimeOffset now) => MonthStart(DateOnly.FromDateTime(now.ToOffset(ChinaOffset).DateTime));

    /// <summary>
    /// The one rule of "a future month": after the running month in China time. Coverage, member reports, declarations,
    /// ratings and rankings refuse one rather than answer today's figures under its label.
    /// </summary>
    public static bool IsFuture(DateOnly month, DateTimeOffset now) => MonthStart(month) > CurrentMonth(now);

    /// <summary>
    /// The instant coverage of a month is taken at: the end of the month (midnight China time
    /// on the 1st of the next month); for the running month, now. A link ended on the 15th
    /// therefore no longer counts for that month; a link made on the 15th does.
    /// </summary>
    public static DateTimeOffset AsOf(DateOnly month, DateTimeOffset now)
    {
        // UTC: PostgreSQL timestamptz parameters must be UTC.
        var end = new DateTimeOffset(month.AddMonths(1).ToDateTime(TimeOnly.MinValue), ChinaOffset).ToUniversalTime();
        return end < now ? end : now.ToUniversalTime();
    }

    /// <summary>The China-time date of an instant (what "30 days without contact" counts from).</summary>
    public static DateOnly DateOf(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(ChinaOffset).DateTime);

    /// <summary>A vulnerable household is stale when its last contact is <see cref="StaleDays"/> or more days before the as-of date.</summary>
    public bool IsStale(DateOnly? lastContact, DateOnly asOfDate) =>
        lastContact is null || asOfDate.DayNumber - lastContact.Value.DayNumber >= StaleDays;
}
