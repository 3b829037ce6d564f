namespace GridGov.Domain.Monthly;

public enum MemberFlag
{
    /// <summary>No declaration this month although the member has linked households.</summary>
    NoDeclaration,
    /// <summary>Some linked households were not contacted this month.</summary>
    UncontactedHouseholds,
    /// <summary>Declared in only one category over the last three months (this one included).</summary>
    OneCategoryThreeMonths,
    /// <summary>A mediation (矛盾化解) case without any follow-up for the same household within 30 days.</summary>
    MediationWithoutFollowUp,
    /// <summary>More linked households than the member's capacity.</summary>
    OverCapacity,
    /// <summary>At least one declaration was returned this month.</summary>
    ReturnedDeclarations,
}

/// <summary>A declaration as the flag rules see it.</summary>
public sealed record DeclarationFact(long HouseholdId, DateOnly Month, DateOnly WorkDate, DeclarationCategory Category, DeclarationStatus Status);

/// <summary>Flags on a member's monthly report; pure, so every rule is testable without a database.</summary>
public static class MemberFlags
{
    public const int FollowUpDays = 30;

    /// <param name="month">The report's month.</param>
    /// <param name="asOfDate">Today for the running month, else the month's last day.</param>
    /// <param name="declarations">The member's declarations of this month and the two before.</param>
    public static List<MemberFlag> Evaluate(DateOnly month, DateOnly asOfDate, int linkedHouseholds, int contactedHouseholds,
        int capacity, IReadOnlyCollection<DeclarationFact> declarations)
    {
        var flags = new List<MemberFlag>();
        var counted = declarations.Where(d => d.Status != DeclarationStatus.Returned).ToList();
        var thisMonth = declarations.Where(d => d.Month == month).ToList();
        if (linkedHouseholds > 0 && thisMonth.Count == 0) flags.Add(MemberFlag.NoDeclaration);
        if (contactedHouseholds < linkedHouseholds) flags.Add(MemberFlag.UncontactedHouseholds);

        var window = counted.Where(d => d.Month >= month.AddMonths(-2) && d.Month <= month).ToList();
        // Three months of declarations, all of one kind: the work is narrower than the policy asks.
        var monthsWithWork = window.Select(d => d.Month).Distinct().Count();
        if (monthsWithWork == 3 && window.Select(d => d.Category).Distinct().Count() == 1) flags.Add(MemberFlag.OneCategoryThreeMonths);

        foreach (var m in window.Where(d => d.Category == DeclarationCategory.Mediation))
        {
            // Only judge a case once its follow-up period is over.
            if (asOfDate.DayNumber - m.WorkDate.DayNumber < FollowUpDays) continue;
            var followed = counted.Any(d => d.HouseholdId == m.HouseholdId && d.WorkDate > m.WorkDate
                                            && d.WorkDate.DayNumber - m.WorkDate.DayNumber <= FollowUpDays);
            if (!followed) { flags.Add(MemberFlag.MediationWithoutFollowUp); break; }
        }
        if (Linking.MemberCapacity.IsOver(linkedHouseholds, capacity)) flags.Add(MemberFlag.OverCapacity);
        if (thisMonth.Any(d => d.Status == DeclarationStatus.Returned)) flags.Add(MemberFlag.ReturnedDeclarations);
        return flags;
    }

    public static (string Zh, string En) Message(MemberFlag f) => f switch
    {
        MemberFlag.NoDeclaration => ("本月没有任何业绩申报", "No declaration this month"),
        MemberFlag.UncontactedHouseholds => ("有联系户本月未联系", "Some linked households were not contacted this month"),
        MemberFlag.OneCategoryThreeMonths => ("连续三个月只申报一类工作", "Only one category declared for three months"),
        MemberFlag.MediationWithoutFollowUp => ("矛盾化解后 30 天内没有回访", "A mediation case with no follow-up within 30 days"),
        MemberFlag.OverCapacity => ("联系户数超过上限", "More linked households than the capacity"),
        MemberFlag.ReturnedDeclarations => ("本月有申报被退回", "A declaration was returned this month"),
        _ => throw new ArgumentOutOfRangeException(nameof(f)),
    };
}
