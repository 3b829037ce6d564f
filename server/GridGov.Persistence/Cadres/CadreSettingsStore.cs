using GridGov.Domain.Cadres;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Persistence.Cadres;

/// <summary>The county's cadre settings as every reader sees them: the stored row, or the defaults.</summary>
public static class CadreSettingsStore
{
    /// <summary>The county of an area code or code prefix (its first six digits).</summary>
    public static string CountyOf(string codeOrPrefix) => codeOrPrefix[..Math.Min(6, codeOrPrefix.Length)].PadRight(12, '0');

    public static async Task<int> RequiredDaysAsync(GridGovDbContext db, string codeOrPrefix, CancellationToken ct)
    {
        var county = CountyOf(codeOrPrefix);
        return await db.CadreSettings.AsNoTracking().Where(s => s.CountyCode == county).Select(s => (int?)s.RequiredDaysPerMonth)
            .FirstOrDefaultAsync(ct) ?? CadreSettings.DefaultRequiredDays;
    }
}
