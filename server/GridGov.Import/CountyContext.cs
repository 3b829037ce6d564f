using GridGov.Domain.Areas;
using GridGov.Domain.Geo;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using Npgsql;

namespace GridGov.Import;

/// <summary>An area of the county as the import needs it.</summary>
public sealed class AreaInfo(string code, AreaLevel level, string name, string? parentCode, MultiPolygon? boundary, Point? knownPoint)
{
    public string Code { get; } = code;
    public AreaLevel Level { get; } = level;
    public string Name { get; set; } = name;
    public string? ParentCode { get; } = parentCode;
    public MultiPolygon? Boundary { get; } = boundary;
    public Point? KnownPoint { get; } = knownPoint;
    private IPreparedGeometry? _prepared;

    public bool Contains(double lon, double lat)
    {
        if (Boundary is null) return false;
        _prepared ??= PreparedGeometryFactory.Prepare(Boundary);
        return _prepared.Contains(Boundary.Factory.CreatePoint(new Coordinate(lon, lat)));
    }

    /// <summary>Where a house or member without coordinates is put for now: the known point, else a point inside the boundary.</summary>
    public Point? Centre => KnownPoint ?? (Boundary is null ? null : (Point)Boundary.InteriorPoint);
}

/// <summary>
/// The county an import writes into, with its areas: every check that a code is "in the county",
/// every village name resolved, every "is this house inside its village" asks here.
/// </summary>
public sealed class CountyContext
{
    public required string CountyCode { get; init; }
    public Dictionary<string, AreaInfo> Areas { get; } = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _villagesByName = new(StringComparer.Ordinal);

    public string CountyPrefix => CountyCode[..6];
    public AreaInfo? County => Areas.GetValueOrDefault(CountyCode);
    public bool InCounty(string code) => code.StartsWith(CountyPrefix, StringComparison.Ordinal);

    public static async Task<CountyContext> LoadAsync(NpgsqlConnection conn, string countyCode, CancellationToken ct)
    {
        var ctx = new CountyContext { CountyCode = countyCode };
        await using var cmd = new NpgsqlCommand(
            "SELECT code, level, name, parent_code, boundary, known_point FROM areas WHERE code LIKE @p ORDER BY code", conn);
        cmd.Parameters.AddWithValue("p", countyCode[..6] + "%");
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var level = Enum.Parse<AreaLevel>(r.GetString(1).Replace("_", ""), true);
            ctx.Add(new AreaInfo(r.GetString(0), level, r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
                r.IsDBNull(4) ? null : r.GetFieldValue<MultiPolygon>(4), r.IsDBNull(5) ? null : r.GetFieldValue<Point>(5)));
        }
        return ctx;
    }

    public void Add(AreaInfo a)
    {
        Areas[a.Code] = a;
        if (a.Level != AreaLevel.Village) return;
        foreach (var key in NameKeys(a.Name))
        {
            if (!_villagesByName.TryGetValue(key, out var list)) _villagesByName[key] = list = [];
            if (!list.Contains(a.Code)) list.Add(a.Code);
        }
    }

    /// <summary>"团山村", "团山村委会", "团山村民委员会" and "团山" all name the same village.</summary>
    private static IEnumerable<string> NameKeys(string name)
    {
        var n = name.Trim();
        yield return n;
        foreach (var suffix in new[] { "村民委员会", "居民委员会", "村委会", "居委会", "社区", "村" })
            if (n.EndsWith(suffix, StringComparison.Ordinal) && n.Length > suffix.Length)
            {
                yield return n[..^suffix.Length];
                yield break;
            }
    }

    /// <summary>
    /// The village a row means, by code (must be a village of this county) or by name (must be
    /// unique in the county; 「板溪镇团山村」 also works). Null with a Chinese reason otherwise.
    /// </summary>
    public string? ResolveVillage(string? code, string? name, out string? error)
    {
        error = null;
        if (!string.IsNullOrWhiteSpace(code))
        {
            var c = code.Trim();
            if (!Area.IsValidCode(c)) { error = $"村代码「{c}」应为12位数字"; return null; }
            if (!InCounty(c)) { error = $"村代码「{c}」不属于本县（{CountyCode}）"; return null; }
            if (!Areas.TryGetValue(c, out var a)) { error = $"村代码「{c}」不存在：请先导入区划（areas）"; return null; }
            if (a.Level != AreaLevel.Village) { error = $"「{c}」是{(a.Level == AreaLevel.Township ? "乡镇" : "县")}代码，不是村代码"; return null; }
            return c;
        }
        if (string.IsNullOrWhiteSpace(name)) { error = "村代码和村名称都为空"; return null; }
        var n = name.Trim();
        var candidates = Candidates(n);
        if (candidates.Count == 0)
        {
            // 「板溪镇团山村」: a township name in front narrows the search.
            foreach (var t in Areas.Values.Where(a => a.Level == AreaLevel.Township))
                if (n.StartsWith(t.Name, StringComparison.Ordinal) && n.Length > t.Name.Length)
                    candidates = Candidates(n[t.Name.Length..]).Where(c => Area.TownshipCodeOf(c) == t.Code).ToList();
        }
        if (candidates.Count == 1) return candidates[0];
        error = candidates.Count == 0
            ? $"本县没有名为「{n}」的村"
            : $"本县有{candidates.Count}个「{n}」（{string.Join("、", candidates.Select(c => $"{Areas[Area.TownshipCodeOf(c)].Name} {c}"))}），请填写村代码";
        return null;
    }

    private List<string> Candidates(string name)
    {
        foreach (var key in NameKeys(name))
            if (_villagesByName.TryGetValue(key, out var list)) return list;
        return [];
    }

    /// <summary>Metres from a storage point to the village's boundary (0 inside; null without a boundary).</summary>
    public double? DistanceOutside(string villageCode, double lon, double lat)
    {
        var v = Areas.GetValueOrDefault(villageCode);
        if (v?.Boundary is null) return null;
        if (v.Contains(lon, lat)) return 0;
        var p = CoordinateConverter.ToMetric(v.Boundary.Factory.CreatePoint(new Coordinate(lon, lat)));
        return CoordinateConverter.ToMetric(v.Boundary).Distance(p);
    }
}
