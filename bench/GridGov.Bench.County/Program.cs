using System.Diagnostics;
using System.Globalization;
using GridGov.Domain.Linking;
using GridGov.Domain.Areas;
using GridGov.Domain.Links;
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

// Warm-up over every village, so neither JIT nor tiered recompilation counts as solving (a server solves warm).
foreach (var i in instances) { LinkingEngine.Solve(i); Greedy(i); }
Reference(instances[0]);

// Thread CPU beside the clock: on a machine shared with other work the clock measures the queue for the cores too.
var phases = new double[4];
var engine = Measure(i =>
{
    var mark = ThreadCpu.Ms();
    return LinkingEngine.Solve(i, phase =>
    {
        var now = ThreadCpu.Ms();
        phases[(int)phase] += now - mark;
        mark = now;
    });
}, (_, r) => r);
// The baseline's time is its choice alone; scoring it afterwards is not part of its cost.
var greedy = Measure(i => { Greedy(i); return new LinkingResult([], []); }, (i, _) => Score(i, Greedy(i)));
// The check: the same network built the plain way (every pair, the score formula written out) and solved by plain
// successive shortest paths; the engine must link as many households for the same total score.
var reference = instances.Select(Reference).ToList();
var referenceLinked = reference.Sum(r => r.Linked);
var referenceScore = reference.Sum(r => r.Score);
var households = instances.Sum(i => i.Households.Count);
var same = referenceLinked == engine.Linked && Math.Abs(referenceScore - engine.Score) <= 1e-6 * households;
Console.WriteLine($"{villages.Count} villages, {households} households, {instances.Sum(i => i.Members.Count)} members; loading them took {load.Elapsed.TotalSeconds:0.0} s (not counted)");
Console.WriteLine();
Console.WriteLine("| | exact engine | greedy nearest member |");
Console.WriteLine("|---|---:|---:|");
Console.WriteLine($"| time, all villages | {engine.Total:0} ms | {greedy.Total:0} ms |");
Console.WriteLine($"| thread CPU, all villages | {engine.Cpu:0} ms | {greedy.Cpu:0} ms |");
Console.WriteLine($"| per village p50 / p99 | {engine.P50:0.0} / {engine.P99:0.0} ms | {greedy.P50:0.00} / {greedy.P99:0.00} ms |");
Console.WriteLine($"| households linked | {engine.Linked} ({100.0 * engine.Linked / households:0.0}%) | {greedy.Linked} ({100.0 * greedy.Linked / households:0.0}%) |");
Console.WriteLine($"| total score | {engine.Score:0.000} | {greedy.Score:0} |");
Console.WriteLine($"| links through a tie | {100.0 * engine.Tied / engine.Linked:0.0}% | {100.0 * greedy.Tied / greedy.Linked:0.0}% |");
Console.WriteLine($"| mean link distance | {engine.Distance:0} m | {greedy.Distance:0} m |");
Console.WriteLine();
Console.WriteLine($"engine thread CPU by phase: checking {phases[0]:0} ms, network {phases[1]:0} ms, solving {phases[2]:0} ms, explaining {phases[3]:0} ms");
Console.WriteLine($"check against the plain network and solver: {referenceLinked} linked, total score {referenceScore:0.000} — {(same ? "same" : "MISMATCH")}");
return same ? 0 : 1;

(double Total, double Cpu, double P50, double P99, int Linked, double Score, int Tied, double Distance) Measure(
    Func<LinkingInstance, LinkingResult> timed, Func<LinkingInstance, LinkingResult, LinkingResult> score)
{
    var times = new List<double>();
    var results = new List<LinkingResult>();
    var cpu = ThreadCpu.Ms();
    var all = Stopwatch.StartNew();
    foreach (var i in instances)
    {
        var sw = Stopwatch.StartNew();
        results.Add(timed(i));
        times.Add(sw.Elapsed.TotalMilliseconds);
    }
    all.Stop();
    cpu = ThreadCpu.Ms() - cpu;
    results = instances.Zip(results, score).ToList();
    times.Sort();
    var links = results.SelectMany(r => r.Links).ToList();
    return (all.Elapsed.TotalMilliseconds, cpu, times[times.Count / 2], times[(int)(times.Count * 0.99)],
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

// The engine's rules written out pair by pair (no indexing tricks), solved by plain successive shortest paths.
(int Linked, double Score) Reference(LinkingInstance inst)
{
    var s = inst.Settings;
    var w = s.Weights;
    var locked = inst.Locked.ToDictionary(l => l.HouseholdId, l => l.MemberId);
    var current = inst.Current.ToDictionary(c => c.HouseholdId, c => c.MemberId);
    var room = inst.Members.ToDictionary(m => m.Id, m => m.EffectiveCapacity(s));
    foreach (var l in inst.Locked) room[l.MemberId]--;
    var open = inst.Members.Where(m => room[m.Id] > 0).ToList();
    var tieScore = inst.Ties.GroupBy(t => (t.MemberId, t.HouseholdId)).ToDictionary(g => g.Key, g => Enum.GetValues<TieKind>()
        .Sum(k => g.Any(t => t.Kind == k && !t.Inferred) ? w.Of(k) : g.Any(t => t.Kind == k) ? w.Of(k) * w.Inferred : 0));
    double Score(LinkingMember m, LinkingHousehold h) =>
        tieScore.GetValueOrDefault((m.Id, h.Id)) - w.PerKm * Distance(m, h) / 1000
        - (current.TryGetValue(h.Id, out var c) && c != m.Id ? w.Change : 0);
    var free = inst.Households.Where(h => !locked.ContainsKey(h.Id)).ToList();
    var start = new int[free.Count + 1];
    var column = new List<int>();
    var scores = new List<double>();
    for (var r = 0; r < free.Count; r++)
    {
        for (var c = 0; c < open.Count; c++)
        {
            if (Distance(open[c], free[r]) > s.MaxDistanceMeters) continue;
            if (!OwnHouseholdRule.Forbids(open[c].HouseholdId, free[r].Id, s)) { column.Add(c); scores.Add(Score(open[c], free[r])); }
        }
        start[r + 1] = column.Count;
    }
    var result = TransportationSolver.Solve(free.Count, [.. open.Select(m => room[m.Id])], start, [.. column],
        [.. scores.Select(x => -(long)Math.Round(x * 1_000_000, MidpointRounding.ToEven))], TransportationAlgorithm.ShortestPaths);
    var members = inst.Members.ToDictionary(m => m.Id);
    var households = inst.Households.ToDictionary(h => h.Id);
    var linked = inst.Locked.Count;
    var total = inst.Locked.Sum(l => Score(members[l.MemberId], households[l.HouseholdId]));
    for (var r = 0; r < free.Count; r++)
    {
        if (result[r] < 0) continue;
        linked++;
        total += Score(open[result[r]], free[r]);
    }
    return (linked, total);
}

static double Distance(LinkingMember m, LinkingHousehold h) => Math.Sqrt((m.X - h.X) * (m.X - h.X) + (m.Y - h.Y) * (m.Y - h.Y));

internal static class ThreadCpu
{
    /// <summary>This thread's CPU time (clock_gettime(CLOCK_THREAD_CPUTIME_ID)).</summary>
    public static double Ms()
    {
        if (ClockGetTime(3, out var t) != 0) throw new InvalidOperationException("clock_gettime failed");
        return t.Seconds * 1e3 + t.Nanoseconds / 1e6;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
