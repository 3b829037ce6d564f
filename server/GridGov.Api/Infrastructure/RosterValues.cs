using GraphQL;
using GridGov.Api.Resources;
using GridGov.Domain.Areas;
using GridGov.Domain.Geo;
using GridGov.Domain.Import;
using GridGov.Persistence;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace GridGov.Api.Infrastructure;

/// <summary>
/// Roster values as staff type them (households, members), checked by the same rules as the import
/// (<see cref="ResidentId"/>, <see cref="ImportValues"/>); a bad one is a VALIDATION error with a Chinese message.
/// </summary>
public static class RosterValues
{
    /// <summary>A village in the caller's roster area: VALIDATION for a malformed code, NOT_FOUND, else FORBIDDEN.</summary>
    public static async Task<Area> RequireRosterVillageAsync(GridGovDbContext db, Caller caller, string code, CancellationToken ct)
    {
        if (!Area.IsValidCode(code)) throw GridGovError.Invalid(Messages.VillageCodeNotTwelveDigits(code));
        var village = await db.Areas.AsNoTracking().FirstOrDefaultAsync(a => a.Code == code && a.Level == AreaLevel.Village, ct)
            ?? throw GridGovError.NotFound("village", code);
        RequireRoster(caller, code);
        return village;
    }

    public static void RequireRoster(Caller caller, string villageCode)
    {
        if (!caller.CanKeepRoster(villageCode)) throw GridGovError.Forbidden(Messages.RosterNotKept(villageCode));
    }

    public static string IdNumber(string text) => ResidentId.Normalise(text, out var error) ?? throw GridGovError.Invalid(error switch
    {
        ResidentIdError.Missing => Messages.IdNumberMissing,
        ResidentIdError.StoredAsNumber => Messages.IdNumberStoredAsNumber,
        ResidentIdError.BirthDate => Messages.IdNumberBirthDate,
        ResidentIdError.CheckDigit => Messages.IdNumberCheckDigit,
        _ => Messages.IdNumberFormat,
    });

    /// <summary>A checked ID number, or null for blank.</summary>
    public static string? OptionalIdNumber(string? text) => string.IsNullOrWhiteSpace(text) ? null : IdNumber(text);

    /// <summary>A checked phone, or null for blank.</summary>
    public static string? Phone(string? text) => string.IsNullOrWhiteSpace(text) ? null
        : ImportValues.NormalisePhone(text) ?? throw GridGovError.Invalid(Messages.PhoneInvalid);

    /// <summary>Trimmed, 1–<paramref name="max"/> characters (as the column counts them).</summary>
    public static string Text(string? text, int max, BilingualText error)
    {
        var s = text?.Trim() ?? "";
        return s.Length is 0 || ColumnLengths.Characters(s) > max ? throw GridGovError.Invalid(error) : s;
    }

    /// <summary>The given text trimmed (blank → null), at most <paramref name="max"/> characters.</summary>
    public static string? OptionalText(string? text, int max, BilingualText error)
    {
        var s = text?.Trim();
        if (string.IsNullOrEmpty(s)) return null;
        return ColumnLengths.Characters(s) > max ? throw GridGovError.Invalid(error) : s;
    }

    /// <summary>Where a house or home without coordinates goes: the village's known point, else a point inside its boundary.</summary>
    public static Point VillageCentre(Area village) =>
        village.KnownPoint ?? (village.Boundary is { } b ? (Point)b.InteriorPoint
            : throw GridGovError.Invalid(Messages.RosterVillageWithoutLocation(village.Code)));

    /// <summary>A GeoJSON Point input in storage coordinates (the input's own crs, else <paramref name="crs"/>, else EPSG:4326).</summary>
    public static async Task<Point> PointAsync(IResolveFieldContext ctx, GeoInput input, Crs? crs)
    {
        if (input.Geometry is not Point) throw GridGovError.Invalid(Messages.LocationNotPoint);
        return (Point)await ctx.Service<SpatialInput>().ToStorageAsync(input, crs, ctx.CancellationToken);
    }

    /// <summary>Metres outside the village boundary (0 inside or without a boundary).</summary>
    public static double MetersOutside(Area village, Point p) =>
        village.Boundary is not { } b || b.Covers(p) ? 0
            : Math.Round(CoordinateConverter.ToMetric(b).Distance(CoordinateConverter.ToMetric(p)), 0);

    /// <summary>Whether an input object carries a field at all (given as null counts: it clears).</summary>
    public static bool Has(this Dictionary<string, object?> input, string name) => input.ContainsKey(name);

    /// <summary>A field that may be omitted but not set to null.</summary>
    public static T NotNull<T>(this Dictionary<string, object?> input, string name) =>
        input[name] is { } v ? (T)v : throw GridGovError.Invalid(Messages.FieldCannotBeNull(name));
}
