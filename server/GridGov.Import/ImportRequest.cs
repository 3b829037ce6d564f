using GridGov.Domain.Geo;
using GridGov.Domain.Import;

namespace GridGov.Import;

/// <summary>One file to import, and how.</summary>
public sealed record ImportRequest
{
    public required ImportKind Kind { get; init; }
    public required string Path { get; init; }
    /// <summary>The name shown in reports and the audit (the uploaded name; defaults to the path's file name).</summary>
    public string? FileName { get; init; }
    /// <summary>The county the file is for; when null it is read from the codes in the file, or the only county there is.</summary>
    public string? CountyCode { get; init; }
    /// <summary>The CRS of the coordinates when the file does not declare one (or overrides what it declares).</summary>
    public CrsSpec? Crs { get; init; }
    public string? Sheet { get; init; }
    public string? Encoding { get; init; }
    /// <summary>Boundaries: the attribute holding the 12-digit code, when it is not 区划代码/code.</summary>
    public string? CodeField { get; init; }
    /// <summary>Check everything, count what would change, write nothing.</summary>
    public bool DryRun { get; init; }
    /// <summary>
    /// The file is the full roster of the villages it names (households, members): households it does not
    /// list are ended (注销), members it does not list become 转出 and their households are handed over.
    /// </summary>
    public bool Replace { get; init; }
    /// <summary>
    /// A dry run of a GIS or household file also keeps up to this many of the features it would add or change
    /// (<see cref="ImportReport.Preview"/>, storage coordinates) for a map of the preview; 0 keeps none.
    /// </summary>
    public int PreviewLimit { get; init; }
    public required string Actor { get; init; }
}

/// <summary>Progress of a long import: rows read so far (total when known).</summary>
public readonly record struct ImportProgress(string Phase, int Done, int? Total);
