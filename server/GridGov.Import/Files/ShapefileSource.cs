using System.IO.Compression;
using System.Text;
using GridGov.Domain.Geo;
using NetTopologySuite.IO.Esri;
using NetTopologySuite.IO.Esri.Shapefiles.Readers;

namespace GridGov.Import.Files;

/// <summary>
/// A Shapefile read record by record with NetTopologySuite.IO.Esri.Shapefile (forward-only). A zip is
/// unpacked (only the .shp/.shx/.dbf/.prj/.cpg of the chosen layer) into a temporary folder that is
/// deleted on Dispose. The .dbf encoding: <see cref="GeoOptions.Encoding"/>, else the .cpg, else
/// UTF-8 when the text bytes are valid UTF-8, else GB18030 (a superset of GBK, what Chinese ArcGIS writes).
/// </summary>
internal sealed class ShapefileSource : IGeoSource
{
    private readonly string shpPath;
    private readonly string? tempDir;
    private readonly Encoding encoding;

    private ShapefileSource(string shpPath, string? tempDir, Encoding encoding, IReadOnlyList<string> fields,
        string? prj)
    {
        this.shpPath = shpPath;
        this.tempDir = tempDir;
        this.encoding = encoding;
        Fields = fields;
        DeclaredCrsText = string.IsNullOrWhiteSpace(prj) ? null : prj.Trim();
        DeclaredCrs = DeclaredCrsText is null ? null : CrsSpec.FromWkt(DeclaredCrsText);
    }

    public IReadOnlyList<string> Fields { get; }
    public CrsSpec? DeclaredCrs { get; }
    public string? DeclaredCrsText { get; }
    /// <summary>The encoding the .dbf is read with (chosen, from .cpg, or detected).</summary>
    public Encoding Encoding => encoding;

    public static ShapefileSource OpenZip(string zipPath, GeoOptions options)
    {
        var tempDir = Path.Combine(Path.GetTempPath(), "gridgov-shp-" + Guid.NewGuid().ToString("N"));
        try
        {
            ZipArchive zip;
            try
            {
                // Zips made on Chinese Windows store GBK names without the UTF-8 flag.
                zip = new ZipArchive(File.OpenRead(zipPath), ZipArchiveMode.Read, false, Encoding.GetEncoding(54936));
            }
            catch (InvalidDataException e)
            {
                throw new ImportFileException("FILE_FORMAT", $"「{Path.GetFileName(zipPath)}」不是有效的 zip 压缩包：请重新打包", e);
            }
            using (zip)
            {
                var entries = zip.Entries
                    .Where(e => e.Length > 0 && !e.FullName.StartsWith("__MACOSX", StringComparison.OrdinalIgnoreCase))
                    .ToList();
                var shps = entries.Where(e => e.FullName.EndsWith(".shp", StringComparison.OrdinalIgnoreCase)).ToList();
                if (shps.Count == 0)
                    throw new ImportFileException("SHAPEFILE_PART_MISSING",
                        "压缩包里没有 .shp 文件：Shapefile 需要 .shp、.shx、.dbf 三个文件（最好再加 .prj）一起打包成 zip");
                var shp = ChooseLayer(shps, e => Path.GetFileNameWithoutExtension(e.FullName), options.Layer, Path.GetFileName(zipPath));
                var stem = shp.FullName[..^4];
                ZipArchiveEntry? Part(string ext) =>
                    entries.FirstOrDefault(e => e.FullName.Equals(stem + ext, StringComparison.OrdinalIgnoreCase));
                RequireParts(ext => Part(ext) is not null, "压缩包里");
                Directory.CreateDirectory(tempDir);
                // Our own file names: nothing from the zip decides where files land.
                foreach (var ext in new[] { ".shp", ".shx", ".dbf", ".prj", ".cpg" })
                    Part(ext)?.ExtractToFile(Path.Combine(tempDir, "layer" + ext));
            }
            return Open(Path.Combine(tempDir, "layer.shp"), tempDir, options, Path.GetFileName(zipPath));
        }
        catch
        {
            TryDelete(tempDir);
            throw;
        }
    }

    public static ShapefileSource OpenShp(string path, GeoOptions options)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var stem = Path.GetFileNameWithoutExtension(path);
        string? Sibling(string ext) => Directory.EnumerateFiles(dir)
            .FirstOrDefault(f => Path.GetFileName(f).Equals(stem + ext, StringComparison.OrdinalIgnoreCase));
        RequireParts(ext => Sibling(ext) is not null, "文件夹里");
        // The reader finds siblings by the .shp's exact name; parts named in another case (X.shp, x.DBF)
        // are copied under one name first.
        var parts = new[] { ".shp", ".shx", ".dbf", ".prj", ".cpg" };
        if (parts.Any(ext => Sibling(ext) is { } f && Path.GetFileName(f) != stem + ext))
        {
            var tempDir = Path.Combine(Path.GetTempPath(), "gridgov-shp-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(tempDir);
            try
            {
                foreach (var ext in parts)
                    if (Sibling(ext) is { } f) File.Copy(f, Path.Combine(tempDir, "layer" + ext));
                return Open(Path.Combine(tempDir, "layer.shp"), tempDir, options, Path.GetFileName(path));
            }
            catch
            {
                TryDelete(tempDir);
                throw;
            }
        }
        return Open(Path.Combine(dir, stem + ".shp"), null, options, Path.GetFileName(path));
    }

