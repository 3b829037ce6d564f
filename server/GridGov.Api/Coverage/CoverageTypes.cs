using GraphQL;
using GraphQL.Types;
using GridGov.Api.Infrastructure;
using GridGov.Api.Members;
using GridGov.Api.Resources;
using GridGov.Domain.Access;
using GridGov.Domain.Areas;
using GridGov.Domain.Coverage;
using GridGov.Domain.Geo;
using GridGov.Persistence.Sql;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace GridGov.Api.Coverage;

/// <summary>The `month` argument: "2026-07" (China time); default the running month; a future month is refused.</summary>
public static class MonthArgument
{
    public static DateOnly Get(IResolveFieldContext ctx, DateTimeOffset now, string name = "month")
    {
        var s = ctx.GetArgument<string?>(name);
        if (s is null) return CoverageRules.CurrentMonth(now);
        if (!CoverageRules.TryParseMonth(s, out var m) || m.Year < 2000 || m.Year > 2100)
            throw GridGovError.Invalid(Messages.MonthInvalid(s));
        if (CoverageRules.IsFuture(m, now)) throw GridGovError.Invalid(Messages.MonthInFuture(Format(m)));
        return m;
    }

    public static string Format(DateOnly month) => month.ToString("yyyy-MM");
}

public sealed class CoverageLevelEnum : EnumerationGraphType<CoverageLevel>
{
    public CoverageLevelEnum() { Name = "CoverageLevel"; }
}

internal static class GeoFieldExtensions
{
    public static void AddCrsGeometry<T>(this ObjectGraphType<T> t, string name, Func<T, Geometry?> get, string description) =>
        t.Field<GeoJsonGraphType>(name).Description(description + " GeoJSON in the requested CRS (default EPSG_4326).")
            .Argument<CrsEnumType>("crs", a => a.DefaultValue = Crs.Epsg4326)
            .Resolve(ctx => get(ctx.Source) is { } g ? GeoJson.Write(g, ctx.GetArgument("crs", Crs.Epsg4326)) : null);

    public static Point Pt(double x, double y) => CoordinateConverter.StorageFactory.CreatePoint(new Coordinate(x, y));

    public static QueryArguments FirstArgs() => new(new QueryArgument<IntGraphType> { Name = "first", Description = "At most this many items (default 100, at most 1000)." });

    public static int First(IResolveFieldContext ctx)
    {
        var n = ctx.GetArgument<int?>("first") ?? 100;
        if (n is < 0 or > 1000) throw GridGovError.Invalid(Messages.FirstOutOfRange(1000));
        return n;
    }
}

/// <summary>A count and the first items behind it.</summary>
public sealed record ItemList<T>(int Count, IReadOnlyList<T> All);

public abstract class ItemListType<TItem, TItemType> : ObjectGraphType<ItemList<TItem>> where TItemType : IGraphType
{
    protected ItemListType(string name, string description)
    {
        Name = name;
        Description = description;
        Field<NonNullGraphType<IntGraphType>>("count").Resolve(ctx => ctx.Source.Count);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TItemType>>>>("items")
            .Arguments(GeoFieldExtensions.FirstArgs())
            .Resolve(ctx => ctx.Source.All.Take(GeoFieldExtensions.First(ctx)).ToList());
    }
}

public sealed class HouseholdPointType : ObjectGraphType<HouseholdPointItem>
{
    public HouseholdPointType()
    {
        Name = "CoverageHousehold";
        Field<NonNullGraphType<IdGraphType>>("householdId").Resolve(c => c.Source.HouseholdId);
        this.AddCrsGeometry("geometry", h => GeoFieldExtensions.Pt(h.X, h.Y), "The house.");
    }
}

public sealed class HouseholdsOutsideCellsType() : ItemListType<HouseholdPointItem, HouseholdPointType>(
    "HouseholdsOutsideCells", "Households whose house lies in no cell.");

public sealed class CellRefType : ObjectGraphType<long>
{
    public CellRefType()
    {
        Name = "CoverageCellRef";
        Field<NonNullGraphType<IdGraphType>>("cellId").Resolve(c => c.Source);
    }
}

public sealed class CellsWithoutLeaderType() : ItemListType<long, CellRefType>("CellsWithoutLeader", "Cells without a cell leader (网格长).");

