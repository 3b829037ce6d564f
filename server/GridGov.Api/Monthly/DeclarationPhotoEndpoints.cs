using GridGov.Api.Auth;
using GridGov.Api.Coverage;
using GridGov.Api.Infrastructure;
using GridGov.Api.Resources;
using GridGov.Domain.Access;
using GridGov.Domain.Monthly;
using GridGov.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Api.Monthly;

/// <summary>
/// The photo of a declaration, with the same JWT or API key as /graphql:
/// <list type="bullet">
/// <item>PUT /declarations/{id}/photo — body image/jpeg, at most 2 MB and 1600 px on the long side; the member who declared,
/// until it is approved. The server removes EXIF and other metadata itself (<see cref="JpegPhoto"/>); a second PUT replaces the photo.</item>
/// <item>GET /declarations/{id}/photo — the stored JPEG for those who may see the declaration: its member, and leaders, secretaries
/// and keys with <c>read-pii</c> whose area covers the household's village. Members of other villages get 403.</item>
/// </list>
/// </summary>
public static class DeclarationPhotoEndpoints
{
    public static string UrlOf(long declarationId, DateTimeOffset at) => $"declarations/{declarationId}/photo?v={at.ToUnixTimeMilliseconds()}";

    public static void MapDeclarationPhotoEndpoints(this WebApplication app)
    {
        app.MapPut("/declarations/{id:long}/photo", PutAsync);
        app.MapGet("/declarations/{id:long}/photo", GetAsync);
    }

    private static IResult Problem(int status, string code, BilingualText text) => AuthSetup.Problem(status, code, text);

    private static async Task<IResult> PutAsync(HttpContext http, IDbContextFactory<GridGovDbContext> dbs, CoverageService clock, long id)
    {
        var caller = Caller.From(http.User);
        if (caller is null) return Problem(401, ErrorCodes.Unauthenticated, Messages.Unauthenticated);
        if (PhotoUpload.TooLargeToRead(http.Request) is { } tooLarge) return tooLarge;
        var ct = http.RequestAborted;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var d = await db.Declarations.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (d is null) return Problem(404, ErrorCodes.NotFound, Messages.NotFound("declaration", id.ToString()));
        if (caller.MemberId != d.MemberId) return Problem(403, ErrorCodes.Forbidden, Messages.DeclarationNotOwn);
        if (d.IsLocked) return Problem(409, ErrorCodes.Conflict, Messages.PhotoApproved);
        var (photo, refused) = await PhotoUpload.ReadAsync(http.Request, ct);
        if (refused is not null) return refused;
        var now = clock.Now;
        d.AttachPhoto(now);
        var stored = await db.DeclarationPhotos.FirstOrDefaultAsync(x => x.DeclarationId == id, ct);
        if (stored is null) db.DeclarationPhotos.Add(stored = new DeclarationPhoto { DeclarationId = id, Jpeg = photo!.Bytes });
        stored.Jpeg = photo!.Bytes;
        stored.Width = photo.Width;
        stored.Height = photo.Height;
        stored.At = now;
        var village = await db.Households.Where(h => h.Id == d.HouseholdId).Select(h => h.VillageCode).FirstAsync(ct);
        Audit.Record(db, caller, "putDeclarationPhoto", "Declaration", d.Id, village, null,
            new { d.Id, photo.Width, photo.Height, Bytes = photo.Bytes.Length });
        await db.SaveChangesAsync(ct);
        return Results.Json(new { photoUrl = UrlOf(id, now), width = photo.Width, height = photo.Height, bytes = photo.Bytes.Length });
    }

    private static async Task<IResult> GetAsync(HttpContext http, IDbContextFactory<GridGovDbContext> dbs, long id)
    {
        var caller = Caller.From(http.User);
        if (caller is null) return Problem(401, ErrorCodes.Unauthenticated, Messages.Unauthenticated);
        var ct = http.RequestAborted;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var row = await db.Declarations.AsNoTracking().Where(x => x.Id == id)
            .Select(x => new { x.MemberId, Village = db.Households.Where(h => h.Id == x.HouseholdId).Select(h => h.VillageCode).First() })
            .FirstOrDefaultAsync(ct);
        if (row is null) return Problem(404, ErrorCodes.NotFound, Messages.NotFound("declaration", id.ToString()));
        if (!MaySee(caller, row.MemberId, row.Village)) return Problem(403, ErrorCodes.Forbidden, Messages.PhotoHidden);
        var photo = await db.DeclarationPhotos.AsNoTracking().Where(x => x.DeclarationId == id).Select(x => x.Jpeg).FirstOrDefaultAsync(ct);
        if (photo is null) return Problem(404, ErrorCodes.NotFound, Messages.PhotoNone);
        // Personal: never in a shared cache; the phone's service worker keeps its own copy.
        http.Response.Headers.CacheControl = "private, max-age=86400";
        return Results.Bytes(photo, "image/jpeg");
    }

    /// <summary>As memberReport: a member sees their own; a cadre none; others what their area covers (keys need read-pii: faces are personal).</summary>
    internal static bool MaySee(Caller caller, long memberId, string villageCode) => caller.Role switch
    {
        _ when caller.MemberId == memberId => true,
        Role.PartyMember or Role.Cadre => false,
        Role.System => caller.Scopes.Contains("read-pii") && caller.Covers(villageCode),
        _ => caller.Covers(villageCode),
    };
}
