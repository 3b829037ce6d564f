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

public partial class AssessmentWeights
{
    /// <summary>The parts in the order of docs/assessment.md, named as the GraphQL fields.</summary>
    private static readonly string[] Parts = ["checkIn", "workLog", "coverage", "contact", "pairingVisits", "manual"];
    private readonly Dictionary<string, string> _typed = [];
    private string? _countyCode, _error;
    private bool _loaded;
    private int _savedCount;

    private bool CanEdit => Auth.IsCountyAdmin;

    /// <summary>The sum of what is typed; null while a field is not a whole number.</summary>
    private int? Sum => Parts.All(p => int.TryParse(_typed.GetValueOrDefault(p), out _)) ? Parts.Sum(p => int.Parse(_typed[p])) : null;

    protected override async Task OnInitializedAsync()
    {
        if (!Auth.IsLoggedIn) { Nav.NavigateToLogin(); return; }
        try
        {
            var w = (await Gql.QueryAsync(AssessmentQueries.Weights)).GetProperty("cadreWeights");
            _countyCode = w.Str("countyCode");
            foreach (var p in Parts) _typed[p] = w.GetProperty(p).GetInt32().ToString();
            _loaded = true;
        }
        catch (GraphQLException e) { _error = e.Message; }
    }

    private void Type(string part, ChangeEventArgs e) => _typed[part] = e.Value?.ToString()?.Trim() ?? "";

    private async Task SaveAsync()
    {
        _error = null;
        // Not a whole number: say so here (the schema would refuse it without the rule's words); the sum is the server's rule.
        if (Parts.FirstOrDefault(p => !int.TryParse(_typed[p], out _)) is { } bad)
        {
            _error = L["WeightNotWhole", L["Part" + bad]];
            return;
        }
        try
        {
            await Gql.QueryAsync(AssessmentQueries.SetWeights, new
            {
                c = _countyCode,
                w = Parts.ToDictionary(p => p, p => int.Parse(_typed[p])),
            });
            _savedCount++;
        }
        catch (GraphQLException x) { _error = x.Message; }
    }
}
