using System.Text;
using GridGov.Domain.Monthly;

namespace GridGov.Domain.Tests.Monthly;

/// <summary>Hand-built JPEG structures; the API tests check real GDAL-written files with gdalinfo.</summary>
public class JpegPhotoTests
{
    private static byte[] Segment(byte marker, byte[] body) =>
        [0xFF, marker, (byte)((body.Length + 2) >> 8), (byte)((body.Length + 2) & 0xFF), .. body];

    private static byte[] Jpeg(int width, int height, params byte[][] extra)
    {
        byte[] sof = [8, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 1, 1, 0x11, 0];
        byte[] sos = [1, 1, 0, 0, 63, 0];
        return [0xFF, 0xD8, .. Segment(0xE0, Encoding.ASCII.GetBytes("JFIF\0\u0001\u0001\0\0\u0001\0\u0001\0\0")),
            .. extra.SelectMany(e => e), .. Segment(0xC0, sof), .. Segment(0xDA, sos), 0x12, 0x34, 0xFF, 0x00, 0x56, 0xFF, 0xD9];
    }

    [Fact]
    public void Exif_xmp_and_comments_are_dropped_and_the_image_data_kept()
    {
        var exif = Segment(0xE1, [.. Encoding.ASCII.GetBytes("Exif\0\0"), .. Encoding.ASCII.GetBytes("GPSLatitude 28.0")]);
        var xmp = Segment(0xE1, Encoding.ASCII.GetBytes("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta/>"));
        var comment = Segment(0xFE, Encoding.ASCII.GetBytes("taken at home"));
        var src = Jpeg(1200, 900, exif, xmp, comment);
        var (photo, problem) = JpegPhoto.Clean(src);
        Assert.Null(problem);
        Assert.NotNull(photo);
        Assert.Equal((1200, 900), (photo.Width, photo.Height));
        var text = Encoding.ASCII.GetString(photo.Bytes);
        Assert.DoesNotContain("Exif", text);
        Assert.DoesNotContain("xmpmeta", text);
        Assert.DoesNotContain("taken at home", text);
        Assert.Contains("JFIF", text);
        Assert.Equal(src.Length - exif.Length - xmp.Length - comment.Length, photo.Bytes.Length);
        Assert.Equal(src[^8..], photo.Bytes[^8..]);
    }

    [Fact]
    public void Refuses_what_is_not_a_whole_small_jpeg()
    {
        Assert.Equal(PhotoProblem.Empty, JpegPhoto.Clean([]).Problem);
        Assert.Equal(PhotoProblem.NotJpeg, JpegPhoto.Clean("\x89PNG\r\n\x1a\n"u8.ToArray()).Problem);
        var whole = Jpeg(100, 100);
        Assert.Equal(PhotoProblem.Truncated, JpegPhoto.Clean(whole[..^2]).Problem);
        Assert.Equal(PhotoProblem.Truncated, JpegPhoto.Clean(whole[..20]).Problem);
        Assert.Equal(PhotoProblem.TooManyPixels, JpegPhoto.Clean(Jpeg(1601, 100)).Problem);
        Assert.Null(JpegPhoto.Clean(Jpeg(1600, 1600)).Problem);
        var big = new byte[JpegPhoto.MaxBytes + 1];
        big[0] = 0xFF; big[1] = 0xD8;
        Assert.Equal(PhotoProblem.TooLarge, JpegPhoto.Clean(big).Problem);
    }
}
