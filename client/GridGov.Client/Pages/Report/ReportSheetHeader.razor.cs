using System.Net.Http;
using System.Text.Json;
using GridGov.Client;
using GridGov.Client.Components;
using GridGov.Client.Layout;
using GridGov.Client.Queries;
using GridGov.Client.Resources;
using GridGov.Client.Services;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Localization;
using Microsoft.JSInterop;
using Microsoft.AspNetCore.Components;

namespace GridGov.Client.Pages.Report;

public partial class ReportSheetHeader
{
    [Parameter] public string Village { get; set; } = "";
    [Parameter] public string Cell { get; set; } = "";
    [Parameter] public string Month { get; set; } = "";
    [Parameter] public string PrintDate { get; set; } = "";

    /// <summary>「第 {0} 页，共 {1} 页」 as CSS: the placeholders become the page counters.</summary>
    private string PageNumbers
    {
        get
        {
            var parts = L["SheetPageOf"].Value.Split(["{0}", "{1}"], StringSplitOptions.None);
            var content = parts.Length == 3 ? $"\"{Css(parts[0])}\" counter(page) \"{Css(parts[1])}\" counter(pages) \"{Css(parts[2])}\"" : "counter(page)";
            return "@page { @bottom-center { content: " + content + "; font-size: 9pt; color: #555; } }";
        }
    }

    private static string Css(string s) => s.Replace("\\", "\\\\").Replace("\"", "\\\"");
}
