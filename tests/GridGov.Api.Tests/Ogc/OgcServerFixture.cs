using System.Globalization;
using System.Text.RegularExpressions;
using GridGov.Api.Tests.Integrators;
using Npgsql;

namespace GridGov.Api.Tests.Ogc;

/// <summary>
/// The test county served on a real port (GDAL needs one), with 40 more households in village A1 — one of them
/// ended (注销), which no page may show — so paging has pages to go through; plus keys of a township and with `read-pii`.
/// </summary>
public sealed partial class OgcServerFixture : IAsyncLifetime
{
    public LiveServerFixture Live { get; } = new();
    public string TownKey { get; private set; } = "";
    public string PiiKey { get; private set; } = "";
    public string OgcUrl => Live.BaseUrl + "/ogc";

    public async Task InitializeAsync()
    {
        await Live.InitializeAsync();
        await ExecAsync("""
            INSERT INTO households (id, village_code, location, head_name, size, poverty_status, source, cell_id)
            SELECT 100 + i, '520625101001', ST_SetSRID(ST_MakePoint(108.3015 + (i % 9) * 0.011, 28.0015 + (i / 9) * 0.011), 4326),
                   '测试户' || i, 3, 'none', 'synthetic', NULL
            FROM generate_series(1, 40) i;
            UPDATE households SET ended_at = now() - interval '1 day', end_reason = '迁出' WHERE id = 140;
            """);
        TownKey = await ApiClient.AddApiKeyAsync(Live.ConnectionString, "town-a-gis", ["read"], TestCounty.TownA);
        PiiKey = await ApiClient.AddApiKeyAsync(Live.ConnectionString, "county-pii", ["read", "read-pii"], TestCounty.County);
    }

    public Task DisposeAsync() => Live.DisposeAsync();

    public async Task ExecAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(Live.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var conn = new NpgsqlConnection(Live.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (T)Convert.ChangeType((await cmd.ExecuteScalarAsync())!, typeof(T), CultureInfo.InvariantCulture);
    }

    public async Task<List<long>> IdsAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(Live.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        var ids = new List<long>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) ids.Add(r.GetInt64(0));
        return ids;
    }

    /// <summary>ogrinfo (Debian's gdal-bin) with one HTTP header, e.g. "X-Api-Key: …" or "Authorization: Bearer …".</summary>
    public static string OgrInfo(string header, params string[] args) =>
        OgrInfoWith(new Dictionary<string, string> { ["GDAL_HTTP_HEADERS"] = header }, args);

    /// <summary>ogrinfo with the credentials as GDAL configuration options (e.g. GDAL_HTTP_USERPWD for HTTP Basic).</summary>
    public static string OgrInfoWith(Dictionary<string, string> credentials, params string[] args)
    {
        var environment = new Dictionary<string, string>(credentials)
        {
            // No answers from GDAL's own cache between tests with different keys.
            ["CPL_VSIL_CURL_NON_CACHED"] = "/vsicurl/",
            ["GDAL_HTTP_TIMEOUT"] = "60",
        };
        var (code, output) = LiveServerFixture.Run("ogrinfo", args, Path.GetTempPath(), environment, timeoutSeconds: 300);
        Assert.True(code == 0, $"ogrinfo {string.Join(' ', args)} failed ({code}):\n{output}");
        return output;
    }

    public static string KeyHeader(string key) => "X-Api-Key: " + key;

    /// <summary>The values of one field of every feature ogrinfo -al printed ("  village_code (String) = …").</summary>
    public static List<string> FieldValues(string output, string field) =>
        [.. Regex.Matches(output, $@"^\s+{Regex.Escape(field)} \([^)]*\) = (.*)$", RegexOptions.Multiline).Select(m => m.Groups[1].Value.Trim())];

    [GeneratedRegex(@"^OGRFeature\([^)]*\):(\d+)$", RegexOptions.Multiline)]
    private static partial Regex FeatureLine();

    public static List<long> FeatureIds(string output) => [.. FeatureLine().Matches(output).Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))];
}
