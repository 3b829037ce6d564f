using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Components.Forms;

namespace GridGov.Client.Services;

/// <summary>One problem of a file: the row as Excel shows it (GIS files: the feature's index), column, value, code, reason.</summary>
public sealed record ImportIssue(int Row, string? Column, string? Value, string Code, string Message);

public sealed record ImportCounts(int New, int Changed, int Unchanged, int Refused);

/// <summary>The importer's report, as <c>gridgov import --report</c> writes it.</summary>
public sealed record ImportReport(string Kind, string FileName, string? Crs, int Total, ImportCounts Counts,
    List<ImportIssue> Errors, List<ImportIssue> Warnings, int ErrorCount, int WarningCount, List<string> UnknownColumns,
    double Seconds, bool DryRun, bool Committed);

/// <summary>A job of POST /imports as GET /imports/{id} answers: state queued/running/done/refused/failed.</summary>
public sealed record ImportJob(string Id, string Kind, string FileName, string State, bool DryRun, bool Committed, string Phase,
    int Done, int? Total, int Errors, int Warnings, bool CanConfirm, bool HasPreview, bool HasErrorWorkbook, ImportReport? Report)
{
    public bool IsRunning => State is "queued" or "running";
}

/// <summary>The options of an upload besides kind and file (empty: the importer decides).</summary>
public sealed record ImportUploadOptions(string? Crs, string? Sheet, string? Encoding, string? CodeField, bool Replace = false);

/// <summary>A file to save: its name, type and bytes (offered as a data: link, since downloads need the token).</summary>
public sealed record DownloadFile(string Name, string ContentType, byte[] Bytes)
{
    public string DataUrl => $"data:{ContentType};base64,{Convert.ToBase64String(Bytes)}";
}

/// <summary>A refusal of the import endpoints: the server's message (Chinese, English).</summary>
public sealed class ImportRequestException(string code, string message, string? messageEn) : Exception(message)
{
    public string Code { get; } = code;
    public string Localized(bool english) => english && messageEn is not null ? messageEn : Message;
}

/// <summary>
/// The county organisation department's imports (server: <c>/imports</c>): upload a file for a dry run, poll the job,
/// confirm, the preview's features, the error workbook and the templates — each with the user's token.
/// </summary>
public sealed class ImportClient(HttpClient http, AuthState auth)
{
    /// <summary>The server's default upload limit; it checks again (Imports:MaxUploadBytes).</summary>
    public const long MaxUploadBytes = 200L * 1024 * 1024;

    public static readonly string[] Kinds = ["areas", "boundaries", "households", "members", "ties", "cells", "links", "cadres"];
    /// <summary>Kinds with an Excel template (the others are GIS files).</summary>
    public static bool IsSpreadsheet(string kind) => kind is not ("boundaries" or "cells");
    /// <summary>Kinds whose dry run has a map of what would be added.</summary>
    public static bool HasMap(string kind) => kind is "boundaries" or "cells" or "households";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private HttpRequestMessage Request(HttpMethod method, string url, HttpContent? content = null)
    {
        var req = new HttpRequestMessage(method, url) { Content = content };
        if (auth.Token is not null) req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", auth.Token);
        return req;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage req, CancellationToken ct)
    {
        var res = await http.SendAsync(req, ct);
        if (res.IsSuccessStatusCode) return res;
        string code = "HTTP", zh = $"HTTP {(int)res.StatusCode}";
        string? en = null;
        try
        {
            var body = await res.Content.ReadFromJsonAsync<JsonElement>(ct);
            if (body.TryGetProperty("errors", out var errors) && errors.GetArrayLength() > 0 && errors[0].Obj("extensions") is { } x)
            {
                code = x.Str("code");
                zh = x.Str("zh");
                en = x.Str("en");
            }
        }
        catch (JsonException) { }
        res.Dispose();
        if (code == "UNAUTHENTICATED") await auth.LogoutAsync();
        throw new ImportRequestException(code, zh, en);
    }

    public async Task<ImportJob> UploadAsync(string kind, IBrowserFile file, ImportUploadOptions options, CancellationToken ct = default)
    {
        using var form = new MultipartFormDataContent { { new StringContent(kind), "kind" } };
        void Add(string name, string? value) { if (!string.IsNullOrWhiteSpace(value)) form.Add(new StringContent(value.Trim()), name); }
        Add("crs", options.Crs);
        Add("sheet", options.Sheet);
        Add("encoding", options.Encoding);
        Add("codeField", options.CodeField);
        if (options.Replace) Add("replace", "true");
        var content = new StreamContent(file.OpenReadStream(MaxUploadBytes, ct));
        content.Headers.ContentType = new MediaTypeHeaderValue(string.IsNullOrEmpty(file.ContentType) ? "application/octet-stream" : file.ContentType);
        form.Add(content, "file", file.Name);
        using var res = await SendAsync(Request(HttpMethod.Post, "imports", form), ct);
        return (await res.Content.ReadFromJsonAsync<ImportJob>(Json, ct))!;
    }

    public async Task<ImportJob> GetAsync(string id, CancellationToken ct = default)
    {
        using var res = await SendAsync(Request(HttpMethod.Get, "imports/" + Uri.EscapeDataString(id)), ct);
        return (await res.Content.ReadFromJsonAsync<ImportJob>(Json, ct))!;
    }

    public async Task<ImportJob> ConfirmAsync(string id, CancellationToken ct = default)
    {
        using var res = await SendAsync(Request(HttpMethod.Post, $"imports/{Uri.EscapeDataString(id)}/confirm"), ct);
        return (await res.Content.ReadFromJsonAsync<ImportJob>(Json, ct))!;
    }

    /// <summary>What the dry run would add or change: a GeoJSON FeatureCollection (EPSG:4326) with row, status and label.</summary>
    public async Task<JsonElement> PreviewAsync(string id, CancellationToken ct = default)
    {
        using var res = await SendAsync(Request(HttpMethod.Get, $"imports/{Uri.EscapeDataString(id)}/preview.geojson"), ct);
        return (await res.Content.ReadFromJsonAsync<JsonElement>(ct)).Clone();
    }

    public Task<DownloadFile> ErrorWorkbookAsync(string id, string fileName, CancellationToken ct = default) =>
        DownloadAsync($"imports/{Uri.EscapeDataString(id)}/errors.xlsx", Path.GetFileNameWithoutExtension(fileName) + "-错误.xlsx", ct);

    public Task<DownloadFile> TemplateAsync(string kind, string name, CancellationToken ct = default) =>
        DownloadAsync($"imports/templates/{kind}.xlsx", name, ct);

    private async Task<DownloadFile> DownloadAsync(string url, string name, CancellationToken ct)
    {
        using var res = await SendAsync(Request(HttpMethod.Get, url), ct);
        return new DownloadFile(name, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", await res.Content.ReadAsByteArrayAsync(ct));
    }
}
