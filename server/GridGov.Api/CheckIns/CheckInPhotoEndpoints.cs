using GridGov.Api.Auth;
using GridGov.Api.Infrastructure;
using GridGov.Api.Monthly;
using GridGov.Api.Resources;
using GridGov.Domain.Access;
using GridGov.Domain.Cadres;
using GridGov.Domain.Monthly;
using GridGov.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Api.CheckIns;

/// <summary>
/// The photo of a check-in, with the same JWT or API key as /graphql:
/// <list type="bullet">
/// <item>PUT /check-ins/{id}/photo — body image/jpeg (2 MB, 1600 px, metadata stripped by the server as for declarations);
/// the cadre who checked in. Evidence is not replaced: the same photo again is accepted (a phone's retry), another one is 409.</item>
/// <item>GET /check-ins/{id}/photo — the cadre, and leaders, secretaries and keys whose area covers the village; never members.</item>
/// </list>
/// </summary>
public static class CheckInPhotoEndpoints
{
    public static string UrlOf(long checkInId, DateTimeOffset at) => $"check-ins/{checkInId}/photo?v={at.ToUnixTimeMilliseconds()}";

    public static void MapCheckInPhotoEndpoints(this WebApplication app)
    {
        app.MapPut("/check-ins/{id:long}/photo", PutAsync);
        app.MapGet("/check-ins/{id:long}/photo", GetAsync);
    }

    private static IResult Problem(int status, string code, BilingualText text) => AuthSetup.Problem(status, code, text);

    private static async Task<IResult> PutAsync(HttpContext http, IDbContextFactory<GridGovDbContext> dbs, long id)
    {
        var caller = Caller.From(http.User);
        if (caller is null) return Problem(401, ErrorCodes.Unauthenticated, Messages.Unauthenticated);
        if (PhotoUpload.TooLargeToRead(http.Request) is { } tooLarge) return tooLarge;
        var ct = http.RequestAborted;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var c = await db.CheckIns.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c is null) return Problem(404, ErrorCodes.NotFound, Messages.NotFound("check-in", id.ToString()));
        if (caller.CadreId != c.CadreId) return Problem(403, ErrorCodes.Forbidden, Messages.CheckInPhotoNotOwn);
        var (photo, refused) = await PhotoUpload.ReadAsync(http.Request, ct);
        if (refused is not null) return refused;
        var stored = await db.CheckInPhotos.AsNoTracking().FirstOrDefaultAsync(x => x.CheckInId == id, ct);
        if (stored is not null)
            return stored.Jpeg.AsSpan().SequenceEqual(photo!.Bytes)
                ? Results.Json(new { photoUrl = UrlOf(id, stored.At), width = stored.Width, height = stored.Height, bytes = stored.Jpeg.Length })
                : Problem(409, ErrorCodes.Conflict, Messages.CheckInPhotoExists);
        var now = DateTimeOffset.UtcNow;
        db.CheckInPhotos.Add(new CheckInPhoto { CheckInId = id, Jpeg = photo!.Bytes, Width = photo.Width, Height = photo.Height, At = now });
        c.PhotoAt = now;
        var village = await db.Cadres.Where(x => x.Id == c.CadreId).Select(x => x.VillageCode).FirstAsync(ct);
        Audit.Record(db, caller, "putCheckInPhoto", "CheckIn", c.Id, village, null, new { c.Id, photo.Width, photo.Height, Bytes = photo.Bytes.Length });
        await db.SaveChangesAsync(ct);
        return Results.Json(new { photoUrl = UrlOf(id, now), width = photo.Width, height = photo.Height, bytes = photo.Bytes.Length });
    }

    private static async Task<IResult> GetAsync(HttpContext http, IDbContextFactory<GridGovDbContext> dbs, long id)
    {
        var caller = Caller.From(http.User);
        if (caller is null) return Problem(401, ErrorCodes.Unauthenticated, Messages.Unauthenticated);
        var ct = http.RequestAborted;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var row = await db.CheckIns.AsNoTracking().Where(c => c.Id == id).Select(c => new { c.CadreId, c.At }).FirstOrDefaultAsync(ct);
        if (row is null) return Problem(404, ErrorCodes.NotFound, Messages.NotFound("check-in", id.ToString()));
        // Readers of any village the cadre served that day.
        var villages = await Persistence.Cadres.CadreVillages.AtAsync(db, row.CadreId, row.At, ct);
        var may = caller.Role switch
        {
            Role.Cadre => caller.CadreId == row.CadreId,
            Role.PartyMember => false,
            _ => villages.Any(v => caller.CanRead(v) && caller.Covers(v)),
        };
        if (!may) return Problem(403, ErrorCodes.Forbidden, Messages.PhotoHidden);
        var photo = await db.CheckInPhotos.AsNoTracking().Where(x => x.CheckInId == id).Select(x => x.Jpeg).FirstOrDefaultAsync(ct);
        if (photo is null) return Problem(404, ErrorCodes.NotFound, Messages.PhotoNone);
        http.Response.Headers.CacheControl = "private, max-age=86400";
        return Results.Bytes(photo, "image/jpeg");
    }
}
