using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GridGov.Api.Auth;
using GridGov.Api.Infrastructure;
using GridGov.Api.Resources;
using GridGov.Domain.Access;
using GridGov.Domain.Geo;
using GridGov.Domain.Import;
using GridGov.Import;
using GridGov.Import.Files;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace GridGov.Api.Imports;

/// <summary>
/// Browser imports for the county's organisation department (county-admin), with the same JWT or API key as /graphql:
/// <list type="bullet">
/// <item>POST /imports — multipart: kind, file, optional crs, sheet, encoding, codeField, county, replace (true: a full roster). The size is checked before
/// the body is read; the file is stored under the job's folder with a sanitised name and its dry run starts → 202 and the job.</item>
/// <item>POST /imports/{id}/confirm — the real import of the same file, when its dry run was clean and the file is unchanged.</item>
/// <item>GET /imports/{id} — state, progress and the report; GET /imports/{id}/errors.xlsx — the error workbook;
/// GET /imports/{id}/preview.geojson — what the dry run would add or change (storage coordinates, EPSG:4326).</item>
/// <item>GET /imports/templates/{kind}.xlsx — a template, for any logged-in user.</item>
/// </list>
/// Errors are <c>{"errors":[{"message","extensions":{"code","zh","en"}}]}</c> as on /auth/token.
/// </summary>
public static class ImportEndpoints
{
    private const int MaxOptionLength = 200;
    /// <summary>Room for the multipart headers and the small fields around the file.</summary>
    private const long FormOverhead = 64 * 1024;

    public static void AddImports(this WebApplicationBuilder builder, string connectionString)
    {
        var settings = builder.Configuration.GetSection("Imports").Get<ImportSettings>() ?? new ImportSettings();
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(sp => new ImportJobs(connectionString, settings, sp.GetRequiredService<ILogger<ImportJobs>>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<GridGov.Persistence.Sql.TileChanges>()));
    }

    public static void MapImportEndpoints(this WebApplication app)
    {
        app.MapPost("/imports", UploadAsync);
        app.MapPost("/imports/{id}/confirm", Confirm);
        app.MapGet("/imports/{id}", Get);
        app.MapGet("/imports/{id}/errors.xlsx", ErrorWorkbook);
        app.MapGet("/imports/{id}/preview.geojson", Preview);
        app.MapGet("/imports/templates/{file}", Template);
    }

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>The job as JSON: state in lower case, the report as the CLI's --report writes it.</summary>
    public static IResult JobJson(ImportJobStatus s, int status = 200) => Results.Json(new
    {
        id = s.Id, kind = s.Kind, fileName = s.FileName, state = s.State, dryRun = s.DryRun, committed = s.Committed,
        phase = s.Phase, done = s.Done, total = s.Total, errors = s.Errors, warnings = s.Warnings,
        canConfirm = s.CanConfirm, hasPreview = s.HasPreview, hasErrorWorkbook = s.HasErrorWorkbook,
        error = s.ErrorCode is null ? null : new { code = s.ErrorCode, message = Messages.InternalError.Zh, en = Messages.InternalError.En },
        createdAt = s.CreatedAt, finishedAt = s.FinishedAt,
        report = s.Report is null ? (JsonElement?)null : JsonSerializer.SerializeToElement(s.Report, ImportReport.JsonOptions),
    }, Json, statusCode: status);

    private static IResult Problem(int status, string code, BilingualText text) => AuthSetup.Problem(status, code, text);

    /// <summary>401 without a caller, 403 unless a county-admin (of <paramref name="countyCode"/> when given).</summary>
    private static IResult? Refuse(Caller? caller, string? countyCode = null) =>
        caller is null ? Problem(401, ErrorCodes.Unauthenticated, Messages.Unauthenticated)
        : caller.Role != Role.CountyAdmin || !caller.CanImport(caller.AreaCode) ? Problem(403, ErrorCodes.Forbidden, Messages.ImportCountyAdminOnly)
        : countyCode is not null && !caller.CanImport(countyCode) ? Problem(403, ErrorCodes.Forbidden, Messages.OutsideArea(countyCode))
        : null;

