using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace GridGov.Export.Writers;

/// <summary>
/// One INSERT prepared once on the connection's own SQLite handle and run per row with values bound by position
/// (<c>?1</c>, <c>?2</c>…). It runs inside the connection's current transaction.
/// </summary>
internal sealed class RowInsert : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _stmt;

    public RowInsert(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
        Check(raw.sqlite3_prepare_v2(_db, sql, out _stmt));
    }

    public void Blob(int index, byte[] value) => Check(raw.sqlite3_bind_blob(_stmt, index, value));

    public void Null(int index) => Check(raw.sqlite3_bind_null(_stmt, index));

    /// <summary>A column value as the export gives it: text, a whole number, a number or a date (as yyyy-MM-dd text).</summary>
    public void Value(int index, object? value) => Check(value switch
    {
        null => raw.sqlite3_bind_null(_stmt, index),
        string s => raw.sqlite3_bind_text(_stmt, index, s),
        int or long or short => raw.sqlite3_bind_int64(_stmt, index, Convert.ToInt64(value, CultureInfo.InvariantCulture)),
        double or float or decimal => raw.sqlite3_bind_double(_stmt, index, Convert.ToDouble(value, CultureInfo.InvariantCulture)),
        DateOnly d => raw.sqlite3_bind_text(_stmt, index, d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        bool b => raw.sqlite3_bind_int64(_stmt, index, b ? 1 : 0),
        _ => raw.sqlite3_bind_text(_stmt, index, Convert.ToString(value, CultureInfo.InvariantCulture)),
    });

    /// <summary>Runs the statement with the values bound, then clears them for the next row.</summary>
    public void Step()
    {
        var rc = raw.sqlite3_step(_stmt);
        if (rc != raw.SQLITE_DONE) Check(rc);
        Check(raw.sqlite3_reset(_stmt));
        Check(raw.sqlite3_clear_bindings(_stmt));
    }

    private void Check(int rc)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW))
            throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), rc);
    }

    public void Dispose() => _stmt.Dispose();
}
