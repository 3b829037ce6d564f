using System.Linq.Expressions;

namespace GridGov.Domain.Cadres;

/// <summary>
/// 驻村 / 包村: a cadre serving one village from <see cref="From"/> to <see cref="To"/>, both days included (a 包村干部
/// holds several at once, a 第一书记 one). Ending a posting sets <see cref="To"/>; the row stays as history.
/// </summary>
public class CadrePosting
{
    public long Id { get; set; }
    public long CadreId { get; set; }
    public required string VillageCode { get; set; }
    /// <summary>The first China date served.</summary>
    public DateOnly From { get; set; }
    /// <summary>The last China date served; null while the posting runs.</summary>
    public DateOnly? To { get; set; }

    /// <summary>Serving on <paramref name="day"/>: the day a posting ends is still served, the next is not.</summary>
    public bool InForceOn(DateOnly day) => From <= day && (To is null || day <= To);

    /// <summary>Served on at least one day of [<paramref name="first"/>, <paramref name="last"/>].</summary>
    public bool Overlaps(DateOnly first, DateOnly last) => From <= last && (To is null || To >= first);
}

/// <summary>A posting rule a new or moved posting would break (<see cref="Members.Cadre.ConflictOf"/>).</summary>
public enum PostingConflict { None, SameVillage, OneVillageAtATime }

/// <summary>The one rule for "the villages a cadre serves": every reader (geofence, work log, ledgers, pairing, access) asks here.</summary>
public static class CadrePostings
{
    /// <summary>The same rule as <see cref="CadrePosting.InForceOn"/>, for queries.</summary>
    public static Expression<Func<CadrePosting, bool>> InForceOn(DateOnly day) => p => p.From <= day && (p.To == null || day <= p.To);

    /// <summary>The same rule as <see cref="CadrePosting.Overlaps"/>, for queries.</summary>
    public static Expression<Func<CadrePosting, bool>> Overlaps(DateOnly first, DateOnly last) => p => p.From <= last && (p.To == null || p.To >= first);

    /// <summary>The villages served on <paramref name="day"/>, in code order, each once.</summary>
    public static IReadOnlyList<string> VillagesOn(IEnumerable<CadrePosting> postings, DateOnly day) =>
        [.. postings.Where(p => p.InForceOn(day)).Select(p => p.VillageCode).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>The villages served on any day of a period (a month's ledger), in code order.</summary>
    public static IReadOnlyList<string> VillagesDuring(IEnumerable<CadrePosting> postings, DateOnly first, DateOnly last) =>
        [.. postings.Where(p => p.Overlaps(first, last)).Select(p => p.VillageCode).Distinct().Order(StringComparer.Ordinal)];
}
