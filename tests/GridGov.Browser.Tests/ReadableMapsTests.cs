using System.Text.Json;
using Microsoft.Playwright;

namespace GridGov.Browser.Tests;

/// <summary>Issue 15: maps people can read — labels that do not pile up, short village names, legends, the selection marked, capped lists that say so.</summary>
[Collection(ViewerCollection.Name)]
public sealed class ReadableMapsTests(ViewerServer server) : IAsyncLifetime
{
    private readonly ViewerPage _view = new(server);
    private IPage Page => _view.Page;

    public Task InitializeAsync() => _view.OpenAsync();

    public Task DisposeAsync() => _view.CloseAsync();

    private sealed record Label(string Text, double[] Box);

    /// <summary>The labels the map drew in its last complete render (gridmap.js renderedLabels).</summary>
    private async Task<List<Label>> LabelsAsync()
    {
        var json = await Page.EvaluateAsync<JsonElement>("async () => (await import('/lib/gridmap.js')).renderedLabels('map')");
        return json.EnumerateArray().Select(l => new Label(l.GetProperty("label").GetString()!, l.GetProperty("box").EnumerateArray().Select(v => v.GetDouble()).ToArray())).ToList();
    }

    private static void AssertNoOverlap(List<Label> labels)
    {
        for (var i = 0; i < labels.Count; i++)
            for (var j = i + 1; j < labels.Count; j++)
            {
                var (a, b) = (labels[i].Box, labels[j].Box);
                var overlap = a[0] < b[2] - 0.5 && b[0] < a[2] - 0.5 && a[1] < b[3] - 0.5 && b[1] < a[3] - 0.5;
                Assert.False(overlap, $"labels 「{labels[i].Text}」 and 「{labels[j].Text}」 overlap");
            }
    }

    [Fact]
    public async Task A_township_of_many_villages_shows_their_short_names()
    {
        var areas = await server.GraphQLAsync("county", "{ villages(first: 1000) { code name township { code name } } }");
        var busiest = areas.GetProperty("villages").EnumerateArray().GroupBy(v => v.GetProperty("township").GetProperty("code").GetString()!)
            .OrderByDescending(g => g.Count()).First();
        var names = busiest.Select(v => v.GetProperty("name").GetString()!).ToList();
        Assert.True(names.Count >= 20, $"the busiest township has {names.Count} villages");
        Assert.Contains(names, n => n.EndsWith("村民委员会", StringComparison.Ordinal) || n.EndsWith("居民委员会", StringComparison.Ordinal));

        await _view.LoginAtAsync("county", "/coverage?township=" + busiest.Key);
        await _view.WaitForAsync($"#focus-panel[data-level=TOWNSHIP][data-code='{busiest.Key}']:not(.loading)");
        await _view.WaitForLayerAsync("villages");
        var labels = await LabelsAsync();
        var shown = labels.Select(l => l.Text).ToHashSet();
        Assert.DoesNotContain(shown, l => l.Contains("委员会", StringComparison.Ordinal));
        var labelled = names.Count(n => shown.Contains(n.Replace("村民委员会", "").Replace("居民委员会", "")));
        Assert.True(labelled >= names.Count * 2 / 3, $"{labelled} of the township's {names.Count} villages are labelled");
        AssertNoOverlap(labels);
        await _view.ScreenshotAsync("readable-township-labels");
    }

