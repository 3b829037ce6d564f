using GraphQL;
using GraphQL.Types;
using GridGov.Api.Areas;
using GridGov.Api.Infrastructure;
using GridGov.Api.Resources;
using GridGov.Domain.Areas;
using GridGov.Domain.Cells;
using GridGov.Domain.Geo;
using GridGov.Persistence;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace GridGov.Api.Cells;

public sealed class CreateGridCellInputType : InputObjectGraphType
{
    public CreateGridCellInputType()
    {
        Name = "CreateGridCellInput";
        Field<NonNullGraphType<StringGraphType>>("villageCode");
        Field<NonNullGraphType<StringGraphType>>("name");
        Field<NonNullGraphType<GeoJsonGraphType>>("geometry").Description("A Polygon.");
        Field<CrsEnumType>("crs").Description("CRS of the geometry when it names none (default EPSG_4326).");
    }
}

public sealed class UpdateGridCellInputType : InputObjectGraphType
{
    public UpdateGridCellInputType()
    {
        Name = "UpdateGridCellInput";
        Field<NonNullGraphType<IdGraphType>>("id");
        Field<NonNullGraphType<IntGraphType>>("version").Description("The version you read; a stale one is a CONFLICT.");
        Field<StringGraphType>("villageCode").Description("Optional; if given it must be the cell's village.");
        Field<StringGraphType>("name");
        Field<GeoJsonGraphType>("geometry").Description("A Polygon; omit to keep the shape.");
        Field<CrsEnumType>("crs");
    }
}

public sealed class CellNoteType : ObjectGraphType<CellNote>
{
    public CellNoteType()
    {
        Name = "CellNote";
        Description = "What the server adjusted: snapped vertices, clipped slivers, removed tiny overlaps.";
        Field(n => n.Kind);
        Field<NonNullGraphType<StringGraphType>>("message").Description("In Chinese.").Resolve(c => c.Source.MessageZh);
        Field<NonNullGraphType<StringGraphType>>("messageEn").Resolve(c => c.Source.MessageEn);
        Field(n => n.Count, nullable: true);
        Field(n => n.SquareMeters, nullable: true);
        Field<IdGraphType>("cellId").Resolve(c => c.Source.CellId);
    }
}

public sealed record GridCellPayload(GridCell Cell, IReadOnlyList<CellNote> Notes);

public sealed class GridCellPayloadType : ObjectGraphType<GridCellPayload>
{
    public GridCellPayloadType()
    {
        Name = "GridCellPayload";
        Field<NonNullGraphType<GridCellType>>("cell").Resolve(c => c.Source.Cell);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CellNoteType>>>>("notes").Resolve(c => c.Source.Notes);
    }
}

