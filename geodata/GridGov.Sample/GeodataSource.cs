using System.Globalization;
using System.Text.Json;

namespace GridGov.Sample;

/// <summary>The geodata folder could not be found; the message says where we looked and how to point elsewhere.</summary>
public sealed class GeodataNotFoundException(string message) : Exception(message);

/// <summary>A real point from the source data, still in GCJ-02 degrees.</summary>
public sealed record SourcePoint(string Code, string Name, double LonGcj, double LatGcj);

public sealed record SourceTownship(string Code12, string Name);

public sealed record SourceVillage(string Code, string Name, string TownshipCode12, string? UrbanRuralCode2016, SourcePoint? Point);

/// <summary>
/// The real public inputs read at run time from the shared geodata folder (never copied into the
/// repository). Everything is GCJ-02 here; conversion happens in the builder.
/// </summary>
public sealed class GeodataSource
{
    public const string CountyCode = "520625000000";
    public const string CountyName = "印江土家族苗族自治县";
    public const string FenceFile = "yinjiang_county_amap_fence_2018.geojson";
    public const string TownshipsFile = "yinjiang_townships_nbs2023.csv";
    public const string VillagesFile = "yinjiang_villages_nbs2023.csv";
    public const string PointsFile = "yinjiang_points_nbs2016_vonng_gcj02.geojson";
    public const string DerivedFile = "derived/yinjiang_villages_2023_with_2016_urcode.csv";

    public required string Folder { get; init; }
    /// <summary>County outer ring, GCJ-02 (lon, lat), closed.</summary>
    public required IReadOnlyList<(double Lon, double Lat)> FenceGcj { get; init; }
    public required SourcePoint CountySeat { get; init; }
    public required IReadOnlyList<SourceTownship> Townships { get; init; }
    /// <summary>Township centres by 12-digit township code (峨岭街道 has none).</summary>
    public required IReadOnlyDictionary<string, SourcePoint> TownshipCentres { get; init; }
    public required IReadOnlyList<SourceVillage> Villages { get; init; }
    /// <summary>Village points dropped because they contradict the data (reason per code).</summary>
    public required IReadOnlyDictionary<string, string> DroppedPoints { get; init; }

    /// <summary>
    /// --geodata (the most specific), else GRIDGOV_GEODATA, else &lt;repo root&gt;/../shared/geodata/source. The repo root
    /// is found from <paramref name="startDir"/> (or the binaries) by looking for GridGov.sln.
    /// </summary>
    public static string ResolveFolder(string? cliFolder, string? startDir = null) =>
        ResolveFolder(cliFolder, startDir, Environment.GetEnvironmentVariable("GRIDGOV_GEODATA"));

    internal static string ResolveFolder(string? cliFolder, string? startDir, string? env)
    {
        string folder, how;
        if (!string.IsNullOrWhiteSpace(cliFolder)) (folder, how) = (cliFolder, "--geodata");
        else if (!string.IsNullOrWhiteSpace(env)) (folder, how) = (env, "GRIDGOV_GEODATA");
        else
        {
            var root = FindRepoRoot(startDir ?? AppContext.BaseDirectory) ?? FindRepoRoot(Directory.GetCurrentDirectory());
            folder = root is null ? Path.GetFullPath(Path.Combine("..", "shared", "geodata", "source"))
                                  : Path.GetFullPath(Path.Combine(root, "..", "shared", "geodata", "source"));
            how = "the default <repo root>/../shared/geodata/source";
        }
        folder = Path.GetFullPath(folder);
        if (!Directory.Exists(folder) || !File.Exists(Path.Combine(folder, FenceFile)))
            throw new GeodataNotFoundException(
                $"sample geodata not found: looked in {folder} (from {how}) for {FenceFile}. " +
                "Point to the folder that holds the Yinjiang source files with GRIDGOV_GEODATA=/path ./gridgov up " +
                "(or --geodata DIR when running GridGov.Sample directly).");
        return folder;
    }

    private static string? FindRepoRoot(string start)
    {
        var dir = new DirectoryInfo(start);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GridGov.sln"))) dir = dir.Parent;
        return dir?.FullName;
    }

