using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace GridGov.Browser.Tests;

/// <summary>
/// Issue 15 §8: the printable village map. Chromium prints the sheet to PDF; poppler's own tools (pdfinfo, pdftotext,
/// pdftoppm) read it back: the paper size, the words on it (village, township, date, every cell with its leader and
/// counts from the database, legend, scale, north arrow) and the map's colours on the rendered page.
/// </summary>
[Collection(ViewerCollection.Name)]
public sealed class VillagePrintTests(ViewerServer server) : IAsyncLifetime
{
    private readonly ViewerPage _view = new(server);
    private IPage Page => _view.Page;

    public Task InitializeAsync() => _view.OpenAsync();

    public Task DisposeAsync() => _view.CloseAsync();

    [Theory]
    [InlineData("A4", 842, 595)]
    [InlineData("A3", 1191, 842)]
    public async Task The_village_map_prints_on_landscape_paper(string size, double width, double height)
    {
        // A village with its sample cells and leaders, one no drawing or editing test touches (their order is not fixed).
        var village = await server.ScalarAsync<string>("""
            SELECT c.village_code FROM grid_cells c WHERE NOT c.village_code = ANY(@v)
            GROUP BY c.village_code HAVING count(*) BETWEEN 2 AND 12 AND count(c.leader_member_id) >= 1
            ORDER BY c.village_code LIMIT 1
            """, await ForgivingDrawingTests.EditedVillagesAsync(server));
        var names = (await server.ScalarAsync<string>("""
            SELECT a.name || '|' || t.name FROM areas a JOIN areas t ON t.code = a.parent_code WHERE a.code = @v
            """, village)).Split('|');
        // Each cell as the database has it: name, leader, households in it, those with a link in force.
        var cells = (await server.ScalarAsync<string>("""
            SELECT string_agg(c.name || '|' || coalesce(p.name, '') || '|' ||
                     (SELECT count(*) FROM households h WHERE h.cell_id = c.id AND h.ended_at IS NULL) || '|' ||
                     (SELECT count(*) FROM households h WHERE h.cell_id = c.id AND h.ended_at IS NULL
                        AND EXISTS (SELECT 1 FROM links l WHERE l.household_id = h.id AND l.valid_to IS NULL)), E'\n' ORDER BY c.name)
            FROM grid_cells c LEFT JOIN party_members m ON m.id = c.leader_member_id LEFT JOIN people p ON p.id = m.person_id
            WHERE c.village_code = @v
            """, village)).Split('\n').Select(l => l.Split('|')).ToList();

        await _view.LoginAtAsync("sec-" + village, $"/village/print?code={village}&size={size}");
        await _view.WaitForLayerAsync("cells", cells.Count);
        await _view.WaitForAsync($"#village-print[data-size={size}][data-ready=true]");
        await _view.SettleAsync();
        // The whole sheet fits in the map frame: the view holds the village.
        var dir = Path.Combine(ViewerServer.ScreenshotDir, "village-print");
        Directory.CreateDirectory(dir);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, $"village-{size}.png"), FullPage = true });

        var file = Path.Combine(dir, $"village-{size}.pdf");
        await File.WriteAllBytesAsync(file, await Page.PdfAsync(new PagePdfOptions { PreferCSSPageSize = true, PrintBackground = true }));
        var info = await Poppler.RunAsync("pdfinfo", file);
        Assert.Matches(@"Pages:\s+1\b", info);
        var m = Regex.Match(info, @"Page size:\s+([\d.]+) x ([\d.]+) pts");
        Assert.True(m.Success, info);
        Assert.InRange(double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), width - 3, width + 3);
        Assert.InRange(double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), height - 3, height + 3);

        var text = Regex.Replace(await Poppler.RunAsync("pdftotext", "-layout", file, "-"), @"[ \t]+", " ");
        foreach (var expected in new[] { names[0] + " 网格分布图", "乡镇（街道）：" + names[1], "打印日期：" + DateTime.Now.ToString("yyyy-MM-dd"), "图例", "村界", "北", "合计" })
            Assert.True(text.Contains(expected, StringComparison.Ordinal), $"the PDF does not say 「{expected}」:\n{text}");
        Assert.Matches(@"\d+ (m|km)\b", text); // the scale bar's length
        var lines = text.Split('\n');
        foreach (var c in cells)
        {
            // One table line per cell: its name, its leader (or 未设), households, linked — as in the database.
            var row = $"{c[0]} {(c[1].Length > 0 ? c[1] : "未设")} {c[2]} {c[3]}";
            Assert.True(lines.Any(l => l.Contains(row, StringComparison.Ordinal)), $"no line 「{row}」 in the PDF:\n{text}");
        }

        // The page rendered to an image: the map frame (left of the table) shows the cells' and houses' colours.
        await Poppler.RunAsync("pdftoppm", "-r", "50", "-png", file, Path.Combine(dir, $"page-{size}"));
        var png = Directory.GetFiles(dir, $"page-{size}*.png").Single();
        var share = await Page.EvaluateAsync<double>("""
            async (b64) => {
              const img = new Image(); img.src = 'data:image/png;base64,' + b64; await img.decode();
              const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
              const g = c.getContext('2d'); g.drawImage(img, 0, 0);
              const d = g.getImageData(0, Math.round(img.height * 0.15), Math.round(img.width * 0.65), Math.round(img.height * 0.8)).data;
              let n = 0;
              for (let i = 0; i < d.length; i += 4) if (Math.max(d[i], d[i + 1], d[i + 2]) - Math.min(d[i], d[i + 1], d[i + 2]) > 40) n++;
              return n / (d.length / 4);
            }
            """, Convert.ToBase64String(await File.ReadAllBytesAsync(png)));
        Assert.True(share > 0.05, $"the printed map shows {share:P1} coloured pixels");
    }

    [Fact]
    public async Task The_village_workspace_opens_its_print_sheet()
    {
        await _view.LoginAsync("sec-" + server.WorkspaceVillage.Code, "village");
        var link = Page.Locator("#print-village");
        Assert.Equal($"village/print?code={server.WorkspaceVillage.Code}&size=A4", await link.GetAttributeAsync("href"));
        var popup = await Page.Context.RunAndWaitForPageAsync(() => link.ClickAsync());
        await popup.WaitForSelectorAsync("#village-print[data-size=A4][data-ready=true]");
        await popup.SelectOptionAsync("#paper-size", "A3");
        await popup.WaitForSelectorAsync("#village-print[data-size=A3]");
        var sheet = (await popup.Locator("#print-sheet").BoundingBoxAsync())!;
        Assert.InRange(sheet.Width, 420 / 25.4 * 96 - 4, 420 / 25.4 * 96 + 4); // 400 mm + 2 × 10 mm padding on screen
    }
}
