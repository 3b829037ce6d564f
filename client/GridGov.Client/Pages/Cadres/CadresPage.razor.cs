using System.Globalization;
using System.Text.Json;
using GridGov.Client.Queries;
using GridGov.Client.Services;

namespace GridGov.Client.Pages.Cadres;

public partial class CadresPage
{
    private static readonly string[] Kinds = ["FIRST_SECRETARY", "TEAM_LEADER", "RESIDENT_CADRE", "LIAISON_CADRE"];
    private static readonly string[] Ranks = ["COUNTY", "SECTION", "GENERAL", "VILLAGE"];

    public sealed record VillageOption(string Code, string Name, string Township);
    private sealed record PostingRow(string VillageCode, string VillageName, string From, string? To, bool InForce);
    private sealed record CadreRow(string Id, string Name, string Kind, string Rank, string? Phone, string? IdNumber, string? Username, bool LoginDisabled, List<PostingRow> Postings);
    private sealed record NewLogin(string Name, string Username, string Password);

    private sealed class CreateForm
    {
        public string Name { get; set; } = "";
        public string Kind { get; set; } = "FIRST_SECRETARY";
        public string Rank { get; set; } = "SECTION";
        public string Phone { get; set; } = "";
        public string Village { get; set; } = "";
        public string Username { get; set; } = "";
    }

    private sealed class PostForm
    {
        public string Village { get; set; } = "";
        public DateOnly? From { get; set; }
        public string? Error { get; set; }
    }

    private List<CadreRow> _cadres = [];
    private List<VillageOption> _villages = [];
    private readonly Dictionary<string, PostForm> _postForms = [];
    private CreateForm _form = new();
    private NewLogin? _newLogin;
    private string _search = "", _kindFilter = "";
    private string? _loadError, _notice, _createError;
    private bool _loaded, _busy, _createOpen, _notAllowed;

    private bool CanKeep => Auth.IsCountyAdmin;
    private static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    private List<CadreRow> Shown => [.. _cadres.Where(c => (_kindFilter.Length == 0 || c.Kind == _kindFilter)
        && (_search.Trim().Length == 0 || c.Name.Contains(_search.Trim(), StringComparison.Ordinal)
            || c.Postings.Any(p => p.InForce && p.VillageName.Contains(_search.Trim(), StringComparison.Ordinal))))];

    protected override async Task OnInitializedAsync()
    {
        if (!Auth.IsLoggedIn) { Nav.NavigateToLogin(); return; }
        if (!(Auth.IsCountyAdmin || Auth.IsLeader)) { _notAllowed = true; return; }
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        try
        {
            var data = await Gql.QueryAsync(CadresQueries.Roster, new { a = Auth.AreaCode });
            _cadres = [.. data.Arr("cadres").Select(Row)];
            _villages = [.. data.Arr("villages").Select(v => new VillageOption(v.Str("code"), AreaNames.Short(v.Str("name")), v.Obj("township")?.Str("name") ?? ""))
                .OrderBy(v => v.Code, StringComparer.Ordinal)];
            _loadError = null;
        }
        catch (GraphQLException e) { _loadError = e.Localized(English); }
        catch (HttpRequestException e) { _loadError = e.Message; }
        _loaded = true;
    }

    private static CadreRow Row(JsonElement c) => new(c.Str("id"), c.Str("name"), c.Str("kind"), c.Str("rank"), Opt(c, "phone"), Opt(c, "idNumber"),
        Opt(c, "username"), c.TryGetProperty("loginDisabled", out var d) && d.ValueKind == JsonValueKind.True,
        [.. c.Arr("postings").Select(p => new PostingRow(p.Str("villageCode"), AreaNames.Short(p.Str("villageName")), p.Str("from"), Opt(p, "to"),
            p.TryGetProperty("inForce", out var f) && f.ValueKind == JsonValueKind.True))]);

