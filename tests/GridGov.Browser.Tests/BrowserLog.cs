using Microsoft.Playwright;

namespace GridGov.Browser.Tests;

/// <summary>
/// What a page's browser saw (console errors, uncaught errors, failed requests, 4xx/5xx), so a wait that times out
/// says why instead of only "timeout" — CI shows the failure message and nothing else.
/// </summary>
public sealed class BrowserLog
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<IRequest, DateTime> _pending = new();
    private readonly IPage _page;
    private int _slowFramework;

    private BrowserLog(IPage page) => _page = page;

    public static BrowserLog Attach(IPage page)
    {
        var log = new BrowserLog(page);
        page.Console += (_, m) => { if (m.Type is "error" or "warning") log.Add($"console.{m.Type}: {m.Text}"); };
        page.PageError += (_, e) => log.Add("pageerror: " + e);
        page.Request += (_, r) => log._pending[r] = DateTime.UtcNow;
        page.RequestFinished += (_, r) => log.Finished(r);
        page.RequestFailed += (_, r) => { log.Finished(r); log.Add($"requestfailed: {r.Method} {r.Url} {r.Failure}"); };
        page.Response += (_, r) => { if (r.Status >= 400) log.Add($"response {r.Status}: {r.Request.Method} {r.Url}"); };
        return log;
    }

    /// <summary>A request that took long is worth a line: a wait that times out is often one slow answer.</summary>
    private void Finished(IRequest r)
    {
        if (!_pending.TryRemove(r, out var since)) return;
        var seconds = (DateTime.UtcNow - since).TotalSeconds;
        // The runtime's own files are many and all slow on a busy runner: counted, not listed (CI cuts long messages).
        if (seconds >= 5 && r.Url.Contains("/_framework/", StringComparison.Ordinal)) Interlocked.Increment(ref _slowFramework);
        else if (seconds >= 5) Add($"slow: {seconds:0.0} s {Describe(r)}");
    }

    /// <summary>Method, path and, for GraphQL, the start of the document (which query it was).</summary>
    private static string Describe(IRequest r)
    {
        var what = $"{r.Method} {new Uri(r.Url).AbsolutePath}";
        if (r.Url.EndsWith("/graphql", StringComparison.Ordinal) && r.PostData is { } body)
        {
            var flat = System.Text.RegularExpressions.Regex.Replace(body, @"\\n|\s+", " ");
            what += " " + flat[..Math.Min(flat.Length, 120)];
        }
        return what;
    }

    private void Add(string line) => _lines.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {line}");

    /// <summary>The browser's errors, failed requests and the page's text, for a failure message.</summary>
    public async Task<string> DiagnosticsAsync()
    {
        string body;
        try { body = await _page.EvaluateAsync<string>("() => (document.body ? document.body.innerText : '(no body)').slice(0, 800)"); }
        catch (PlaywrightException e) { body = "(page not readable: " + e.Message + ")"; }
        var now = DateTime.UtcNow;
        var pending = _pending.OrderBy(p => p.Value).Select(p => $"pending for {(now - p.Value).TotalSeconds:0.0} s: {Describe(p.Key)}").Take(20);
        var framework = _slowFramework > 0 ? [$"{_slowFramework} file(s) of the .NET runtime took ≥ 5 s"] : Array.Empty<string>();
        // What was waited for first, the page's text last: CI shows only the start of a long message.
        return $"url {_page.Url}\nbrowser log:\n" + string.Join("\n", pending.Concat(_lines.TakeLast(40)).Concat(framework)) + $"\npage text: {body}";
    }

    /// <summary>Runs a test's steps; a Playwright timeout or error comes back with the diagnostics in its message.</summary>
    public async Task ExplainFailuresAsync(Func<Task> steps)
    {
        try { await steps(); }
        catch (TimeoutException e) { throw new TimeoutException(e.Message + "\n--- what the browser saw ---\n" + await DiagnosticsAsync(), e); }
        catch (PlaywrightException e) { throw new InvalidOperationException(e.Message + "\n--- what the browser saw ---\n" + await DiagnosticsAsync(), e); }
    }
}
