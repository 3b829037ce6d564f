using System.Diagnostics;
using System.Security.Cryptography;
using GridGov.Domain.Areas;
using GridGov.Domain.Import;
using GridGov.Import.Files;
using GridGov.Import.Kinds;
using GridGov.Persistence;
using Npgsql;
using static GridGov.Import.Sql.ImportSql;

namespace GridGov.Import;

/// <summary>
/// Imports one file: read and check every row, then write the good rows in one transaction, which
/// commits only when the file has no error and this is not a dry run. A dry run does the same work
/// and rolls back, so its counts are exactly what a real run would do. A killed process leaves the
/// transaction uncommitted: the database is as before.
/// </summary>
public static class Importer
{
    public static async Task<ImportReport> RunAsync(string connectionString, ImportRequest request,
        IProgress<ImportProgress>? progress = null, CancellationToken ct = default)
    {
        var sw = Stopwatch.StartNew();
        var report = new ImportReport
        {
            Kind = request.Kind.ToString().ToLowerInvariant(),
            FileName = request.FileName ?? Path.GetFileName(request.Path),
            DryRun = request.DryRun,
        };
        try
        {
            if (!File.Exists(request.Path) && !Directory.Exists(request.Path))
                throw new ImportFileException("FILE_NOT_FOUND", $"找不到文件：{request.Path}");
            if (request.Replace && request.Kind is not (ImportKind.Households or ImportKind.Members))
                throw new ImportFileException("REPLACE_KIND", "完整名单模式（--replace）只用于户（households）和党员（members）");
            report.Sha256 = await Sha256Async(request.Path, ct);
            await using var dataSource = GridGovDb.CreateDataSource(connectionString);
            await using var conn = await dataSource.OpenConnectionAsync(ct);
            var kind = KindImport.For(request.Kind);
            var countyCode = await ResolveCountyAsync(conn, kind, request, ct);
            report.CountyCode = countyCode;
            var county = await CountyContext.LoadAsync(conn, countyCode, ct);
            if (request.Kind != ImportKind.Areas && county.County is null)
                throw new ImportFileException("UNKNOWN_COUNTY", $"数据库里还没有县 {countyCode}：请先导入区划（./gridgov import areas 文件）");

            await using var tx = await conn.BeginTransactionAsync(ct);
            // Imports of one county queue up: two at once would each count against a state the other changes.
            await ExecAsync(conn, tx, "SELECT pg_advisory_xact_lock(hashtext('gridgov-import-' || @c))", ct, ("c", countyCode));
            await kind.ReadAsync(request, county, conn, tx, report, progress, ct);
            if (!kind.CanMerge)
            {
                await tx.RollbackAsync(ct);
                return Done(report, sw);
            }
            progress?.Report(new ImportProgress("write", 0, report.Total));
            try
            {
                await kind.MergeAsync(conn, tx, county, request, report, ct);
            }
            catch (PostgresException e) when (e.SqlState.StartsWith("23", StringComparison.Ordinal))
            {
                // A constraint the checks above did not foresee: refuse the file, name the rule; nothing is written.
                report.Error(0, e.ColumnName, null, "DATABASE_REFUSED", $"数据库拒绝了这批数据（规则 {e.ConstraintName ?? e.SqlState}）：{e.MessageText}");
            }
            // The good rows of a refused file are shown too: what would be added once the bad ones are fixed.
            if (request.DryRun && request.PreviewLimit > 0 && kind.PreviewSql is { } previewSql)
                await PreviewAsync(conn, tx, previewSql, request.PreviewLimit, report, ct);
            if (report.HasErrors || request.DryRun)
            {
                await tx.RollbackAsync(ct);
                if (report.HasErrors) report.Counts.Refused = Math.Max(report.Counts.Refused, report.Errors.Select(e => e.Row).Where(r => r > 0).Distinct().Count());
                return Done(report, sw);
            }
            report.RunId = await RecordRunAsync(conn, tx, request, report, ct);
            await tx.CommitAsync(ct);
            report.Committed = true;
            progress?.Report(new ImportProgress("write", report.Total, report.Total));
        }
        catch (ImportFileException e)
        {
            report.Error(0, null, null, e.Code, e.Message);
        }
        return Done(report, sw);
    }

