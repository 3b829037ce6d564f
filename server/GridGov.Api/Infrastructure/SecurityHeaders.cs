using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.FileProviders;

namespace GridGov.Api.Infrastructure;

/// <summary>
/// Headers on every response, viewer and API alike: a Content-Security-Policy the Blazor WebAssembly viewer runs under
/// (its own origin only; `wasm-unsafe-eval` for the .NET runtime; the page's inline scripts by their SHA-256, read from
/// the HTML files at start so an edit of index.html cannot silently break the policy), no MIME sniffing, no framing.
/// Inline styles stay allowed: Blazor and OpenLayers set `style` attributes.
/// </summary>
public static partial class SecurityHeaders
{
    public static string Policy(IFileProvider webRoot)
    {
        var hashes = InlineScriptHashes(webRoot).Select(h => $"'sha256-{h}'");
        return string.Join("; ",
            "default-src 'self'",
            "script-src " + string.Join(' ', new[] { "'self'", "'wasm-unsafe-eval'" }.Concat(hashes)),
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'");
    }

    /// <summary>Base64 SHA-256 of each inline &lt;script&gt; body in the web root's HTML files.</summary>
    public static IEnumerable<string> InlineScriptHashes(IFileProvider webRoot)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in HtmlFiles(webRoot, ""))
        {
            using var reader = new StreamReader(file.CreateReadStream(), Encoding.UTF8);
            foreach (Match m in InlineScript().Matches(reader.ReadToEnd()))
                found.Add(Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(m.Groups[1].Value))));
        }
        return found;
    }

    private static IEnumerable<IFileInfo> HtmlFiles(IFileProvider root, string path)
    {
        foreach (var f in root.GetDirectoryContents(path))
        {
            var sub = path.Length == 0 ? f.Name : path + "/" + f.Name;
            if (f.IsDirectory)
            {
                foreach (var g in HtmlFiles(root, sub)) yield return g;
            }
            else if (f.Name.EndsWith(".html", StringComparison.OrdinalIgnoreCase)) yield return f;
        }
    }

    [GeneratedRegex(@"<script(?![^>]*\bsrc\s*=)[^>]*>(.*?)</script>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    public static IApplicationBuilder UseSecurityHeaders(this WebApplication app)
    {
        var policy = Policy(app.Environment.WebRootFileProvider);
        return app.Use((http, next) =>
        {
            var h = http.Response.Headers;
            h.ContentSecurityPolicy = policy;
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            h["Referrer-Policy"] = "no-referrer";
            return next(http);
        });
    }
}