    public static GeodataSource Load(string folder)
    {
        string F(string name)
        {
            var p = Path.Combine(folder, name);
            if (!File.Exists(p)) throw new GeodataNotFoundException($"sample geodata incomplete: {p} is missing. Point GRIDGOV_GEODATA at a complete copy of the source folder.");
            return p;
        }

        var fence = ReadFence(F(FenceFile));

        var townships = ReadCsv(F(TownshipsFile))
            .Select(r => new SourceTownship(r["code"] + "000", r["name"])).ToList();

        // Known points: county seat and township centres (2016 codes equal the NBS 2023 township codes).
        var points = ReadPoints(F(PointsFile));
        var countySeat = points.Single(p => p.Code == CountyCode);
        var townCodes = townships.Select(t => t.Code12).ToHashSet();
        var centres = points.Where(p => townCodes.Contains(p.Code)).ToDictionary(p => p.Code);

        // Village points through the 2023→2016 mapping.
        var derived = ReadCsv(F(DerivedFile)).ToDictionary(r => r["code_2023"]);
        var villageRows = ReadCsv(F(VillagesFile));
        var dropped = new Dictionary<string, string>();
        var villagePoints = new Dictionary<string, SourcePoint>();
        foreach (var r in villageRows)
        {
            if (!derived.TryGetValue(r["code"], out var d) || d["lon_gcj02_2016"].Length == 0) continue;
            villagePoints[r["code"]] = new SourcePoint(r["code"], r["name"],
                double.Parse(d["lon_gcj02_2016"], CultureInfo.InvariantCulture), double.Parse(d["lat_gcj02_2016"], CultureInfo.InvariantCulture));
        }
        // Two villages of different townships share one geocode (双龙 of 缠溪 and of 洋溪): the geocoder
        // matched the name only. Keep it for the village whose township centre is nearer; drop the other.
        foreach (var group in villagePoints.Values.GroupBy(p => (p.LonGcj, p.LatGcj)).Where(g => g.Count() > 1).ToList())
        {
            double D(SourcePoint p)
            {
                var c = centres.GetValueOrDefault(p.Code[..9] + "000");
                return c is null ? double.MaxValue : Math.Pow(c.LonGcj - p.LonGcj, 2) + Math.Pow(c.LatGcj - p.LatGcj, 2);
            }
            foreach (var p in group.OrderBy(D).ThenBy(p => p.Code, StringComparer.Ordinal).Skip(1))
            {
                villagePoints.Remove(p.Code);
                dropped[p.Code] = "the 2016 geocode equals another village's point in another township (name-only geocoding); not used";
            }
        }

        var villages = villageRows.Select(r =>
        {
            var code = r["code"];
            var ur = derived.TryGetValue(code, out var d) && d["ur_code_2016"].Length == 3 ? d["ur_code_2016"] : null;
            return new SourceVillage(code, r["name"], r["streetCode"] + "000", ur, villagePoints.GetValueOrDefault(code));
        }).OrderBy(v => v.Code, StringComparer.Ordinal).ToList();

        return new GeodataSource
        {
            Folder = folder,
            FenceGcj = fence,
            CountySeat = countySeat,
            Townships = townships.OrderBy(t => t.Code12, StringComparer.Ordinal).ToList(),
            TownshipCentres = centres,
            Villages = villages,
            DroppedPoints = dropped,
        };
    }

    private static List<(double, double)> ReadFence(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var geom = doc.RootElement.GetProperty("features")[0].GetProperty("geometry");
        var coords = geom.GetProperty("coordinates");
        // Polygon: [ring][pt]; MultiPolygon: take the first polygon (the Amap fence has one part).
        var ring = geom.GetProperty("type").GetString() == "MultiPolygon" ? coords[0][0] : coords[0];
        return ring.EnumerateArray().Select(p => (p[0].GetDouble(), p[1].GetDouble())).ToList();
    }

    private static List<SourcePoint> ReadPoints(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return doc.RootElement.GetProperty("features").EnumerateArray().Select(f =>
        {
            var c = f.GetProperty("geometry").GetProperty("coordinates");
            var p = f.GetProperty("properties");
            return new SourcePoint(p.GetProperty("code").GetString()!, p.GetProperty("name").GetString()!, c[0].GetDouble(), c[1].GetDouble());
        }).ToList();
    }

    /// <summary>Plain comma-separated files without quoting (true of every source CSV here).</summary>
    private static List<Dictionary<string, string>> ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
        var header = lines[0].TrimStart('\uFEFF').Split(',');
        return lines.Skip(1).Select(l =>
        {
            var cells = l.Split(',');
            var row = new Dictionary<string, string>(header.Length);
            for (var i = 0; i < header.Length; i++) row[header[i]] = i < cells.Length ? cells[i].Trim() : "";
            return row;
        }).ToList();
    }
}
