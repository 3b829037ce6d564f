using GridGov.Domain.Areas;
using GridGov.Domain.Assessment;
using GridGov.Persistence.Ranking;
using GridGov.Persistence.Sql;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Persistence.Assessment;

/// <summary>考核定档: keeps a quarter's township and cadre rankings as they stand, in the caller's transaction.</summary>
public static class QuarterClosing
{
    public static Task<bool> IsClosedAsync(GridGovDbContext db, string countyCode, DateOnly quarter, CancellationToken ct) =>
        db.ClosedQuarters.AnyAsync(q => q.CountyCode == countyCode && q.Quarter == quarter, ct);

    public static async Task<ClosedQuarter> CloseAsync(GridGovDbContext db, CoverageStore store, string countyCode, DateOnly quarter,
        string closedBy, DateTimeOffset now, CancellationToken ct)
    {
        var townships = await RankingQuery.LoadAsync(db, store, countyCode, AreaLevel.Township, quarter, now, ct);
        var cadres = await CadreRankingQuery.LoadAsync(db, store, countyCode, quarter, now, ct);
        var closed = new ClosedQuarter { CountyCode = countyCode, Quarter = quarter, ClosedBy = closedBy, ClosedAt = now };
        db.ClosedQuarters.Add(closed);
        db.TownshipQuarterResults.AddRange(townships.Select(t => new TownshipQuarterResult
        {
            CountyCode = countyCode, Quarter = quarter, TownshipCode = t.Score.AreaCode, Rank = t.Score.Rank, Score = t.Score.Score, Poor = t.Score.Bottom,
        }));
        db.CadreQuarterResults.AddRange(cadres.Select(c => new CadreQuarterResult
        {
            CountyCode = countyCode, Quarter = quarter, CadreId = c.Score.CadreId, Rank = c.Score.Rank, Score = c.Score.Score, Grade = c.Score.Grade,
        }));
        await db.SaveChangesAsync(ct);
        return closed;
    }
}
