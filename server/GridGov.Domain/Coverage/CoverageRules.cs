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

    /// <summary>PostgreSQL keeps instants to the microsecond: the step between one instant and the next.</summary>
    public static readonly TimeSpan Resolution = TimeSpan.FromTicks(10);

    /// <summary>A month's first instant, 00:00 China time on its 1st (UTC: timestamptz parameters must be).</summary>
    public static DateTimeOffset MonthBegin(DateOnly month) =>
        new DateTimeOffset(MonthStart(month).ToDateTime(TimeOnly.MinValue), ChinaOffset).ToUniversalTime();

    /// <summary>The first instant after a month: a month is [<see cref="MonthBegin"/>, <see cref="MonthEnd"/>).</summary>
    public static DateTimeOffset MonthEnd(DateOnly month) => MonthBegin(month.AddMonths(1));

    /// <summary>
    /// The instant a month is read at: its last instant (<see cref="MonthEnd"/> less <see cref="Resolution"/>); for the
    /// running month, now. So what was in force on 31 December at 23:59:59.999999 is December's: a link ended exactly at
    /// midnight ran through December and counts for it, one begun at midnight (a date-only import of 1 January) is
    /// January's only. A link ended on the 15th no longer counts for its month; a link made on the 15th does.
    /// </summary>
    public static DateTimeOffset AsOf(DateOnly month, DateTimeOffset now)
    {
        var last = MonthEnd(month) - Resolution;
        return last < now ? last : now.ToUniversalTime();
    }

    /// <summary>The China-time date of an instant (what "30 days without contact" counts from).</summary>
    public static DateOnly DateOf(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(ChinaOffset).DateTime);

    /// <summary>A vulnerable household is stale when its last contact is <see cref="StaleDays"/> or more days before the as-of date.</summary>
    public bool IsStale(DateOnly? lastContact, DateOnly asOfDate) =>
        lastContact is null || asOfDate.DayNumber - lastContact.Value.DayNumber >= StaleDays;
}
