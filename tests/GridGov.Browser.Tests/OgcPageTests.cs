using Microsoft.Playwright;
using GridGov.Testing;

namespace GridGov.Browser.Tests;

/// <summary>
/// The HTML pages of /ogc in Chromium, as a GIS officer checks a layer before adding it to QGIS: the page's map draws
/// exactly the features of its table, under the server's Content-Security-Policy. The screenshots are docs/gis.md's
/// (written into docs/img when GRIDGOV_UPDATE_DOCS=1).
/// </summary>
[Collection(ViewerCollection.Name)]
public sealed class OgcPageTests(ViewerServer server) : IAsyncLifetime
{
    private IBrowserContext _context = default!;

    public async Task InitializeAsync()
    {
        // A browser sends no key by itself: the header stands for what a header extension (or QGIS) would send.
        _context = await server.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1200, Height = 900 }, Locale = "zh-CN", BaseURL = server.BaseUrl,
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + await server.TokenAsync("county") },
        });
        _context.SetDefaultTimeout(ViewerServer.WaitTimeout);
        await _context.AddInitScriptAsync("""
            window.__csp = [];
            document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
            """);
    }

    public Task DisposeAsync() => _context.CloseAsync();

    public static TheoryData<string, string> Pages() => new()
    {
        { "households", "gis-ogc-households" },
        { "cells", "gis-ogc-cells" },
        { "links", "gis-ogc-links" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task A_collection_page_maps_the_features_of_its_table(string collection, string screenshot)
    {
        var village = server.WorkspaceVillage.Code;
        var page = await _context.NewPageAsync();
        var res = await page.GotoAsync($"/ogc/collections/{collection}/items?villageCode={village}&limit=200");
        Assert.Equal(200, res!.Status);
        Assert.StartsWith("text/html", (await res.AllHeadersAsync())["content-type"]);
        await page.WaitForFunctionAsync("() => { const m = document.getElementById('ogc-map'); return m && m.dataset.ready && Number(m.dataset.renders || 0) > 0; }");
        var drawn = int.Parse((await page.GetAttributeAsync("#ogc-map", "data-ready"))!);
        var rows = await page.Locator("table tr").CountAsync() - 1;
        Assert.True(rows > 0, $"no {collection} in {village}");
        Assert.Equal(rows, drawn);
        Assert.Empty(await page.EvaluateAsync<string[]>("() => window.__csp"));

        var path = Environment.GetEnvironmentVariable("GRIDGOV_UPDATE_DOCS") == "1"
            ? Path.Combine(RepoRoot.Path, "docs", "img", screenshot + ".png")
            : Path.Combine(ViewerServer.ScreenshotDir, screenshot + ".png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, Clip = new Clip { X = 0, Y = 0, Width = 1200, Height = 900 } });
        Assert.True(new FileInfo(path).Length > 10_000);
    }
}
