using System.Text.Json;
using GridGov.Client.Queries;
using GridGov.Client.Services;
using Microsoft.AspNetCore.Components;

namespace GridGov.Client.Pages.Coverage;

/// <summary>The coverage page's search (villages on the page, household heads on the server) and the household card.</summary>
public partial class CoveragePage
{
    private string _search = "";
    private bool _searching;
    private List<JsonElement> _villageHits = [], _householdHits = [];
    private int _householdTotal;
    private CancellationTokenSource? _searchCts;
    private JsonElement? _household;

    private Task OnSearchInput(ChangeEventArgs e)
    {
        _search = e.Value?.ToString() ?? "";
        return SearchAsync(_search);
    }

    private async Task SearchAsync(string text)
    {
        _searchCts?.Cancel();
        var cts = _searchCts = new CancellationTokenSource();
        var t = text.Trim();
        _householdHits = [];
        _householdTotal = 0;
        if (t.Length == 0) { _villageHits = []; return; }
        // Villages are on the page already; household heads are searched on the server (area and masking apply there).
        _villageHits = _villages.Where(v => v.Str("name").Contains(t, StringComparison.OrdinalIgnoreCase)).Take(6).ToList();
        _searching = true;
        StateHasChanged();
        try
        {
            await Task.Delay(250, cts.Token); // typing: one request for the word, not one per key
            if (t.Length <= 50)
            {
                var data = await Gql.QueryAsync(CoverageQueries.HouseholdSearch, new { t }, cts.Token);
                if (cts.IsCancellationRequested) return;
                var page = data.GetProperty("households");
                _householdHits = page.Arr("nodes").ToList();
                _householdTotal = (int)(page.Num("totalCount") ?? 0);
            }
        }
        catch (OperationCanceledException) { return; }
        catch (GraphQLException e) { _loadError = e.Message; }
        _searching = false;
        StateHasChanged();
    }

    /// <summary>A household's card and its marker; <paramref name="zoom"/> puts the map at the house.</summary>
    private async Task ShowHouseholdAsync(string id, bool zoom)
    {
        try
        {
            var data = await Gql.QueryAsync(CoverageQueries.Household, new { id });
            if (_view.Household != id) return; // another card was asked for meanwhile
            if (data.Obj("household") is not { } h) { _household = null; return; }
            _household = h;
            if (_map is { IsReady: true })
            {
                var fc = new FeatureCollection().Add(h.Str("id"), h.GetProperty("geometry"),
                    new FeatureStyle(Fill: Palette.SearchHit, Stroke: "#000000", Width: 2, Radius: 8, Label: h.Str("headName"), Font: "bold 12px " + Font));
                await _map.SetLayerAsync("search", fc, 50);
                if (zoom && h.Bbox() is { } b) await _map.FitAsync(b, 17);
            }
        }
        catch (GraphQLException e) { _loadError = e.Message; }
        StateHasChanged();
    }

    private async Task CloseHouseholdLayerAsync()
    {
        _household = null;
        if (_map is { IsReady: true }) await _map.ClearLayerAsync("search");
    }
}
