using System.Globalization;
using System.Net.Http;
using System.Text.Json;
using GridGov.Client;
using GridGov.Client.Components;
using GridGov.Client.Layout;
using GridGov.Client.Queries;
using GridGov.Client.Resources;
using GridGov.Client.Services;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Localization;
using Microsoft.JSInterop;
using Microsoft.AspNetCore.Components;

namespace GridGov.Client.Pages.Import;

public partial class ImportPage
{
    private static readonly string[] CrsChoices = ["wgs84", "cgcs2000", "gcj02", "bd09", "EPSG:3857", "EPSG:4524", "EPSG:4545"];
    private const string ContextLayer = "importVillages", PreviewLayer = "importPreview"; // camelCase: the map sets data-layer-import-preview from the name

    private string _kind = "households";
    private string? _crs, _sheet, _encoding, _codeField, _error, _templateKind;
    private bool _replace;
    private IBrowserFile? _file;
    private ImportJob? _job;
    private DownloadFile? _template, _errorBook;
    private JsonElement? _preview;
    private bool _previewTruncated, _uploading, _confirming;
    private int _previewCount, _fileInputKey;
    private GridMap? _map;
    private string? _previewJob;
    private readonly CancellationTokenSource _gone = new();

    private bool Busy => _uploading || _confirming || _job is { IsRunning: true };
    private bool HasOptions => _crs is { Length: > 0 } || _sheet is { Length: > 0 } || _encoding is { Length: > 0 } || _codeField is { Length: > 0 } || _replace;
    private static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    protected override async Task OnInitializedAsync()
    {
        if (!Auth.IsLoggedIn) { Nav.NavigateToLogin(); return; }
        if (Auth.IsCountyAdmin) await LoadTemplateAsync();
    }

    private async Task SelectKindAsync(string kind)
    {
        _kind = kind;
        await LoadTemplateAsync();
    }

    private async Task LoadTemplateAsync()
    {
        var kind = _kind;
        if (!ImportClient.IsSpreadsheet(kind) || (_templateKind == kind && _template is not null)) return;
        try
        {
            var t = await Imports.TemplateAsync(kind, $"{L["ImportKind" + kind]}模板.xlsx", _gone.Token);
            if (_kind == kind) (_template, _templateKind) = (t, kind);
        }
        catch (ImportRequestException) { /* the link stays away; the upload works without it */ }
    }

    private void OnFileChosen(InputFileChangeEventArgs e)
    {
        _file = e.File;
        _error = null;
    }

    private async Task UploadAsync()
    {
        if (_file is null) { _error = L["ImportChooseFile"]; return; }
        if (_file.Size > ImportClient.MaxUploadBytes) { _error = L["ImportTooLarge", ImportClient.MaxUploadBytes / (1024 * 1024)]; return; }
        _error = null;
        _job = null;
        _preview = null;
        _errorBook = null;
        _uploading = true;
        try
        {
            _job = await Imports.UploadAsync(_kind, _file, new ImportUploadOptions(_crs, _sheet, _encoding, _codeField, _replace && _kind is "households" or "members"), _gone.Token);
            _uploading = false;
            await PollAsync();
            await AfterRunAsync();
        }
        catch (ImportRequestException e) { _error = e.Localized(English); }
        catch (HttpRequestException e) { _error = e.Message; }
        catch (OperationCanceledException) { }
        finally { _uploading = false; }
    }

    private async Task ConfirmAsync()
    {
        if (_job is null) return;
        _confirming = true;
        _error = null;
        try
        {
            _job = await Imports.ConfirmAsync(_job.Id, _gone.Token);
            _errorBook = null;
            await PollAsync();
            await AfterRunAsync();
        }
        catch (ImportRequestException e) { _error = e.Localized(English); }
        catch (HttpRequestException e) { _error = e.Message; }
        catch (OperationCanceledException) { }
        finally { _confirming = false; }
    }

    /// <summary>Asks for the job until its run has ended, showing the progress.</summary>
    private async Task PollAsync()
    {
        while (_job is { IsRunning: true } job)
        {
            StateHasChanged();
            await Task.Delay(400, _gone.Token);
            _job = await Imports.GetAsync(job.Id, _gone.Token);
        }
    }

    /// <summary>The error workbook when the report has rows to mark; the preview's features for kinds with a map.</summary>
    private async Task AfterRunAsync()
    {
        if (_job is not { } job) return;
        if (job.HasErrorWorkbook) _errorBook = await Imports.ErrorWorkbookAsync(job.Id, job.FileName, _gone.Token);
        if (job.DryRun && ImportClient.HasMap(job.Kind) && job.Report is { Total: > 0 })
        {
            var fc = await Imports.PreviewAsync(job.Id, _gone.Token);
            _previewTruncated = fc.TryGetProperty("truncated", out var t) && t.GetBoolean();
            _previewCount = fc.Arr("features").Count();
            _preview = fc;
            _previewJob = job.Id; // a new map per preview (@key): it draws when it is ready

        }
    }

    private void Another()
    {
        // Kind and options stay as they were: a fixed file goes up the same way.
        _job = null;
        _file = null;
        _preview = null;
        _errorBook = null;
        _error = null;
        _fileInputKey++;
    }

    /// <summary>The county's villages as context, and what the dry run would add (green) or change (orange) on top.</summary>
    private async Task DrawPreviewAsync()
    {
        if (_map is null || _preview is not { } preview) return;
        try
        {
            var data = await Gql.QueryAsync(AreaQueries.VillageBoundaries, null, _gone.Token);
            var context = new FeatureCollection();
            foreach (var v in data.Arr("villages"))
                context.Add(v.Str("code"), v.GetProperty("geometry"), new FeatureStyle(Fill: Palette.Fill(Palette.NoData, 0.6), Stroke: Palette.Boundary, Width: 1,
                    Label: v.Str("name"), LabelMaxRes: 40, Font: "12px " + CoverageLayers.Font));
            await _map.SetLayerAsync(ContextLayer, context, 5, clickable: false);
        }
        catch (GraphQLException) { /* the preview is drawn without context */ }
        var fc = new FeatureCollection();
        foreach (var f in preview.Arr("features"))
        {
            var p = f.GetProperty("properties");
            var color = p.Str("status") == "changed" ? "#ef6c00" : Palette.Contacted;
            var geometry = f.GetProperty("geometry");
            var style = geometry.Str("type") == "Point"
                ? new FeatureStyle(Fill: color, Stroke: "#ffffff", Width: 1.5, Radius: 6)
                : new FeatureStyle(Fill: Palette.Fill(color, 0.35), Stroke: color, Width: 2, Label: p.Str("label"), Font: CoverageLayers.Font);
            fc.Add("row-" + p.Str("row"), geometry, style, new Dictionary<string, object?> { ["status"] = p.Str("status") });
        }
        await _map.SetLayerAsync(PreviewLayer, fc, 20, clickable: false);
        if (fc.Count > 0) await _map.FitLayerAsync(PreviewLayer, 14);
        else await _map.FitLayerAsync(ContextLayer);
    }

    public void Dispose()
    {
        _gone.Cancel();
        _gone.Dispose();
    }
}