public sealed class FarLinkItemType : ObjectGraphType<FarLinkItem>
{
    public FarLinkItemType()
    {
        Name = "FarLink";
        Field<NonNullGraphType<IdGraphType>>("linkId").Resolve(c => c.Source.LinkId);
        Field<NonNullGraphType<IdGraphType>>("memberId").Resolve(c => c.Source.MemberId);
        Field<NonNullGraphType<IdGraphType>>("householdId").Resolve(c => c.Source.HouseholdId);
        Field<IdGraphType>("cellId").Resolve(c => c.Source.CellId);
        Field<NonNullGraphType<FloatGraphType>>("distanceMeters").Description("Member home → house, metres in EPSG:4545.").Resolve(c => c.Source.DistanceMeters);
        this.AddCrsGeometry("geometry", f => CoordinateConverter.StorageFactory.CreateLineString(
            [new Coordinate(f.MemberX, f.MemberY), new Coordinate(f.HouseX, f.HouseY)]), "The line from the member's home to the house.");
    }
}

public sealed class FarLinksType() : ItemListType<FarLinkItem, FarLinkItemType>("FarLinks", "Links longer than the distance limit, longest first, with their lines.");

public sealed class OverloadedMemberType : ObjectGraphType<OverloadedMemberItem>
{
    public OverloadedMemberType()
    {
        Name = "OverloadedMember";
        Field<NonNullGraphType<IdGraphType>>("memberId").Resolve(c => c.Source.MemberId);
        Field<NonNullGraphType<IntGraphType>>("linked").Resolve(c => c.Source.Linked);
        Field<NonNullGraphType<IntGraphType>>("capacity").Resolve(c => c.Source.Capacity);
        Field<PartyMemberType>("member").Description("The member (name, home for a map), batch-loaded; null if outside your area.")
            .Resolve(c => MemberLoaders.Member(c, c.Source.MemberId));
    }
}

public sealed class OverloadedMembersType() : ItemListType<OverloadedMemberItem, OverloadedMemberType>("OverloadedMembers", "Members with more linked households than their capacity, the most overloaded first.");

public sealed class StaleHouseholdType : ObjectGraphType<StaleHouseholdItem>
{
    public StaleHouseholdType()
    {
        Name = "StaleVulnerableHousehold";
        Field<NonNullGraphType<IdGraphType>>("householdId").Resolve(c => c.Source.HouseholdId);
        // The figures keep the stored text ("monitored"); the API answers the enum like every other povertyStatus.
        Field<NonNullGraphType<GridGov.Api.Households.PovertyStatusEnum>>("povertyStatus").Description("POOR or MONITORED.")
            .Resolve(c => Enum.Parse<GridGov.Domain.Households.PovertyStatus>(c.Source.PovertyStatus.Replace("_", ""), ignoreCase: true));
        Field<DateOnlyGraphType>("lastContact").Description("Date of the last submitted or approved declaration; null if never.").Resolve(c => c.Source.LastContact);
        this.AddCrsGeometry("geometry", h => GeoFieldExtensions.Pt(h.X, h.Y), "The house.");
    }
}

public sealed class StaleHouseholdsType() : ItemListType<StaleHouseholdItem, StaleHouseholdType>("StaleVulnerableHouseholds", "Poor or monitored households without contact for 30+ days.");

public sealed class MemberItemType : ObjectGraphType<MemberItem>
{
    public MemberItemType()
    {
        Name = "MemberWithoutDeclaration";
        Field<NonNullGraphType<IdGraphType>>("memberId").Resolve(c => c.Source.MemberId);
        Field<NonNullGraphType<IntGraphType>>("linked").Resolve(c => c.Source.Linked);
    }
}

public sealed class MembersWithoutDeclarationType() : ItemListType<MemberItem, MemberItemType>("MembersWithoutDeclaration", "Members with linked households and no declaration this month.");