    /// <summary>What the dry run's merge added or changed, read back before the rollback: the preview map.</summary>
    private static async Task PreviewAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, int limit, ImportReport report, CancellationToken ct)
    {
        try
        {
            await using var cmd = new NpgsqlCommand($"SELECT * FROM ({sql}) p LIMIT {limit + 1}", conn, tx) { CommandTimeout = 0 };
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                if (report.Preview.Count == limit) { report.PreviewTruncated = true; break; }
                if (r.IsDBNull(3)) continue;
                report.Preview.Add(new PreviewFeature(r.GetInt32(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetString(3)));
            }
        }
        catch (PostgresException)
        {
            // A merge that stopped at its errors (or a refused constraint) left no staged rows to show: no map, same report.
            report.Preview.Clear();
        }
    }

    private static ImportReport Done(ImportReport report, Stopwatch sw)
    {
        report.Seconds = Math.Round(sw.Elapsed.TotalSeconds, 2);
        return report;
    }

    /// <summary>The county: as asked; else from a code in the file; else the only county in the database.</summary>
    private static async Task<string> ResolveCountyAsync(NpgsqlConnection conn, KindImport kind, ImportRequest request, CancellationToken ct)
    {
        if (request.CountyCode is { } asked)
        {
            if (!Area.IsValidCode(asked)) throw new ImportFileException("COUNTY", $"--county 应为12位县级区划代码，如 520625000000（收到「{asked}」）");
            return Area.CountyCodeOf(asked);
        }
        if (kind.PeekCode(request) is { } code) return Area.CountyCodeOf(code);
        var counties = new List<string>();
        await using (var cmd = new NpgsqlCommand("SELECT code FROM areas WHERE level = 'county' ORDER BY code", conn))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) counties.Add(r.GetString(0));
        return counties.Count == 1 ? counties[0]
            : throw new ImportFileException("COUNTY", counties.Count == 0
                ? "数据库里还没有任何县：请先导入区划（areas）"
                : $"数据库里有 {counties.Count} 个县，文件里又看不出是哪个：请用 --county 指定（{string.Join("、", counties)}）");
    }

    private static async Task<long> RecordRunAsync(NpgsqlConnection conn, NpgsqlTransaction tx, ImportRequest request, ImportReport report, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO import_runs (kind, county_code, file_name, sha256, actor, state, started_at, finished_at, total, new, changed, unchanged, refused, report_json)
            VALUES (@kind, @county, @file, @sha, @actor, 'done', now() - make_interval(secs => @secs), now(), @total, @new, @changed, @unchanged, @refused, @report::jsonb)
            RETURNING id
            """, conn, tx);
        cmd.Parameters.AddWithValue("kind", report.Kind);
        cmd.Parameters.AddWithValue("county", report.CountyCode!);
        cmd.Parameters.AddWithValue("file", report.FileName.Length > 260 ? report.FileName[..260] : report.FileName);
        cmd.Parameters.AddWithValue("sha", report.Sha256!);
        cmd.Parameters.AddWithValue("actor", request.Actor);
        cmd.Parameters.AddWithValue("secs", 0.0);
        cmd.Parameters.AddWithValue("total", report.Total);
        cmd.Parameters.AddWithValue("new", report.Counts.New);
        cmd.Parameters.AddWithValue("changed", report.Counts.Changed);
        cmd.Parameters.AddWithValue("unchanged", report.Counts.Unchanged);
        cmd.Parameters.AddWithValue("refused", report.Counts.Refused);
        cmd.Parameters.AddWithValue("report", report.ToJson());
        var id = (long)(await cmd.ExecuteScalarAsync(ct))!;
        await ExecAsync(conn, tx, """
            INSERT INTO audit_events (at, actor, action, entity_type, entity_id, area_code, before_json, after_json)
            VALUES (now(), @actor, 'import.' || @kind, 'ImportRun', @id::text, @county, NULL,
                    jsonb_build_object('fileName', @file, 'sha256', @sha, 'new', @new, 'changed', @changed, 'unchanged', @unchanged))
            """, ct, ("actor", request.Actor), ("kind", report.Kind), ("id", id), ("county", report.CountyCode), ("file", report.FileName),
            ("sha", report.Sha256), ("new", report.Counts.New), ("changed", report.Counts.Changed), ("unchanged", report.Counts.Unchanged));
        return id;
    }

    private static async Task<string> Sha256Async(string path, CancellationToken ct)
    {
        if (Directory.Exists(path)) return new string('0', 64);
        await using var f = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(f, ct));
    }
}
