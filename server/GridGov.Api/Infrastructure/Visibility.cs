using GridGov.Api.Resources;
using GridGov.Domain.Access;
using GridGov.Domain.Cells;
using GridGov.Domain.Households;
using GridGov.Domain.Links;
using GridGov.Domain.Members;
using GridGov.Persistence;

namespace GridGov.Api.Infrastructure;

/// <summary>
/// Row filters per caller: everything inside the caller's area; a party member sees only the
/// households linked to them, the cells they lead or live in, and themselves.
/// </summary>
public static class Visibility
{
    public static void RequireRead(this Caller c)
    {
        if (c.Role == Role.System && !c.Scopes.Overlaps(["read", "read-pii", "write"]))
            throw GridGovError.Forbidden(Messages.KeyWithoutRead);
    }

    /// <summary>
    /// The village-code prefix of an `areaCode` argument (county, township or village) the caller may
    /// read: VALIDATION for a malformed code, FORBIDDEN outside the caller's area.
    /// </summary>
    public static string ReadablePrefix(this Caller c, string areaCode)
    {
        if (!GridGov.Domain.Areas.Area.IsValidCode(areaCode))
            throw GridGovError.Invalid(Messages.AreaCodeNotTwelveDigits(areaCode));
        if (!c.CanRead(areaCode)) throw GridGovError.OutsideArea(areaCode);
        return Caller.PrefixOf(areaCode);
    }

    public static IQueryable<Household> Visible(this IQueryable<Household> q, Caller c, GridGovDbContext db)
    {
        c.RequireRead();
        var (prefix, served) = (c.AreaPrefix, c.ListedVillages);
        q = served is null ? q.Where(h => h.VillageCode.StartsWith(prefix)) : q.Where(h => served.Contains(h.VillageCode));
        if (c.Role == Role.PartyMember)
        {
            var m = c.MemberId;
            q = q.Where(h => db.Links.Any(l => l.HouseholdId == h.Id && l.MemberId == m && l.ValidTo == null)
                             || db.GridCells.Any(g => g.Id == h.CellId && g.LeaderMemberId == m));
        }
        return q;
    }

    public static IQueryable<GridCell> Visible(this IQueryable<GridCell> q, Caller c, GridGovDbContext db)
    {
        c.RequireRead();
        var (prefix, served) = (c.AreaPrefix, c.ListedVillages);
        q = served is null ? q.Where(g => g.VillageCode.StartsWith(prefix)) : q.Where(g => served.Contains(g.VillageCode));
        if (c.Role == Role.PartyMember)
        {
            var m = c.MemberId;
            q = q.Where(g => g.LeaderMemberId == m || db.PartyMembers.Any(p => p.Id == m && g.Geometry.Covers(p.Home)));
        }
        return q;
    }

    public static IQueryable<PartyMember> Visible(this IQueryable<PartyMember> q, Caller c)
    {
        c.RequireRead();
        var (prefix, served) = (c.AreaPrefix, c.ListedVillages);
        q = served is null ? q.Where(p => p.VillageCode.StartsWith(prefix)) : q.Where(p => served.Contains(p.VillageCode));
        if (c.Role == Role.PartyMember) q = q.Where(p => p.Id == c.MemberId);
        return q;
    }

    public static IQueryable<Link> Visible(this IQueryable<Link> q, Caller c, GridGovDbContext db)
    {
        c.RequireRead();
        var (prefix, served) = (c.AreaPrefix, c.ListedVillages);
        q = served is null ? q.Where(l => db.Households.Any(h => h.Id == l.HouseholdId && h.VillageCode.StartsWith(prefix)))
            : q.Where(l => db.Households.Any(h => h.Id == l.HouseholdId && served.Contains(h.VillageCode)));
        if (c.Role == Role.PartyMember) q = q.Where(l => l.MemberId == c.MemberId);
        return q;
    }

    public static IQueryable<Tie> Visible(this IQueryable<Tie> q, Caller c, GridGovDbContext db)
    {
        c.RequireRead();
        var (prefix, served) = (c.AreaPrefix, c.ListedVillages);
        q = served is null ? q.Where(t => db.Households.Any(h => h.Id == t.HouseholdId && h.VillageCode.StartsWith(prefix)))
            : q.Where(t => db.Households.Any(h => h.Id == t.HouseholdId && served.Contains(h.VillageCode)));
        if (c.Role == Role.PartyMember) q = q.Where(t => t.MemberId == c.MemberId);
        return q;
    }
}

public static class SingleObject
{
    /// <summary>
    /// One object by id, if the caller may see it: one query on the usual path; only when it is not
    /// visible, a second one tells NOT_FOUND (no such id) from FORBIDDEN (outside your area).
    /// </summary>
    public static async Task<T> VisibleOrErrorAsync<T>(IQueryable<T> visible, IQueryable<T> all,
        System.Linq.Expressions.Expression<Func<T, bool>> byId, Func<T, string> areaOf, string what, long id, CancellationToken ct)
        where T : class
    {
        var found = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstOrDefaultAsync(visible, byId, ct);
        if (found is not null) return found;
        var hidden = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstOrDefaultAsync(all, byId, ct)
            ?? throw GridGovError.NotFound(what, id.ToString());
        throw GridGovError.OutsideArea(areaOf(hidden));
    }
}
