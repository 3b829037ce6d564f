using Microsoft.Playwright;

namespace GridGov.Browser.Tests;

/// <summary>
/// The page's own signal that it has finished reacting, instead of fixed sleeps: no request in flight
/// (GraphQL and map tiles both go through fetch), and a run of animation frames in which neither the
/// DOM nor the map's render count changed. Counting frames, not milliseconds, keeps it honest on a
/// loaded machine: a slow page paints fewer frames, so it is given more time, not less.
/// </summary>
public static class PageSettle
{
    /// <summary>Quiet frames required: a layer set from .NET is drawn on the next frame or the one after.</summary>
    private const int QuietFrames = 6;

    /// <summary>Installed in a context before any page script runs.</summary>
    public const string InitScript = """
        (() => {
          let pending = 0, quiet = 0, renders = null;
          const fetch0 = window.fetch;
          window.fetch = function (...args) {
            pending++; quiet = 0;
            // A response's body is read after the promise resolves: count it in until the next frame.
            return fetch0.apply(this, args).finally(() => requestAnimationFrame(() => { pending--; quiet = 0; }));
          };
          const watch = () => new MutationObserver(() => { quiet = 0; })
            .observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
          if (document.documentElement) watch(); else document.addEventListener('DOMContentLoaded', watch);
          const tick = () => {
            const r = document.getElementById('map')?.dataset.renders ?? null;
            if (pending > 0 || r !== renders) quiet = 0; else quiet++;
            renders = r;
            requestAnimationFrame(tick);
          };
          requestAnimationFrame(tick);
          window.__ggSettled = (n) => pending === 0 && quiet >= n;
        })();
        """;

    public static Task InstallAsync(IBrowserContext context) => context.AddInitScriptAsync(InitScript);

    /// <summary>Waits until the page has settled after whatever was just done.</summary>
    public static Task SettleAsync(IPage page) =>
        page.WaitForFunctionAsync("n => window.__ggSettled && window.__ggSettled(n)", QuietFrames);
}
