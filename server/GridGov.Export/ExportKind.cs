namespace GridGov.Export;

/// <summary>What can be taken out of GridGov; the URL and CLI name is the lower-case word (households, links…).</summary>
// One kind a line, so kinds added side by side merge cleanly.
public enum ExportKind
{
    Households,
    Members,
    Links,
    Cells,
    Areas,
    Ties,
    Coverage,
    Declarations,
    Board,
    Ranking,
    CadreRanking,
    AttendanceLedger,
    WorkLedger,
}

/// <summary>The file formats an export can be written in.</summary>
public enum ExportFormat { Xlsx, Csv, GeoJson, Gpkg, Shp }

public static class ExportNames
{
    /// <summary>households, cadre-ranking: lower case, words of a compound kind joined by hyphens.</summary>
    public static string Name(this ExportKind kind) =>
        string.Concat(kind.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
    public static string Name(this ExportFormat format) => format.ToString().ToLowerInvariant();

    public static bool TryKind(string? text, out ExportKind kind)
    {
        var t = text?.Trim().ToLowerInvariant();
        var found = Enum.GetValues<ExportKind>().Where(k => k.Name() == t).ToArray();
        kind = found.FirstOrDefault();
        return found.Length == 1;
    }

    public static bool TryFormat(string? text, out ExportFormat format)
    {
        format = default;
        if (text is null) return false;
        var t = text.Trim().ToLowerInvariant();
        if (t is "json") t = "geojson";
        if (t is "geopackage") t = "gpkg";
        if (t is "shapefile" or "zip") t = "shp";
        var found = Enum.GetValues<ExportFormat>().Where(f => f.Name() == t).ToArray();
        format = found.FirstOrDefault();
        return found.Length == 1;
    }

    public static bool IsGis(this ExportFormat f) => f is ExportFormat.GeoJson or ExportFormat.Gpkg or ExportFormat.Shp;

    /// <summary>The file's extension: a Shapefile travels as a zip of its parts.</summary>
    public static string Extension(this ExportFormat f) => f switch
    {
        ExportFormat.Shp => ".shp.zip",
        ExportFormat.GeoJson => ".geojson",
        _ => "." + f.Name(),
    };

    public static string ContentType(this ExportFormat f) => f switch
    {
        ExportFormat.Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ExportFormat.Csv => "text/csv",
        ExportFormat.GeoJson => "application/geo+json",
        ExportFormat.Gpkg => "application/geopackage+sqlite3",
        _ => "application/zip",
    };
}
