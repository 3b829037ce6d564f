using Microsoft.Playwright;

namespace GridGov.Browser.Tests;

/// <summary>
/// One browser context at 1366×768 (the smallest screen the viewer must fit) in Chinese, and the
/// steps every viewer test shares: log in, wait for a map layer, and a screenshot that fails when the
/// map is blank, too small or covered by a panel.
/// </summary>
public sealed class ViewerPage(ViewerServer server)
{
    private IBrowserContext _context = default!;

    public IPage Page { get; private set; } = default!;

    /// <param name="blockServiceWorkers">
    /// For tests that replace responses with <c>RouteAsync</c>: requests the viewer's service worker (sw.js) makes
    /// are not routed, so Playwright advises blocking it there. The worker itself is tested in FieldPhoneTests.
    /// </param>
    public async Task OpenAsync(bool blockServiceWorkers = false)
    {
        _context = await server.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1366, Height = 768 }, Locale = "zh-CN", BaseURL = server.BaseUrl,
            ServiceWorkers = blockServiceWorkers ? ServiceWorkerPolicy.Block : ServiceWorkerPolicy.Allow,
        });
        _context.SetDefaultTimeout(ViewerServer.WaitTimeout);
        await PageSettle.InstallAsync(_context);
        Page = await _context.NewPageAsync();
        Log = BrowserLog.Attach(Page);
    }

    /// <summary>What the browser saw, for failure messages.</summary>
    public BrowserLog Log { get; private set; } = default!;

    /// <summary>The browser's errors, failed requests and the page's text, for a failure message.</summary>
    public Task<string> DiagnosticsAsync() => Log.DiagnosticsAsync();

    public Task CloseAsync() => _context.CloseAsync();

    /// <summary>
    /// <c>Page.WaitForSelectorAsync</c> whose timeout says what the page showed and which requests were still unanswered:
    /// CI shows a failure's message and nothing else.
    /// </summary>
    public async Task<IElementHandle?> WaitForAsync(string selector, PageWaitForSelectorOptions? options = null)
    {
        try
        {
            return await Page.WaitForSelectorAsync(selector, options);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{await NearestAsync(selector)}\n--- what the browser saw ---\n{await DiagnosticsAsync()}", e);
        }
    }

    /// <summary>The element a selector's leading id, class or tag names, as it is (its filters — attributes, :not — unmet).</summary>
    private async Task<string> NearestAsync(string selector)
    {
        var head = System.Text.RegularExpressions.Regex.Match(selector, @"^[#.\w-]+").Value;
        if (head.Length == 0 || head == selector) return "";
        try
        {
            var html = await Page.EvaluateAsync<string?>("s => { const e = document.querySelector(s); return e ? e.outerHTML.slice(0, 160) : null; }", head);
            return html is null ? $"no {head} on the page" : $"{head} is: {html}";
        }
        catch (PlaywrightException) { return ""; }
    }

    public async Task LoginAsync(string username, string landing)
    {
        await Page.GotoAsync("/login");
        try
        {
            await Page.Locator("#username").WaitForAsync();
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException("the login form never appeared\n" + await DiagnosticsAsync(), e);
        }
        await Page.FillAsync("#username", username);
        await Page.FillAsync("#password", ViewerServer.Password);
        await Page.ClickAsync("button[type=submit]");
        await Page.WaitForURLAsync($"**/{landing}*");
    }

    /// <summary>
    /// Logs in through the form to a page other than the role's own (<c>login?return=…</c>): the viewer boots once and
    /// the landing page is not loaded for nothing.
    /// </summary>
    public async Task LoginAtAsync(string username, string path)
    {
        var relative = path.TrimStart('/');
        await Page.GotoAsync("/login?return=" + Uri.EscapeDataString(relative));
        await SubmitLoginAsync(username);
        // The page may add its own state to the query (month, drill level): the path says it arrived.
        var target = "/" + relative.Split('?', '#')[0];
        await Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == target);
    }

    /// <summary>Fills and sends the login form on screen.</summary>
    public async Task SubmitLoginAsync(string username)
    {
        await Page.Locator("#username").WaitForAsync();
        await Page.FillAsync("#username", username);
        await Page.FillAsync("#password", ViewerServer.Password);
        await Page.ClickAsync("button[type=submit]");
    }

    /// <summary>Waits until a map's layer holds this many features and the map has rendered since.</summary>
    /// <remarks>A timeout says what the map held instead, with the page's text and the browser's log (CI once failed here
    /// with a bare "Timeout 60000ms exceeded"); the allowance is <see cref="ViewerServer.WaitTimeout"/>.</remarks>
    public async Task WaitForLayerAsync(string layer, int? count = null, string mapId = "map")
    {
        var options = new PageWaitForFunctionOptions { Timeout = ViewerServer.WaitTimeout };
        try
        {
            await Page.WaitForFunctionAsync("([id, a, n]) => { const m = document.getElementById(id); const v = m && m.getAttribute(a); return v !== null && (n === null || Number(v) === n); }",
                new object?[] { mapId, "data-layer-" + layer, count }, options);
            await Page.WaitForFunctionAsync("id => Number(document.getElementById(id).dataset.renders || 0) > 0", mapId, options);
        }
        catch (TimeoutException e)
        {
            var held = await Page.EvaluateAsync<string>("id => { const m = document.getElementById(id); return m ? JSON.stringify(m.dataset) : '(no element #' + id + ')'; }", mapId);
            throw new TimeoutException($"{e.Message}\nwaiting for layer {layer}{(count is { } n ? " = " + n : "")} on #{mapId}; it holds {held}\n--- what the browser saw ---\n{await DiagnosticsAsync()}", e);
        }
        await SettleAsync();
    }

    /// <summary>Waits until the page has finished reacting (see <see cref="PageSettle"/>).</summary>
    public Task SettleAsync() => PageSettle.SettleAsync(Page);

    /// <summary>Share of an element's pixels that differ from the map background (#eef2f3).</summary>
    public Task<double> InkShareAsync(IElementHandle element) => InkShareAsync(Page, element);

    /// <summary>The same, on any page (tests that open pages of their own).</summary>
    public static async Task<double> InkShareAsync(IPage page, IElementHandle element)
    {
        var png = await element.ScreenshotAsync();
        return await page.EvaluateAsync<double>("""
            async (b64) => {
              const img = new Image(); img.src = 'data:image/png;base64,' + b64; await img.decode();
              const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
              const g = c.getContext('2d'); g.drawImage(img, 0, 0);
              const d = g.getImageData(0, 0, c.width, c.height).data; let n = 0;
              for (let i = 0; i < d.length; i += 4)
                if (Math.abs(d[i] - 0xee) + Math.abs(d[i + 1] - 0xf2) + Math.abs(d[i + 2] - 0xf3) > 30) n++;
              return n / (d.length / 4);
            }
            """, Convert.ToBase64String(png));
    }

    /// <summary>Saves the page; fails when the map is blank or too small, or a panel covers it.</summary>
    public async Task ScreenshotAsync(string name, bool fullPage = false, double minWidth = 600, double minHeight = 400)
    {
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ViewerServer.ScreenshotDir, name + ".png"), FullPage = fullPage });
        var map = await Page.QuerySelectorAsync("#map");
        Assert.NotNull(map);
        var share = await InkShareAsync(map);
        Assert.True(share > 0.02, $"the map area of {name} is blank ({share:P2} non-background pixels)");
        var m = (await map.BoundingBoxAsync())!;
        if (await Page.QuerySelectorAsync("aside.side") is { } side && await side.IsVisibleAsync())
        {
            var s = (await side.BoundingBoxAsync())!;
            var overlaps = s.X < m.X + m.Width - 0.5 && m.X < s.X + s.Width - 0.5 && s.Y < m.Y + m.Height - 0.5 && m.Y < s.Y + s.Height - 0.5;
            Assert.False(overlaps, $"{name}: the side panel overlaps the map");
        }
        Assert.True(m.Width > minWidth && m.Height > minHeight, $"{name}: the map is too small ({m.Width}×{m.Height})");
    }
}
