using System.Security.Cryptography;
using System.Text;
using GridGov.Domain.Areas;
using GridGov.Domain.Geo;
using GridGov.Domain.Households;
using GridGov.Domain.Pairing;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Persistence.Pairing;

/// <summary>One village's pairing problem as stored; ids are database ids as strings.</summary>
/// <param name="InForce">Every pairing in force in the village, also of cadres who left it or households no longer poor.</param>
public sealed record VillagePairingData(string VillageCode, PairingInstance Instance, IReadOnlyList<CadreHousehold> InForce);

public static class PairingLoader
{
    public static DateOnly ChinaToday => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    /// <summary>The county's stored settings (pairing_settings), else 「64321」 and the default weights.</summary>
    public static async Task<PairingSettings> CountySettingsAsync(GridGovDbContext db, string areaCode, CancellationToken ct)
    {
        var county = Area.CountyCodeOf(areaCode);
        var row = await db.PairingSettings.AsNoTracking().FirstOrDefaultAsync(s => s.CountyCode == county, ct);
        return row?.ToSettings() ?? PairingSettings.Default;
    }

    /// <summary>
    /// Every village of the area with its cadres serving today, its existing poor, lifted-out and monitored households
    /// (houses in EPSG:4545 metres) and its pairings in force; plus a fingerprint of all that, for staleness.
    /// </summary>
    public static async Task<(IReadOnlyList<VillagePairingData> Villages, string Fingerprint)> LoadAsync(
        GridGovDbContext db, string areaCode, PairingSettings settings, CancellationToken ct)
    {
        var prefix = AreaScope.PrefixOf(areaCode);
        var today = ChinaToday;
        // A cadre serving several villages today takes part in the first of them (code order) only, so its rank quota is
        // counted once; pairing by hand accepts any village it serves.
        var cadres = (await (from p in db.CadrePostings.AsNoTracking().Where(Domain.Cadres.CadrePostings.InForceOn(today))
                             join c in db.Cadres on p.CadreId equals c.Id
                             where p.VillageCode.StartsWith(prefix)
                             select new { c.Id, p.VillageCode, c.Rank }).ToListAsync(ct))
            .GroupBy(c => c.Id).Select(g => g.OrderBy(c => c.VillageCode, StringComparer.Ordinal).First()).OrderBy(c => c.Id).ToList();
        var households = await db.Households.AsNoTracking().Where(Household.ActiveAt(DateTimeOffset.UtcNow))
            .Where(h => h.VillageCode.StartsWith(prefix) && h.PovertyStatus != PovertyStatus.None)
            .OrderBy(h => h.Id).Select(h => new { h.Id, h.VillageCode, h.Location, h.PovertyStatus }).ToListAsync(ct);
        var inForce = await db.CadrePairings.AsNoTracking().Where(p => p.VillageCode.StartsWith(prefix) && p.ValidTo == null)
            .OrderBy(p => p.Id).Select(p => new { p.Id, p.CadreId, p.HouseholdId, p.VillageCode }).ToListAsync(ct);

        var villages = cadres.Select(c => c.VillageCode).Concat(households.Select(h => h.VillageCode)).Concat(inForce.Select(p => p.VillageCode))
            .Distinct().Order(StringComparer.Ordinal).Select(v => new VillagePairingData(v, new PairingInstance
            {
                Settings = settings,
                Cadres = [.. cadres.Where(c => c.VillageCode == v).Select(c => new PairingCadre(c.Id.ToString(), c.Rank))],
                Households = [.. households.Where(h => h.VillageCode == v).Select(h =>
                {
                    var (x, y) = GaussKruger.Project(h.Location.X, h.Location.Y);
                    return new PairingHousehold(h.Id.ToString(), x, y, h.PovertyStatus);
                })],
                Current = [.. inForce.Where(p => p.VillageCode == v).Select(p => new CadreHousehold(p.CadreId.ToString(), p.HouseholdId.ToString()))],
            }, [.. inForce.Where(p => p.VillageCode == v).Select(p => new CadreHousehold(p.CadreId.ToString(), p.HouseholdId.ToString()))])).ToList();

        var f = new StringBuilder();
        foreach (var c in cadres) f.Append($"C{c.Id}:{c.VillageCode}:{c.Rank};");
        foreach (var h in households) f.Append($"H{h.Id}:{h.VillageCode}:{h.PovertyStatus};");
        foreach (var p in inForce) f.Append($"P{p.Id}:{p.CadreId}:{p.HouseholdId};");
        return (villages, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(f.ToString()))));
    }
}