public sealed class CoverageType : ObjectGraphType<CoverageNode>
{
    public CoverageType()
    {
        Name = "Coverage";
        Description = "Coverage of an area (county, township, village) or a cell as of a month: 全覆盖 / 零距离 figures.";
        Field<NonNullGraphType<StringGraphType>>("areaCode").Description("The area's code; for a cell, its village's code.").Resolve(c => c.Source.AreaCode);
        Field<NonNullGraphType<CoverageLevelEnum>>("level").Resolve(c => c.Source.Level);
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(c => c.Source.Name);
        Field<IdGraphType>("cellId").Description("Set on a cell's coverage.").Resolve(c => c.Source.CellId);
        Field<NonNullGraphType<StringGraphType>>("month").Description("YYYY-MM.").Resolve(c => MonthArgument.Format(c.Source.Set.Month));
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("asOf").Description("The instant the link history was read at: the month's end, or now for the running month.")
            .Resolve(c => c.Source.Set.AsOf);
        Field<NonNullGraphType<IntGraphType>>("households").Resolve(c => c.Source.Figures.Households);
        Field<NonNullGraphType<IntGraphType>>("linkedHouseholds").Resolve(c => c.Source.Figures.LinkedHouseholds);
        Field<NonNullGraphType<IntGraphType>>("contactedHouseholds").Description("With a submitted or approved declaration this month.")
            .Resolve(c => c.Source.Figures.ContactedHouseholds);
        Field<NonNullGraphType<FloatGraphType>>("linkedShare").Description("0–1; 1 where there are no households.").Resolve(c => Math.Round(c.Source.Figures.LinkedShare, 4));
        Field<NonNullGraphType<FloatGraphType>>("contactedShare").Resolve(c => Math.Round(c.Source.Figures.ContactedShare, 4));
        Field<NonNullGraphType<FloatGraphType>>("uncoveredAreaM2").Description("Village area inside no cell, m² (EPSG:4545); 0 for a cell.")
            .Resolve(c => c.Source.Level == CoverageLevel.Cell ? 0 : c.Source.Figures.UncoveredAreaM2);
        Field<GeoJsonGraphType>("uncoveredArea").Description("The village area inside no cell, as GeoJSON in the requested CRS (null if none).")
            .Argument<CrsEnumType>("crs", a => a.DefaultValue = Crs.Epsg4326)
            .ResolveAsync(async ctx =>
            {
                var n = ctx.Source;
                if (n.Level == CoverageLevel.Cell || n.Figures.UncoveredAreaM2 <= 0) return null;
                var codes = n.Villages.Where(v => v.Figures.UncoveredAreaM2 > 0).Select(v => v.VillageCode).ToList();
                var parts = await ctx.Service<CoverageStore>().UncoveredAsync(codes, n.Set.Month, ctx.CancellationToken);
                if (parts.Count == 0) return null;
                var polys = parts.Values.SelectMany(g => Enumerable.Range(0, g.NumGeometries).Select(g.GetGeometryN)).OfType<Polygon>().ToArray();
                Geometry all = polys.Length == 1 ? polys[0] : CoordinateConverter.StorageFactory.CreateMultiPolygon(polys);
                return GeoJson.Write(all, ctx.GetArgument("crs", Crs.Epsg4326));
            });
        Field<NonNullGraphType<HouseholdsOutsideCellsType>>("householdsOutsideCells")
            .Resolve(c => List(c.Source.Level == CoverageLevel.Cell ? [] : c.Source.Items(v => v.HouseholdsOutsideCells, _ => null),
                c.Source.Level == CoverageLevel.Cell ? 0 : c.Source.Figures.HouseholdsOutsideCells));
        Field<NonNullGraphType<CellsWithoutLeaderType>>("cellsWithoutLeader")
            .Resolve(c => List(c.Source.Items(v => v.CellsWithoutLeader, id => id), c.Source.Figures.CellsWithoutLeader));
        Field<NonNullGraphType<FarLinksType>>("farLinks")
            .Resolve(c => List(c.Source.Items(v => v.FarLinks, f => f.CellId).OrderByDescending(f => f.DistanceMeters), c.Source.Figures.FarLinks));
        Field<NonNullGraphType<OverloadedMembersType>>("overloadedMembers")
            // Most overloaded first (stable: then by village and member), so a capped list is the worst cases, not the lowest codes.
            .Resolve(c => List(c.Source.Items(v => v.OverloadedMembers, m => m.CellId).OrderByDescending(m => m.Linked - m.Capacity), c.Source.Figures.OverloadedMembers));
        Field<NonNullGraphType<StaleHouseholdsType>>("staleVulnerableHouseholds")
            .Resolve(c => List(c.Source.Items(v => v.StaleVulnerableHouseholds, h => h.CellId), c.Source.Figures.StaleVulnerableHouseholds));
        Field<NonNullGraphType<MembersWithoutDeclarationType>>("membersWithoutDeclaration")
            .Resolve(c => List(c.Source.Items(v => v.MembersWithoutDeclaration, m => m.CellId), c.Source.Figures.MembersWithoutDeclaration));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CoverageType>>>>("children")
            .Description("Townships of a county, villages of a township, cells of a village (same figures, for colouring a map).")
            .Resolve(ctx =>
            {
                var caller = ctx.Caller();
                return ctx.Source.Children(caller.Covers);
            });
        Field<GeoJsonGraphType>("geometry").Description("The area's boundary or the cell's polygon, GeoJSON in the requested CRS.")
            .Argument<CrsEnumType>("crs", a => a.DefaultValue = Crs.Epsg4326)
            .ResolveAsync(async ctx =>
            {
                var crs = ctx.GetArgument("crs", Crs.Epsg4326);
                var n = ctx.Source;
                if (n.CellId is { } id)
                {
                    var g = await ctx.Loaders().Get<long, Geometry>("coverageCellGeometry", async (ids, ct) =>
                    {
                        await using var db = await ctx.DbAsync();
                        return await db.GridCells.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => (Geometry)c.Geometry, ct);
                    }).Load(id).GetResultAsync(ctx.CancellationToken);
                    return g is null ? null : GeoJson.Write(g, crs);
                }
                var b = await ctx.Loaders().Get<string, Geometry>("coverageAreaGeometry", async (codes, ct) =>
                {
                    await using var db = await ctx.DbAsync();
                    return await db.Areas.AsNoTracking().Where(a => codes.Contains(a.Code) && a.Boundary != null)
                        .ToDictionaryAsync(a => a.Code, a => (Geometry)a.Boundary!, ct);
                }).Load(n.AreaCode).GetResultAsync(ctx.CancellationToken);
                return b is null ? null : GeoJson.Write(b, crs);
            });
    }

    /// <summary>Items and the count that may exceed them (a cell's count is of its own items).</summary>
    private static ItemList<T> List<T>(IEnumerable<T> items, int count) => new(count, items.ToList());
}

