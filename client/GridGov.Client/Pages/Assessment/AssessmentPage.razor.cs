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

public partial class AssessmentPage
{
    private JsonElement? _data;
    private string? _areaCode, _areaName, _error;
    /// <summary>The quarter the shown data is of (tests wait for it after picking another).</summary>
    private string? _loadedQuarter;
    private string _quarter = Quarters().Skip(1).First();
    private string _month = Months.Current().ToString("yyyy-MM");
    private DateOnly _dispatchDate = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
    private string _dispatchNotes = "", _dispatchFollowUps = "";
    private readonly HashSet<string> _present = [];
    /// <summary>The cadre whose township score was saved last (tests and screen readers learn the save went through).</summary>
    private string? _saved;

    /// <summary>The running quarter and the seven before it, newest first; the page opens on the last ended one.</summary>
    private static IEnumerable<string> Quarters()
    {
        var m = Months.Current();
        var first = new DateOnly(m.Year, (m.Month - 1) / 3 * 3 + 1, 1);
        for (var i = 0; i < 8; i++, first = first.AddMonths(-3)) yield return $"{first.Year}Q{(first.Month - 1) / 3 + 1}";
    }


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
        _error = null;
        try
        {
            var quarter = _quarter;
            _data = (await Gql.QueryAsync(AssessmentQueries.Page, new { q = quarter, a = _areaCode, m = _month })).Clone();
            _loadedQuarter = quarter;
        }
        catch (GraphQLException e) { _error = e.Message; }
    }

    private async Task ChangeQuarter(ChangeEventArgs e)
    {
        _quarter = e.Value?.ToString() ?? _quarter;
        await LoadAsync();
    }

    private async Task ChangeMonth(ChangeEventArgs e)
    {
        _month = e.Value?.ToString() ?? _month;
        await LoadAsync();
    }

    /// <summary>The township's score for a cadre, saved when the field changes; the server refuses what it must (closed quarter…).</summary>
    private async Task SetManual(string cadreId, ChangeEventArgs e)
    {
        if (!double.TryParse(e.Value?.ToString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var score)) return;
        try
        {
            await Gql.QueryAsync(AssessmentQueries.SetManualScore,
                new { id = cadreId, q = _quarter, s = score });
            _saved = cadreId;
            await LoadAsync();
        }
        catch (GraphQLException x) { _error = x.Message; }
    }

    private void TogglePresent(string id, ChangeEventArgs e)
    {
        if (e.Value is true) _present.Add(id); else _present.Remove(id);
    }

    private async Task RecordDispatch()
    {
        try
        {
            await Gql.QueryAsync(AssessmentQueries.RecordDispatch, new
            {
                i = new { townshipCode = _areaCode, date = _dispatchDate.ToString("yyyy-MM-dd"), cadreIds = _present.ToArray(), notes = _dispatchNotes,
                          followUps = _dispatchFollowUps },
            });
            (_dispatchNotes, _dispatchFollowUps, _month) = ("", "", _dispatchDate.ToString("yyyy-MM"));
            _present.Clear();
            await LoadAsync();
        }
        catch (GraphQLException x) { _error = x.Message; }
    }

    /// <summary>An export of the caller's area as Excel, fetched with the token.</summary>
    private async Task Download(string kind, string period)
    {
        try
        {
            await using var module = await JS.InvokeAsync<IJSObjectReference>("import", "./js/assessment.js");
            await module.InvokeVoidAsync("download", $"exports/{kind}?area={_areaCode}&{period}", Auth.Token);
        }
        catch (JSException e) { _error = e.Message; }
    }
}