public sealed partial class CellMutations
{
    partial void AddGeometryMutations(ObjectGraphType m)
    {
        m.Field<NonNullGraphType<GridCellPayloadType>>("createGridCell")
            .Description("Draws a new cell. It must be a valid polygon inside the village, not overlapping other cells; " +
                         "vertices within 1 m of a neighbour snap to it; an overlap that is a strip at most 5 m wide along a neighbour's " +
                         "edge is trimmed off (a note says how much). Households inside are attached to it.")
            .Argument<NonNullGraphType<CreateGridCellInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.GetArgument<Dictionary<string, object?>>("input");
                var villageCode = (string)input["villageCode"]!;
                var name = CleanName((string)input["name"]!);
                var geometry = await ReadGeometryAsync(ctx, input);
                return await ctx.InTransactionAsync(async (db, caller) =>
                {
                    var ct = ctx.CancellationToken;
                    var village = await AreaQueries.RequireVillageAsync(db, caller, villageCode, ct);
                    RequireWrite(caller, villageCode);
                    await db.LockVillageAsync(villageCode, ct);
                    return await CreateAsync(db, caller, village, name, geometry, "createGridCell", ct);
                });
            });

        m.Field<NonNullGraphType<GridCellPayloadType>>("updateGridCell")
            .Description("Renames or reshapes a cell; the same rules as createGridCell apply. Pass the version you read.")
            .Argument<NonNullGraphType<UpdateGridCellInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.GetArgument<Dictionary<string, object?>>("input");
                var id = Convert.ToInt64(input["id"]);
                var version = Convert.ToInt32(input["version"]);
                var newName = input.GetValueOrDefault("name") is string n ? CleanName(n) : null;
                var geometry = input.GetValueOrDefault("geometry") is null ? null : await ReadGeometryAsync(ctx, input);
                return await ctx.InTransactionAsync(async (db, caller) =>
                {
                    var ct = ctx.CancellationToken;
                    var cell = await LoadWritableCell(db, caller, id, version, ct);
                    if (input.GetValueOrDefault("villageCode") is string vc && vc != cell.VillageCode)
                        throw GridGovError.Invalid(Messages.CellMovesVillage);
                    await db.LockVillageAsync(cell.VillageCode, ct);
                    if (newName is not null) await RequireFreeName(db, cell.VillageCode, newName, [cell.Id], ct);
                    var before = Snapshot(cell);
                    IReadOnlyList<CellNote> notes = [];
                    if (geometry is not null)
                    {
                        var village = await db.Areas.AsNoTracking().FirstAsync(a => a.Code == cell.VillageCode, ct);
                        var prepared = Prepare(geometry, village, await Siblings(db, cell.VillageCode, cell.Id, ct));
                        cell.Geometry = prepared.Polygon!;
                        notes = prepared.Notes;
                    }
                    if (newName is not null) cell.Name = newName;
                    Touch(cell);
                    await db.SaveChangesAsync(ct);
                    if (geometry is not null) await ReattachHouseholds(db, cell.VillageCode, ct);
                    Audit.Record(db, caller, "updateGridCell", "GridCell", cell.Id, cell.VillageCode, before, Snapshot(cell));
                    return new GridCellPayload(cell, notes);
                });
            });

        m.Field<NonNullGraphType<IdGraphType>>("deleteGridCell")
            .Description("Deletes a cell; its households then lie in no cell. Pass the version you read.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Argument<NonNullGraphType<IntGraphType>>("version")
            .ResolveAsync(async ctx => await ctx.InTransactionAsync(async (db, caller) =>
            {
                var ct = ctx.CancellationToken;
                var cell = await LoadWritableCell(db, caller, ctx.GetArgument<long>("id"), ctx.GetArgument<int>("version"), ct);
                await db.LockVillageAsync(cell.VillageCode, ct);
                Audit.Record(db, caller, "deleteGridCell", "GridCell", cell.Id, cell.VillageCode, Snapshot(cell), null);
                db.GridCells.Remove(cell);
                await db.SaveChangesAsync(ct);
                await ReattachHouseholds(db, cell.VillageCode, ct);
                return (object)cell.Id;
            }));

        m.Field<NonNullGraphType<ListGraphType<NonNullGraphType<GridCellType>>>>("splitGridCell")
            .Description("Cuts a cell in two along a line that crosses it. The larger part keeps the cell (and its leader); the other becomes a new cell.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Argument<NonNullGraphType<IntGraphType>>("version")
            .Argument<NonNullGraphType<GeoJsonGraphType>>("line", "A LineString crossing the cell from edge to edge.")
            .Argument<CrsEnumType>("crs")
            .Argument<StringGraphType>("newName", "Name of the new cell (default: the old name + 二).")
            .ResolveAsync(async ctx =>
            {
                var line = await ctx.Service<SpatialInput>().ToStorageAsync(ctx.GetArgument<GeoInput>("line"), ctx.GetArgument<Crs?>("crs"), ctx.CancellationToken);
                if (line is not LineString ls)
                    throw new GridGovError(ErrorCodes.GeometryInvalid, Messages.SplitLineNotLineString);
                return await ctx.InTransactionAsync(async (db, caller) =>
                {
                    var ct = ctx.CancellationToken;
                    var cell = await LoadWritableCell(db, caller, ctx.GetArgument<long>("id"), ctx.GetArgument<int>("version"), ct);
                    await db.LockVillageAsync(cell.VillageCode, ct);
                    var result = CellGeometryRules.Split(cell.Geometry, ls);
                    if (!result.IsSuccess) throw ToError(result.Error!);
                    var before = Snapshot(cell);
                    cell.Geometry = result.First!;
                    Touch(cell);
                    var newName = ctx.GetArgument<string?>("newName") is { } nn ? CleanName(nn) : cell.Name + "二";
                    await RequireFreeName(db, cell.VillageCode, newName, [], ct);
                    var now = DateTimeOffset.UtcNow;
                    var other = new GridCell
                    {
                        VillageCode = cell.VillageCode, BranchId = cell.BranchId, Name = newName, Geometry = result.Second!,
                        Version = 1, CreatedAt = now, UpdatedAt = now, Source = DataSource.Entered,
                    };
                    db.GridCells.Add(other);
                    await db.SaveChangesAsync(ct);
                    await ReattachHouseholds(db, cell.VillageCode, ct);
                    Audit.Record(db, caller, "splitGridCell", "GridCell", cell.Id, cell.VillageCode, before,
                        new { kept = Snapshot(cell), created = Snapshot(other) });
                    return new List<GridCell> { cell, other };
                });
            });

        m.Field<NonNullGraphType<GridCellType>>("mergeGridCells")
            .Description("Merges neighbouring cells of one village into the first one listed; the others are deleted.")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("ids")
            .Argument<ListGraphType<NonNullGraphType<IntGraphType>>>("versions", "The versions you read, in the order of ids.")
            .Argument<StringGraphType>("name")
            .ResolveAsync(async ctx => await ctx.InTransactionAsync(async (db, caller) =>
            {
                var ct = ctx.CancellationToken;
                var ids = ctx.GetArgument<List<long>>("ids");
                var versions = ctx.GetArgument<List<int>?>("versions");
                if (ids.Count < 2 || ids.Distinct().Count() != ids.Count)
                    throw GridGovError.Invalid(Messages.MergeNeedsTwoCells);
                if (versions is not null && versions.Count != ids.Count)
                    throw GridGovError.Invalid(Messages.MergeVersionsCount);
                var cells = new List<GridCell>();
                for (var i = 0; i < ids.Count; i++)
                    cells.Add(await LoadWritableCell(db, caller, ids[i], versions?[i], ct));
                if (cells.Select(c => c.VillageCode).Distinct().Count() > 1)
                    throw GridGovError.Invalid(Messages.MergeAcrossVillages);
                await db.LockVillageAsync(cells[0].VillageCode, ct);
                var result = CellGeometryRules.Merge(cells.Select(c => c.Geometry).ToList());
                if (!result.IsSuccess) throw ToError(result.Error!);
                var keep = cells[0];
                var before = cells.Select(Snapshot).ToList();
                keep.Geometry = result.Polygon!;
                if (ctx.GetArgument<string?>("name") is { } name)
                {
                    keep.Name = CleanName(name);
                    await RequireFreeName(db, keep.VillageCode, keep.Name, ids, ct);
                }
                keep.LeaderMemberId ??= cells.Skip(1).Select(c => c.LeaderMemberId).FirstOrDefault(l => l is not null);
                Touch(keep);
                db.GridCells.RemoveRange(cells.Skip(1));
                await db.SaveChangesAsync(ct);
                await ReattachHouseholds(db, keep.VillageCode, ct);
                Audit.Record(db, caller, "mergeGridCells", "GridCell", keep.Id, keep.VillageCode, before, Snapshot(keep));
                return keep;
            }));
    }

    /// <summary>
    /// Creates a cell from a candidate polygon under the cell rules: the name free, the village's branch known,
    /// the geometry prepared. Call with write access checked and the village locked.
    /// </summary>
    internal static async Task<GridCellPayload> CreateAsync(GridGovDbContext db, Caller caller, Area village, string name, Geometry geometry,
        string auditAction, CancellationToken ct, long? leaderMemberId = null, long? id = null)
    {
        await RequireFreeName(db, village.Code, name, [], ct);
        var branch = await db.PartyBranches.AsNoTracking().FirstOrDefaultAsync(b => b.VillageCode == village.Code, ct)
            ?? throw GridGovError.Invalid(Messages.CellVillageWithoutBranch);
        var prepared = Prepare(geometry, village, await Siblings(db, village.Code, null, ct));
        var now = DateTimeOffset.UtcNow;
        var cell = new GridCell
        {
            Id = id ?? 0, // undo of a delete brings the cell back under its old id
            VillageCode = village.Code, BranchId = branch.Id, Name = name, Geometry = prepared.Polygon!, LeaderMemberId = leaderMemberId,
            Version = 1, CreatedAt = now, UpdatedAt = now, Source = DataSource.Entered,
        };
        db.GridCells.Add(cell);
        await db.SaveChangesAsync(ct);
        await ReattachHouseholds(db, village.Code, ct);
        Audit.Record(db, caller, auditAction, "GridCell", cell.Id, village.Code, null, Snapshot(cell));
        return new GridCellPayload(cell, prepared.Notes);
    }

    internal static void RequireWrite(Caller caller, string villageCode)
    {
        if (!caller.CanWrite(villageCode))
            throw GridGovError.Forbidden(Messages.CellsNotWritable(villageCode));
    }

    /// <summary>Refuses a name another cell of the village has (<see cref="GridCell.NameTaken"/>); call with the village locked.</summary>
    internal static async Task RequireFreeName(GridGovDbContext db, string villageCode, string name, IReadOnlyCollection<long> except, CancellationToken ct)
    {
        var others = await db.GridCells.AsNoTracking().Where(c => c.VillageCode == villageCode && !except.Contains(c.Id))
            .Select(c => c.Name).ToListAsync(ct);
        if (GridCell.NameTaken(name, others)) throw GridGovError.Invalid(Messages.CellNameTaken(name));
    }

    internal static string CleanName(string name)
    {
        name = name.Trim();
        if (name.Length is 0 or > 100) throw GridGovError.Invalid(Messages.CellNameLength);
        return name;
    }

    private static async Task<Geometry> ReadGeometryAsync(IResolveFieldContext ctx, Dictionary<string, object?> input)
    {
        var geo = input["geometry"] as GeoInput ?? throw GridGovError.Invalid(Messages.GeometryMissing);
        var crs = input.GetValueOrDefault("crs") is Crs c ? c : (Crs?)null;
        return await ctx.Service<SpatialInput>().ToStorageAsync(geo, crs, ctx.CancellationToken);
    }

    internal static CellGeometryResult Prepare(Geometry candidate, Area village, IReadOnlyList<(long, string, Polygon)> siblings)
    {
        if (village.Boundary is null)
            throw GridGovError.Invalid(Messages.CellVillageWithoutBoundary);
        var result = CellGeometryRules.Prepare(candidate, village.Boundary, siblings);
        return result.IsSuccess ? result : throw ToError(result.Error!);
    }

    internal static async Task<IReadOnlyList<(long, string, Polygon)>> Siblings(GridGovDbContext db, string villageCode, long? except, CancellationToken ct) =>
        (await db.GridCells.AsNoTracking().Where(c => c.VillageCode == villageCode && c.Id != except)
            .OrderBy(c => c.Id).Select(c => new { c.Id, c.Name, c.Geometry }).ToListAsync(ct))
        .Select(c => (c.Id, c.Name, c.Geometry)).ToList();

    /// <summary>Domain rule errors keep their code; the highlight comes along for the map.</summary>
    internal static GridGovError ToError(CellRuleError e)
    {
        var details = new Dictionary<string, object?>();
        if (e.CellId is { } id) details["cellId"] = id.ToString();
        if (e.CellName is { } name) details["cellName"] = name;
        if (e.AreaSquareMeters is { } a) details["areaSquareMeters"] = Math.Round(a, 2);
        if (e.Highlight is { } h) details["highlight"] = GeoJson.Write(h, Crs.Epsg4326);
        return new GridGovError(e.Code, e.MessageZh, e.MessageEn, details);
    }

    /// <summary>In the same transaction: each house belongs to the lowest-id cell covering it, or none.</summary>
    internal static Task ReattachHouseholds(GridGovDbContext db, string villageCode, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync(Persistence.Sql.HouseholdCellSql.Reattach("h.village_code = {0}"), [villageCode], ct);

    internal static object Snapshot(GridCell c) => new
    {
        c.Id, c.VillageCode, c.Name, c.LeaderMemberId, c.Version, Geometry = Audit.Geo(c.Geometry),
    };
}
