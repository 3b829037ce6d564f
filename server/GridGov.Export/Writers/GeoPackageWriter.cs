using System.Globalization;
using GridGov.Domain.Geo;
using Microsoft.Data.Sqlite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace GridGov.Export.Writers;

/// <summary>
/// A GeoPackage 1.3 (OGC 12-128r18) with one feature table per layer: the core tables written by hand over SQLite
/// (NetTopologySuite.IO.GeoPackage only encodes the geometry blobs), rows inserted by one statement prepared once and bound by position, in one
/// transaction per layer, the extent filled in at the end.
/// </summary>
internal sealed class GeoPackageWriter : IDisposable
{
    private readonly SqliteConnection _db;
    private readonly int _srsId;

    public GeoPackageWriter(string path, CrsSpec crs)
    {
        if (File.Exists(path)) File.Delete(path);
        _db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _db.Open();
        _srsId = crs.Epsg ?? throw new ArgumentException("GeoPackage needs a CRS with an EPSG code", nameof(crs));
        Exec("""
            PRAGMA application_id = 1196444487; PRAGMA user_version = 10300; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
            CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL,
              organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
            CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
              description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
              min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER REFERENCES gpkg_spatial_ref_sys(srs_id));
            CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
              srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL, CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
              CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
              CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
            INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', NULL);
            INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', NULL);
            """);
        AddSrs(CrsSpec.Wgs84, "WGS 84 geodetic");
        if (_srsId != 4326) AddSrs(crs, crs.Name);
    }

    private void AddSrs(CrsSpec crs, string name)
    {
        using var cmd = _db.CreateCommand();
        cmd.CommandText = "INSERT INTO gpkg_spatial_ref_sys VALUES ($name, $id, 'EPSG', $id, $wkt, NULL)";
        cmd.Parameters.AddWithValue("$name", name);
        cmd.Parameters.AddWithValue("$id", crs.Epsg!.Value);
        cmd.Parameters.AddWithValue("$wkt", CrsWkt.Of(crs)!);
        cmd.ExecuteNonQuery();
    }

    /// <summary>Writes one layer; returns its feature count.</summary>
    public async Task<int> LayerAsync(string table, OgcGeometryType type, IReadOnlyList<ExportColumn> columns, IAsyncEnumerable<ExportRow> rows,
        CrsSpec crs, CancellationToken ct)
    {
        var typeName = type switch
        {
            OgcGeometryType.Point => "POINT", OgcGeometryType.LineString => "LINESTRING", OgcGeometryType.Polygon => "POLYGON",
            OgcGeometryType.MultiPolygon => "MULTIPOLYGON", _ => "GEOMETRY",
        };
        var defs = columns.Select(c => $"\"{c.Key}\" {c.Type switch { ColumnType.Integer => "INTEGER", ColumnType.Number => "REAL", ColumnType.Date => "DATE", _ => "TEXT" }}");
        Exec($"CREATE TABLE \"{table}\" (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom {typeName}, {string.Join(", ", defs)})");
        using (var meta = _db.CreateCommand())
        {
            meta.CommandText = """
                INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES ($t, 'features', $t, $srs);
                INSERT INTO gpkg_geometry_columns VALUES ($t, 'geom', $type, $srs, 0, 0);
                """;
            meta.Parameters.AddWithValue("$t", table);
            meta.Parameters.AddWithValue("$type", typeName);
            meta.Parameters.AddWithValue("$srs", _srsId);
            meta.ExecuteNonQuery();
        }

        // Two dimensions: the database's points carry no Z or M, and NaN ordinates would read as POINT ZM (… nan nan).
        var writer = new GeoPackageGeoWriter { HandleOrdinates = Ordinates.XY };
        var extent = new Envelope();
        var count = 0;
        using var tx = _db.BeginTransaction();
        // One statement prepared once and bound by position through SQLite's own API: Microsoft.Data.Sqlite looks every
        // parameter up by name on each execution, which cost more than the inserts themselves (docs/benchmarks.md, Exports).
        using var insert = new RowInsert(_db, $"INSERT INTO \"{table}\" (geom, {string.Join(", ", columns.Select(c => $"\"{c.Key}\""))}) " +
                                                  $"VALUES ({string.Join(", ", Enumerable.Range(1, columns.Count + 1).Select(k => "?" + k))})");
        await foreach (var row in rows.WithCancellation(ct))
        {
            if (row.Geometry is { } storage)
            {
                var geom = crs.FromStorage(storage);
                geom.SRID = _srsId;
                extent.ExpandToInclude(geom.EnvelopeInternal);
                insert.Blob(1, writer.Write(geom));
            }
            else insert.Null(1);
            for (var i = 0; i < columns.Count; i++) insert.Value(i + 2, row.Values[i]);
            insert.Step();
            count++;
        }
        tx.Commit();
        if (!extent.IsNull)
        {
            using var e = _db.CreateCommand();
            e.CommandText = "UPDATE gpkg_contents SET min_x = $a, min_y = $b, max_x = $c, max_y = $d WHERE table_name = $t";
            e.Parameters.AddWithValue("$a", extent.MinX);
            e.Parameters.AddWithValue("$b", extent.MinY);
            e.Parameters.AddWithValue("$c", extent.MaxX);
            e.Parameters.AddWithValue("$d", extent.MaxY);
            e.Parameters.AddWithValue("$t", table);
            e.ExecuteNonQuery();
        }
        return count;
    }

    private void Exec(string sql)
    {
        using var cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _db.Dispose();
        SqliteConnection.ClearAllPools();
    }
}
