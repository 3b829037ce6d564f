using System.Diagnostics;
using GridGov.Testing;
using Microsoft.Playwright;

namespace GridGov.Browser.Tests;

/// <summary>
/// Issue 13, the cadre's phone (定点签到) at 390×844: a cadre made with `./gridgov admin user create --role cadre` logs in,
/// checks in, loses the connection, checks in again, reloads without a connection, comes back online → exactly one copy
/// of each check-in on the server, each with the server's trust score and reasons on the page.
/// </summary>
[Collection(ViewerCollectionB.Name)]
public sealed class CadrePhoneTests(ViewerServer server)
{
    /// <summary>A village no other browser test writes to, and a point inside it (storage CRS, as the phone reports WGS84).</summary>
    private async Task<(string Village, double Lon, double Lat)> VillageAsync()
    {
        var fixture = new[] { server.DrawVillage.Code, server.OverlapVillage.Code, server.ReportVillage.Code, server.EditVillage.Code, server.WorkspaceVillage.Code };
        var row = await server.ScalarAsync<string>("""
            SELECT code || ' ' || ST_X(ST_PointOnSurface(boundary)) || ' ' || ST_Y(ST_PointOnSurface(boundary)) FROM areas
            WHERE level = 'village' AND boundary IS NOT NULL AND NOT code = ANY(@v) ORDER BY code LIMIT 1
            """, fixture);
        var p = row.Split(' ');
        return (p[0], double.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture), double.Parse(p[2], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>`./gridgov admin user create`: the API binary's operator command, password on standard input.</summary>
    private async Task CreateCadreAsync(string username, string village)
    {
        var config = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var dir = Path.Combine(RepoRoot.Path, "server", "GridGov.Api", "bin", config, "net10.0");
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = dir, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(dir, "GridGov.Api.dll"), "user", "create", "--username", username, "--role", "cadre", "--area", village,
                     "--name", "田书记", "--kind", "first-secretary", "--rank", "科级" })
            psi.ArgumentList.Add(a);
        psi.Environment["ConnectionStrings__GridGov"] = server.ConnectionString;
        using var p = Process.Start(psi)!;
        await p.StandardInput.WriteLineAsync(ViewerServer.Password);
        p.StandardInput.Close();
        var output = await p.StandardOutput.ReadToEndAsync() + await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, output);
    }

    /// <summary>A camera-sized JPEG with an EXIF position, written by GDAL (an encoder independent of the browser's).</summary>
    private static string Photo()
    {
        var dir = Directory.CreateTempSubdirectory("gridgov-cadre-").FullName;
        Run("gdal_create", "-of", "GTiff", "-outsize", "2400", "1800", "-bands", "3", "-burn", "70", Path.Combine(dir, "p.tif"));
        Run("gdal_translate", "-q", "-of", "JPEG", Path.Combine(dir, "p.tif"), Path.Combine(dir, "photo.jpg"),
            "-mo", "EXIF_GPSLatitude=(28) (1) (30)", "-mo", "EXIF_GPSLatitudeRef=N", "-mo", "EXIF_GPSLongitude=(108) (24) (0)");
        return Path.Combine(dir, "photo.jpg");
    }

    private static void Run(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"{tool} did not start (apt-get install gdal-bin)");
        p.StandardOutput.ReadToEnd();
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{tool}: {err}");
    }

    /// <summary>A household of the village, with its head's name (the cadre finds it by name).</summary>
    private async Task<(long Id, string Head)> HouseholdAsync(string village)
    {
        var row = await server.ScalarAsync<string>("SELECT id || ' ' || head_name FROM households WHERE village_code = @v AND ended_at IS NULL ORDER BY id LIMIT 1", village);
        var p = row.Split(' ', 2);
        return (long.Parse(p[0]), p[1]);
    }

    private Task<long> CountAsync(string username) => server.ScalarAsync<long>(
        "SELECT count(*) FROM check_ins c JOIN users u ON u.cadre_id = c.cadre_id WHERE u.username = @v", username);

    private static async Task Shot(IPage page, string name)
    {
        await PageSettle.SettleAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ViewerServer.ScreenshotDir, name + ".png"), FullPage = true });
    }

    [Fact]
    public async Task Check_in_go_offline_check_in_again_reload_and_sync_exactly_once()
    {
        var (village, lon, lat) = await VillageAsync();
        var username = "cadre-" + Guid.NewGuid().ToString("N")[..8];
        await CreateCadreAsync(username, village);

        await using var context = await PhoneContext.OpenAsync(server, (lon, lat, 12));
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.FillAsync("#username", username);
        await page.FillAsync("#password", ViewerServer.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/cadre");
        await page.WaitForSelectorAsync("#cadre[data-ready=true]");
        Assert.Contains("田书记", await page.InnerTextAsync("#cadre-card h2"));
        Assert.Contains("第一书记", await page.InnerTextAsync("#cadre-card h2"));
        Assert.Contains("科级", await page.InnerTextAsync("#cadre-card h2"));

        // 1. Online: inside the village with 12 m accuracy, fully trusted, one day present.
        await page.ClickAsync("#checkin");
        await page.WaitForSelectorAsync("#my-checkins li.checkin.trusted >> text=可信度 100%");
        await page.WaitForSelectorAsync("#attendance >> text=本月到岗 1 天");
        Assert.Equal(1, await CountAsync(username));
        await page.WaitForSelectorAsync("#cadre[data-shell=true]");
        await Shot(page, "cadre-phone-online");

        // 2. Offline, a poor fix (80 m): kept on the phone as 「待同步」, nothing reaches the server.
        await context.SetOfflineAsync(true);
        await page.WaitForSelectorAsync("#cadre[data-online=false]");
        await context.SetGeolocationAsync(new Geolocation { Longitude = (float)lon + 0.0003f, Latitude = (float)lat, Accuracy = 80 });
        // With a photo from the phone's camera (2400×1800 with an EXIF position): resized and re-encoded on the phone.
        await page.SetInputFilesAsync("#checkin-photo", Photo());
        await page.WaitForSelectorAsync("#photo-info >> text=1600×1200");
        await page.ClickAsync("#checkin");
        await page.WaitForSelectorAsync("#my-checkins li.checkin.pending >> text=待同步");
        // A 工作信息 entry naming a household, offline too; then a draft typed and left unsent.
        var (householdId, head) = await HouseholdAsync(village);
        var log = "入户走访，了解春耕用种 " + Guid.NewGuid().ToString("N")[..6];
        await page.FillAsync("#log-text", log);
        await page.FillAsync("#log-filter", head);
        await page.CheckAsync($"#work-log input[name=log-household][value=\"{householdId}\"]");
        await page.ClickAsync("#log-submit");
        await page.WaitForSelectorAsync($"#log-list li.pending:has-text(\"{log}\")");
        var draft = "草稿：明天回访 " + Guid.NewGuid().ToString("N")[..6];
        await page.FillAsync("#log-text", draft);
        await Shot(page, "cadre-phone-offline");

        // 3. A reload without a connection: the page starts from the service worker's cache; the queue survives.
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("#cadre[data-ready=true]");
        Assert.True(await page.EvaluateAsync<bool>("() => navigator.serviceWorker.controller !== null"), "the page is not under the service worker");
        await page.WaitForSelectorAsync("#cached-note");
        Assert.Equal(1, await page.Locator("#my-checkins li.checkin.pending").CountAsync());
        await page.WaitForSelectorAsync($"#log-list li.pending:has-text(\"{log}\")");
        Assert.Equal(draft, await page.InputValueAsync("#log-text"));
        Assert.Equal(1, await CountAsync(username));

        // 4. Back online: sent once; the server's score and reason for the poor fix are shown as the server gave them.
        await context.SetOfflineAsync(false);
        await page.WaitForSelectorAsync("#cadre[data-pending='0']");
        await page.WaitForSelectorAsync("#my-checkins li.checkin >> text=定位精度差（超过 50 米或未提供）");
        Assert.Equal(0, await page.Locator("#my-checkins li.checkin.pending").CountAsync());
        Assert.Equal(2, await page.Locator("#my-checkins li.checkin").CountAsync());
        Assert.Contains("可信度 80%", await page.InnerTextAsync("#my-checkins"));
        Assert.Equal(2, await CountAsync(username));
        await page.WaitForSelectorAsync("#my-checkins li.checkin .photo-tag");
        var photo = await server.ScalarAsync<byte[]>(
            "SELECT p.jpeg FROM check_in_photos p JOIN check_ins c ON c.id = p.check_in_id JOIN users u ON u.cadre_id = c.cadre_id WHERE u.username = @v", username);
        Assert.True(photo.Length is > 1000 and <= 2 * 1024 * 1024, $"photo of {photo.Length} bytes");
        Assert.DoesNotContain("Exif", System.Text.Encoding.Latin1.GetString(photo));
        Assert.Equal(2L, await server.ScalarAsync<long>(
            "SELECT count(DISTINCT c.client_id) FROM check_ins c JOIN users u ON u.cadre_id = c.cadre_id WHERE u.username = @v", username));
        await page.WaitForSelectorAsync($"#log-list li:not(.pending):has-text(\"{log}\")");
        Assert.Equal(draft, await page.InputValueAsync("#log-text"));
        Assert.Equal(1L, await server.ScalarAsync<long>(
            "SELECT count(*) FROM work_log_entries w JOIN users u ON u.cadre_id = w.cadre_id WHERE u.username = @v", username));
        Assert.Equal(householdId, await server.ScalarAsync<long>(
            "SELECT w.household_ids[1] FROM work_log_entries w JOIN users u ON u.cadre_id = w.cadre_id WHERE u.username = @v", username));
        await Shot(page, "cadre-phone-synced");

        // The township leader reads it on the 驻村工作 page, with the ledgers.
        await using var townContext = await PhoneContext.OpenAsync(server);
        var town = await townContext.NewPageAsync();
        await town.GotoAsync("/login");
        await town.FillAsync("#username", "town-" + village[..9] + "000");
        await town.FillAsync("#password", ViewerServer.Password);
        await town.ClickAsync("button[type=submit]");
        await town.WaitForURLAsync("**/coverage*");
        await town.GotoAsync("/cadre-work");
        await town.WaitForSelectorAsync($"#work-log-list li:has-text(\"{log}\")");
        await town.WaitForSelectorAsync("#attendance-ledger td >> text=田书记");
        // The ledger names the village as people say it, not by its code.
        var villageName = await server.ScalarAsync<string>("SELECT name FROM areas WHERE code = @v", village);
        Assert.Equal(villageName, await town.InnerTextAsync("#attendance-ledger tr:has(td:text-is(\"田书记\")) td:nth-child(2)"));
        await town.WaitForSelectorAsync("#work-ledger td >> text=田书记");
        await Shot(town, "cadre-work-township");
        await town.CloseAsync();
    }
}
