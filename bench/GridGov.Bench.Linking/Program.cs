using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using GridGov.Domain.Linking;
using GridGov.Domain.Links;
using Google.OrTools.Graph;

// Usage: dotnet run -c Release --project bench/GridGov.Bench.Linking [-- --quick | --sizes]
// Both solvers get the same instances and start from the instance (distances and scores
// included), so the comparison is end to end; OR-Tools' solve alone is shown too.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var quick = args.Contains("--quick");

Console.WriteLine($"runtime {Environment.Version}, {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}, {(Debugger.IsAttached ? "debugger" : "no debugger")}");
// CPU ms: the thread's own CPU time, which the other work on a shared machine disturbs far less than the clock.
Console.WriteLine($"{"case (members × households)",-34} {"n",3} {"engine ms",10} {"OR-Tools ms",12} {"(solve ms)",11} {"ratio",7} {"engine CPU ms",14} {"OR-Tools CPU ms",16} {"CPU ratio",10}  check");
if (args.Contains("--sizes"))
{
    // Scarce villages from the village case's size to the large one's, same density: around the size from which the
    // engine takes cost scaling instead of shortest paths (TransportationSolver.CostScalingRows, 1,200 households).
    // As many instances as the village case below for the small ones: fewer warm-up calls leave code not yet optimised.
    Run("scarce 60 × 600", members: 60, households: 600, side: 4000, count: 30);
    Run("scarce 120 × 900", members: 120, households: 900, side: 5500, count: 20);
    Run("scarce 160 × 1200", members: 160, households: 1200, side: 6300, count: 12);
    Run("scarce 200 × 1500", members: 200, households: 1500, side: 7000, count: 8);
    Run("scarce 400 × 3000", members: 400, households: 3000, side: 10000, count: 5);
    return;
}
// Default settings (capacity 8, 10% migrants): capacity is scarce, some households stay unlinked.
Run("village 60 × 600", members: 60, households: 600, side: 4000, count: quick ? 5 : 30);
Run("large 400 × 3000", members: 400, households: 3000, side: 10000, count: quick ? 1 : 5);
Run("large 400 × 3000, 30 km limit", members: 400, households: 3000, side: 10000, count: quick ? 1 : 3, maxDistance: 30000);
// Capacity 12, no migrants: everyone reachable can be linked.
Run("village 60 × 600, ample capacity", members: 60, households: 600, side: 4000, count: quick ? 5 : 30, capacity: 12, migrants: false);
Run("large 400 × 3000, ample capacity", members: 400, households: 3000, side: 10000, count: quick ? 1 : 5, capacity: 12, migrants: false);

static void Run(string name, int members, int households, double side, int count, double maxDistance = 3000,
    int capacity = LinkingSettings.DefaultDefaultCapacity, bool migrants = true)
{
    var rng = new Random(2024 + members + households);
    var instances = Enumerable.Range(0, count)
        .Select(_ => Village(rng, members, households, side, maxDistance, capacity, migrants)).ToList();
    // Warm up both on every instance (JIT, OR-Tools' native load): with one warm-up call the first of the
    // quick village cases ran in not yet optimised code (tiered compilation waits for calls and time), and
    // more of them the quieter the machine.
    foreach (var instance in instances)
    {
        LinkingEngine.Solve(instance);
        OrTools(instance);
    }

    var engineMs = new List<double>();
    var orMs = new List<double>();
    var engineCpu = new List<double>();
    var orCpu = new List<double>();
    var orSolveMs = new List<double>();
    var check = "same optimum";
    foreach (var instance in instances)
    {
        var cpu = ThreadCpuMs();
        var sw = Stopwatch.StartNew();
        var result = LinkingEngine.Solve(instance);
        engineMs.Add(sw.Elapsed.TotalMilliseconds);
        engineCpu.Add(ThreadCpuMs() - cpu);

        cpu = ThreadCpuMs();
        sw.Restart();
        var (orCount, orScore, solveMs) = OrTools(instance);
        orMs.Add(sw.Elapsed.TotalMilliseconds);
        orCpu.Add(ThreadCpuMs() - cpu);
        orSolveMs.Add(solveMs);

        // OR-Tools works on scores rounded to 1e-3, the engine on 1e-6.
        if (orCount != result.LinkedCount || result.TotalScore < orScore - 1e-6 * households || result.TotalScore - orScore > 1e-3 * households)
            check = $"MISMATCH count {result.LinkedCount}/{orCount} score {result.TotalScore:F4}/{orScore:F4}";
    }
    var e = Median(engineMs);
    var o = Median(orMs);
    var ec = Median(engineCpu);
    var oc = Median(orCpu);
    Console.WriteLine($"{name,-34} {count,3} {e,10:F1} {o,12:F1} {Median(orSolveMs),11:F1} {e / o,7:F2} {ec,14:F1} {oc,16:F1} {ec / oc,10:F2}  {check}");
}

static double ThreadCpuMs()
{
    if (ClockGetTime(3 /* CLOCK_THREAD_CPUTIME_ID */, out var t) != 0) throw new InvalidOperationException("clock_gettime failed");
    return t.Seconds * 1e3 + t.Nanoseconds / 1e6;
}

