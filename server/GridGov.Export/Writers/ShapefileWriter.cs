using System.IO.Compression;
using GridGov.Domain.Geo;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Esri;
using NetTopologySuite.IO.Esri.Shapefiles.Writers;

namespace GridGov.Export.Writers;

/// <summary>
/// A zipped Shapefile: .shp/.shx/.dbf written by NetTopologySuite.IO.Esri.Shapefile, the CRS as a .prj (OGC WKT1, which
/// GDAL, QGIS and ArcGIS read), the DBF in UTF-8 named by a .cpg. Field names are the columns' <see cref="ExportColumn.ShpName"/>
/// (≤ 10 characters, listed in docs/exports.md).
/// </summary>
internal static class ShapefileWriter
{
    public static async Task<int> WriteAsync(string zipPath, string layer, OgcGeometryType type, IReadOnlyList<ExportColumn> columns,
        IAsyncEnumerable<ExportRow> rows, CrsSpec crs, CancellationToken ct)
    {
        var dir = Directory.CreateTempSubdirectory("gridgov-shp-");
        try
        {
            var shp = Path.Combine(dir.FullName, layer + ".shp");
            var options = new ShapefileWriterOptions(type switch
            {
                OgcGeometryType.Point => ShapeType.Point,
                OgcGeometryType.LineString => ShapeType.PolyLine,
                _ => ShapeType.Polygon,
            })
            {
                Encoding = System.Text.Encoding.UTF8,
                Projection = CrsWkt.Of(crs),
            };
            foreach (var c in columns)
            {
                if (c.ShpName.Length > 10) throw new InvalidOperationException($"Shapefile field {c.ShpName} is longer than 10 characters");
                switch (c.Type)
                {
                    case ColumnType.Integer: options.AddNumericInt32Field(c.ShpName); break;
                    case ColumnType.Number: options.AddNumericDoubleField(c.ShpName); break;
                    case ColumnType.Date: options.AddDateField(c.ShpName); break;
                    // UTF-8 takes 3 bytes a Chinese character; the DBF's limit is 254 bytes.
                    default: options.AddCharacterField(c.ShpName, Math.Min(254, (int)(c.Width * 4))); break;
                }
            }
            var count = 0;
            using (var writer = Shapefile.OpenWrite(shp, options))
            {
                var fields = columns.Select(c => writer.Fields[c.ShpName]).ToArray();
                await foreach (var row in rows.WithCancellation(ct))
                {
                    writer.Geometry = row.Geometry is null ? null : crs.FromStorage(row.Geometry);
                    for (var i = 0; i < fields.Length; i++)
                        fields[i].Value = row.Values[i] switch
                        {
                            DateOnly d => d.ToDateTime(TimeOnly.MinValue),
                            var v => v,
                        };
                    writer.Write();
                    count++;
                }
            }
            await File.WriteAllTextAsync(Path.ChangeExtension(shp, ".cpg"), "UTF-8", ct);
            if (File.Exists(zipPath)) File.Delete(zipPath);
            using (var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create))
                foreach (var file in Directory.GetFiles(dir.FullName))
                    zip.CreateEntryFromFile(file, Path.GetFileName(file));
            return count;
        }
        finally { dir.Delete(recursive: true); }
    }
}
