using GridGov.Domain.Coverage;

namespace GridGov.Domain.Monthly;

/// <summary>Why a month cannot be rated for a member.</summary>
public enum RatingMonthProblem { None, Future, BeforeJoined, BeforeData }

/// <summary>
/// Which months a branch secretary may rate a member for. A rating reviews a month's declared work, so the month is
/// not in the future (<see cref="CoverageRules.IsFuture"/>), not before the member joined the party, and within the
/// branch's data: not before the first month with a declaration in the village, and never before last month when the
/// village has none yet (the activity day reviews the month before).
/// </summary>
public static class RatingRules
{
    public static RatingMonthProblem Check(DateOnly month, DateOnly? joinedOn, DateOnly? firstDeclaredMonth, DateTimeOffset now)
    {
        month = CoverageRules.MonthStart(month);
        if (CoverageRules.IsFuture(month, now)) return RatingMonthProblem.Future;
        if (joinedOn is { } j && month < CoverageRules.MonthStart(j)) return RatingMonthProblem.BeforeJoined;
        if (month < FirstRatable(firstDeclaredMonth, now)) return RatingMonthProblem.BeforeData;
        return RatingMonthProblem.None;
    }

    /// <summary>The earliest month the branch's data covers: its first declared month, or last month if that is earlier.</summary>
    public static DateOnly FirstRatable(DateOnly? firstDeclaredMonth, DateTimeOffset now)
    {
        var lastMonth = CoverageRules.CurrentMonth(now).AddMonths(-1);
        return firstDeclaredMonth is { } f && CoverageRules.MonthStart(f) < lastMonth ? CoverageRules.MonthStart(f) : lastMonth;
    }
}
