using System.Globalization;
using System.Text.Json;
using GridGov.Domain.Access;
using GridGov.Domain.Areas;
using GridGov.Domain.Cadres;
using GridGov.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Api.Cadres;

/// <summary>
/// `admin cadre post --cadre ID --area VILLAGE [--from D] [--to D]` gives a cadre another village (包村干部 serve several);
/// `admin cadre end --cadre ID --area VILLAGE [--last D]` ends its running posting there (the row stays as history).
/// Argument errors throw <see cref="ArgumentException"/>, which the admin command prints; nothing is changed then.
/// </summary>
public static class CadrePostingCommands
{
    public static async Task<string> RunAsync(GridGovDbContext db, string verb, IReadOnlyDictionary<string, string> opts, DateTimeOffset now)
    {
        var idText = opts.GetValueOrDefault("cadre");
        if (!long.TryParse(idText, out var id)) throw new ArgumentException($"--cadre {idText}: give the cadre's id");
        var cadre = await db.Cadres.Include(c => c.Postings).FirstOrDefaultAsync(c => c.Id == id)
                    ?? throw new ArgumentException($"--cadre {id}: no such cadre");
        var area = opts.GetValueOrDefault("area") ?? throw new ArgumentException("--area VILLAGE is required");
        var village = await db.Areas.AsNoTracking().FirstOrDefaultAsync(a => a.Code == area)
                      ?? throw new ArgumentException($"--area {area}: no such area code");
        if (village.Level != AreaLevel.Village) throw new ArgumentException($"--area {area}: a posting is to a village, a 12-digit village code");
        var today = Domain.Coverage.CoverageRules.DateOf(now);
        var before = Summary(cadre);
        try
        {
            switch (verb)
            {
                case "post":
                    cadre.Post(area, Date(opts, "from") ?? today, Date(opts, "to"));
                    break;
                case "end":
                    var running = cadre.Postings.Where(p => p.VillageCode == area && (p.To is null || p.To >= today)).OrderBy(p => p.From).FirstOrDefault()
                                  ?? throw new ArgumentException($"--cadre {id} has no running posting in {area}");
                    cadre.EndPosting(running, Date(opts, "last") ?? today);
                    break;
                default:
                    throw new ArgumentException("usage: cadre post --cadre ID --area VILLAGE [--from YYYY-MM-DD] [--to YYYY-MM-DD] | cadre end --cadre ID --area VILLAGE [--last YYYY-MM-DD]");
            }
        }
        catch (InvalidOperationException e) { throw new ArgumentException($"--cadre {id}: {e.Message}", e); }
        db.AuditEvents.Add(new AuditEvent
        {
            At = now, Actor = "admin-cli", Action = "cadre." + verb, EntityType = "Cadre", EntityId = id.ToString(CultureInfo.InvariantCulture),
            AreaCode = area, BeforeJson = JsonSerializer.Serialize(before), AfterJson = JsonSerializer.Serialize(Summary(cadre)),
        });
        await db.SaveChangesAsync();
        return $"cadre {id} serves today: {string.Join(", ", cadre.VillagesOn(today).DefaultIfEmpty("(none)"))}";
    }

    private static object Summary(Domain.Members.Cadre c) =>
        c.Postings.OrderBy(p => p.From).ThenBy(p => p.VillageCode).Select(p => new { p.VillageCode, p.From, p.To }).ToList();

    private static DateOnly? Date(IReadOnlyDictionary<string, string> opts, string name)
    {
        if (!opts.TryGetValue(name, out var text)) return null;
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
            : throw new ArgumentException($"--{name} {text}: a date as YYYY-MM-DD");
    }
}
