using GridGov.Domain.Cadres;
using GridGov.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Api.Cadres;

/// <summary>Reads cadres as the roster shows them: person, postings with village names, login.</summary>
public static class CadreRoster
{
    /// <summary>
    /// Cadres with a posting under <paramref name="prefix"/> in force on <paramref name="today"/> (with
    /// <paramref name="includeEnded"/>: any posting there, ever), by kind then name.
    /// </summary>
    public static async Task<List<CadreRosterItem>> UnderAsync(GridGovDbContext db, string prefix, DateOnly today, bool includeEnded, CancellationToken ct)
    {
        var postings = db.CadrePostings.Where(p => p.VillageCode.StartsWith(prefix));
        if (!includeEnded) postings = postings.Where(CadrePostings.InForceOn(today));
        var ids = await postings.Select(p => p.CadreId).Distinct().ToListAsync(ct);
        var rows = await LoadAsync(db, ids, today, ct);
        return [.. rows.OrderBy(r => r.Cadre.Kind).ThenBy(r => r.Person.Name, StringComparer.Ordinal).ThenBy(r => r.Cadre.Id)];
    }

    public static async Task<CadreRosterItem> OneAsync(GridGovDbContext db, long id, DateOnly today, CancellationToken ct) =>
        (await LoadAsync(db, [id], today, ct)).Single();

    private static async Task<List<CadreRosterItem>> LoadAsync(GridGovDbContext db, List<long> ids, DateOnly today, CancellationToken ct)
    {
        var cadres = await db.Cadres.AsNoTracking().Include(c => c.Postings).Where(c => ids.Contains(c.Id)).ToListAsync(ct);
        var personIds = cadres.Select(c => c.PersonId).ToList();
        var people = await db.People.AsNoTracking().Where(p => personIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var logins = await db.Users.AsNoTracking().Where(u => u.CadreId != null && ids.Contains(u.CadreId.Value))
            .Select(u => new { CadreId = u.CadreId!.Value, u.Username, u.Disabled }).ToListAsync(ct);
        var codes = cadres.SelectMany(c => c.Postings).Select(p => p.VillageCode).Distinct().ToList();
        var names = await db.Areas.AsNoTracking().Where(a => codes.Contains(a.Code)).ToDictionaryAsync(a => a.Code, a => a.Name, ct);
        return [.. cadres.Select(c =>
        {
            var login = logins.Where(l => l.CadreId == c.Id).OrderBy(l => l.Username, StringComparer.Ordinal).FirstOrDefault();
            var postings = c.Postings.OrderByDescending(p => p.InForceOn(today)).ThenByDescending(p => p.From).ThenBy(p => p.VillageCode, StringComparer.Ordinal)
                .Select(p => new CadrePostingItem(p.VillageCode, names.GetValueOrDefault(p.VillageCode, p.VillageCode), p.From, p.To, p.InForceOn(today))).ToList();
            return new CadreRosterItem(c, people[c.PersonId], postings, login?.Username, login?.Disabled);
        })];
    }
}
