using System.Globalization;
using System.Text.Json;
using GridGov.Client.Queries;
using GridGov.Client.Services;

namespace GridGov.Client.Pages.Coverage;

/// <summary>The coverage page's loads: village colours, the focus panel, the selected village's cells, the gap lists, the ranking.</summary>
public partial class CoveragePage
{
    /// <summary>Gap lists on the map: at most this many items per request (the API's maximum).</summary>
    private const int GapItems = 1000;
    /// <summary>Village colours are repainted at most this often while the townships' figures come in.</summary>
    private static readonly TimeSpan PaintInterval = TimeSpan.FromMilliseconds(150);

    private readonly Dictionary<string, AreaFigures> _figures = [];
    private FocusFigures? _focus;
    private List<CellShape> _cells = [];
    private bool _focusLoading;
    private int _farLinksShown, _farLinksTotal, _overloadedShown, _overloadedTotal;
    private int _focusVersion, _cellsVersion, _gapVersion;

    private async Task LoadRankingAsync()
    {
        try
        {
            var data = await Gql.QueryAsync(CoverageQueries.Ranking, new { q = _quarter });
            _ranking = data.Arr("ranking").OrderBy(r => r.Num("rank")).ToList();
        }
        catch (GraphQLException e) { _loadError = e.Message; }
        StateHasChanged();
    }

    /// <summary>
    /// Village colours: coverage(areaCode, month) per township gives its villages, all townships at once and
    /// painted as each answers; a secretary's map has one village, its own figures.
    /// </summary>
    private async Task LoadFiguresAsync()
    {
        var month = MonthText;
        var codes = Root == RootLevel.Village ? [RootCode] : _townships.Select(t => t.Str("code")).ToList();
        var pending = codes.Select(code => Gql.QueryAsync(CoverageQueries.AreaColours, new { a = code, m = month })).ToList();
        try
        {
            while (pending.Count > 0)
            {
                await Task.WhenAny(pending);
                // Answers coming close together are painted at once (at most one paint per PaintInterval): a paint of the
                // county keeps the page busy for a while (0.14 s in the test build), and 17 townships answered one by one.
                await Task.WhenAny(Task.WhenAll(pending), Task.Delay(PaintInterval));
                foreach (var done in pending.Where(t => t.IsCompleted).ToList())
                {
                    pending.Remove(done);
                    var cov = (await done).GetProperty("coverage");
                    if (month != MonthText) return; // the month changed meanwhile: that load repaints
                    foreach (var c in Root == RootLevel.Village ? [cov] : cov.Arr("children"))
                        _figures[c.Str("areaCode")] = new AreaFigures((int)(c.Num("households") ?? 0), (int)(c.Num("linkedHouseholds") ?? 0),
                            c.Num("linkedShare") ?? 0, c.Num("contactedShare") ?? 0);
                }
                await PaintAsync();
                StateHasChanged();
            }
        }
        catch (GraphQLException e) { _loadError = e.Message; }
        StateHasChanged();
    }

    private double? Share(AreaFigures? f) => f is null ? null : _view.Measure == ShareMeasure.Contacted ? f.ContactedShare : f.LinkedShare;

    /// <summary>A township's share from its villages' sums (never an average of shares).</summary>
    private double? TownshipShare(string code)
    {
        var parts = _villagesOfTownship[code].Select(v => _figures.GetValueOrDefault(v.Str("code"))).ToList();
        if (parts.Count == 0 || parts.Any(p => p is null)) return null;
        var total = parts.Sum(p => p!.Households);
        if (total == 0) return null;
        return _view.Measure == ShareMeasure.Linked
            ? (double)parts.Sum(p => p!.Linked) / total
            : parts.Sum(p => p!.ContactedShare * p.Households) / total;
    }

    /// <summary>The figures of the area in focus (county, township, village or cell) from coverage(...), plus members or the cell leader.</summary>
    private async Task LoadFocusAsync()
    {
        var version = ++_focusVersion;
        // The previous figures stay (dimmed) until the new ones arrive: no flicker while drilling.
        _focusLoading = true;
        StateHasChanged();
        var code = FocusAreaCode;
        var cell = _view.Cell?.ToString(CultureInfo.InvariantCulture);
        var query = cell is not null ? CoverageQueries.FocusCell : _view.Village is not null ? CoverageQueries.FocusVillage : CoverageQueries.FocusArea;
        try
        {
            var data = await (TakeFocusPrefetch(query, code, cell) ?? Gql.QueryAsync(query, new { a = code, m = MonthText, c = cell }));
            if (version != _focusVersion) return;
            _focus = FocusFrom(data, cell);
        }
        catch (GraphQLException e) { _loadError = e.Message; }
        if (version == _focusVersion) _focusLoading = false;
        StateHasChanged();
        await LoadGapListsAsync();
    }