[DllImport("libc", EntryPoint = "clock_gettime")]
static extern int ClockGetTime(int clock, out TimeSpec time);

static double Median(List<double> xs)
{
    var s = xs.Order().ToList();
    return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
}

// Houses clustered in hamlets, members living among them, about one tie per household.
static LinkingInstance Village(Random rng, int memberCount, int householdCount, double side, double maxDistance,
    int capacity, bool migrants)
{
    var hamlets = Enumerable.Range(0, Math.Max(3, householdCount / 40))
        .Select(_ => (X: rng.NextDouble() * side, Y: rng.NextDouble() * side)).ToList();
    (double X, double Y) Near()
    {
        var (hx, hy) = hamlets[rng.Next(hamlets.Count)];
        return (hx + Gaussian(rng) * 300, hy + Gaussian(rng) * 300);
    }
    var members = Enumerable.Range(0, memberCount).Select(i =>
    {
        var (x, y) = Near();
        return new LinkingMember($"m{i:D4}", x, y, Migrant: migrants && rng.Next(10) == 0);
    }).ToList();
    var households = Enumerable.Range(0, householdCount).Select(i =>
    {
        var (x, y) = Near();
        return new LinkingHousehold($"h{i:D5}", x, y);
    }).ToList();
    var ties = households.Where(_ => rng.Next(4) != 0)
        .Select(h => new LinkingTie(members[rng.Next(memberCount)].Id, h.Id, (TieKind)rng.Next(3))).ToList();
    var current = households.Where(_ => rng.Next(2) == 0)
        .Select(h => new MemberHousehold(members[rng.Next(memberCount)].Id, h.Id)).ToList();
    return new LinkingInstance
    {
        Settings = new LinkingSettings { MaxDistanceMeters = maxDistance, DefaultCapacity = capacity },
        Members = members, Households = households, Ties = ties, Current = current,
    };
}

static double Gaussian(Random rng) =>
    Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

// The textbook network: source → member (capacity) → household (1, −score·1000) → sink.
static (int Count, double Score, double SolveMs) OrTools(LinkingInstance instance)
{
    var s = instance.Settings;
    var w = s.Weights;
    var members = instance.Members;
    var households = instance.Households;
    var memberIndex = members.Select((m, i) => (m.Id, i)).ToDictionary(x => x.Id, x => x.i);
    var householdIndex = households.Select((h, i) => (h.Id, i)).ToDictionary(x => x.Id, x => x.i);
    var tieScore = new Dictionary<(int, int), double>();
    foreach (var group in instance.Ties.GroupBy(t => (memberIndex[t.MemberId], householdIndex[t.HouseholdId])))
        tieScore[group.Key] = group.Select(t => t.Kind).Distinct().Sum(w.Of);
    var current = new int[households.Count];
    Array.Fill(current, -1);
    foreach (var c in instance.Current) current[householdIndex[c.HouseholdId]] = memberIndex[c.MemberId];

    var flow = new MinCostFlow();
    int source = 0, sink = 1, firstMember = 2, firstHousehold = 2 + members.Count;
    for (var m = 0; m < members.Count; m++)
    {
        var capacity = members[m].EffectiveCapacity(s);
        if (capacity > 0) flow.AddArcWithCapacityAndUnitCost(source, firstMember + m, capacity, 0);
    }
    var arcs = new List<(int Arc, double Score)>();
    for (var h = 0; h < households.Count; h++)
    {
        flow.AddArcWithCapacityAndUnitCost(firstHousehold + h, sink, 1, 0);
        for (var m = 0; m < members.Count; m++)
        {
            if (members[m].EffectiveCapacity(s) == 0) continue;
            var dx = members[m].X - households[h].X;
            var dy = members[m].Y - households[h].Y;
            var d = Math.Sqrt(dx * dx + dy * dy);
            if (d > s.MaxDistanceMeters) continue;
            var score = tieScore.GetValueOrDefault((m, h)) - w.PerKm * d / 1000 - (current[h] >= 0 && current[h] != m ? w.Change : 0);
            arcs.Add((flow.AddArcWithCapacityAndUnitCost(firstMember + m, firstHousehold + h, 1, -(long)Math.Round(score * 1000)), score));
        }
    }
    flow.SetNodeSupply(source, households.Count);
    flow.SetNodeSupply(sink, -households.Count);
    var sw = Stopwatch.StartNew();
    var status = flow.SolveMaxFlowWithMinCost();
    var solveMs = sw.Elapsed.TotalMilliseconds;
    if (status != MinCostFlowBase.Status.OPTIMAL) throw new InvalidOperationException($"OR-Tools: {status}");
    var count = 0;
    var total = 0.0;
    foreach (var (arc, score) in arcs)
        if (flow.Flow(arc) > 0) { count++; total += score; }
    return (count, total, solveMs);
}

[StructLayout(LayoutKind.Sequential)]
internal struct TimeSpec
{
    public long Seconds;
    public long Nanoseconds;
}