    [Fact]
    public async Task The_village_map_labels_cells_first_marks_the_selection_and_has_a_legend()
    {
        // The village with the most households (the other tests' villages left alone): its labels compete for room.
        var village = await server.ScalarAsync<string>("""
            SELECT village_code FROM households WHERE village_code <> ALL(@v) GROUP BY village_code ORDER BY count(*) DESC, village_code LIMIT 1
            """, new[] { server.DrawVillage.Code, server.OverlapVillage.Code, server.ReportVillage.Code, server.EditVillage.Code, server.WorkspaceVillage.Code });
        var user = "sec-" + village;
        var data = await server.GraphQLAsync(user, "query($v: String!) { village(code: $v) { gridCells { name leader { name } } } households(villageCode: $v, first: 500) { nodes { id geometry } } }", new { v = village });
        var cells = data.GetProperty("village").GetProperty("gridCells").EnumerateArray()
            .Select(c => c.GetProperty("leader").ValueKind == JsonValueKind.Object ? $"{c.GetProperty("name").GetString()}\n{c.GetProperty("leader").GetProperty("name").GetString()}" : c.GetProperty("name").GetString()!).ToList();
        Assert.NotEmpty(cells);
        await _view.LoginAsync(user, "village");
        await _view.WaitForLayerAsync("households");
        Assert.True(await Page.Locator("#village-legend").IsVisibleAsync());
        Assert.Contains("网格", await Page.InnerTextAsync("#village-legend"));

        // The whole village: every cell's name (and leader) is drawn before any house's, and no label covers another.
        var labels = await LabelsAsync();
        Assert.All(cells, c => Assert.Contains(labels, l => l.Text == c));
        AssertNoOverlap(labels);
        await _view.ScreenshotAsync("readable-village");

        // Around the densest houses, as far out as houses are labelled: some fit, the rest go unlabelled.
        var houses = data.GetProperty("households").GetProperty("nodes").EnumerateArray()
            .Select(h => (Id: h.GetProperty("id").GetString()!, X: h.GetProperty("geometry").GetProperty("coordinates")[0].GetDouble(), Y: h.GetProperty("geometry").GetProperty("coordinates")[1].GetDouble())).ToList();
        var dense = houses.OrderByDescending(h => houses.Count(o => Math.Abs(o.X - h.X) < 0.001 && Math.Abs(o.Y - h.Y) < 0.001)).First();
        await Page.EvaluateAsync("async ([x, y]) => (await import('/lib/gridmap.js')).fit('map', [x - 0.008, y - 0.008, x + 0.008, y + 0.008], null, 19)", new[] { dense.X, dense.Y });
        await _view.SettleAsync();
        Assert.True(await Page.EvaluateAsync<double>("async () => { const m = await import('/lib/gridmap.js'); const s = m.viewState('map'); return s.zoom; }") >= 14.5,
            "the view is too far out for house labels");
        await Page.WaitForFunctionAsync("async () => (await import('/lib/gridmap.js')).renderedLabels('map').length > 0");
        labels = await LabelsAsync();
        AssertNoOverlap(labels);
        var inView = await Page.EvaluateAsync<int>("async () => (await import('/lib/gridmap.js')).renderedCount('map', 'households')");
        var houseLabels = labels.Count(l => !cells.Contains(l.Text));
        Assert.True(houseLabels > 0 && houseLabels < inView, $"{houseLabels} house labels for {inView} houses in view");
        await _view.ScreenshotAsync("readable-village-close");

        // A click on a house selects it: the card opens and the house is drawn in the selection colour.
        var p = await Page.EvaluateAsync<double[]>("async ([x, y]) => (await import('/lib/gridmap.js')).pixelOf('map', x, y)", new[] { dense.X, dense.Y });
        await Page.Locator("#map").ClickAsync(new LocatorClickOptions { Position = new Position { X = (float)p[0], Y = (float)p[1] } });
        await _view.WaitForAsync("#household-card");
        await Page.WaitForFunctionAsync("async () => ((await import('/lib/gridmap.js')).countBy('map', 'households', 'stroke')['#ffd600'] ?? 0) === 1");
        await _view.ScreenshotAsync("readable-village-selected");
    }

    [Fact]
    public async Task Overloaded_members_come_most_overloaded_first()
    {
        // Two overloaded members: one by one household in the lowest-coded village with links, one by more in the highest.
        await server.ExecAsync("""
            UPDATE party_members SET capacity = 1 WHERE id IN (
              (SELECT l.member_id FROM links l JOIN party_members m ON m.id = l.member_id WHERE l.valid_to IS NULL
               GROUP BY m.village_code, l.member_id HAVING count(*) = 2 ORDER BY m.village_code, l.member_id LIMIT 1),
              (SELECT l.member_id FROM links l JOIN party_members m ON m.id = l.member_id WHERE l.valid_to IS NULL
               GROUP BY m.village_code, l.member_id HAVING count(*) >= 4 ORDER BY m.village_code DESC, count(*) DESC LIMIT 1))
            """);
        var county = await server.ScalarAsync<string>("SELECT code FROM areas WHERE level = 'county' LIMIT 1");
        var items = (await server.GraphQLAsync("county", "query($c: String!) { coverage(areaCode: $c) { overloadedMembers { items(first: 1000) { linked capacity } } } }", new { c = county }))
            .GetProperty("coverage").GetProperty("overloadedMembers").GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("linked").GetInt32() - i.GetProperty("capacity").GetInt32()).ToList();
        Assert.True(items.Count >= 2, $"{items.Count} overloaded members");
        Assert.True(items.Zip(items.Skip(1)).All(p => p.First >= p.Second), "not most overloaded first: " + string.Join(",", items));
        Assert.True(items[0] >= 3);
    }

    [Fact]
    public async Task The_activity_day_opens_on_the_latest_month_with_declarations_waiting()
    {
        var village = await server.ScalarAsync<string>("""
            SELECT h.village_code FROM declarations d JOIN households h ON h.id = d.household_id
            WHERE d.month = (date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai') - interval '1 month')::date
              AND h.village_code <> ALL(@v)
            GROUP BY h.village_code ORDER BY count(*) DESC, h.village_code LIMIT 1
            """, new[] { server.DrawVillage.Code, server.OverlapVillage.Code, server.ReportVillage.Code, server.EditVillage.Code, server.WorkspaceVillage.Code });
        await server.ExecAsync("""
            UPDATE declarations d SET status = 'approved' FROM households h
            WHERE h.id = d.household_id AND h.village_code = @v AND d.month = date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai')::date;
            UPDATE declarations SET status = 'submitted' WHERE id = (
              SELECT d.id FROM declarations d JOIN households h ON h.id = d.household_id
              WHERE h.village_code = @v AND d.month = (date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai') - interval '1 month')::date ORDER BY d.id LIMIT 1);
            """, village);
        var lastMonth = await server.ScalarAsync<string>("SELECT to_char(date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai') - interval '1 month', 'YYYY-MM')");
        await _view.LoginAtAsync("sec-" + village, "/review");
        await Page.WaitForFunctionAsync("m => document.querySelector('#month')?.value === m", lastMonth);
        await _view.WaitForAsync("article.decl-card[data-status=SUBMITTED]");
    }
}
