using GridGov.Domain.Areas;
using GridGov.Domain.Coverage;
using GridGov.Persistence;
using GridGov.Persistence.Sql;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Api.Coverage;

public enum CoverageLevel { County, Township, Village, Cell }

/// <summary>The villages below an area, with names for the children.</summary>
public sealed record AreaInfo(string Code, AreaLevel Level, string Name, string? ParentCode);

/// <summary>Everything one coverage request needs: the villages' coverage and the area tree above them.</summary>
public sealed class CoverageSet
{
    public required DateOnly Month { get; init; }
    public required DateTimeOffset AsOf { get; init; }
    public required Dictionary<string, VillageCoverage> Villages { get; init; }
    public required Dictionary<string, AreaInfo> Areas { get; init; }
}

/// <summary>One node of the coverage tree: an area (or cell) with its figures and where they came from.</summary>
public sealed class CoverageNode
{
    public required CoverageSet Set { get; init; }
    public required CoverageLevel Level { get; init; }
    public required string AreaCode { get; init; }
    public required string Name { get; init; }
    public long? CellId { get; init; }
    public required CoverageFigures Figures { get; init; }
    /// <summary>The villages this node sums (one for a village or cell).</summary>
    public required IReadOnlyList<VillageCoverage> Villages { get; init; }

    public static CoverageNode ForArea(CoverageSet set, AreaInfo area)
    {
        var prefix = Infrastructure.Caller.PrefixOf(area.Code);
        var villages = set.Villages.Values.Where(v => v.VillageCode.StartsWith(prefix, StringComparison.Ordinal))
            .OrderBy(v => v.VillageCode, StringComparer.Ordinal).ToList();
        return new CoverageNode
        {
            Set = set,
            Level = area.Level switch { AreaLevel.County => CoverageLevel.County, AreaLevel.Township => CoverageLevel.Township, _ => CoverageLevel.Village },
            AreaCode = area.Code,
            Name = area.Name,
            Figures = CoverageFigures.Sum(villages.Select(v => v.Figures)),
            Villages = villages,
        };
    }

    public static CoverageNode ForCell(CoverageSet set, VillageCoverage village, CellItem cell) => new()
    {
        Set = set, Level = CoverageLevel.Cell, AreaCode = village.VillageCode, Name = cell.Name, CellId = cell.CellId,
        Figures = cell.Figures, Villages = [village],
    };

    /// <summary>Townships of a county, villages of a township, cells of a village; a cell has none.</summary>
    public List<CoverageNode> Children(Func<string, bool> visible)
    {
        switch (Level)
        {
            case CoverageLevel.Village:
                return Villages[0].Cells.Select(c => ForCell(Set, Villages[0], c)).ToList();
            case CoverageLevel.Cell:
                return [];
            default:
                return Set.Areas.Values.Where(a => a.ParentCode == AreaCode && visible(a.Code))
                    .OrderBy(a => a.Code, StringComparer.Ordinal).Select(a => ForArea(Set, a)).ToList();
        }
    }

    /// <summary>Items of this node: a cell keeps only those of its cell.</summary>
    public IEnumerable<T> Items<T>(Func<VillageCoverage, IEnumerable<T>> pick, Func<T, long?> cellOf) =>
        Villages.SelectMany(v => pick(v)).Where(i => CellId is null || cellOf(i) == CellId);
}

/// <summary>Loads the coverage set for an area and month (through the per-village cache).</summary>
public sealed class CoverageService(IDbContextFactory<GridGovDbContext> factory, CoverageStore store, TimeProvider clock)
{
    public DateTimeOffset Now => clock.GetUtcNow();

    public async Task<CoverageSet> LoadAsync(string areaCode, DateOnly month, CancellationToken ct)
    {
        var prefix = Infrastructure.Caller.PrefixOf(areaCode);
        await using var db = await factory.CreateDbContextAsync(ct);
        var areas = await db.Areas.AsNoTracking().Where(a => a.Code.StartsWith(prefix) || a.Code == areaCode)
            .Select(a => new AreaInfo(a.Code, a.Level, a.Name, a.ParentCode)).ToListAsync(ct);
        var villages = areas.Where(a => a.Level == AreaLevel.Village).Select(a => a.Code).ToList();
        var rules = await store.RulesAsync(Area.CountyCodeOf(areaCode), ct);
        var now = Now;
        var cov = await store.GetAsync(villages, month, rules, now, ct);
        return new CoverageSet
        {
            Month = month,
            AsOf = CoverageRules.AsOf(month, now),
            Villages = cov,
            Areas = areas.ToDictionary(a => a.Code),
        };
    }
}
