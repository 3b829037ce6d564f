using Microsoft.Playwright;

namespace GridGov.Browser.Tests;

/// <summary>
/// Issue 15 §8: the member report is a document that can be handed in — printed to PDF by Chromium, then read
/// back with poppler's own tools (pdfinfo, pdftotext, pdftoppm), not with the page that made it.
/// </summary>
[Collection(ViewerCollectionB.Name)]
public sealed class ReportDocumentTests(ViewerServer server) : IAsyncLifetime
{
    private readonly ViewerPage _view = new(server);
    private IPage Page => _view.Page;

    public Task InitializeAsync() => _view.OpenAsync();

    public Task DisposeAsync() => _view.CloseAsync();


    [Fact]
    public async Task The_member_report_prints_as_an_A4_document()
    {
        // A member (not the secretary) with several households, in a village the fixture's tests leave alone.
        var row = await server.ScalarAsync<string>("""
            SELECT m.village_code || ':' || m.id FROM party_members m JOIN party_branches b ON b.village_code = m.village_code
            WHERE m.id IS DISTINCT FROM b.secretary_member_id AND NOT m.village_code = ANY(@v)
              AND (SELECT count(*) FROM links l WHERE l.member_id = m.id AND l.valid_to IS NULL) BETWEEN 3 AND 12
            ORDER BY m.village_code DESC, m.id LIMIT 1
            """, new[] { server.DrawVillage.Code, server.OverlapVillage.Code, server.ReportVillage.Code, server.EditVillage.Code, server.WorkspaceVillage.Code });
        var (village, memberId) = (row.Split(':')[0], row.Split(':')[1]);
        var report = (await server.GraphQLAsync("sec-" + village, "query($id: ID!) { memberReport(memberId: $id) { month member { name village { name } } households { headName } } }",
            new { id = memberId })).GetProperty("memberReport");
        var name = report.GetProperty("member").GetProperty("name").GetString()!;
        var villageName = report.GetProperty("member").GetProperty("village").GetProperty("name").GetString()!;
        var heads = report.GetProperty("households").EnumerateArray().Select(h => h.GetProperty("headName").GetString()!).ToList();

        await _view.LoginAtAsync("sec-" + village, $"/report/print?member={memberId}&month={report.GetProperty("month").GetString()}");
        await _view.WaitForLayerAsync("households", heads.Count);
        await _view.WaitForAsync("#sheet-head");
        // The map fits the member's households, not their whole cell: the houses spread over the map.
        var extent = await Page.EvaluateAsync<double[]>("async () => (await import('/lib/gridmap.js')).viewState('map').extent");
        var spread = await server.ScalarAsync<double>("""
            SELECT greatest(ST_XMax(e) - ST_XMin(e), ST_YMax(e) - ST_YMin(e)) FROM (
              SELECT ST_Extent(h.location)::geometry AS e FROM links l JOIN households h ON h.id = l.household_id WHERE l.member_id = @v::bigint AND l.valid_to IS NULL) x
            """, memberId);
        Assert.True(Math.Max(extent[2] - extent[0], extent[3] - extent[1]) < Math.Max(spread * 4, 0.01), "the map is not fitted to the member's households");

        var pdf = await Page.PdfAsync(new PagePdfOptions { PreferCSSPageSize = true, PrintBackground = true });
        var dir = Path.Combine(ViewerServer.ScreenshotDir, "report-document");
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, "member-report.pdf");
        await File.WriteAllBytesAsync(file, pdf);

        var info = await Poppler.RunAsync("pdfinfo", file);
        var pages = int.Parse(System.Text.RegularExpressions.Regex.Match(info, @"Pages:\s+(\d+)").Groups[1].Value);
        Assert.InRange(pages, 1, 3);
        AssertPageSize(info, 595, 842);

        var text = await Poppler.RunAsync("pdftotext", "-layout", file, "-");
        foreach (var expected in new[] { name, villageName, "打印日期", "党员签字", "支部书记签字", $"第 1 页，共 {pages} 页" })
            Assert.True(text.Contains(expected, StringComparison.Ordinal), $"the PDF does not say 「{expected}」:\n{text}");
        // No orphan rows: the household table (short) is on one page, with its heading.
        var pageTexts = new List<string>();
        for (var p = 1; p <= pages; p++) pageTexts.Add(await Poppler.RunAsync("pdftotext", "-f", p.ToString(), "-l", p.ToString(), "-layout", file, "-"));
        var tablePage = pageTexts.FindIndex(t => t.Contains("户主", StringComparison.Ordinal));
        Assert.True(tablePage >= 0, "no page shows the household table");
        Assert.All(heads, h => Assert.Contains(h, pageTexts[tablePage]));

