using Microsoft.Playwright;

namespace GridGov.Browser.Tests;

/// <summary>
/// GraphiQL as an integrator meets it after login: the token in the headers, the documentation explorer
/// (by standard introspection, which the limits exempt) with the schema's Chinese descriptions,
/// autocompletion, and an example query per use case one click away.
/// </summary>
[Collection(ViewerCollection.Name)]
public sealed class GraphiQLTests(ViewerServer server) : IAsyncLifetime
{
    private readonly ViewerPage _view = new(server);
    private IPage _page = default!;

    public async Task InitializeAsync()
    {
        await _view.OpenAsync();
        _page = _view.Page;
        var token = await server.TokenAsync("county");
        await _page.AddInitScriptAsync($"window.localStorage.setItem('gridgov.token', '{token}')");
        await _page.GotoAsync("/graphql");
        await _view.WaitForAsync(".graphiql-container");
    }

    public Task DisposeAsync() => _view.CloseAsync();

    [Fact]
    public async Task The_docs_explorer_lists_Query_and_a_fields_Chinese_description()
    {
        await _view.Log.ExplainFailuresAsync(async () =>
        {
            await _page.ClickAsync("button[aria-label='Show Documentation Explorer']");
            await _page.ClickAsync(".graphiql-doc-explorer a.graphiql-doc-explorer-type-name >> text=Query");
            await _view.WaitForAsync(".graphiql-doc-explorer-title >> text=Query");
            await _view.WaitForAsync(".graphiql-doc-explorer >> text=辖区内的村（社区），按代码排序");
            await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ViewerServer.ScreenshotDir, "graphiql-docs.png") });
        });
    }

    [Fact]
    public async Task The_editor_completes_field_names_from_the_schema()
    {
        await _view.Log.ExplainFailuresAsync(async () =>
        {
            // Wait until the schema arrived (the docs explorer shows its root types), then type in the editor.
            await _page.ClickAsync("button[aria-label='Show Documentation Explorer']");
            await _view.WaitForAsync(".graphiql-doc-explorer a.graphiql-doc-explorer-type-name >> text=Query");
            await _page.EvaluateAsync("""
                () => { const cm = document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror;
                        cm.setValue('{\n  vill\n}'); cm.focus(); cm.setCursor({ line: 1, ch: 6 }); }
                """);
            await _page.Keyboard.TypeAsync("a");
            await _view.WaitForAsync(".CodeMirror-hints li >> text=villages");
        });
    }

    [Fact]
    public async Task An_example_per_use_case_is_one_click_away_and_runs_with_the_offered_token()
    {
        await _view.Log.ExplainFailuresAsync(async () =>
        {
            foreach (var name in new[] { "Me", "UnlinkedInTownship", "MembersOfVillage", "CellsChangedSince", "FindByName" })
                await _view.WaitForAsync($".graphiql-tab >> text={name}");
            await _page.ClickAsync(".graphiql-tab >> text=UnlinkedInTownship");
            await _page.WaitForFunctionAsync("() => document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.getValue().includes('unlinked: true')");
            // GraphiQL reads the operation's name from the editor 100 ms after a change (debounced) and sends it with
            // the query; clicking before that sends the previous tab's name ("Start"), which the server rightly refuses.
            // It stores the name once read: wait for that.
            await _page.WaitForFunctionAsync("() => Object.entries(localStorage).some(([k, v]) => k.endsWith('operationName') && v === 'UnlinkedInTownship')");
            Assert.Contains("Bearer ", await _page.EvaluateAsync<string>(
                "() => [...document.querySelectorAll('.graphiql-editor-tool .CodeMirror')].map(e => e.CodeMirror.getValue()).join('\\n')"));
            await _page.ClickAsync(".graphiql-execute-button");
            // Whatever comes back is shown in the failure (an error response would otherwise read as a bare timeout).
            const string responseText = "() => document.querySelector('.graphiql-response .CodeMirror')?.CodeMirror.getValue() ?? ''";
            await _page.WaitForFunctionAsync($"() => ({responseText})().trim().length > 0");
            var response = await _page.EvaluateAsync<string>(responseText);
            Assert.True(response.Contains("totalCount") && !response.Contains("\"errors\""), "GraphiQL answered: " + response[..Math.Min(response.Length, 1500)]);
            await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ViewerServer.ScreenshotDir, "graphiql-example.png") });
        });
    }
}
