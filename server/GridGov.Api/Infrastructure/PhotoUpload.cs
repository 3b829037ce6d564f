using GridGov.Api.Auth;
using GridGov.Api.Resources;
using GridGov.Domain.Monthly;

namespace GridGov.Api.Infrastructure;

/// <summary>
/// The body of a photo PUT (declarations, check-ins): read up to one byte past the limit, cleaned by <see cref="JpegPhoto"/>
/// (metadata stripped by the server), or the refusal to answer with.
/// </summary>
public static class PhotoUpload
{
    /// <summary>An oversized body refused by its declared length, before it is read.</summary>
    public static IResult? TooLargeToRead(HttpRequest request) =>
        request.ContentLength > JpegPhoto.MaxBytes ? AuthSetup.Problem(413, ErrorCodes.Validation, Messages.PhotoTooLarge) : null;

    public static async Task<(CleanJpeg? Photo, IResult? Problem)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        var (photo, problem) = JpegPhoto.Clean(await ReadLimitedAsync(request.Body, JpegPhoto.MaxBytes + 1, ct));
        if (problem is not { } p) return (photo, null);
        return (null, AuthSetup.Problem(p == PhotoProblem.TooLarge ? 413 : 400, ErrorCodes.Validation, p switch
        {
            PhotoProblem.Empty => Messages.PhotoEmpty,
            PhotoProblem.TooLarge => Messages.PhotoTooLarge,
            PhotoProblem.NotJpeg => Messages.PhotoNotJpeg,
            PhotoProblem.Truncated => Messages.PhotoTruncated,
            PhotoProblem.NoImageSize => Messages.PhotoNoSize,
            _ => Messages.PhotoTooManyPixels,
        }));
    }

    private static async Task<byte[]> ReadLimitedAsync(Stream body, int limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = await body.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, n);
            if (buffer.Length >= limit) break;
        }
        return buffer.ToArray();
    }
}