        // Page 1 rendered to an image: the map area holds the households' colours (not a blank box).
        await Poppler.RunAsync("pdftoppm", "-r", "60", "-f", "1", "-l", "1", "-png", file, Path.Combine(dir, "page"));
        var png = Directory.GetFiles(dir, "page*.png").Single();
        var marks = await Page.EvaluateAsync<int>("""
            async (b64) => {
              const img = new Image(); img.src = 'data:image/png;base64,' + b64; await img.decode();
              const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
              const g = c.getContext('2d'); g.drawImage(img, 0, 0);
              const d = g.getImageData(0, Math.round(img.height * 0.1), img.width, Math.round(img.height * 0.45)).data;
              const near = (i, r, gg, b) => Math.abs(d[i] - r) + Math.abs(d[i + 1] - gg) + Math.abs(d[i + 2] - b) < 60;
              let n = 0;
              for (let i = 0; i < d.length; i += 4) if (near(i, 0x2e, 0x7d, 0x32) || near(i, 0xe6, 0x51, 0x00)) n++;
              return n;
            }
            """, Convert.ToBase64String(await File.ReadAllBytesAsync(png)));
        Assert.True(marks > 20, $"page 1's map area shows {marks} household-coloured pixels");
    }

    /// <summary>pdfinfo's page size is A4 (points, within a point or two) in this orientation.</summary>
    private static void AssertPageSize(string info, double width, double height)
    {
        var m = System.Text.RegularExpressions.Regex.Match(info, @"Page size:\s+([\d.]+) x ([\d.]+) pts");
        Assert.True(m.Success, info);
        Assert.InRange(double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), width - 3, width + 3);
        Assert.InRange(double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), height - 3, height + 3);
    }

    /// <summary>
    /// Share of an image's pixels (PNG bytes) in strong colour: the share classes' fills (red to green), blended with the
    /// map's grey background, are saturated; background, boundaries and text are not.
    /// </summary>
    private Task<double> ColouredShareAsync(byte[] png) => Page.EvaluateAsync<double>("""
        async (b64) => {
          const img = new Image(); img.src = 'data:image/png;base64,' + b64; await img.decode();
          const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
          const g = c.getContext('2d'); g.drawImage(img, 0, 0);
          const d = g.getImageData(0, 0, c.width, c.height).data;
          let n = 0;
          for (let i = 0; i < d.length; i += 4)
            if (Math.max(d[i], d[i + 1], d[i + 2]) - Math.min(d[i], d[i + 1], d[i + 2]) > 40) n++;
          return n / (d.length / 4);
        }
        """, Convert.ToBase64String(png));

    private Task<int[]> ImageSizeAsync(byte[] png) => Page.EvaluateAsync<int[]>(
        "async (b64) => { const img = new Image(); img.src = 'data:image/png;base64,' + b64; await img.decode(); return [img.width, img.height]; }",
        Convert.ToBase64String(png));

    [Fact]
    public async Task The_coverage_map_saves_as_a_png_and_prints_as_a_landscape_pdf()
    {
        var countyName = (await server.GraphQLAsync("county", "{ county { name } }")).GetProperty("county").GetProperty("name").GetString()!;
        await _view.LoginAsync("county", "coverage");
        await _view.WaitForAsync("#focus-panel[data-level=COUNTY]:not(.loading)");
        await _view.WaitForLayerAsync("villages");
        await Page.WaitForFunctionAsync("() => document.querySelectorAll('#township-table tbody tr').length > 0 && [...document.querySelectorAll('#township-table tbody td:last-child')].every(td => !td.textContent.includes('…'))");
        await _view.SettleAsync();

        var download = await Page.RunAndWaitForDownloadAsync(() => Page.ClickAsync("#export-png"));
        Assert.EndsWith(".png", download.SuggestedFilename);
        var png = await File.ReadAllBytesAsync((await download.PathAsync())!);
        var dir = Path.Combine(ViewerServer.ScreenshotDir, "coverage-document");
        Directory.CreateDirectory(dir);
        await File.WriteAllBytesAsync(Path.Combine(dir, "coverage.png"), png);
        var map = (await (await Page.QuerySelectorAsync("#map"))!.BoundingBoxAsync())!;
        var size = await ImageSizeAsync(png);
        Assert.InRange(size[0], map.Width - 2, map.Width + 2);
        Assert.InRange(size[1], map.Height + 30 - 2, map.Height + 30 + 2);
        var share = await ColouredShareAsync(png);
        Assert.True(share > 0.08, $"the PNG shows {share:P1} village colours");

        // Print / PDF: the page becomes a landscape sheet (the print dialog itself is replaced: headless has none).
        await Page.EvaluateAsync("() => { window.print = () => { window.__printed = (window.__printed ?? 0) + 1; }; }");
        await Page.ClickAsync("#print-map");
        await Page.WaitForFunctionAsync("() => window.__printed === 1 && document.body.classList.contains('gg-printing')");
        await _view.SettleAsync();
        var file = Path.Combine(dir, "coverage.pdf");
        await File.WriteAllBytesAsync(file, await Page.PdfAsync(new PagePdfOptions { PreferCSSPageSize = true, PrintBackground = true }));
        var info = await Poppler.RunAsync("pdfinfo", file);
        Assert.Matches(@"Pages:\s+1\b", info);
        AssertPageSize(info, 842, 595);
        var text = await Poppler.RunAsync("pdftotext", "-layout", file, "-");
        Assert.Contains(countyName, text);
        Assert.Contains("覆盖率", text);
        await Poppler.RunAsync("pdftoppm", "-r", "60", "-png", file, Path.Combine(dir, "page"));
        var page = await File.ReadAllBytesAsync(Directory.GetFiles(dir, "page*.png").Single());
        var printed = await ColouredShareAsync(page);
        Assert.True(printed > 0.04, $"the printed page shows {printed:P1} village colours");
    }
}
