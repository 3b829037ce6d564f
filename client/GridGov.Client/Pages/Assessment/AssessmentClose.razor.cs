using System.Net.Http;
using System.Text.Json;
using GridGov.Client;
using GridGov.Client.Components;
using GridGov.Client.Layout;
using GridGov.Client.Queries;
using GridGov.Client.Resources;
using GridGov.Client.Services;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Localization;
using Microsoft.JSInterop;
using Microsoft.AspNetCore.Components;

namespace GridGov.Client.Pages.Assessment;

public partial class AssessmentClose
{
    /// <summary>The quarter to close, e.g. 2026Q3 (an ended one; the server refuses the others).</summary>
    [Parameter, EditorRequired] public string Quarter { get; set; } = "";
    /// <summary>First secretaries in the quarter's ranking, as the page shows them.</summary>
    [Parameter] public int CadreCount { get; set; }
    [Parameter] public EventCallback OnClosed { get; set; }

    private sealed record Township(string Name, bool Bottom);
    private List<Township>? _impact;
    private string? _error;
    private bool _busy;

    private string? _shown;

    /// <summary>Another quarter picked: the confirmation of the previous one goes.</summary>
    protected override void OnParametersSet()
    {
        if (_shown != Quarter) (_impact, _error, _shown) = (null, null, Quarter);
    }

    private async Task OpenAsync()
    {
        (_busy, _error) = (true, null);
        try
        {
            var rows = (await Gql.QueryAsync(AssessmentQueries.CloseImpact, new { q = Quarter })).Arr("ranking");
            _impact = [.. rows.Select(r => new Township(r.Str("name"), r.GetProperty("bottom").GetBoolean()))];
        }
        catch (GraphQLException e) { _error = e.Message; }
        finally { _busy = false; }
    }

    private async Task CloseAsync()
    {
        (_busy, _error) = (true, null);
        try
        {
            await Gql.QueryAsync(AssessmentQueries.CloseQuarter, new { q = Quarter });
            _impact = null;
            await OnClosed.InvokeAsync();
        }
        catch (GraphQLException e) { _error = e.Message; }
        finally { _busy = false; }
    }
}
