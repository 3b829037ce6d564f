using System.Globalization;
using GridGov.Domain.Access;
using GridGov.Domain.Areas;
using GridGov.Domain.Cadres;
using GridGov.Domain.Coverage;
using GridGov.Domain.Members;
using GridGov.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Api.Cadres;

/// <summary>
/// `user create --role cadre`: a 第一书记 / 驻村干部 / 包村干部 with a login. Either a new cadre (the person's --name, --kind,
/// --rank, the 驻村 village as --area, --from the first day, default today) or an account for a cadre already on
/// the roster (--cadre ID). Argument errors throw <see cref="ArgumentException"/>, which the admin command prints.
/// </summary>
public static class CadreAccounts
{
    public static async Task<Cadre> CadreForAccountAsync(GridGovDbContext db, IReadOnlyDictionary<string, string> opts, string area, DateTimeOffset now)
    {
        var village = await db.Areas.AsNoTracking().FirstOrDefaultAsync(a => a.Code == area)
            ?? throw new ArgumentException($"--area {area}: no such area code");
        if (village.Level != AreaLevel.Village)
            throw new ArgumentException($"--area {area}: a cadre's area is the village they serve (驻村), a 12-digit village code");
        if (opts.TryGetValue("cadre", out var idText))
        {
            if (!long.TryParse(idText, out var id) || await db.Cadres.FirstOrDefaultAsync(c => c.Id == id) is not { } known)
                throw new ArgumentException($"--cadre {idText}: no such cadre");
            var served = await Persistence.Cadres.CadreVillages.AtAsync(db, id, now, default);
            if (!served.Contains(area)) throw new ArgumentException($"--cadre {id} serves village {string.Join(", ", served.DefaultIfEmpty("(none today)"))}, not {area}");
            if (await db.Users.AnyAsync(u => u.CadreId == id)) throw new ArgumentException($"--cadre {id} already has an account");
            if (opts.TryGetValue("rank", out var r)) known.Rank = Rank(r);
            return known;
        }
        var name = opts.GetValueOrDefault("name")?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > Person.MaxNameLength)
            throw new ArgumentException($"--name is required for a new cadre (the person's name, at most {Person.MaxNameLength} characters)");
        var kind = CadreKinds.Parse(opts.GetValueOrDefault("kind"))
            ?? throw new ArgumentException($"--kind {opts.GetValueOrDefault("kind")}: give one of {CadreKinds.Choices}");
        var from = CoverageRules.DateOf(now);
        if (opts.TryGetValue("from", out var f) && !DateOnly.TryParseExact(f, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out from))
            throw new ArgumentException($"--from {f}: a date as YYYY-MM-DD");
        var person = new Person { Name = name, Source = DataSource.Entered };
        db.People.Add(person);
        await db.SaveChangesAsync();
        var cadre = Cadre.PostedTo(person.Id, kind, Rank(opts.GetValueOrDefault("rank")), area, from, null);
        db.Cadres.Add(cadre);
        await db.SaveChangesAsync();
        return cadre;
    }

    private static CadreRank Rank(string? text) => CadreRanks.Parse(text)
        ?? throw new ArgumentException($"--rank {text}: give one of {CadreRanks.Choices}");
}
