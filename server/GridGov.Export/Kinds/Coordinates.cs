using GridGov.Domain.Geo;

namespace GridGov.Export.Kinds;

/// <summary>
/// The position columns of point rosters: 经度/纬度 (the import's lon/lat) in WGS84 or another geographic CRS,
/// X/Y (the import's x/y) in a projected one such as a Gauss-Krüger zone.
/// </summary>
internal static class Coordinates
{
    public static ExportColumn[] Columns(ExportContext c) => c.Crs is { IsProjected: true }
        ? [new("x", "X", ColumnType.Number, "x", 20) { Exact = true }, new("y", "Y", ColumnType.Number, "y", 20) { Exact = true }]
        : [new("lon", "经度", ColumnType.Number, "lon", 20) { Exact = true }, new("lat", "纬度", ColumnType.Number, "lat", 20) { Exact = true }];

    public static (double?, double?) Values(ExportContext c, double lon, double lat)
    {
        if (c.Crs is null) return (lon, lat);
        var (x, y) = c.Crs.FromStorage(lon, lat);
        return (x, y);
    }
}
