using System.Globalization;
using System.Text;

namespace GridGov.Import.Files;

/// <summary>
/// Opens a county's GIS file: GeoJSON (.geojson/.json), a zipped Shapefile (.zip) or a bare .shp with
/// its sibling files, or a GeoPackage (.gpkg). Errors are <see cref="ImportFileException"/> with
/// stable codes: FILE_NOT_FOUND, FILE_FORMAT, FILE_EMPTY, SHAPEFILE_PART_MISSING, LAYER_NOT_FOUND,
/// LAYER_AMBIGUOUS, ENCODING_UNKNOWN.
/// </summary>
public static class GeoFile
{
    static GeoFile() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static IGeoSource Open(string path, GeoOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!File.Exists(path))
            throw new ImportFileException("FILE_NOT_FOUND", $"找不到文件：{path}");
        if (new FileInfo(path).Length == 0)
            throw new ImportFileException("FILE_EMPTY", $"文件是空的（0 字节）：{Path.GetFileName(path)}");
        var ext = Path.GetExtension(path).ToLowerInvariant();
        return ext switch
        {
            ".geojson" or ".json" => GeoJsonSource.Open(path, options),
            ".zip" => ShapefileSource.OpenZip(path, options),
            ".shp" => ShapefileSource.OpenShp(path, options),
            ".gpkg" => GeoPackageSource.Open(path, options),
            _ => throw new ImportFileException("FILE_FORMAT",
                $"不支持的文件类型「{ext}」：请提供 GeoJSON（.geojson）、打包成 .zip 的 Shapefile（含 .shp、.shx、.dbf、.prj）或 GeoPackage（.gpkg）文件"),
        };
    }

    /// <summary>An encoding by the names a .cpg or a person uses: GBK, CP936, 936, GB18030, UTF-8, or any .NET name/code page.</summary>
    internal static Encoding? EncodingByName(string name)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var n = name.Trim().ToUpperInvariant().Replace("_", "-");
        switch (n)
        {
            case "UTF-8" or "UTF8" or "65001": return new UTF8Encoding(false);
            case "GBK" or "CP936" or "936" or "GB2312" or "CP-936" or "ANSI 936": return Encoding.GetEncoding(936);
            case "GB18030" or "54936": return Encoding.GetEncoding(54936);
        }
        try
        {
            if (int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var codePage))
                return Encoding.GetEncoding(codePage);
            if (n.StartsWith("CP", StringComparison.Ordinal) && int.TryParse(n[2..], NumberStyles.None, CultureInfo.InvariantCulture, out var cp))
                return Encoding.GetEncoding(cp);
            return Encoding.GetEncoding(name.Trim());
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    internal static Encoding RequireEncoding(string name) =>
        EncodingByName(name) ?? throw new ImportFileException("ENCODING_UNKNOWN",
            $"不认识的文字编码「{name}」：常用的是 GBK（也写作 CP936、936）、GB18030 或 UTF-8");
}

/// <summary>Attribute values as invariant-culture text: numbers without exponent where possible, dates ISO.</summary>
internal static class AttributeText
{
    public static string? Format(object? value) => value switch
    {
        null or DBNull => null,
        string s => s,
        bool b => b ? "true" : "false",
        double d => Number(d),
        float f => Number(f),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        DateTime t => t.TimeOfDay == TimeSpan.Zero
            ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : t.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset o => o.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
        byte[] bytes => Convert.ToBase64String(bytes),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    public static string Number(double d)
    {
        if (!double.IsFinite(d)) return d.ToString(CultureInfo.InvariantCulture);
        var r = d.ToString("R", CultureInfo.InvariantCulture);
        if (!r.Contains('E')) return r;
        // 1E+15 or 1E-07: decimal prints the same value without an exponent (to 28 digits).
        if (Math.Abs(d) < 7.9e28 && Math.Abs(d) >= 1e-20)
            return ((decimal)d).ToString(CultureInfo.InvariantCulture);
        return r;
    }

    /// <summary>A JSON number's own text, without an exponent where decimal can hold it.</summary>
    public static string JsonNumber(string raw)
    {
        if (raw.IndexOfAny(['e', 'E']) < 0) return raw;
        return decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var m)
            ? m.ToString(CultureInfo.InvariantCulture)
            : raw;
    }
}