    private static void RequireParts(Func<string, bool> exists, string where)
    {
        foreach (var ext in new[] { ".shx", ".dbf" })
            if (!exists(ext))
                throw new ImportFileException("SHAPEFILE_PART_MISSING",
                    $"{where}缺少 {ext} 文件：Shapefile 需要 .shp、.shx、.dbf 三个文件一起打包（文件名相同，只是扩展名不同）");
    }

    private static T ChooseLayer<T>(List<T> candidates, Func<T, string> name, string? wanted, string fileName)
    {
        if (wanted is not null)
            return candidates.FirstOrDefault(c => name(c).Equals(wanted, StringComparison.OrdinalIgnoreCase))
                ?? throw new ImportFileException("LAYER_NOT_FOUND",
                    $"「{fileName}」里没有名为「{wanted}」的图层；有：{string.Join("、", candidates.Select(name))}");
        if (candidates.Count > 1)
            throw new ImportFileException("LAYER_AMBIGUOUS",
                $"「{fileName}」里有 {candidates.Count} 个图层：{string.Join("、", candidates.Select(name))}；请指定要导入哪一个（--layer 图层名）");
        return candidates[0];
    }

    private static ShapefileSource Open(string shp, string? tempDir, GeoOptions options, string displayName)
    {
        var stem = shp[..^4];
        var prjPath = stem + ".prj";
        var cpgPath = stem + ".cpg";
        Encoding encoding;
        if (options.Encoding is not null)
            encoding = GeoFile.RequireEncoding(options.Encoding);
        else if (File.Exists(cpgPath) && GeoFile.EncodingByName(File.ReadAllText(cpgPath)) is { } fromCpg)
            encoding = fromCpg;
        else
            encoding = LooksLikeUtf8(stem + ".dbf") ? new UTF8Encoding(false) : Encoding.GetEncoding(54936);
        var prj = File.Exists(prjPath) ? File.ReadAllText(prjPath) : null;
        IReadOnlyList<string> fields;
        try
        {
            using var reader = Shapefile.OpenRead(shp, new ShapefileReaderOptions { Encoding = encoding });
            fields = reader.Fields.Select(f => f.Name).ToList();
            if (reader.RecordCount == 0)
                throw new ImportFileException("FILE_EMPTY", $"「{displayName}」里没有任何要素（记录数为 0）");
        }
        catch (Exception e) when (e is ShapefileException or IOException or ArgumentException or NotSupportedException or InvalidDataException)
        {
            throw new ImportFileException("FILE_FORMAT", $"「{displayName}」无法作为 Shapefile 读取：{e.Message}（文件可能已损坏，请重新导出）", e);
        }
        return new ShapefileSource(shp, tempDir, encoding, fields, prj);
    }

    public IEnumerable<GeoFeature> Features()
    {
        using var reader = Shapefile.OpenRead(shpPath, new ShapefileReaderOptions { Encoding = encoding });
        var index = 0;
        while (Next(reader, index + 1, out var deleted))
        {
            index++;
            if (deleted) continue;
            var attributes = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var field in reader.Fields)
            {
                var text = AttributeText.Format(field.Value);
                // DBF pads text with spaces and cannot tell empty from missing.
                attributes[field.Name] = text is null || field.Value is not string ? text : NullIfBlank(text.TrimEnd(' ', '\0'));
            }
            var geometry = reader.Geometry is { IsEmpty: false } g ? g.Copy() : null;
            // The file's own coordinates; the SRID says which CRS they are in (0 when the .prj says none we know).
            if (geometry is not null) geometry.SRID = DeclaredCrs?.Epsg ?? 0;
            yield return new GeoFeature(index, attributes, geometry);
        }
    }

    // A record cut short or a broken shape fails with the record number, not the library's message alone.
    private bool Next(ShapefileReader reader, int recordNumber, out bool deleted)
    {
        try
        {
            return reader.Read(out deleted);
        }
        catch (Exception e) when (e is ShapefileException or IOException or ArgumentException or InvalidDataException
            or IndexOutOfRangeException or FormatException or NotSupportedException)
        {
            throw new ImportFileException("FILE_FORMAT",
                $"Shapefile 第 {recordNumber} 条记录无法读取：{e.Message}（文件可能已损坏或不完整，请重新导出）", e);
        }
    }

    public void Dispose()
    {
        if (tempDir is not null) TryDelete(tempDir);
    }

    private static string? NullIfBlank(string s) => s.Length == 0 ? null : s;

    /// <summary>Whether the .dbf's field names and records are valid UTF-8 (pure ASCII counts as UTF-8).</summary>
    internal static bool LooksLikeUtf8(string dbfPath)
    {
        using var stream = File.OpenRead(dbfPath);
        var header = new byte[32];
        if (stream.Read(header, 0, 32) < 32) return true;
        var headerLength = BitConverter.ToUInt16(header, 8);
        var decoder = new UTF8Encoding(false, true).GetDecoder();
        try
        {
            // Field descriptors: 32 bytes each, the name in the first 11 (the rest is binary).
            var descriptor = new byte[32];
            while (stream.Position + 32 <= headerLength && stream.Read(descriptor, 0, 32) == 32 && descriptor[0] != 0x0D)
            {
                var nameLength = Array.IndexOf(descriptor, (byte)0, 0, 11) is var z and >= 0 ? z : 11;
                new UTF8Encoding(false, true).GetCharCount(descriptor, 0, nameLength);
            }
            stream.Position = headerLength;
            var buffer = new byte[1 << 16];
            int n;
            while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
                decoder.GetCharCount(buffer, 0, n, flush: false);
            decoder.GetCharCount([], 0, 0, flush: true);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static void TryDelete(string dir)
    {
        try
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless; never hide the real error for it.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
