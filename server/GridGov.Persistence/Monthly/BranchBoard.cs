using GridGov.Domain.Members;
using GridGov.Domain.Monthly;

namespace GridGov.Persistence.Monthly;

/// <summary>One member's line of the branch board.</summary>
public sealed record BoardRow(PartyMember Member, int HouseholdsLinked, int HouseholdsContacted, List<CategoryCount> Declarations, Rating? Rating);

/// <summary>支部活动日展示: the public result of a branch's month.</summary>
public sealed record BranchBoard(string VillageCode, DateOnly Month, List<BoardRow> Members)
{
    /// <summary>
    /// The branch board of a village's month. The GraphQL branchBoard field and the board export (API and CLI) all read it
    /// here, so the sheet cannot disagree with the field.
    /// </summary>
    public static async Task<BranchBoard> LoadAsync(GridGovDbContext db, string code, DateOnly month, DateTimeOffset now, CancellationToken ct)
    {
        var facts = await MemberFacts.LoadAsync(db, code, null, month, now, ct);
        var rows = facts.Members.Where(m => m.Status is not (MemberStatus.Left or MemberStatus.Deceased) || facts.Linked(m.Id).Count > 0)
            .Select(m => new BoardRow(m, facts.Linked(m.Id).Count, facts.Contacted(m.Id),
                MemberFacts.ByCategory(facts.Declarations.Where(d => d.MemberId == m.Id && d.Month == month)),
                facts.RatingOf(m.Id)))
            .ToList();
        return new BranchBoard(code, month, rows);
    }
}
