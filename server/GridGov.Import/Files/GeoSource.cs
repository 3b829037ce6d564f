using GridGov.Domain.Geo;
using NetTopologySuite.Geometries;

namespace GridGov.Import.Files;

/// <summary>How to open a GIS file: an encoding for a .dbf without a .cpg (detected when null), a layer (GeoPackage).</summary>
public sealed record GeoOptions(string? Encoding = null, string? Layer = null);

/// <summary>One feature: its 1-based index in the file, attributes as text, geometry in the file's own coordinates.</summary>
public sealed record GeoFeature(int Index, IReadOnlyDictionary<string, string?> Attributes, Geometry? Geometry);

/// <summary>A GeoJSON file, zipped Shapefile or GeoPackage, read feature by feature.</summary>
public interface IGeoSource : IDisposable
{
    /// <summary>Attribute field names as in the file.</summary>
    IReadOnlyList<string> Fields { get; }
    /// <summary>The CRS the file declares (.prj, GeoPackage SRS, GeoJSON "crs"), or null when it says nothing.</summary>
    CrsSpec? DeclaredCrs { get; }
    /// <summary>The declaration's own text (WKT, EPSG code, URN), for messages; null when none.</summary>
    string? DeclaredCrsText { get; }
    IEnumerable<GeoFeature> Features();
}
