using System.Diagnostics;
using System.Net;
using GridGov.Domain.Access;
using GridGov.Sample;
using GridGov.Testing;
using Npgsql;

namespace GridGov.Api.Tests.Exports;

/// <summary>A generated sample county (2,500 households) served in process, with a caller of each kind that may export.</summary>
public sealed class ExportFixture : IAsyncLifetime
{
    private readonly PostgisFixture _pg = new();
    public string ConnectionString { get; private set; } = "";
    public ApiFactory Api { get; private set; } = null!;
    /// <summary>The village with the most households (it has cells, members and links) and another township's village.</summary>
    public string Village { get; private set; } = "";
    public string Township => Village[..9] + "000";
    public string ForeignVillage { get; private set; } = "";
    public string ReadKey { get; private set; } = "";
    public string PiiKey { get; private set; } = "";
    public string Folder { get; } = Directory.CreateTempSubdirectory("gridgov-exports-").FullName;

    public async Task InitializeAsync()
    {
        await _pg.InitializeAsync();
        ConnectionString = await SampleDatabases.CreateAsync(_pg, "exports", new SampleOptions
        {
            GeodataFolder = GeodataSource.ResolveFolder(null), Households = 2500, AsOf = new DateOnly(2026, 11, 1),
        });
        Village = (string)(await ScalarAsync("""
            SELECT h.village_code FROM households h
            WHERE EXISTS (SELECT 1 FROM grid_cells c WHERE c.village_code = h.village_code)
              AND EXISTS (SELECT 1 FROM party_members m WHERE m.village_code = h.village_code)
            GROUP BY h.village_code ORDER BY count(*) DESC, h.village_code LIMIT 1
            """))!;
        ForeignVillage = (string)(await ScalarAsync(
            "SELECT village_code FROM households WHERE left(village_code, 9) <> left(@v, 9) GROUP BY 1 ORDER BY count(*) DESC LIMIT 1", ("v", Village)))!;
        var memberId = (long)(await ScalarAsync("SELECT min(id) FROM party_members WHERE village_code = @v", ("v", Village)))!;
        await ApiClient.AddUserAsync(ConnectionString, "x-county", Role.CountyLeader, "520625000000");
        await ApiClient.AddUserAsync(ConnectionString, "x-admin", Role.CountyAdmin, "520625000000");
        await ApiClient.AddUserAsync(ConnectionString, "x-town", Role.TownshipLeader, Township);
        await ApiClient.AddUserAsync(ConnectionString, "x-secretary", Role.BranchSecretary, Village);
        await ApiClient.AddUserAsync(ConnectionString, "x-member", Role.PartyMember, Village, memberId);
        ReadKey = await ApiClient.AddApiKeyAsync(ConnectionString, "x-reader", ["read"], "520625000000");
        PiiKey = await ApiClient.AddApiKeyAsync(ConnectionString, "x-pii", ["read-pii"], "520625000000");
        Api = new ApiFactory(ConnectionString);
    }

    public async Task<object?> ScalarAsync(string sql, params (string Name, object Value)[] ps)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var (n, v) in ps) cmd.Parameters.AddWithValue(n, v);
        return await cmd.ExecuteScalarAsync();
    }

    /// <summary>GET /exports/{kind}?{query} as <paramref name="client"/>; the file is saved under <see cref="Folder"/>.</summary>
    public async Task<(HttpResponseMessage Response, string Path)> ExportAsync(HttpClient client, string kind, string query, string ext)
    {
        var res = await client.GetAsync($"/exports/{kind}?{query}");
        var path = Path.Combine(Folder, $"{kind}-{Guid.NewGuid():N}{ext}");
        if (res.StatusCode == HttpStatusCode.OK) await File.WriteAllBytesAsync(path, await res.Content.ReadAsByteArrayAsync());
        return (res, path);
    }

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await _pg.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}

/// <summary>GDAL's ogrinfo (Debian gdal-bin, installed by ./gridgov test): an independent reader of the GIS files we write.</summary>
public static class Ogr
{
    public static string Info(params string[] args)
    {
        var psi = new ProcessStartInfo("ogrinfo") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-ro");
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"ogrinfo {string.Join(' ', args)} exited {p.ExitCode}: {err.Result}");
        return output;
    }

    /// <summary>ogr2ogr DEST SRC [options]: GDAL rewriting a file we wrote, as a GIS officer's software would.</summary>
    public static void Convert(params string[] args)
    {
        var psi = new ProcessStartInfo("ogr2ogr") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"ogr2ogr {string.Join(' ', args)} exited {p.ExitCode}: {err.Result}");
    }

    /// <summary>"Feature Count: N" of a layer's summary.</summary>
    public static int FeatureCount(string summary) =>
        int.Parse(System.Text.RegularExpressions.Regex.Match(summary, @"Feature Count: (\d+)").Groups[1].Value);
}

[CollectionDefinition(Name)]
public class ExportCollection : ICollectionFixture<ExportFixture>
{
    public const string Name = "exports";
}
