using GridGov.Domain.Geo;
using Microsoft.Data.Sqlite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace GridGov.Import.Files;

/// <summary>
/// A GeoPackage feature table. NetTopologySuite.IO.GeoPackage 2.0.0 only decodes the geometry blobs
/// (GPKG header + WKB); the file itself is SQLite, read with Microsoft.Data.Sqlite, row by row.
/// The CRS comes from gpkg_spatial_ref_sys: an EPSG code we support, else its WKT matched by parameters.
/// </summary>
internal sealed class GeoPackageSource : IGeoSource
{
    private static readonly byte[] SqliteMagic = "SQLite format 3\0"u8.ToArray();

    private readonly SqliteConnection connection;
    private readonly string table;
    private readonly string geometryColumn;
    private readonly string? keyColumn;
    private readonly string fileName;

    private GeoPackageSource(SqliteConnection connection, string table, string geometryColumn, string? keyColumn,
        IReadOnlyList<string> fields, CrsSpec? crs, string? crsText, string fileName)
    {
        this.connection = connection;
        this.table = table;
        this.geometryColumn = geometryColumn;
        this.keyColumn = keyColumn;
        this.fileName = fileName;
        Fields = fields;
        DeclaredCrs = crs;
        DeclaredCrsText = crsText;
    }

    public IReadOnlyList<string> Fields { get; }
    public CrsSpec? DeclaredCrs { get; }
    public string? DeclaredCrsText { get; }

