using Microsoft.Playwright;

namespace GridGov.Browser.Tests;

/// <summary>
/// What a page's browser saw (console errors, uncaught errors, failed requests, 4xx/5xx), so a wait that times out
/// says why instead of only "timeout" — CI shows the failure message and nothing else.
/// </summary>
public sealed class BrowserLog
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();
    private readonly IPage _page;

    private BrowserLog(IPage page) => _page = page;

    public static BrowserLog Attach(IPage page)
    {
        var log = new BrowserLog(page);
        page.Console += (_, m) => { if (m.Type is "error" or "warning") log.Add($"console.{m.Type}: {m.Text}"); };
        page.PageError += (_, e) => log.Add("pageerror: " + e);
        page.RequestFailed += (_, r) => log.Add($"requestfailed: {r.Method} {r.Url} {r.Failure}");
        page.Response += (_, r) => { if (r.Status >= 400) log.Add($"response {r.Status}: {r.Request.Method} {r.Url}"); };
        return log;
    }

    private void Add(string line) => _lines.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {line}");

    /// <summary>The browser's errors, failed requests and the page's text, for a failure message.</summary>
    public async Task<string> DiagnosticsAsync()
    {
        string body;
        try { body = await _page.EvaluateAsync<string>("() => (document.body ? document.body.innerText : '(no body)').slice(0, 1200)"); }
        catch (PlaywrightException e) { body = "(page not readable: " + e.Message + ")"; }
        return $"url {_page.Url}\npage text: {body}\nbrowser log:\n" + string.Join("\n", _lines.TakeLast(40));
    }

    /// <summary>Runs a test's steps; a Playwright timeout or error comes back with the diagnostics in its message.</summary>
    public async Task ExplainFailuresAsync(Func<Task> steps)
    {
        try { await steps(); }
        catch (TimeoutException e) { throw new TimeoutException(e.Message + "\n--- what the browser saw ---\n" + await DiagnosticsAsync(), e); }
        catch (PlaywrightException e) { throw new InvalidOperationException(e.Message + "\n--- what the browser saw ---\n" + await DiagnosticsAsync(), e); }
    }
}
