using GridGov.Domain.Monthly;

namespace GridGov.Domain.Tests.Monthly;

public class DeclarationTests
{
    private static readonly DateTimeOffset Now = new(2026, 7, 20, 9, 0, 0, TimeSpan.FromHours(8));

    private static Declaration D(DeclarationStatus status = DeclarationStatus.Submitted) => new()
    {
        Id = 1, MemberId = 2, HouseholdId = 3, Month = new DateOnly(2026, 7, 1), WorkDate = new DateOnly(2026, 7, 5),
        Category = DeclarationCategory.Visit, Text = "走访", Status = status,
    };

    [Fact]
    public void A_returned_declaration_fixed_is_submitted_again()
    {
        var d = D(DeclarationStatus.Returned);
        Assert.Null(d.Edit(new DeclarationEdit(Text: "补充了走访内容", Category: DeclarationCategory.Policy), Now));
        Assert.Equal(DeclarationStatus.Submitted, d.Status);
        Assert.Equal("补充了走访内容", d.Text);
        Assert.Equal(DeclarationCategory.Policy, d.Category);
        Assert.Equal(Now, d.UpdatedAt);
    }

    [Fact]
    public void An_approved_declaration_refuses_edit_withdrawal_and_photo()
    {
        var d = D(DeclarationStatus.Approved);
        Assert.Equal(DeclarationProblem.Approved, d.Edit(new DeclarationEdit(Text: "改"), Now));
        Assert.Equal("走访", d.Text);
        Assert.Equal(DeclarationProblem.Approved, d.CheckWithdraw());
        Assert.Equal(DeclarationProblem.Approved, d.AttachPhoto(Now));
        Assert.Null(d.PhotoAt);
        Assert.Null(D().CheckWithdraw());
        Assert.Null(D(DeclarationStatus.Returned).CheckWithdraw());
    }

    [Fact]
    public void An_edit_keeps_the_month()
    {
        var d = D();
        Assert.Equal(DeclarationProblem.OtherMonth, d.Edit(new DeclarationEdit(WorkDate: new DateOnly(2026, 6, 30)), Now));
        Assert.Equal(new DateOnly(2026, 7, 5), d.WorkDate);
        Assert.Null(d.Edit(new DeclarationEdit(WorkDate: new DateOnly(2026, 7, 9)), Now));
        Assert.Equal(new DateOnly(2026, 7, 9), d.WorkDate);
    }

    [Fact]
    public void Only_a_submitted_declaration_is_reviewed()
    {
        var d = D();
        Assert.Null(d.Review(ReviewOutcome.Returned, Now));
        Assert.Equal(DeclarationStatus.Returned, d.Status);
        Assert.Equal(DeclarationProblem.NotSubmitted, d.Review(ReviewOutcome.Approved, Now));
        Assert.Equal(DeclarationStatus.Returned, d.Status);
    }

    [Fact]
    public void Same_content_compares_what_the_member_typed()
    {
        var d = D();
        Assert.True(d.SameContent(3, new DateOnly(2026, 7, 5), DeclarationCategory.Visit, "走访"));
        Assert.False(d.SameContent(3, new DateOnly(2026, 7, 5), DeclarationCategory.Visit, "走访了"));
        Assert.False(d.SameContent(4, new DateOnly(2026, 7, 5), DeclarationCategory.Visit, "走访"));
    }
}
