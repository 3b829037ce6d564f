using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;

namespace GridGov.Import.Sql;

/// <summary>Staging tables and the small SQL pieces every kind's merge uses.</summary>
internal static class ImportSql
{
    /// <summary>
    /// SQL for <see cref="Domain.Access.Masking.IdNumber"/> and <see cref="Domain.Access.Masking.Phone"/>:
    /// audit rows never hold personal data in clear. Pinned to the C# rule by MaskSqlTests.
    /// </summary>
    public static string MaskId(string x) =>
        $"CASE WHEN {x} IS NULL THEN NULL WHEN length({x}) <= 8 THEN repeat('*', length({x})) ELSE left({x}, 4) || repeat('*', length({x}) - 8) || right({x}, 4) END";

    public static string MaskPhone(string x) =>
        $"CASE WHEN {x} IS NULL THEN NULL WHEN length({x}) <= 7 THEN repeat('*', length({x})) ELSE left({x}, 3) || repeat('*', length({x}) - 7) || right({x}, 4) END";

    public static async Task ExecAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct, params (string, object?)[] args)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx) { CommandTimeout = 0 };
        foreach (var (n, v) in args) cmd.Parameters.AddWithValue(n, v ?? DBNull.Value);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public static async Task<int> CountAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct, params (string, object?)[] args)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx) { CommandTimeout = 0 };
        foreach (var (n, v) in args) cmd.Parameters.AddWithValue(n, v ?? DBNull.Value);
        return Convert.ToInt32(await cmd.ExecuteScalarAsync(ct) ?? 0);
    }

    /// <summary>Rows the database refused, as (row, message) pairs from a query that returns exactly those two columns.</summary>
    public static async Task<List<(int Row, string Message)>> RowsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct,
        string[]? gone = null)
    {
        var list = new List<(int, string)>();
        await using var cmd = new NpgsqlCommand(sql, conn, tx) { CommandTimeout = 0 };
        if (gone is not null) cmd.Parameters.AddWithValue("gone", gone);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) list.Add((r.GetInt32(0), r.IsDBNull(1) ? "" : r.GetString(1)));
        return list;
    }

    /// <summary>A column of a staging table: name, SQL type, and how to read it from a staged record.</summary>
    public sealed record Col<T>(string Name, string SqlType, NpgsqlDbType DbType, Func<T, object?> Value);

    /// <summary>Creates a temporary table (dropped at commit) and fills it with binary COPY.</summary>
    public static async Task StageAsync<T>(NpgsqlConnection conn, NpgsqlTransaction tx, string table, IReadOnlyList<Col<T>> cols,
        IEnumerable<T> rows, string extraColumns, CancellationToken ct)
    {
        var defs = string.Join(", ", cols.Select(c => $"{c.Name} {c.SqlType}"));
        await ExecAsync(conn, tx, $"CREATE TEMP TABLE {table} ({defs}{(extraColumns.Length > 0 ? ", " + extraColumns : "")}) ON COMMIT DROP", ct);
        await using (var w = await conn.BeginBinaryImportAsync($"COPY {table} ({string.Join(", ", cols.Select(c => c.Name))}) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var row in rows) await WriteRowAsync(w, cols, row, ct);
            await w.CompleteAsync(ct);
        }
        await ExecAsync(conn, tx, $"ANALYZE {table}", ct);
    }

    /// <summary>One staged record as one COPY row, column by column.</summary>
    public static async Task WriteRowAsync<T>(NpgsqlBinaryImporter w, IReadOnlyList<Col<T>> cols, T row, CancellationToken ct)
    {
        await w.StartRowAsync(ct);
        foreach (var c in cols)
        {
            var v = c.Value(row);
            if (v is null) await w.WriteNullAsync(ct);
            else if (v is Geometry g) await w.WriteAsync(g, NpgsqlDbType.Geometry, ct);
            else await w.WriteAsync(v, c.DbType, ct);
        }
    }

    /// <summary>Audit rows for the staged rows a merge changed: before/after JSON built by the caller's SQL.</summary>
    public static string AuditInsert(string action, string entityType, string selectIdAreaBeforeAfter) =>
        $"INSERT INTO audit_events (at, actor, action, entity_type, entity_id, area_code, before_json, after_json) " +
        $"SELECT now(), @actor, '{action}', '{entityType}', x.id::text, x.area, x.before, x.after FROM ({selectIdAreaBeforeAfter}) x";
}