    private static async Task<IResult> UploadAsync(HttpContext http, ImportJobs jobs, TimeProvider time)
    {
        var caller = Caller.From(http.User);
        if (Refuse(caller) is { } refused) return refused;
        var max = jobs.Settings.MaxUploadBytes;
        // Before a byte of the body is read: the declared length, and Kestrel's own limit for bodies without one.
        if (http.Request.ContentLength > max + FormOverhead)
            return Problem(413, ErrorCodes.Validation, Messages.ImportTooLarge(max / (1024 * 1024)));
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = max + FormOverhead;
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
            return Problem(400, ErrorCodes.Validation, Messages.ImportNotMultipart);

        var (id, folder) = jobs.NewFolder();
        var keep = false;
        try
        {
            var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            string? fileName = null, filePath = null;
            var reader = new MultipartReader(boundary, http.Request.Body) { HeadersLengthLimit = 16 * 1024 };
            try
            {
                while (await reader.ReadNextSectionAsync(http.RequestAborted) is { } section)
                {
                    if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var cd)
                        || !cd.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase)) continue;
                    var name = HeaderUtilities.RemoveQuotes(cd.Name).Value ?? "";
                    if (cd.IsFileDisposition() && name.Equals("file", StringComparison.OrdinalIgnoreCase))
                    {
                        if (filePath is not null) continue;
                        fileName = UploadNames.Sanitize(cd.FileNameStar.HasValue ? cd.FileNameStar.Value : HeaderUtilities.RemoveQuotes(cd.FileName).Value);
                        filePath = Path.Combine(folder, fileName);
                        await using var f = new FileStream(filePath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
                        if (!await CopyLimitedAsync(section.Body, f, max, http.RequestAborted))
                            return Problem(413, ErrorCodes.Validation, Messages.ImportTooLarge(max / (1024 * 1024)));
                    }
                    else if (!cd.IsFileDisposition())
                    {
                        var value = await ReadSmallAsync(section.Body, http.RequestAborted);
                        if (value is null) return Problem(400, ErrorCodes.Validation, Messages.ImportOptionTooLong(name.Length > 40 ? name[..40] : name));
                        fields[name] = value.Trim();
                    }
                }
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return Problem(413, ErrorCodes.Validation, Messages.ImportTooLarge(max / (1024 * 1024)));
            }
            catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
            {
                return Problem(400, ErrorCodes.Validation, Messages.ImportUploadBroken);
            }

            var kindText = fields.GetValueOrDefault("kind") ?? "";
            if (!TryKind(kindText, out var kind)) return Problem(400, ErrorCodes.Validation, Messages.ImportKindUnknown(kindText));
            if (fields.GetValueOrDefault("county") is { Length: > 0 } county && Refuse(caller, county) is { } other) return other;
            if (filePath is null || fileName is null) return Problem(400, ErrorCodes.Validation, Messages.ImportFileMissing);
            CrsSpec? crs = null;
            var crsText = Empty(fields.GetValueOrDefault("crs"));
            if (crsText is not null && (!CrsSpec.TryParse(crsText, out crs) || crs is null))
                return Problem(400, ErrorCodes.Validation, Messages.ImportCrsUnknown(crsText));