    /// <summary>The panel's figures from a focus query's answer (<see cref="CoverageQueries.FocusArea"/>, FocusVillage or FocusCell).</summary>
    private static FocusFigures FocusFrom(JsonElement data, string? cell)
    {
        var c = data.GetProperty("coverage");
        int N(JsonElement e, string name) => (int)(e.Num(name) ?? 0);
        int Cnt(string name) => c.Obj(name) is { } o ? N(o, "count") : 0;
        int? members = data.Obj("village")?.Obj("partyMembers") is { } pm ? N(pm, "totalCount") : null;
        var leader = data.Obj("gridCell") is { } gc ? gc.Obj("leader")?.Str("name") : null;
        var children = c.Arr("children").Select(ch => new ChildFigures(
            ch.Str("cellId") is { Length: > 0 } id ? id : ch.Str("areaCode"), ch.Str("name"), ch.Num("linkedShare") ?? 0, ch.Num("contactedShare") ?? 0)).ToList();
        return new FocusFigures(c.Str("level"), c.Str("areaCode"), cell, c.Str("name"), N(c, "households"), N(c, "linkedHouseholds"),
            N(c, "contactedHouseholds"), c.Num("linkedShare") ?? 0, c.Num("contactedShare") ?? 0, c.Num("uncoveredAreaM2") ?? 0,
            Cnt("householdsOutsideCells"), Cnt("cellsWithoutLeader"), Cnt("farLinks"), Cnt("overloadedMembers"),
            Cnt("staleVulnerableHouseholds"), Cnt("membersWithoutDeclaration"), members, leader, cell is null ? children : []);
    }

    /// <summary>
    /// The prefetched figures on the panel as soon as they come, when no load has started yet: the map's first paint (the
    /// whole county's boundaries) can keep a slow phone's page busy for seconds, and the figures do not depend on it.
    /// </summary>
    private async Task ShowPrefetchedFocusAsync()
    {
        if (_focusPrefetch is not { } p) return;
        try
        {
            var data = await p.Answer;
            if (_focusVersion != 0 || _focus is not null) return; // a load has started: it shows this answer or a newer one
            _focus = FocusFrom(data, null);
            StateHasChanged();
        }
        catch (GraphQLException) { } // the load that takes this answer reports it
    }

    /// <summary>The prefetched answer if it is the one this load would ask for; used once.</summary>
    private Task<JsonElement>? TakeFocusPrefetch(string query, string code, string? cell)
    {
        if (_focusPrefetch is not { } p) return null;
        _focusPrefetch = null;
        return cell is null && p.Query == query && p.Code == code && p.Month == MonthText ? p.Answer : null;
    }

    /// <summary>The selected village's cells with their shares and polygons.</summary>
    private async Task LoadCellsAsync()
    {
        var version = ++_cellsVersion;
        if (_view.Village is not { } village)
        {
            _cells = [];
            await PaintCellsAsync();
            return;
        }
        try
        {
            var data = await Gql.QueryAsync(CoverageQueries.Cells, new { a = village, m = MonthText });
            if (version != _cellsVersion) return;
            _cells = data.GetProperty("coverage").Arr("children").Select(c => new CellShape(c.Str("cellId"), c.Str("name"),
                c.Num("linkedShare") ?? 0, c.Num("contactedShare") ?? 0, c.GetProperty("geometry").Clone())).ToList();
        }
        catch (GraphQLException e) { _loadError = e.Message; }
        await PaintCellsAsync();
        await PaintAsync();
        StateHasChanged();
    }

    /// <summary>Far links (lines) and overloaded members (their homes) of the area in focus, as toggled.</summary>
    private async Task LoadGapListsAsync()
    {
        if (_map is null || !_map.IsReady) return;
        var version = ++_gapVersion;
        if (!_showFarLinks) { await _map.ClearLayerAsync("farLinks"); _farLinksShown = _farLinksTotal = 0; }
        if (!_showOverloaded) { await _map.ClearLayerAsync("overloaded"); _overloadedShown = _overloadedTotal = 0; }
        if (!_showFarLinks && !_showOverloaded) { StateHasChanged(); return; }
        var cell = _view.Cell?.ToString(CultureInfo.InvariantCulture);
        try
        {
            var data = await Gql.QueryAsync(CoverageQueries.GapLists,
                new { a = FocusAreaCode, m = MonthText, c = cell, far = _showFarLinks, over = _showOverloaded, n = GapItems });
            if (version != _gapVersion) return;
            var c = data.GetProperty("coverage");
            if (c.Obj("farLinks") is { } far)
            {
                var fc = new FeatureCollection();
                foreach (var l in far.Arr("items"))
                {
                    var km = (l.Num("distanceMeters") ?? 0) / 1000;
                    fc.Add("far-" + l.Str("linkId"), l.GetProperty("geometry"), new FeatureStyle(Stroke: Palette.FarLink, Width: 2.5, Dash: [6, 4],
                        Label: string.Format(L["Kilometres"], km.ToString("0.0", CultureInfo.CurrentCulture)), LabelMaxRes: 25, Font: "11px " + Font));
                }
                _farLinksShown = fc.Count;
                _farLinksTotal = (int)(far.Num("count") ?? 0);
                await _map.SetLayerAsync("farLinks", fc, 35, clickable: false);
            }
            if (c.Obj("overloadedMembers") is { } over)
            {
                var fc = new FeatureCollection();
                foreach (var m in over.Arr("items"))
                    if (m.Obj("member") is { } member)
                        fc.Add("overloaded-" + m.Str("memberId"), member.GetProperty("geometry"), new FeatureStyle(Fill: Palette.Overloaded, Stroke: "#ffffff", Width: 2, Radius: 7,
                            Label: string.Format(L["OverloadedLabel"], member.Str("name"), m.Str("linked"), m.Str("capacity")), LabelMaxRes: 25, Font: "bold 11px " + Font));
                _overloadedShown = fc.Count;
                _overloadedTotal = (int)(over.Num("count") ?? 0);
                await _map.SetLayerAsync("overloaded", fc, 36, clickable: false);
            }
        }
        catch (GraphQLException e) { _loadError = e.Message; }
        StateHasChanged();
    }
}
