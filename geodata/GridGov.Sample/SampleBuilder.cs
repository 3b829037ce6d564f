using System.Diagnostics;
using NetTopologySuite.Geometries;

namespace GridGov.Sample;

/// <summary>
/// Builds the Yinjiang sample county in memory, deterministically from <see cref="SampleOptions.Seed"/>.
/// Real: the county fence, township/village names and codes, 2016 urban-rural hints and the known
/// points. Synthetic: township/village polygons, natural villages, houses, people, members, ties,
/// cells, links, declarations, ratings, cadres, check-ins and the demo users.
/// </summary>
public static partial class SampleBuilder
{
    public const string CreatedBy = "sample";

    public static SampleData Build(SampleOptions o, Action<string>? log = null)
    {
        log ??= _ => { };
        var sw = Stopwatch.StartNew();
        var src = GeodataSource.Load(o.GeodataFolder);
        var (villages, townships, county) = BuildGeography(src, o, log);
        log($"geography: {villages.Count} villages, {townships.Length} townships in {sw.ElapsedMilliseconds} ms");

        var data = new SampleData { Options = o };
        data.Notes.Add($"Real: county fence (Amap 2018, CC BY 4.0 Vonng/adcode), township and village names and codes (NBS 2023), 2016 urban-rural codes and {src.TownshipCentres.Count + villages.Count(v => v.Source.Point is not null)} known points, all converted GCJ-02 → WGS84.");
        data.Notes.Add("Synthetic (seed " + o.Seed + "): township and village polygons, natural villages, houses, people, party members, ties, cells, links, declarations, reviews, ratings, cadres, check-ins, work log, township scores of cadres, users.");
        foreach (var (code, why) in src.DroppedPoints) data.Notes.Add($"Known point of {code} dropped: {why}.");

        var seat = GcjToStorage(src.CountySeat.LonGcj, src.CountySeat.LatGcj);
        data.Areas.Rows.Add(new AreaRow(GeodataSource.CountyCode, "county", GeodataSource.CountyName, null, county, seat, "real", null, false));
        for (var t = 0; t < src.Townships.Count; t++)
        {
            var tw = src.Townships[t];
            var centre = src.TownshipCentres.GetValueOrDefault(tw.Code12) is { } c ? GcjToStorage(c.LonGcj, c.LatGcj) : null;
            data.Areas.Rows.Add(new AreaRow(tw.Code12, "township", tw.Name, GeodataSource.CountyCode, townships[t], centre, "synthetic", null, false));
        }
        var deep = DeepPoverty(villages, o.Seed);
        foreach (var v in villages)
        {
            var p = v.Source.Point is { } kp ? GcjToStorage(kp.LonGcj, kp.LatGcj) : null;
            data.Areas.Rows.Add(new AreaRow(v.Source.Code, "village", v.Source.Name, v.Source.TownshipCode12, v.Storage, p, "synthetic",
                v.Source.UrbanRuralCode2016, deep[v.Index]));
        }

        new PopulationBuilder(o, data, villages, src, deep).Run(log);
        log($"built in {sw.ElapsedMilliseconds} ms: {data.Summary()}");
        return data;
    }

    /// <summary>Deep-poverty villages (深度贫困村) in Yinjiang as the policy names them; which ones is synthetic.</summary>
    public const int DeepPovertyVillages = 28;

    /// <summary>Exactly <see cref="DeepPovertyVillages"/> rural (non-community, non-town-centre) villages, drawn by seed.</summary>
    private static bool[] DeepPoverty(List<VillagePlan> villages, int seed)
    {
        var eligible = villages.Where(v => !v.IsCommunity && v.Source.UrbanRuralCode2016 != "121").Select(v => v.Index).ToList();
        Rng.For(seed, "deep-poverty").Shuffle(eligible);
        var deep = new bool[villages.Count];
        foreach (var i in eligible.Take(DeepPovertyVillages)) deep[i] = true;
        return deep;
    }
}
