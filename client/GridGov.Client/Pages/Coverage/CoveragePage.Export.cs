using GridGov.Client.Services;

namespace GridGov.Client.Pages.Coverage;

/// <summary>The coverage map as a document: a PNG of the view, or the page printed (to PDF) as a landscape sheet.</summary>
public partial class CoveragePage
{
    /// <summary>What the map shows: the area in focus, the measure and the month.</summary>
    private string ExportTitle => string.Join(" · ", _focus?.Name ?? RootName,
        _view.Measure == ShareMeasure.Contacted ? L["ContactedShare"] : L["LinkedShare"], Months.Label(_view.Month));

    private async Task ExportPngAsync()
    {
        if (_map is not { IsReady: true }) return;
        await _map.ExportPngAsync(ExportTitle, $"{L["NavCoverage"]}-{_focus?.AreaCode ?? RootCode}-{MonthText}.png");
    }

    private async Task PrintMapAsync()
    {
        if (_map is { IsReady: true }) await _map.PrintAsync();
    }
}