    private static string? Opt(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private string VillageLabel(string code, string name) => _villages.FirstOrDefault(v => v.Code == code) is { } v ? $"{v.Township}·{name}" : name;

    private PostForm PostFormOf(string id) => _postForms.TryGetValue(id, out var f) ? f : _postForms[id] = new PostForm();

    /// <summary>Puts the server's answer for one cadre in place of the row (or at the top, when new).</summary>
    private void Replace(JsonElement answer)
    {
        var row = Row(answer);
        var i = _cadres.FindIndex(c => c.Id == row.Id);
        if (i >= 0) _cadres[i] = row; else _cadres.Insert(0, row);
    }

    private async Task CreateAsync()
    {
        _createError = null;
        if (_form.Name.Trim().Length == 0) { _createError = C["NameMissing"]; return; }
        if (_form.Village.Length == 0) { _createError = C["VillageMissing"]; return; }
        _busy = true;
        try
        {
            var input = new Dictionary<string, object?>
            {
                ["name"] = _form.Name.Trim(), ["kind"] = _form.Kind, ["rank"] = _form.Rank, ["villageCode"] = _form.Village,
                ["phone"] = _form.Phone.Trim().Length > 0 ? _form.Phone.Trim() : null,
                ["username"] = _form.Username.Trim().Length > 0 ? _form.Username.Trim() : null,
            };
            var r = (await Gql.QueryAsync(CadresQueries.Create, new { input })).GetProperty("createCadre");
            Replace(r.GetProperty("cadre"));
            _newLogin = new NewLogin(_form.Name.Trim(), r.Str("username"), r.Str("password"));
            _notice = C["Created", _form.Name.Trim()];
            _form = new CreateForm();
        }
        catch (GraphQLException e) { _createError = e.Localized(English); }
        finally { _busy = false; }
    }

    private async Task PostAsync(CadreRow c)
    {
        var form = PostFormOf(c.Id);
        form.Error = null;
        if (form.Village.Length == 0) { form.Error = C["VillageMissing"]; return; }
        _busy = true;
        try
        {
            var r = await Gql.QueryAsync(CadresQueries.Post, new { id = c.Id, v = form.Village, from = form.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
            var village = _villages.FirstOrDefault(v => v.Code == form.Village)?.Name ?? form.Village;
            Replace(r.GetProperty("postCadre"));
            _notice = C["Posted", c.Name, village];
            _postForms.Remove(c.Id);
        }
        catch (GraphQLException e) { form.Error = e.Localized(English); }
        finally { _busy = false; }
    }

    private async Task EndAsync(CadreRow c, PostingRow p)
    {
        _busy = true;
        PostFormOf(c.Id).Error = null;
        try
        {
            Replace((await Gql.QueryAsync(CadresQueries.End, new { id = c.Id, v = p.VillageCode })).GetProperty("endCadrePosting"));
            _notice = C["Ended", c.Name, p.VillageName];
        }
        catch (GraphQLException e) { PostFormOf(c.Id).Error = e.Localized(English); }
        finally { _busy = false; }
    }

    /// <summary>A forgotten password, or a login for a cadre from the roster import: the new password is shown once, like a new cadre's.</summary>
    private async Task IssuePasswordAsync(CadreRow c)
    {
        _busy = true;
        PostFormOf(c.Id).Error = null;
        try
        {
            var r = (await Gql.QueryAsync(CadresQueries.IssuePassword, new { id = c.Id })).GetProperty("issueCadrePassword");
            Replace(r.GetProperty("cadre"));
            _newLogin = new NewLogin(c.Name, r.Str("username"), r.Str("password"));
            _notice = C["PasswordIssued", c.Name];
        }
        catch (GraphQLException e) { PostFormOf(c.Id).Error = e.Localized(English); }
        finally { _busy = false; }
    }

    private async Task RevokeAsync(CadreRow c)
    {
        _busy = true;
        PostFormOf(c.Id).Error = null;
        try
        {
            Replace((await Gql.QueryAsync(CadresQueries.Revoke, new { id = c.Id })).GetProperty("revokeCadreSessions"));
            _notice = C["Revoked", c.Name];
        }
        catch (GraphQLException e) { PostFormOf(c.Id).Error = e.Localized(English); }
        finally { _busy = false; }
    }
}
