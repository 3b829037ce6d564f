namespace GridGov.Domain.Monthly;

/// <summary>Why a photo is refused.</summary>
public enum PhotoProblem { Empty, TooLarge, NotJpeg, Truncated, NoImageSize, TooManyPixels }

/// <summary>A photo as stored: the re-written JPEG and its size in pixels.</summary>
public sealed record CleanJpeg(byte[] Bytes, int Width, int Height);

/// <summary>
/// Checks a declaration photo and re-writes it without metadata. The phone strips EXIF already; the server does
/// not rely on that: every APPn segment except JFIF (APP0) and Adobe (APP14, colour transform), and every comment,
/// is dropped, so no location, camera serial or thumbnail is stored. The image data are copied untouched.
/// </summary>
public static class JpegPhoto
{
    /// <summary>2 MB stored at most.</summary>
    public const int MaxBytes = 2 * 1024 * 1024;
    /// <summary>The phone resizes to 1600 px on the long side.</summary>
    public const int MaxSide = 1600;

    public static (CleanJpeg? Photo, PhotoProblem? Problem) Clean(ReadOnlySpan<byte> src)
    {
        if (src.Length == 0) return (null, PhotoProblem.Empty);
        if (src.Length > MaxBytes) return (null, PhotoProblem.TooLarge);
        if (src.Length < 4 || src[0] != 0xFF || src[1] != 0xD8) return (null, PhotoProblem.NotJpeg);
        var outBuf = new List<byte>(src.Length) { 0xFF, 0xD8 };
        int width = 0, height = 0, i = 2;
        while (true)
        {
            if (i + 1 >= src.Length) return (null, PhotoProblem.Truncated);
            if (src[i] != 0xFF) return (null, PhotoProblem.NotJpeg);
            var marker = src[i + 1];
            if (marker == 0xFF) { i++; continue; } // fill byte
            if (marker == 0xD9) return (null, PhotoProblem.Truncated); // end before any scan
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7)) { outBuf.Add(0xFF); outBuf.Add(marker); i += 2; continue; }
            if (i + 3 >= src.Length) return (null, PhotoProblem.Truncated);
            var length = (src[i + 2] << 8) | src[i + 3];
            if (length < 2 || i + 2 + length > src.Length) return (null, PhotoProblem.Truncated);
            var segment = src.Slice(i, 2 + length);
            if (IsStartOfFrame(marker))
            {
                if (length < 7) return (null, PhotoProblem.Truncated);
                height = (src[i + 5] << 8) | src[i + 6];
                width = (src[i + 7] << 8) | src[i + 8];
            }
            var keep = marker is not ((>= 0xE1 and <= 0xED) or 0xEF or 0xFE);
            if (keep) outBuf.AddRange(segment);
            i += 2 + length;
            if (marker == 0xDA)
            {
                // Start of scan: the rest is image data (a canvas writes one baseline scan), copied as it is.
                var rest = src[i..];
                if (rest.Length < 2 || rest[^2] != 0xFF || rest[^1] != 0xD9) return (null, PhotoProblem.Truncated);
                if (width == 0 || height == 0) return (null, PhotoProblem.NoImageSize);
                if (width > MaxSide || height > MaxSide) return (null, PhotoProblem.TooManyPixels);
                outBuf.AddRange(rest);
                return (new CleanJpeg([.. outBuf], width, height), null);
            }
        }
    }

    private static bool IsStartOfFrame(byte m) => m is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;
}
