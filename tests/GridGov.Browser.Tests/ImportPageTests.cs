using System.Globalization;
using System.Text;
using GridGov.Domain.Access;
using Microsoft.Playwright;
using Npgsql;

namespace GridGov.Browser.Tests;

/// <summary>
/// /import as the county organisation department: a households file with a mistake is refused in the preview (counts,
/// the error row, the map of the good rows, the error workbook) and keeps the chosen kind and options; the fixed file
/// previews clean, is confirmed, and its rows are in the database. Desktop (1366×768) and phone (390×844).
/// </summary>
[Collection(ViewerCollection.Name)]
public sealed class ImportPageTests(ViewerServer server) : IAsyncLifetime
{
    private const string Admin = "zzb-import";
    private string _village = "";
    private double _x, _y, _r;

    public async Task InitializeAsync()
    {
        await using var conn = new NpgsqlConnection(server.ConnectionString);
        await conn.OpenAsync();
        // A village none of the other tests uses (they take the five with the largest inscribed circles).
        await using (var cmd = new NpgsqlCommand("""
            SELECT a.code, ST_X(c.center), ST_Y(c.center), c.radius
            FROM areas a CROSS JOIN LATERAL ST_MaximumInscribedCircle(a.boundary) c
            WHERE a.level = 'village' ORDER BY c.radius DESC OFFSET 8 LIMIT 1
            """, conn))
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            Assert.True(await r.ReadAsync());
            (_village, _x, _y, _r) = (r.GetString(0), r.GetDouble(1), r.GetDouble(2), r.GetDouble(3));
        }
        await using var add = new NpgsqlCommand("""
            INSERT INTO users (username, display_name, password_hash, role, area_code, disabled, is_sample, created_at)
            SELECT @u, '组织部', @h, 'county_admin', code, false, false, now() FROM areas WHERE level = 'county' LIMIT 1
            ON CONFLICT DO NOTHING
            """, conn);
        add.Parameters.AddWithValue("u", Admin);
        add.Parameters.AddWithValue("h", PasswordHasher.Hash(ViewerServer.Password, iterations: 1000));
        await add.ExecuteNonQueryAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Households of the test village near its centre; <paramref name="badCategory"/> puts a word not in the list on the second row.</summary>
    private byte[] Households(string prefix, bool badCategory)
    {
        var sb = new StringBuilder("户编号,户主姓名,村代码,户类别,经度,纬度,备注\r\n");
        for (var i = 0; i < 3; i++)
        {
            var a = i * 2.1;
            var (lon, lat) = (_x + _r / 3 * Math.Cos(a), _y + _r / 3 * Math.Sin(a));
            var category = badCategory && i == 1 ? "富裕户" : "一般户";
            sb.Append(CultureInfo.InvariantCulture, $"{prefix}-{i + 1:000},导入户{i + 1},{_village},{category},{lon:F6},{lat:F6},\r\n");
        }
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(sb.ToString())];
    }

    private static async Task UploadAsync(IPage page, string name, byte[] bytes, string expectedState)
    {
        await page.SetInputFilesAsync("#import-file", new FilePayload { Name = name, MimeType = "text/csv", Buffer = bytes });
        await page.ClickAsync("#upload:not([disabled])");
        await page.WaitForSelectorAsync($"#import[data-state={expectedState}][data-dryrun=true]");
    }

    private static async Task<string> CountAsync(IPage page, string which) =>
        (await page.TextContentAsync($"#import-counts [data-count={which}] b"))!.Trim();

    /// <summary>The page scrolls inside its own pane: the report (top of the preview in view), then the map in view (checked not blank).</summary>
    private static async Task ShotsAsync(ViewerPage view, string name)
    {
        await view.Page.EvaluateAsync("() => document.querySelector('#import-preview, #import-result').scrollIntoView()");
        await view.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ViewerServer.ScreenshotDir, name + "-report.png") });
        await view.Page.EvaluateAsync("() => document.querySelector('.map-card').scrollIntoView({ block: 'end' })");
        await view.ScreenshotAsync(name, minHeight: 400);
    }

    [Fact]
    public async Task The_organisation_department_previews_a_refused_file_fixes_it_and_imports_it()
    {
        var view = new ViewerPage(server);
        await view.OpenAsync();
        try
        {
            var page = view.Page;
            await view.LoginAsync(Admin, "import");
            await page.WaitForSelectorAsync("#nav-import");
            // The template of the chosen kind is there to download.
            Assert.StartsWith("data:application/vnd.openxmlformats", await (await page.WaitForSelectorAsync("#template-link"))!.GetAttributeAsync("href"));
            // Every kind is offered, the cadre roster (驻村干部) too.
            Assert.Contains("驻村干部", await page.TextContentAsync("label.kind[data-kind=cadres]"));
            await page.ClickAsync("#import-options summary");
            await page.SelectOptionAsync("#opt-encoding", "utf-8");

            await UploadAsync(page, "户籍-有错.csv", Households("IMPB", badCategory: true), "refused");
            Assert.Equal(("2", "0", "1"), (await CountAsync(page, "new"), await CountAsync(page, "changed"), await CountAsync(page, "refused")));
            var errorRow = await page.WaitForSelectorAsync("#import-errors tr[data-code=CHOICE]");
            Assert.Equal("3", await errorRow!.GetAttributeAsync("data-row"));
            Assert.Contains("富裕户", await errorRow.TextContentAsync());
            Assert.Contains("备注", await page.TextContentAsync("#import-ignored"));
            Assert.Equal("EPSG:4326", await page.TextContentAsync("#import-crs"));
            Assert.StartsWith("data:application/vnd.openxmlformats", await (await page.WaitForSelectorAsync("#error-workbook"))!.GetAttributeAsync("href"));
            Assert.Null(await page.QuerySelectorAsync("#confirm"));
            // The map shows the two good rows where they would go.
            await view.WaitForLayerAsync("import-preview", 2);
            await ShotsAsync(view, "import-refused-1366");

            // The kind and the options stay for the fixed file.
            await page.ClickAsync("#another");
            Assert.True(await page.IsCheckedAsync("input[name=kind][value=households]"));
            Assert.Equal("utf-8", await page.InputValueAsync("#opt-encoding"));
            await UploadAsync(page, "户籍.csv", Households("IMPB", badCategory: false), "done");
            Assert.Equal(("3", "0", "0", "0"), (await CountAsync(page, "new"), await CountAsync(page, "changed"),
                await CountAsync(page, "unchanged"), await CountAsync(page, "refused")));
            await page.WaitForSelectorAsync("#import-clean");
            await view.WaitForLayerAsync("import-preview", 3);
            await ShotsAsync(view, "import-preview-1366");
            Assert.Equal(0L, await server.ScalarAsync<long>("SELECT count(*) FROM households WHERE household_no LIKE 'IMPB-%'"));

            await page.ClickAsync("#confirm");
            await page.WaitForSelectorAsync("#import[data-state=done][data-dryrun=false] #import-committed");
            Assert.Equal("3", await CountAsync(page, "new"));
            await ShotsAsync(view, "import-result-1366");
            Assert.Equal(3L, await server.ScalarAsync<long>("SELECT count(*) FROM households WHERE household_no LIKE 'IMPB-%' AND village_code = @v", _village));
            Assert.Equal(1L, await server.ScalarAsync<long>("SELECT count(*) FROM import_runs WHERE actor = @v AND file_name = '户籍.csv'", Admin));
        }
        catch (Exception e)
        {
            await view.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ViewerServer.ScreenshotDir, "import-failed-1366.png"), FullPage = true });
            var jobs = await server.GraphQLAsync(Admin, "{ importJobs { id state phase done total errors fileName } }");
            throw new InvalidOperationException("jobs: " + jobs, e);
        }
        finally
        {
            await view.CloseAsync();
        }
    }

    [Fact]
    public async Task On_a_phone_the_preview_fits_the_screen()
    {
        var context = await server.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 }, Locale = "zh-CN", BaseURL = server.BaseUrl,
            DeviceScaleFactor = 2, IsMobile = true, HasTouch = true,
        });
        context.SetDefaultTimeout(ViewerServer.WaitTimeout);
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync("/login");
            await page.FillAsync("#username", Admin);
            await page.FillAsync("#password", ViewerServer.Password);
            await page.ClickAsync("button[type=submit]");
            await page.WaitForURLAsync("**/import*");
            await UploadAsync(page, "户籍-手机.csv", Households("IMPP", badCategory: true), "refused");
            await page.WaitForSelectorAsync("#import-errors tr[data-code=CHOICE]");
            await page.WaitForFunctionAsync("() => { const m = document.getElementById('map'); return m && m.dataset.layerImportPreview === '2' && Number(m.dataset.renders || 0) > 0; }");
            // Nothing wider than the screen: the page scrolls down, never sideways.
            var width = await page.EvaluateAsync<double>("() => document.documentElement.scrollWidth");
            Assert.True(width <= 391, $"the page is {width}px wide on a 390px screen");
            var map = (await (await page.QuerySelectorAsync("#map"))!.BoundingBoxAsync())!;
            Assert.True(map.Width >= 300 && map.Height >= 250, $"the map is {map.Width}×{map.Height}");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ViewerServer.ScreenshotDir, "import-refused-390.png") });
            await (await page.QuerySelectorAsync("#map"))!.ScrollIntoViewIfNeededAsync();
            Assert.True(await ViewerPage.InkShareAsync(page, (await page.QuerySelectorAsync("#map"))!) > 0.02, "the phone's map is blank");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ViewerServer.ScreenshotDir, "import-refused-390-full.png"), FullPage = true });
            Assert.Equal(0L, await server.ScalarAsync<long>("SELECT count(*) FROM households WHERE household_no LIKE 'IMPP-%'"));
        }
        finally
        {
            await context.CloseAsync();
        }
    }
}