            var job = new ImportJob
            {
                Id = id, CountyCode = caller!.AreaCode, Kind = kind, FileName = fileName, Folder = folder, FilePath = filePath,
                Options = new ImportOptions(crsText, crs, Empty(fields.GetValueOrDefault("sheet")), Empty(fields.GetValueOrDefault("encoding")),
                    Empty(fields.GetValueOrDefault("codeField")), fields.GetValueOrDefault("replace") is "true" or "on" or "1"),
                CreatedBy = caller.Actor, CreatedAt = time.GetUtcNow(),
            };
            switch (jobs.TryAdmit(job))
            {
                case AdmitResult.Busy: return Problem(409, ErrorCodes.Conflict, Messages.ImportBusy);
                case AdmitResult.TooMany: return Problem(503, ErrorCodes.Conflict, Messages.ImportTooMany);
            }
            keep = true;
            http.Response.Headers.Location = "/imports/" + id;
            return JobJson(job.Status(), 202);
        }
        finally
        {
            if (!keep) jobs.DeleteFolder(folder);
        }
    }

    private static string? Empty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    public static bool TryKind(string text, out ImportKind kind) =>
        Enum.TryParse(text, ignoreCase: true, out kind) && Enum.IsDefined(kind) && !text.Any(char.IsAsciiDigit);

    /// <summary>Copies at most <paramref name="max"/> bytes; false as soon as the source has more.</summary>
    private static async Task<bool> CopyLimitedAsync(Stream source, Stream target, long max, CancellationToken ct)
    {
        var buffer = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = await source.ReadAsync(buffer, ct)) > 0)
        {
            total += n;
            if (total > max) return false;
            await target.WriteAsync(buffer.AsMemory(0, n), ct);
        }
        return true;
    }

    /// <summary>A form field's text, or null when it is longer than an option may be.</summary>
    private static async Task<string?> ReadSmallAsync(Stream body, CancellationToken ct)
    {
        var buffer = new byte[MaxOptionLength * 4 + 1];
        var total = 0;
        int n;
        while ((n = await body.ReadAsync(buffer.AsMemory(total), ct)) > 0)
        {
            total += n;
            if (total == buffer.Length) return null;
        }
        var text = Encoding.UTF8.GetString(buffer, 0, total);
        return text.Length > MaxOptionLength ? null : text;
    }

    /// <summary>The job when the caller may see it: a county-admin of its county.</summary>
    private static (ImportJob? Job, IResult? Refusal) Find(HttpContext http, ImportJobs jobs, string id)
    {
        var caller = Caller.From(http.User);
        if (Refuse(caller) is { } refused) return (null, refused);
        var job = id.Length <= 64 ? jobs.Get(id) : null;
        if (job is null) return (null, Problem(404, ErrorCodes.NotFound, Messages.ImportJobNotFound(id.Length > 64 ? id[..64] : id)));
        if (!caller!.CanImport(job.CountyCode)) return (null, Problem(403, ErrorCodes.Forbidden, Messages.OutsideArea(job.CountyCode)));
        http.Response.Headers.CacheControl = "private, no-store";
        return (job, null);
    }

    private static IResult Get(HttpContext http, ImportJobs jobs, string id)
    {
        var (job, refusal) = Find(http, jobs, id);
        return refusal ?? JobJson(job!.Status());
    }

    private static async Task<IResult> Confirm(HttpContext http, ImportJobs jobs, string id)
    {
        var (job, refusal) = Find(http, jobs, id);
        if (refusal is not null) return refusal;
        // The file must be the one the dry run checked.
        if (job!.DryRunReport is { Sha256: { } checkedHash } && !job.IsActive)
        {
            string now;
            try
            {
                await using var f = File.OpenRead(job.FilePath);
                now = Convert.ToHexStringLower(await SHA256.HashDataAsync(f, http.RequestAborted));
            }
            catch (FileNotFoundException) { now = ""; }
            if (now != checkedHash) return Problem(409, ErrorCodes.Conflict, Messages.ImportFileChanged);
        }
        return jobs.TryConfirm(job, Caller.From(http.User)!.Actor, out var why) switch
        {
            AdmitResult.Busy => Problem(409, ErrorCodes.Conflict, Messages.ImportBusy),
            AdmitResult.Refused => why switch
            {
                ConfirmRefusal.DryRunHasErrors => Problem(400, ErrorCodes.Validation, Messages.ImportDryRunHasErrors),
                ConfirmRefusal.AlreadyConfirmed => Problem(409, ErrorCodes.Conflict, Messages.ImportAlreadyConfirmed),
                _ => Problem(409, ErrorCodes.Conflict, Messages.ImportNotReady),
            },
            _ => JobJson(job.Status(), 202),
        };
    }

    private static IResult ErrorWorkbook(HttpContext http, ImportJobs jobs, string id)
    {
        var (job, refusal) = Find(http, jobs, id);
        if (refusal is not null) return refusal;
        if (!job!.IsSpreadsheet) return Problem(404, ErrorCodes.NotFound, Messages.ImportNoErrorWorkbook);
        var status = job.Status();
        if (status.Report is not { } report || job.IsActive) return Problem(409, ErrorCodes.Conflict, Messages.ImportNotReady);
        var path = job.ErrorWorkbookPath;
        if (path is null || !File.Exists(path))
        {
            path = Path.Combine(job.Folder, (report.DryRun ? "dry-run" : "import") + "-errors.xlsx");
            var byRow = report.Errors.Concat(report.Warnings).Where(i => i.Row > 1).GroupBy(i => i.Row)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(i => (i.Column is null ? "" : $"{i.Column}：") + i.Message).ToList());
            try
            {
                ErrorWorkbookWriter.Write(job.FilePath, new TabularOptions(job.Options.Sheet, job.Options.Encoding), byRow, path);
            }
            catch (ImportFileException)
            {
                // The file could not be read at all: there is no copy to annotate; the report says why.
                return Problem(404, ErrorCodes.NotFound, Messages.ImportNoErrorWorkbook);
            }
            job.ErrorWorkbookPath = path;
        }
        var name = Path.GetFileNameWithoutExtension(job.FileName) + "-错误.xlsx";
        return Results.File(path, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name);
    }

    private static IResult Preview(HttpContext http, ImportJobs jobs, string id)
    {
        var (job, refusal) = Find(http, jobs, id);
        if (refusal is not null) return refusal;
        if (job!.DryRunReport is not { } report) return Problem(409, ErrorCodes.Conflict, Messages.ImportNotReady);
        var json = new StringBuilder(64 + report.Preview.Count * 200);
        json.Append("{\"type\":\"FeatureCollection\",\"truncated\":").Append(report.PreviewTruncated ? "true" : "false").Append(",\"features\":[");
        for (var i = 0; i < report.Preview.Count; i++)
        {
            var f = report.Preview[i];
            if (i > 0) json.Append(',');
            json.Append("{\"type\":\"Feature\",\"id\":").Append(f.Row).Append(",\"geometry\":").Append(f.GeoJson)
                .Append(",\"properties\":{\"row\":").Append(f.Row).Append(",\"status\":").Append(JsonSerializer.Serialize(f.Status, Json))
                .Append(",\"label\":").Append(JsonSerializer.Serialize(f.Label, Json)).Append("}}");
        }
        json.Append("]}");
        return Results.Text(json.ToString(), "application/geo+json", Encoding.UTF8);
    }

    /// <summary>GET /imports/templates/households.xlsx: the Excel template of a spreadsheet kind.</summary>
    private static IResult Template(HttpContext http, string file)
    {
        if (Caller.From(http.User) is null) return Problem(401, ErrorCodes.Unauthenticated, Messages.Unauthenticated);
        var kindText = file.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) ? file[..^5] : file;
        if (kindText.Length > 40) kindText = kindText[..40];
        if (!TryKind(kindText, out var kind)) return Problem(404, ErrorCodes.NotFound, Messages.ImportKindUnknown(kindText));
        if (!TemplateWriter.TabularKinds.Contains(kind)) return Problem(404, ErrorCodes.NotFound, Messages.ImportTemplateKind(kindText));
        var ms = new MemoryStream();
        TemplateWriter.Write(kind, ms);
        ms.Position = 0;
        return Results.File(ms, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"gridgov-{kind.ToString().ToLowerInvariant()}-template.xlsx");
    }
}
