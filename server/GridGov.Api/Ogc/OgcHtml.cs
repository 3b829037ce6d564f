using System.Net;
using System.Text;
using GridGov.Api.Resources;

namespace GridGov.Api.Ogc;

/// <summary>
/// The HTML pages of /ogc for a browser: landing, collections, one collection, a page of items, one item — each
/// small, Chinese text from OgcMessages, a map (ogcmap.js with the viewer's OpenLayers module) where there are features.
/// </summary>
public static class OgcHtml
{
    private static string E(string? s) => WebUtility.HtmlEncode(s ?? "");

    public static IResult Page(string title, string body, string? featuresJson = null)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html lang=\"zh-Hans\"><head><meta charset=\"utf-8\"><title>").Append(E(title)).Append("</title>");
        sb.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        sb.Append("<link rel=\"stylesheet\" href=\"/lib/gridmap.css\">");
        sb.Append("<style>body{font-family:\"Noto Sans CJK SC\",sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse;font-size:.9em}")
          .Append("td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left}#ogc-map{height:460px;max-width:960px;border:1px solid #999;position:relative;margin:1em 0}</style>");
        sb.Append("</head><body><p><a href=\"/ogc\">").Append(E(OgcMessages.Title.Zh)).Append("</a></p>");
        sb.Append("<h1>").Append(E(title)).Append("</h1>");
        // The map first, the table under it.
        if (featuresJson is not null)
        {
            // A data block, not a script: the page's CSP runs only /ogc/map.js.
            sb.Append("<div id=\"ogc-map\"></div><script type=\"application/json\" id=\"ogc-features\">")
              .Append(featuresJson.Replace("</", "<\\/")).Append("</script><script type=\"module\" src=\"/ogc/map.js\"></script>");
        }
        sb.Append(body).Append("</body></html>");
        return Results.Content(sb.ToString(), "text/html; charset=utf-8");
    }

    public static string Link(string href, string text) => $"<a href=\"{E(href)}\">{E(text)}</a>";

    public static string List(IEnumerable<string> items) => "<ul>" + string.Concat(items.Select(i => "<li>" + i + "</li>")) + "</ul>";

    /// <summary>A table of features, one row each, columns the properties of the first.</summary>
    public static string Table(IReadOnlyList<OgcFeature> features, Func<OgcFeature, string> href)
    {
        if (features.Count == 0) return "";
        var keys = features[0].Properties.Select(p => p.Key).ToList();
        var sb = new StringBuilder("<table><tr>");
        foreach (var k in keys) sb.Append("<th>").Append(E(k)).Append("</th>");
        sb.Append("</tr>");
        foreach (var f in features)
        {
            sb.Append("<tr>");
            for (var i = 0; i < keys.Count; i++)
            {
                var v = Convert.ToString(f.Properties[i].Value, System.Globalization.CultureInfo.InvariantCulture);
                sb.Append("<td>").Append(i == 0 ? Link(href(f), v ?? "") : E(v)).Append("</td>");
            }
            sb.Append("</tr>");
        }
        return sb.Append("</table>").ToString();
    }

    /// <summary>One feature's properties as a two-column table.</summary>
    public static string Properties(OgcFeature f)
    {
        var sb = new StringBuilder("<table><tr><th>").Append(E(OgcMessages.Property.Zh)).Append("</th><th>").Append(E(OgcMessages.Value.Zh)).Append("</th></tr>");
        foreach (var (k, v) in f.Properties)
            sb.Append("<tr><td>").Append(E(k)).Append("</td><td>").Append(E(Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture))).Append("</td></tr>");
        return sb.Append("</table>").ToString();
    }
}
