using GridGov.Domain.Coverage;
using GridGov.Domain.Households;
using GridGov.Domain.Links;
using GridGov.Domain.Members;
using GridGov.Domain.Monthly;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Persistence.Monthly;

/// <summary>A village's (or one member's) month: links as of the month, declarations of the last three months, ratings.</summary>
public sealed class MemberFacts
{
    public required List<PartyMember> Members { get; init; }
    public required Dictionary<long, List<long>> LinksByMember { get; init; }
    public required List<Declaration> Declarations { get; init; }
    public required HashSet<long> ContactedHouseholds { get; init; }
    public required Dictionary<long, Rating> Ratings { get; init; }

    /// <summary>Null when not rated (the dictionary's default would read as EXCELLENT).</summary>
    public Rating? RatingOf(long memberId) => Ratings.TryGetValue(memberId, out var r) ? r : null;

    public List<long> Linked(long memberId) => LinksByMember.GetValueOrDefault(memberId) ?? [];
    public int Contacted(long memberId) => Linked(memberId).Count(ContactedHouseholds.Contains);

    public static async Task<MemberFacts> LoadAsync(GridGovDbContext db, string villageCode, long? memberId, DateOnly month,
        DateTimeOffset now, CancellationToken ct)
    {
        var asOf = CoverageRules.AsOf(month, now);
        var members = await db.PartyMembers.AsNoTracking().Include(m => m.Person)
            .Where(m => m.VillageCode == villageCode && (memberId == null || m.Id == memberId))
            .OrderBy(m => m.Id).ToListAsync(ct);
        var ids = members.Select(m => m.Id).ToList();
        // The same as-of rule as coverage: the link in force at the month's end (or now), to a household that exists then.
        var active = db.Households.Where(Household.ActiveAt(asOf));
        var links = await db.Links.AsNoTracking()
            .Where(Link.InForceAt(asOf))
            .Where(l => ids.Contains(l.MemberId) && active.Any(h => h.Id == l.HouseholdId))
            .Select(l => new { l.MemberId, l.HouseholdId }).ToListAsync(ct);
        var from = month.AddMonths(-2);
        var declarations = await db.Declarations.AsNoTracking()
            .Where(d => ids.Contains(d.MemberId) && d.Month >= from && d.Month <= month).ToListAsync(ct);
        var linkedIds = links.Select(l => l.HouseholdId).ToList();
        var contacted = await db.Declarations.AsNoTracking()
            .Where(d => linkedIds.Contains(d.HouseholdId) && d.Month == month && CoverageRules.ContactStatuses.Contains(d.Status))
            .Select(d => d.HouseholdId).Distinct().ToListAsync(ct);
        var ratings = await db.MemberRatings.AsNoTracking().Where(r => ids.Contains(r.MemberId) && r.Month == month)
            .ToDictionaryAsync(r => r.MemberId, r => r.Rating, ct);
        return new MemberFacts
        {
            Members = members,
            LinksByMember = links.GroupBy(l => l.MemberId).ToDictionary(g => g.Key, g => g.Select(l => l.HouseholdId).OrderBy(x => x).ToList()),
            Declarations = declarations,
            ContactedHouseholds = contacted.ToHashSet(),
            Ratings = ratings,
        };
    }

    public static List<CategoryCount> ByCategory(IEnumerable<Declaration> ds)
    {
        var list = ds.ToList();
        return Enum.GetValues<DeclarationCategory>().Select(c => new CategoryCount(c,
            list.Count(d => d.Category == c && d.Status == DeclarationStatus.Submitted),
            list.Count(d => d.Category == c && d.Status == DeclarationStatus.Approved),
            list.Count(d => d.Category == c && d.Status == DeclarationStatus.Returned))).ToList();
    }
}
