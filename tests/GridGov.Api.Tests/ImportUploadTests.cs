using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GridGov.Api.Imports;
using GridGov.Domain.Access;
using GridGov.Import.Files;
using GridGov.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GridGov.Api.Tests;

/// <summary>
/// Browser imports over HTTP (POST /imports → dry run → confirm), with CSV files written here as text: who may,
/// what a dry run writes (nothing), idempotence, refusals, the error workbook, the preview map and the size limit.
/// </summary>
public class ImportUploadTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    private const string OtherCounty = "522226000000";

    // Three new houses of 甲一村, well inside it; UTF-8 with a BOM as Excel on Chinese Windows saves CSV.
    private const string GoodCsv = """
        户编号,户主姓名,村代码,村民小组,户类别,经度,纬度,备注
        A1-001,田小龙,520625101001,1组,一般户,108.312,28.012,新户
        A1-002,杨秀兰,520625101001,2组,监测户,108.322,28.025,
        A1-003,冉光明,520625101001,2组,脱贫户,108.365,28.062,
        """;

    // Row 3: a wrong check digit; row 4: a category not in the list; row 5: a village of no county here.
    private const string BadCsv = """
        户编号,户主姓名,户主身份证号,村代码,户类别,经度,纬度
        B-001,田小龙,,520625101001,一般户,108.312,28.012
        B-002,杨秀兰,520625198001011235,520625101001,一般户,108.322,28.025
        B-003,冉光明,,520625101001,富裕户,108.365,28.062
        B-004,吴有才,,520625109009,一般户,108.365,28.062
        """;

    private async Task<(ApiFactory Factory, string Cs)> FreshAsync(IDictionary<string, string>? settings = null)
    {
        var cs = await TestCounty.CreateAsync(pg);
        await using (var conn = new NpgsqlConnection(cs))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand(
                $"INSERT INTO areas (code, level, name, parent_code, boundary_source, is_deep_poverty) VALUES ('{OtherCounty}', 'county', '另一县', NULL, 'synthetic', false)", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        await ApiClient.AddUserAsync(cs, "admin", Role.CountyAdmin, TestCounty.County);
        await ApiClient.AddUserAsync(cs, "admin-other", Role.CountyAdmin, OtherCounty);
        return (new ApiFactory(cs, settings), cs);
    }

    private static async Task<long> Scalar(string cs, string sql)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    private static MultipartFormDataContent Form(string kind, string fileName, byte[] bytes, params (string Name, string Value)[] options)
    {
        var form = new MultipartFormDataContent { { new StringContent(kind), "kind" } };
        foreach (var (n, v) in options) form.Add(new StringContent(v), n);
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", fileName);
        return form;
    }

    private static byte[] Csv(string text) => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.Replace("\n", "\r\n"))];

    private static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpClient client, HttpRequestMessage req)
    {
        using var res = await client.SendAsync(req);
        var text = await res.Content.ReadAsStringAsync();
        return (res.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private static Task<(HttpStatusCode Status, JsonElement Body)> UploadAsync(HttpClient client, string kind, string fileName, byte[] bytes,
        params (string, string)[] options) =>
        SendAsync(client, new HttpRequestMessage(HttpMethod.Post, "/imports") { Content = Form(kind, fileName, bytes, options) });

    private static string Code(JsonElement body) => body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString()!;

    /// <summary>Polls the job until its run has ended (the dry run, or the import after a confirm).</summary>
    private static async Task<JsonElement> WaitAsync(HttpClient client, string id)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var (status, body) = await SendAsync(client, new HttpRequestMessage(HttpMethod.Get, "/imports/" + id));
            Assert.Equal(HttpStatusCode.OK, status);
            if (body.GetProperty("state").GetString() is not ("queued" or "running")) return body;
            Assert.True(DateTime.UtcNow < until, "the import job did not finish: " + body);
            await Task.Delay(50);
        }
    }

    private static int Count(JsonElement job, string name) => job.GetProperty("report").GetProperty("counts").GetProperty(name).GetInt32();

    [Fact]
    public async Task A_county_admin_previews_confirms_and_the_same_file_again_changes_nothing()
    {
        var (factory, cs) = await FreshAsync();
        using var _ = factory;
        var admin = await factory.LoginAsync("admin");
        var before = await Scalar(cs, "SELECT count(*) FROM households");

        var (status, job) = await UploadAsync(admin, "households", "户籍 2026.csv", Csv(GoodCsv));
        Assert.True(HttpStatusCode.Accepted == status, job.ToString());
        var id = job.GetProperty("id").GetString()!;
        Assert.Equal("户籍 2026.csv", job.GetProperty("fileName").GetString());

        var preview = await WaitAsync(admin, id);
        Assert.Equal("done", preview.GetProperty("state").GetString());
        Assert.True(preview.GetProperty("dryRun").GetBoolean());
        Assert.False(preview.GetProperty("committed").GetBoolean());
        Assert.True(preview.GetProperty("canConfirm").GetBoolean());
        Assert.Equal((3, 0, 0, 0), (Count(preview, "new"), Count(preview, "changed"), Count(preview, "unchanged"), Count(preview, "refused")));
        Assert.Equal(["备注"], preview.GetProperty("report").GetProperty("unknownColumns").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("EPSG:4326", preview.GetProperty("report").GetProperty("crs").GetString());
        // The dry run wrote nothing.
        Assert.Equal(before, await Scalar(cs, "SELECT count(*) FROM households"));
        Assert.Equal(0, await Scalar(cs, "SELECT count(*) FROM import_runs"));

        // The map of what would be added: the three houses where the file puts them, in storage coordinates.
        var geo = JsonDocument.Parse(await admin.GetStringAsync($"/imports/{id}/preview.geojson")).RootElement;
        var features = geo.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal([2, 3, 4], features.Select(f => f.GetProperty("properties").GetProperty("row").GetInt32()));
        Assert.All(features, f => Assert.Equal("new", f.GetProperty("properties").GetProperty("status").GetString()));
        Assert.Equal("田小龙", features[0].GetProperty("properties").GetProperty("label").GetString());
        var c = features[0].GetProperty("geometry").GetProperty("coordinates");
        Assert.Equal((108.312, 28.012), (Math.Round(c[0].GetDouble(), 6), Math.Round(c[1].GetDouble(), 6)));

        // GraphQL sees the same job.
        var gql = await admin.GraphQLAsync("query($id: ID!) { importJob(id: $id) { state done total errors dryRun report } importJobs { id } }", new { id });
        Assert.False(gql.HasErrors, gql.ToString());
        var gjob = gql.Data.GetProperty("importJob");
        Assert.Equal(("DONE", 3, 3, 0), (gjob.GetProperty("state").GetString(), gjob.GetProperty("done").GetInt32(), gjob.GetProperty("total").GetInt32(), gjob.GetProperty("errors").GetInt32()));
        Assert.Equal(3, JsonDocument.Parse(gjob.GetProperty("report").GetString()!).RootElement.GetProperty("counts").GetProperty("new").GetInt32());
        Assert.Equal([id], gql.Data.GetProperty("importJobs").EnumerateArray().Select(j => j.GetProperty("id").GetString()));

        (status, job) = await SendAsync(admin, new HttpRequestMessage(HttpMethod.Post, $"/imports/{id}/confirm"));
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.False(job.GetProperty("dryRun").GetBoolean());
        var done = await WaitAsync(admin, id);
        Assert.Equal("done", done.GetProperty("state").GetString());
        Assert.True(done.GetProperty("committed").GetBoolean());
        Assert.Equal(3, Count(done, "new"));
        Assert.Equal(3, await Scalar(cs, "SELECT count(*) FROM households WHERE household_no LIKE 'A1-%' AND village_code = '520625101001'"));
        Assert.Equal(1, await Scalar(cs, "SELECT count(*) FROM households WHERE household_no = 'A1-002' AND poverty_status = 'monitored' AND head_name = '杨秀兰'"));
        Assert.Equal(1, await Scalar(cs, "SELECT count(*) FROM import_runs WHERE actor = 'admin' AND file_name = '户籍 2026.csv' AND new = 3"));
        // A confirmed job is not imported twice.
        (status, job) = await SendAsync(admin, new HttpRequestMessage(HttpMethod.Post, $"/imports/{id}/confirm"));
        Assert.Equal((HttpStatusCode.Conflict, "CONFLICT"), (status, Code(job)));

        // The same file again: nothing new, nothing changed.
        (status, job) = await UploadAsync(admin, "households", "户籍 2026.csv", Csv(GoodCsv));
        Assert.Equal(HttpStatusCode.Accepted, status);
        var again = await WaitAsync(admin, job.GetProperty("id").GetString()!);
        Assert.Equal((0, 0, 3), (Count(again, "new"), Count(again, "changed"), Count(again, "unchanged")));
        Assert.Empty(JsonDocument.Parse(await admin.GetStringAsync($"/imports/{again.GetProperty("id").GetString()}/preview.geojson")).RootElement
            .GetProperty("features").EnumerateArray());
    }

    [Fact]
    public async Task A_cadre_roster_has_its_template_and_goes_in_through_the_same_upload()
    {
        var (factory, cs) = await FreshAsync();
        using var _ = factory;
        var admin = await factory.LoginAsync("admin");
        using var template = await admin.GetAsync("/imports/templates/cadres.xlsx");
        Assert.Equal(HttpStatusCode.OK, template.StatusCode);
        Assert.Equal("PK"u8.ToArray(), (await template.Content.ReadAsByteArrayAsync())[..2]);

        // A 包村干部 in two villages at once (the ID number's check digit is right).
        const string roster = """
            姓名,身份证号,类别,职级,驻村村代码,开始日期
            包村甲,520625198001010015,包村干部,科级,520625101001,2024-01-01
            包村甲,520625198001010015,包村干部,科级,520625101002,2024-01-01
            """;
        var (status, job) = await UploadAsync(admin, "cadres", "驻村干部.csv", Csv(roster));
        Assert.True(HttpStatusCode.Accepted == status, job.ToString());
        var id = job.GetProperty("id").GetString()!;
        var preview = await WaitAsync(admin, id);
        Assert.Equal((2, 0), (Count(preview, "new"), Count(preview, "refused")));
        Assert.Equal(0, await Scalar(cs, "SELECT count(*) FROM people WHERE id_number = '520625198001010015'"));
        (status, job) = await SendAsync(admin, new HttpRequestMessage(HttpMethod.Post, $"/imports/{id}/confirm"));
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.True((await WaitAsync(admin, id)).GetProperty("committed").GetBoolean());
        Assert.Equal(2, await Scalar(cs, """
            SELECT count(*) FROM cadre_postings cp JOIN cadres c ON c.id = cp.cadre_id JOIN people p ON p.id = c.person_id
            WHERE p.id_number = '520625198001010015' AND c.kind = 'liaison_cadre'
            """));
        Assert.Equal(1, await Scalar(cs, "SELECT count(*) FROM import_runs WHERE kind = 'cadres' AND new = 2"));
    }

    [Fact]
    public async Task Only_the_countys_admin_may_import_or_see_its_jobs()
    {
        var (factory, cs) = await FreshAsync();
        using var _ = factory;
        var admin = await factory.LoginAsync("admin");
        var (_, job) = await UploadAsync(admin, "households", "h.csv", Csv(GoodCsv));
        var id = job.GetProperty("id").GetString()!;
        await WaitAsync(admin, id);

        foreach (var user in new[] { "sec-a1", "county", "town-a", "member-2" })
        {
            var client = await factory.LoginAsync(user);
            var (status, body) = await UploadAsync(client, "households", "h.csv", Csv(GoodCsv));
            Assert.True((HttpStatusCode.Forbidden, "FORBIDDEN") == (status, Code(body)), $"{user}: {status} {body}");
            (status, body) = await SendAsync(client, new HttpRequestMessage(HttpMethod.Post, $"/imports/{id}/confirm"));
            Assert.Equal((HttpStatusCode.Forbidden, "FORBIDDEN"), (status, Code(body)));
            var gql = await client.GraphQLAsync("query($id: ID!) { importJob(id: $id) { state } }", new { id });
            Assert.Equal("FORBIDDEN", gql.FirstCode);
            // Templates are for anyone logged in.
            using var template = await client.GetAsync("/imports/templates/households.xlsx");
            Assert.Equal(HttpStatusCode.OK, template.StatusCode);
        }
        var (anonStatus, anon) = await UploadAsync(factory.CreateClient(), "households", "h.csv", Csv(GoodCsv));
        Assert.Equal((HttpStatusCode.Unauthorized, "UNAUTHENTICATED"), (anonStatus, Code(anon)));

        // Another county's admin: not our jobs, not our county; their own upload runs in their county, where these rows do not belong.
        var other = await factory.LoginAsync("admin-other");
        var (s1, b1) = await SendAsync(other, new HttpRequestMessage(HttpMethod.Get, "/imports/" + id));
        Assert.Equal((HttpStatusCode.Forbidden, "FORBIDDEN"), (s1, Code(b1)));
        var (s2, b2) = await SendAsync(other, new HttpRequestMessage(HttpMethod.Post, $"/imports/{id}/confirm"));
        Assert.Equal((HttpStatusCode.Forbidden, "FORBIDDEN"), (s2, Code(b2)));
        var (s3, b3) = await UploadAsync(other, "households", "h.csv", Csv(GoodCsv), ("county", TestCounty.County));
        Assert.Equal((HttpStatusCode.Forbidden, "FORBIDDEN"), (s3, Code(b3)));
        var g = await other.GraphQLAsync("query($id: ID!) { importJob(id: $id) { state } importJobs { id } }", new { id });
        Assert.Equal("FORBIDDEN", g.FirstCode);
        var (s4, b4) = await UploadAsync(other, "households", "h.csv", Csv(GoodCsv));
        Assert.Equal(HttpStatusCode.Accepted, s4);
        var theirs = await WaitAsync(other, b4.GetProperty("id").GetString()!);
        Assert.Equal("refused", theirs.GetProperty("state").GetString());
        Assert.True(theirs.GetProperty("errors").GetInt32() > 0);
        Assert.Equal(6, await Scalar(cs, "SELECT count(*) FROM households"));
        Assert.Equal(0, await Scalar(cs, "SELECT count(*) FROM import_runs"));
    }

    [Fact]
    public async Task A_bad_file_is_refused_with_its_errors_nothing_is_written_and_the_error_workbook_downloads()
    {
        var (factory, cs) = await FreshAsync();
        using var _ = factory;
        var admin = await factory.LoginAsync("admin");
        var (status, job) = await UploadAsync(admin, "households", "bad.csv", Csv(BadCsv));
        Assert.Equal(HttpStatusCode.Accepted, status);
        var id = job.GetProperty("id").GetString()!;
        var refused = await WaitAsync(admin, id);
        Assert.Equal("refused", refused.GetProperty("state").GetString());
        Assert.False(refused.GetProperty("canConfirm").GetBoolean());
        var errors = refused.GetProperty("report").GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("column").GetString(), e.GetProperty("code").GetString())).ToList();
        Assert.Contains((3, "户主身份证号", "ID_NUMBER"), errors);
        Assert.Contains((4, "户类别", "CHOICE"), errors);
        Assert.Contains(errors, e => e.Item1 == 5 && e.Item2 == "村代码");
        Assert.Equal("富裕户", refused.GetProperty("report").GetProperty("errors").EnumerateArray()
            .First(e => e.GetProperty("code").GetString() == "CHOICE").GetProperty("value").GetString());

        var (cs1, cb1) = await SendAsync(admin, new HttpRequestMessage(HttpMethod.Post, $"/imports/{id}/confirm"));
        Assert.Equal((HttpStatusCode.BadRequest, "VALIDATION"), (cs1, Code(cb1)));
        Assert.Equal(0, await Scalar(cs, "SELECT count(*) FROM households WHERE household_no LIKE 'B-%'"));
        Assert.Equal(0, await Scalar(cs, "SELECT count(*) FROM import_runs"));

        using var res = await admin.GetAsync($"/imports/{id}/errors.xlsx");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", res.Content.Headers.ContentType!.MediaType);
        var path = Path.Combine(Path.GetTempPath(), $"gridgov-errors-{Guid.NewGuid():N}.xlsx");
        await File.WriteAllBytesAsync(path, await res.Content.ReadAsByteArrayAsync());
        try
        {
            using var book = TabularFile.Open(path, new TabularOptions());
            var errorCol = book.Headers.ToList().IndexOf(ErrorWorkbookWriter.ErrorHeader);
            Assert.True(errorCol > 0, "no 错误 column: " + string.Join(",", book.Headers));
            var rows = book.Rows().ToDictionary(r => r.Number, r => errorCol < r.Values.Length ? r.Values[errorCol] : null);
            Assert.True(string.IsNullOrEmpty(rows[2]));
            Assert.Contains("身份证", rows[3]);
            Assert.Contains("户类别", rows[4]);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public async Task A_file_changed_after_its_dry_run_is_not_imported()
    {
        var (factory, cs) = await FreshAsync();
        using var _ = factory;
        var admin = await factory.LoginAsync("admin");
        var (_, job) = await UploadAsync(admin, "households", "h.csv", Csv(GoodCsv));
        var id = job.GetProperty("id").GetString()!;
        await WaitAsync(admin, id);
        var stored = factory.Services.GetRequiredService<ImportJobs>().Get(id)!;
        Assert.StartsWith(factory.Services.GetRequiredService<ImportJobs>().Root, stored.FilePath);
        await File.AppendAllTextAsync(stored.FilePath, "A1-004,田四,520625101001,1组,一般户,108.313,28.013,\r\n");
        var (status, body) = await SendAsync(admin, new HttpRequestMessage(HttpMethod.Post, $"/imports/{id}/confirm"));
        Assert.Equal((HttpStatusCode.Conflict, "CONFLICT"), (status, Code(body)));
        Assert.Equal(0, await Scalar(cs, "SELECT count(*) FROM households WHERE household_no LIKE 'A1-%'"));
    }

    [Fact]
    public async Task Upload_names_are_sanitised_and_bad_requests_get_their_reason()
    {
        var (factory, _) = await FreshAsync();
        using var __ = factory;
        var admin = await factory.LoginAsync("admin");
        var (status, job) = await UploadAsync(admin, "households", "../../etc/户籍.csv", Csv(GoodCsv));
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("户籍.csv", job.GetProperty("fileName").GetString());
        var stored = factory.Services.GetRequiredService<ImportJobs>().Get(job.GetProperty("id").GetString()!)!;
        Assert.Equal(stored.Folder, Path.GetDirectoryName(stored.FilePath));
        await WaitAsync(admin, stored.Id);

        Assert.Equal("passwd", UploadNames.Sanitize(@"C:\windows\..\passwd"));
        Assert.Equal("upload", UploadNames.Sanitize("..."));
        Assert.Equal("a b.csv", UploadNames.Sanitize("a\u0000\u202e b.csv"));
        Assert.Equal("𠀀村.xlsx", UploadNames.Sanitize("𠀀村.xlsx"));
        Assert.EndsWith(".xlsx", UploadNames.Sanitize(new string('户', 300) + ".xlsx"));
        Assert.Equal(100, UploadNames.Sanitize(new string('户', 300) + ".xlsx").Length);

        var (s1, b1) = await UploadAsync(admin, "houses", "h.csv", Csv(GoodCsv));
        Assert.Equal((HttpStatusCode.BadRequest, "VALIDATION"), (s1, Code(b1)));
        var (s2, b2) = await UploadAsync(admin, "households", "h.csv", Csv(GoodCsv), ("crs", "EPSG:9999999"));
        Assert.Equal((HttpStatusCode.BadRequest, "VALIDATION"), (s2, Code(b2)));
        var (s3, b3) = await SendAsync(admin, new HttpRequestMessage(HttpMethod.Post, "/imports") { Content = new StringContent("kind=households") });
        Assert.Equal((HttpStatusCode.BadRequest, "VALIDATION"), (s3, Code(b3)));
        var (s4, b4) = await SendAsync(admin, new HttpRequestMessage(HttpMethod.Get, "/imports/nope"));
        Assert.Equal((HttpStatusCode.NotFound, "NOT_FOUND"), (s4, Code(b4)));
        using var cells = await admin.GetAsync("/imports/templates/cells.xlsx");
        Assert.Equal(HttpStatusCode.NotFound, cells.StatusCode);
    }

    [Fact]
    public async Task An_oversized_body_is_refused_before_it_is_read()
    {
        var (factory, cs) = await FreshAsync(new Dictionary<string, string> { ["Imports:MaxUploadBytes"] = "1048576" });
        using var _ = factory;
        // A real Kestrel: the in-memory test server would take the whole body from the client first.
        factory.UseKestrel(0);
        factory.StartServer();
        var admin = await factory.LoginAsync("admin");
        var token = admin.DefaultRequestHeaders.Authorization!.Parameter;
        var uri = admin.BaseAddress!;

        // Headers only, declaring 300 MB, and no body at all: the answer must come without waiting for it.
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(uri.Host, uri.Port);
        var stream = tcp.GetStream();
        var head = $"POST /imports HTTP/1.1\r\nHost: {uri.Authority}\r\nAuthorization: Bearer {token}\r\n" +
                   $"Content-Type: multipart/form-data; boundary=xyz\r\nContent-Length: {300L * 1024 * 1024}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var buffer = new byte[8192];
        var received = new StringBuilder();
        while (!received.ToString().Contains("}]}"))
        {
            var n = await stream.ReadAsync(buffer, timeout.Token);
            if (n == 0) break;
            received.Append(Encoding.UTF8.GetString(buffer, 0, n));
        }
        var response = received.ToString();
        Assert.StartsWith("HTTP/1.1 413", response);
        Assert.Contains("\"code\":\"VALIDATION\"", response);
        Assert.Contains("1 MB", response);

        // A body just over the limit is cut off while it is read.
        var (s2, b2) = await UploadAsync(admin, "households", "big.csv", new byte[1024 * 1024 + 10]);
        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "VALIDATION"), (s2, Code(b2)));
        var jobs = factory.Services.GetRequiredService<ImportJobs>();
        Assert.Empty(jobs.OfCounty(TestCounty.County));
        Assert.Empty(Directory.Exists(jobs.Root) ? Directory.GetFileSystemEntries(jobs.Root) : []);
        Assert.Equal(0, await Scalar(cs, "SELECT count(*) FROM import_runs"));
    }
}
