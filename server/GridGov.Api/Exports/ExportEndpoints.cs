using GridGov.Api.Auth;
using GridGov.Api.Infrastructure;
using GridGov.Domain.Access;
using GridGov.Domain.Areas;
using GridGov.Domain.Coverage;
using GridGov.Domain.Geo;
using GridGov.Domain.Ranking;
using GridGov.Export;
using GridGov.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using Npgsql;

namespace GridGov.Api.Exports;

/// <summary>
/// GET /exports/{kind}?area=&amp;format=&amp;crs=&amp;month=&amp;quarter=&amp;encoding= — a roster or layer as a file, for a logged-in user or an
/// API key. Who may export which kind is the access table's (Kind.Export); the area must lie inside the caller's (Caller.Covers,
/// the rule every list of the GraphQL API applies); ID numbers and phones are in clear only where Caller.SeesPersonalData says.
/// The file is written to a temporary file first, so the audit row (who, kind, area, format, rows, PII or not) is committed
/// before the first byte is sent; errors are {"errors":[{"message","extensions":{"code","zh","en"}}]} as on /auth/token.
/// </summary>
public static class ExportEndpoints
{
    /// <summary>Stable error codes of the endpoint (besides UNAUTHENTICATED and FORBIDDEN).</summary>
    public const string UnknownKind = "UNKNOWN_KIND", BadArea = "BAD_AREA", UnknownArea = "UNKNOWN_AREA", BadFormat = "BAD_FORMAT",
        BadCrs = "BAD_CRS", BadMonth = "BAD_MONTH", BadQuarter = "BAD_QUARTER", BadEncoding = "BAD_ENCODING";

    public static void MapExportEndpoints(this WebApplication app) => app.MapGet("/exports/{kind}", ExportAsync);

    private static IResult Problem(int status, string code, Resources.BilingualText text) => AuthSetup.Problem(status, code, text);

    private static async Task<IResult> ExportAsync(HttpContext http, string kind, NpgsqlDataSource db,
        IDbContextFactory<GridGovDbContext> contexts, TimeProvider clock)
    {
        var caller = Caller.From(http.User);
        if (caller is null)
        {
            http.Response.Headers.WWWAuthenticate = AuthSetup.ChallengeWithBasic;
            return Problem(401, ErrorCodes.Unauthenticated, Resources.Messages.Unauthenticated);
        }
        if (caller.Role == Role.System && !caller.Scopes.Overlaps(["read", "read-pii", "write"]))
            return Problem(403, ErrorCodes.Forbidden, Resources.Messages.KeyWithoutRead);
        if (!ExportNames.TryKind(kind, out var exportKind))
            return Problem(404, UnknownKind, ExportMessages.KindUnknown(kind, string.Join("、", Enum.GetValues<ExportKind>().Select(k => k.Name()))));
        if (AccessTable.Of(caller, AccessTable.Kind.Export, exportKind.Name()) == AccessLevel.Never)
            return Problem(403, ErrorCodes.Forbidden, ExportMessages.KindForbidden(exportKind.Name()));

        var q = http.Request.Query;
        var area = q["area"].ToString().Trim();
        if (area.Length == 0) return Problem(400, BadArea, ExportMessages.AreaMissing);
        if (!Area.IsValidCode(area)) return Problem(400, BadArea, ExportMessages.AreaInvalid(area));
        // Strictly inside the caller's area: a village secretary does not export the county they may see as context.
        if (!caller.Covers(area)) return Problem(403, ErrorCodes.Forbidden, Resources.Messages.OutsideArea(area));

        var formatText = q["format"].ToString();
        var format = ExportFormat.Xlsx;
        if (formatText.Length > 0 && !ExportNames.TryFormat(formatText, out format))
            return Problem(400, BadFormat, ExportMessages.FormatUnknown(formatText));
        CrsSpec? crs = null;
        if (q["crs"].ToString() is { Length: > 0 } crsText)
        {
            if (!CrsSpec.TryParse(crsText, out crs) || crs is null) return Problem(400, BadCrs, ExportMessages.CrsUnknown(crsText));
            if (!Exporter.Supports(format, crs)) return Problem(400, BadCrs, ExportMessages.CrsNotForFormat(crs.Name, format.Name()));
        }
        var now = clock.GetUtcNow();
        DateOnly? month = null;
        if (q["month"].ToString() is { Length: > 0 } monthText)
        {
            if (!CoverageRules.TryParseMonth(monthText, out var m) || m.Year < 2000 || CoverageRules.IsFuture(m, now))
                return Problem(400, BadMonth, ExportMessages.MonthInvalid(monthText));
            month = m;
        }
        // The ranking's period: a quarter (2026Q3) names its first month; a month names the quarter holding it.
        if (q["quarter"].ToString() is { Length: > 0 } quarterText)
        {
            if (month is not null || !RankingRules.TryParseQuarter(quarterText.Trim(), out var first) || CoverageRules.IsFuture(first, now))
                return Problem(400, BadQuarter, ExportMessages.QuarterInvalid(quarterText));
            month = first;
        }
        var gbk = false;
        if (q["encoding"].ToString() is { Length: > 0 } enc)
        {
            var e = enc.Trim().ToLowerInvariant();
            if (e is "gbk" or "cp936" or "936" or "gb2312") gbk = true;
            else if (e is not ("utf-8" or "utf8")) return Problem(400, BadEncoding, ExportMessages.EncodingUnknown(enc));
        }

        var request = new ExportRequest(exportKind, new ExportScope(area, caller.SeesPersonalData(area)), format, crs, month, gbk);
        var path = Path.Combine(Path.GetTempPath(), $"gridgov-export-{Guid.NewGuid():N}{format.Extension()}");
        ExportResult result;
        try
        {
            result = await Exporter.WriteAsync(db, request, path, now, http.RequestAborted);
        }
        catch (ExportRefusedException e) when (e.Reason == ExportRefusal.UnknownArea)
        {
            File.Delete(path);
            return Problem(404, UnknownArea, ExportMessages.AreaUnknown(area));
        }
        catch
        {
            File.Delete(path);
            throw;
        }

        await using (var audit = await contexts.CreateDbContextAsync(http.RequestAborted))
        {
            Audit.Record(audit, caller, "export." + exportKind.Name(), "Export", exportKind.Name(), area, null, new
            {
                kind = exportKind.Name(), area, format = format.Name(), crs = crs?.Name, month = month?.ToString("yyyy-MM"),
                rows = result.Rows, personalData = result.IncludedPersonalData,
            });
            await audit.SaveChangesAsync(http.RequestAborted);
        }
        http.Response.Headers["X-Export-Rows"] = result.Rows.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16,
            FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        var contentType = format == ExportFormat.Csv ? $"text/csv; charset={(gbk ? "gbk" : "utf-8")}" : format.ContentType();
        return Results.File(stream, contentType, result.FileName);
    }
}
