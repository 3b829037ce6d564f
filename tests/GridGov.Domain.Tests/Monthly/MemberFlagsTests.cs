using GridGov.Domain.Monthly;

namespace GridGov.Domain.Tests.Monthly;

public class MemberFlagsTests
{
    private static readonly DateOnly July = new(2026, 7, 1);
    private static DeclarationFact D(int month, int day, DeclarationCategory c, long h = 1, DeclarationStatus s = DeclarationStatus.Approved) =>
        new(h, new DateOnly(2026, month, 1), new DateOnly(2026, month, day), c, s);

    [Fact]
    public void Only_one_category_for_three_months()
    {
        var ds = new[] { D(5, 3, DeclarationCategory.Visit), D(6, 3, DeclarationCategory.Visit), D(7, 3, DeclarationCategory.Visit) };
        Assert.Contains(MemberFlag.OneCategoryThreeMonths, MemberFlags.Evaluate(July, new DateOnly(2026, 7, 31), 1, 1, 8, ds));
        var mixed = ds.Append(D(6, 9, DeclarationCategory.Policy)).ToList();
        Assert.DoesNotContain(MemberFlag.OneCategoryThreeMonths, MemberFlags.Evaluate(July, new DateOnly(2026, 7, 31), 1, 1, 8, mixed));
    }

    [Fact]
    public void A_mediation_case_without_follow_up_within_30_days()
    {
        var ds = new[] { D(5, 10, DeclarationCategory.Mediation, h: 7), D(7, 3, DeclarationCategory.Visit, h: 1) };
        Assert.Contains(MemberFlag.MediationWithoutFollowUp, MemberFlags.Evaluate(July, new DateOnly(2026, 7, 31), 2, 1, 8, ds));
        var followed = ds.Append(D(5, 28, DeclarationCategory.Visit, h: 7)).ToList();
        Assert.DoesNotContain(MemberFlag.MediationWithoutFollowUp, MemberFlags.Evaluate(July, new DateOnly(2026, 7, 31), 2, 1, 8, followed));
        // A case from last week is not judged yet.
        var recent = new[] { D(7, 25, DeclarationCategory.Mediation, h: 7) };
        Assert.DoesNotContain(MemberFlag.MediationWithoutFollowUp, MemberFlags.Evaluate(July, new DateOnly(2026, 7, 31), 1, 1, 8, recent));
    }

    [Fact]
    public void No_declaration_uncontacted_over_capacity_and_returned()
    {
        var flags = MemberFlags.Evaluate(July, new DateOnly(2026, 7, 31), 9, 0, 8, []);
        Assert.Equal([MemberFlag.NoDeclaration, MemberFlag.UncontactedHouseholds, MemberFlag.OverCapacity], flags);
        var returned = MemberFlags.Evaluate(July, new DateOnly(2026, 7, 31), 1, 1, 8, [D(7, 2, DeclarationCategory.Policy, s: DeclarationStatus.Returned)]);
        Assert.Equal([MemberFlag.ReturnedDeclarations], returned);
    }
}
