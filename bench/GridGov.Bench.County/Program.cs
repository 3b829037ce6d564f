using System.Diagnostics;
using System.Globalization;
using GridGov.Domain.Linking;
using GridGov.Domain.Areas;
using GridGov.Persistence;
using GridGov.Persistence.Linking;
using Microsoft.EntityFrameworkCore;

// Usage: dotnet run -c Release --project bench/GridGov.Bench.County -- "<connection string of the loaded sample>"
// Loads every village as the product does (VillageLinkingLoader), then solves it with the exact
// engine and with a greedy nearest-member baseline, in the same process, and compares.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var cs = args.Length > 0 ? args[0] : Environment.GetEnvironmentVariable("GRIDGOV_DB")
    ?? throw new ArgumentException("pass the connection string of a database with the sample county");
await using var db = new GridGovDbContext(GridGovDb.Options(cs));
var villages = await db.Areas.Where(a => a.Level == AreaLevel.Village).OrderBy(a => a.Code).Select(a => a.Code).ToListAsync();

var instances = new List<LinkingInstance>();
var load = Stopwatch.StartNew();
foreach (var v in villages)
    instances.Add((await VillageLinkingLoader.LoadAsync(db, v, LinkingSettings.Default, null, default)).Instance);
load.Stop();

// Warm-up so JIT does not count as solving.
LinkingEngine.Solve(instances[0]);
Greedy(instances[0]);

var engine = Measure(LinkingEngine.Solve, (_, r) => r);
// The baseline's time is its choice alone; scoring it afterwards is not part of its cost.
var greedy = Measure(i => { Greedy(i); return new LinkingResult([], []); }, (i, _) => Score(i, Greedy(i)));
var households = instances.Sum(i => i.Households.Count);
Console.WriteLine($"{villages.Count} villages, {households} households, {instances.Sum(i => i.Members.Count)} members; loading them took {load.Elapsed.TotalSeconds:0.0} s (not counted)");
Console.WriteLine();
Console.WriteLine("| | exact engine | greedy nearest member |");
Console.WriteLine("|---|---:|---:|");
Console.WriteLine($"| time, all villages | {engine.Total:0} ms | {greedy.Total:0} ms |");
Console.WriteLine($"| per village p50 / p99 | {engine.P50:0.0} / {engine.P99:0.0} ms | {greedy.P50:0.00} / {greedy.P99:0.00} ms |");
Console.WriteLine($"| households linked | {engine.Linked} ({100.0 * engine.Linked / households:0.0}%) | {greedy.Linked} ({100.0 * greedy.Linked / households:0.0}%) |");
Console.WriteLine($"| total score | {engine.Score:0} | {greedy.Score:0} |");
Console.WriteLine($"| links through a tie | {100.0 * engine.Tied / engine.Linked:0.0}% | {100.0 * greedy.Tied / greedy.Linked:0.0}% |");
Console.WriteLine($"| mean link distance | {engine.Distance:0} m | {greedy.Distance:0} m |");
return 0;

(double Total, double P50, double P99, int Linked, double Score, int Tied, double Distance) Measure(
    Func<LinkingInstance, LinkingResult> timed, Func<LinkingInstance, LinkingResult, LinkingResult> score)
{
    var times = new List<double>();
    var results = new List<LinkingResult>();
    var all = Stopwatch.StartNew();
    foreach (var i in instances)
    {
        var sw = Stopwatch.StartNew();
        results.Add(timed(i));
        times.Add(sw.Elapsed.TotalMilliseconds);
    }
    all.Stop();
    results = instances.Zip(results, score).ToList();
    times.Sort();
    var links = results.SelectMany(r => r.Links).ToList();
    return (all.Elapsed.TotalMilliseconds, times[times.Count / 2], times[(int)(times.Count * 0.99)],
        links.Count, links.Sum(l => l.Score), links.Count(l => l.Ties.Count > 0), links.Count == 0 ? 0 : links.Average(l => l.DistanceMeters));
}

// The baseline a secretary might do by hand: each household, in id order, to the nearest member
// within reach who still has room; locked links kept.
List<MemberHousehold> Greedy(LinkingInstance inst)
{
    var s = inst.Settings;
    var room = inst.Members.ToDictionary(m => m.Id, m => m.EffectiveCapacity(s));
    var chosen = new List<MemberHousehold>(inst.Locked);
    foreach (var l in inst.Locked) room[l.MemberId]--;
    var locked = inst.Locked.Select(l => l.HouseholdId).ToHashSet();
    foreach (var h in inst.Households.OrderBy(h => h.Id, StringComparer.Ordinal))
    {
        if (locked.Contains(h.Id)) continue;
        LinkingMember? best = null;
        var bestD = double.MaxValue;
        foreach (var m in inst.Members)
        {
            if (room[m.Id] <= 0) continue;
            var d = Math.Sqrt((m.X - h.X) * (m.X - h.X) + (m.Y - h.Y) * (m.Y - h.Y));
            if (d <= s.MaxDistanceMeters && d < bestD) (best, bestD) = (m, d);
        }
        if (best is null) continue;
        room[best.Id]--;
        chosen.Add(new MemberHousehold(best.Id, h.Id));
    }
    return chosen;
}

// Scores the baseline with the engine's own formula: the engine on the chosen links, all locked.
LinkingResult Score(LinkingInstance inst, List<MemberHousehold> chosen)
{
    var hh = chosen.Select(c => c.HouseholdId).ToHashSet();
    var held = chosen.GroupBy(c => c.MemberId).ToDictionary(g => g.Key, g => g.Count());
    return LinkingEngine.Solve(inst with
    {
        Members = inst.Members.Select(m => m with { Capacity = Math.Max(m.EffectiveCapacity(inst.Settings), held.GetValueOrDefault(m.Id)) }).ToList(),
        Households = inst.Households.Where(h => hh.Contains(h.Id)).ToList(),
        Ties = inst.Ties.Where(t => hh.Contains(t.HouseholdId)).ToList(),
        Current = inst.Current.Where(c => hh.Contains(c.HouseholdId)).ToList(),
        Locked = chosen,
    });
}