public sealed class CoverageQueries : IQueryFields
{
    public void Add(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<CoverageType>>("coverage")
            .Description("Coverage of the county, a township, a village (or one of its cells with cellId) as of a month, with its children.")
            .Argument<NonNullGraphType<StringGraphType>>("areaCode", "12-digit code of a county, township or village.")
            .Argument<StringGraphType>("month", "YYYY-MM (China time); default the running month.")
            .Argument<IdGraphType>("cellId", "A cell of the village given in areaCode: that cell's coverage.")
            .ResolveAsync(async ctx =>
            {
                var caller = ctx.Caller();
                caller.RequireRead();
                if (caller.Role == Role.PartyMember)
                    throw GridGovError.Forbidden(Messages.CoverageForMembersHidden);
                var code = ctx.GetArgument<string>("areaCode");
                if (!Area.IsValidCode(code))
                    throw GridGovError.Invalid(Messages.AreaCodeNotTwelveDigits(code));
                var service = ctx.Service<CoverageService>();
                var month = MonthArgument.Get(ctx, service.Now);
                await using (var db = await ctx.DbAsync())
                    if (!await db.Areas.AnyAsync(a => a.Code == code, ctx.CancellationToken)) throw GridGovError.NotFound("area", code);
                if (!caller.Covers(code)) throw GridGovError.OutsideArea(code);
                var set = await service.LoadAsync(code, month, ctx.CancellationToken);
                var node = CoverageNode.ForArea(set, set.Areas[code]);
                if (ctx.GetArgument<long?>("cellId") is { } cellId)
                {
                    if (node.Level != CoverageLevel.Village)
                        throw GridGovError.Invalid(Messages.CellIdNeedsVillage);
                    var cell = node.Villages[0].Cells.FirstOrDefault(c => c.CellId == cellId)
                        ?? throw GridGovError.NotFound("cell", cellId.ToString());
                    return CoverageNode.ForCell(set, node.Villages[0], cell);
                }
                return node;
            });
    }
}
