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

namespace GridGov.Client.Pages.CadreWork;

public partial class CadreWorkPage
{
    private const string Query = AreaQueries.CadreWork;
    private JsonElement? _data;
    private Dictionary<string, string> _villageNames = [];

    /// <summary>A village's name as people say it (full in the title), its code when unknown.</summary>
    private string VillageName(string code) => _villageNames.TryGetValue(code, out var n) ? n : code;
    private string? _areaCode, _areaName, _error;
    private string _month = Months.Current().ToString("yyyy-MM");

    protected override async Task OnInitializedAsync()
    {
        if (!Auth.IsLoggedIn) { Nav.NavigateToLogin(); return; }
        try
        {
            var me = (await Gql.QueryAsync(AreaQueries.MeArea)).GetProperty("me");
            (_areaCode, _areaName) = (me.Str("areaCode"), me.Str("areaName"));
            await LoadAsync();
        }
        catch (GraphQLException e) { _error = e.Message; }
    }

    private async Task LoadAsync()
    {
        try
        {
            _data = (await Gql.QueryAsync(Query, new { a = _areaCode, m = _month })).Clone();
            _villageNames = _data.Value.Arr("villages").ToDictionary(v => v.Str("code"), v => v.Str("name"));
        }
        catch (GraphQLException e) { _error = e.Message; }
    }

    private async Task ChangeMonth(ChangeEventArgs e)
    {
        _month = e.Value?.ToString() ?? _month;
        await LoadAsync();
    }
}