    public static GeoPackageSource Open(string path, GeoOptions options)
    {
        var name = Path.GetFileName(path);
        var magic = new byte[16];
        using (var f = File.OpenRead(path))
            if (f.Read(magic, 0, 16) < 16 || !magic.AsSpan().SequenceEqual(SqliteMagic))
                throw new ImportFileException("FILE_FORMAT", $"「{name}」不是 GeoPackage 文件（不是 SQLite 数据库）：请用 GIS 软件导出为 .gpkg");

        // No pooling: a pooled connection would keep the file open after Dispose.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            List<(string Table, string Column, int Srs)> layers;
            try
            {
                layers = Query(connection,
                    "SELECT c.table_name, g.column_name, g.srs_id FROM gpkg_contents c " +
                    "JOIN gpkg_geometry_columns g ON g.table_name = c.table_name WHERE c.data_type = 'features' ORDER BY c.table_name",
                    r => (r.GetString(0), r.GetString(1), r.IsDBNull(2) ? 0 : r.GetInt32(2)));
            }
            catch (SqliteException e)
            {
                throw new ImportFileException("FILE_FORMAT", $"「{name}」不是 GeoPackage 文件（缺少 gpkg_contents 表）：{e.Message}", e);
            }
            if (layers.Count == 0)
                throw new ImportFileException("FILE_EMPTY", $"「{name}」里没有任何要素图层");
            (string Table, string Column, int Srs) layer;
            if (options.Layer is not null)
                layer = layers.FirstOrDefault(l => l.Table.Equals(options.Layer, StringComparison.OrdinalIgnoreCase));
            else if (layers.Count > 1)
                throw new ImportFileException("LAYER_AMBIGUOUS",
                    $"「{name}」里有 {layers.Count} 个图层：{string.Join("、", layers.Select(l => l.Table))}；请指定要导入哪一个（--layer 图层名）");
            else
                layer = layers[0];
            if (layer.Table is null)
                throw new ImportFileException("LAYER_NOT_FOUND",
                    $"「{name}」里没有名为「{options.Layer}」的图层；有：{string.Join("、", layers.Select(l => l.Table))}");

            var columns = Query(connection, $"PRAGMA table_info({Quote(layer.Table)})",
                r => (Name: r.GetString(1), Type: r.IsDBNull(2) ? "" : r.GetString(2), Pk: r.GetInt32(5)));
            // The integer primary key (fid) is GeoPackage's row id, not the county's data.
            var key = columns.Where(c => c.Pk == 1 && c.Type.Equals("INTEGER", StringComparison.OrdinalIgnoreCase))
                .Select(c => c.Name).FirstOrDefault();
            var fields = columns.Where(c => c.Name != layer.Column && c.Name != key).Select(c => c.Name).ToList();

            using (var count = connection.CreateCommand())
            {
                count.CommandText = $"SELECT EXISTS (SELECT 1 FROM {Quote(layer.Table)})";
                if (Convert.ToInt64(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
                    throw new ImportFileException("FILE_EMPTY", $"「{name}」的图层「{layer.Table}」里没有任何要素");
            }

            var (crs, crsText) = SpatialReference(connection, layer.Srs);
            return new GeoPackageSource(connection, layer.Table, layer.Column, key, fields, crs, crsText, name);
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new ImportFileException("FILE_FORMAT", $"「{name}」无法作为 GeoPackage 读取：{e.Message}", e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static (CrsSpec?, string?) SpatialReference(SqliteConnection connection, int srsId)
    {
        // -1 and 0 are GeoPackage's "undefined Cartesian" and "undefined geographic".
        if (srsId is 0 or -1) return (null, null);
        var rows = Query(connection,
            "SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = $id",
            r => (Org: r.IsDBNull(0) ? "" : r.GetString(0), Code: r.IsDBNull(1) ? 0 : r.GetInt32(1), Wkt: r.IsDBNull(2) ? "" : r.GetString(2)),
            ("$id", srsId));
        if (rows.Count == 0) return (null, $"srs_id {srsId}");
        var (org, code, wkt) = rows[0];
        if (org.Equals("EPSG", StringComparison.OrdinalIgnoreCase) && CrsSpec.FromEpsg(code) is { } byCode)
            return (byCode, $"EPSG:{code}");
        var text = string.IsNullOrWhiteSpace(wkt) || wkt == "undefined" ? $"{org}:{code}" : wkt;
        return (CrsSpec.FromWkt(wkt), text);
    }

    public IEnumerable<GeoFeature> Features()
    {
        var reader = new GeoPackageGeoReader();
        using var command = connection.CreateCommand();
        var columns = Fields.Select(Quote).Prepend(Quote(geometryColumn));
        command.CommandText = $"SELECT {string.Join(", ", columns)} FROM {Quote(table)}" + (keyColumn is null ? "" : $" ORDER BY {Quote(keyColumn)}");
        using var rows = command.ExecuteReader();
        var index = 0;
        while (rows.Read())
        {
            index++;
            Geometry? geometry = null;
            if (!rows.IsDBNull(0))
            {
                try
                {
                    geometry = reader.Read((byte[])rows.GetValue(0));
                }
                catch (Exception e) when (e is ParseException or ArgumentException or IOException or InvalidCastException)
                {
                    throw new ImportFileException("FILE_FORMAT", $"「{fileName}」第 {index} 个要素的几何图形无法读取：{e.Message}", e);
                }
                if (geometry.IsEmpty) geometry = null;
                else geometry.SRID = DeclaredCrs?.Epsg ?? 0;
            }
            var attributes = new Dictionary<string, string?>(StringComparer.Ordinal);
            for (var i = 0; i < Fields.Count; i++)
                attributes[Fields[i]] = AttributeText.Format(rows.IsDBNull(i + 1) ? null : rows.GetValue(i + 1));
            yield return new GeoFeature(index, attributes, geometry);
        }
    }

    public void Dispose() => connection.Dispose();

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

    private static List<T> Query<T>(SqliteConnection connection, string sql, Func<SqliteDataReader, T> map,
        params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (n, v) in parameters) command.Parameters.AddWithValue(n, v);
        using var reader = command.ExecuteReader();
        var list = new List<T>();
        while (reader.Read()) list.Add(map(reader));
        return list;
    }
}
