using System.Diagnostics;
using GridGov.Domain.Linking;
using NetTopologySuite.Geometries;

namespace GridGov.Sample;

/// <summary>The synthetic people and their activity, village by village.</summary>
internal sealed partial class PopulationBuilder(SampleOptions o, SampleData data, List<VillagePlan> villages, GeodataSource src, bool[] deep)
{
    private readonly DateOnly _asOf = o.AsOf;
    private readonly DateTimeOffset _now = new(o.AsOf.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
    private long _groupId, _cellId, _householdId, _personId, _memberId, _tieId, _linkId, _userId, _declId, _reviewId, _ratingId, _cadreId, _checkInId;
    private readonly Dictionary<string, int> _idSerial = new();

    internal sealed class House
    {
        public long Id;
        /// <summary>Position among its village's houses, in the order they were built.</summary>
        public int Index;
        public int Group;
        public required string Surname;
        public Coordinate M = new();
        public Point P = Point.Empty;
        public required string Head;
        public long? CellId;
    }

    private sealed class Member
    {
        public long Id;
        public required House Home;
        public required string Status;
        public int Capacity;
        public int Load;
        public string Name = "";
        public List<long> Linked = [];
    }

    private static DateTimeOffset Cst(DateOnly d, int hour, int minute) =>
        new DateTimeOffset(d.ToDateTime(new TimeOnly(hour, minute)), TimeSpan.FromHours(8)).ToUniversalTime();

    public void Run(Action<string> log)
    {
        var sw = Stopwatch.StartNew();
        var counts = AllocateHouseholds();
        var secretaryUsers = new long[villages.Count];

        // Users first need the secretaries, so members are built village by village and users after.
        var villageMembers = new List<Member>[villages.Count];
        var villageHouses = new List<House>[villages.Count];
        for (var v = 0; v < villages.Count; v++)
        {
            var rng = Rng.For(o.Seed, "village", v);
            (villageHouses[v], villageMembers[v]) = BuildVillage(villages[v], counts[v], rng);
        }
        log($"population: {data.Households.Count:N0} households, {data.Members.Count:N0} members in {sw.ElapsedMilliseconds} ms");

        BuildUsers(villageMembers, secretaryUsers);
        for (var v = 0; v < villages.Count; v++)
            BuildMonths(villages[v], villageHouses[v], villageMembers[v], secretaryUsers[v], Rng.For(o.Seed, "months", v));
        BuildCadres();
        BuildPairings(villageHouses);
        BuildCadreWork(villageHouses);
        log($"activity: {data.Declarations.Count:N0} declarations, {data.Reviews.Count:N0} reviews in {sw.ElapsedMilliseconds} ms");
    }

    private int[] AllocateHouseholds()
    {
        var rng = Rng.For(o.Seed, "households-per-village");
        var w = villages.Select(v => (v.IsCommunity ? 1.8 : 1.0) * (0.6 + 0.8 * rng.Next())).ToArray();
        var total = w.Sum();
        var exact = w.Select(x => o.Households * x / total).ToArray();
        var counts = exact.Select(x => Math.Max(1, (int)Math.Floor(x))).ToArray();
        var left = o.Households - counts.Sum();
        foreach (var i in Enumerable.Range(0, w.Length).OrderByDescending(i => exact[i] - Math.Floor(exact[i])).ThenBy(i => i))
        {
            if (left <= 0) break;
            counts[i]++; left--;
        }
        return counts;
    }

    private (List<House>, List<Member>) BuildVillage(VillagePlan v, int householdCount, Rng rng)
    {
        var code = v.Source.Code;
        var branchId = v.Index + 1L;
        var town = src.Townships[v.TownshipIndex].Name;
        var inner = v.Metric.Buffer(-6);
        if (inner.IsEmpty || inner.Area < v.Metric.Area * 0.2) inner = v.Metric;
        var inside = SampleBuilder.Locator(inner);
        bool In(Coordinate c) => inside.Locate(c) == Location.Interior;

        // Natural villages (组): centres spread by a few Lloyd steps over random inside points.
        var env = inner.EnvelopeInternal;
        var cands = new List<Coordinate>();
        for (var tries = 0; cands.Count < 240 && tries < 20000; tries++)
        {
            var c = new Coordinate(rng.Range(env.MinX, env.MaxX), rng.Range(env.MinY, env.MaxY));
            if (In(c)) cands.Add(c);
        }
        if (cands.Count == 0) cands.Add(inner.InteriorPoint.Coordinate);
        var k = Math.Min(rng.Int(3, 8), cands.Count);
        var centres = Enumerable.Range(0, k).Select(i => cands[i * cands.Count / k].Copy()).ToArray();
        for (var iter = 0; iter < 5; iter++)
        {
            var sx = new double[k]; var sy = new double[k]; var n = new int[k];
            foreach (var c in cands)
            {
                var b = Nearest(centres, c);
                sx[b] += c.X; sy[b] += c.Y; n[b]++;
            }
            for (var i = 0; i < k; i++) if (n[i] > 0) centres[i] = new Coordinate(sx[i] / n[i], sy[i] / n[i]);
        }
        // Snap each centre to a distinct inside candidate so it is a real spot in the village.
        var usedCand = new HashSet<int>();
        for (var i = 0; i < k; i++)
        {
            var best = -1; var bd = double.MaxValue;
            for (var j = 0; j < cands.Count; j++)
                if (!usedCand.Contains(j) && cands[j].Distance(centres[i]) is var d && d < bd) (best, bd) = (j, d);
            usedCand.Add(best);
            centres[i] = cands[best];
        }

        // Lineages: each natural village is dominated by 1–3 surnames.
        var surnameWeights = Vocabulary.Surnames.Select(s => s.Weight).ToArray();
        var groups = new List<(long Id, string[] Lineages, double[] Shares, Coordinate[] Valley, string Name)>();
        var groupNames = new HashSet<string>();
        for (var g = 0; g < k; g++)
        {
            var nLin = rng.Int(1, 3);
            var lin = new List<string>();
            while (lin.Count < nLin)
            {
                var s = Vocabulary.Surnames[rng.Weighted(surnameWeights)].Name;
                if (!lin.Contains(s)) lin.Add(s);
            }
            var shares = nLin switch { 1 => new[] { 0.85 }, 2 => [0.55, 0.3], _ => [0.45, 0.25, 0.15] };
            string name;
            var attempt = 0;
            do
            {
                name = rng.Chance(0.6) ? lin[0] + "家" + rng.Pick(Vocabulary.NaturalVillageSuffixes)
                                       : rng.Pick(Vocabulary.NaturalVillagePrefixes) + rng.Pick(Vocabulary.NaturalVillageSuffixes);
            } while (!groupNames.Add(name) && ++attempt < 20);
            if (attempt >= 20) { name += (g + 1); groupNames.Add(name); }
            var id = ++_groupId;
            data.Groups.Rows.Add(new VillageGroupRow(id, code, g + 1, name, SampleBuilder.MetricToStorage(centres[g])));
            groups.Add((id, lin.ToArray(), shares, Valley(centres[g], In, rng), name));
        }

        // Houses along each natural village's valley line.
        var houses = new List<House>(householdCount);
        var groupWeights = Enumerable.Range(0, k).Select(_ => 0.5 + rng.Next()).ToArray();
        var sizeWeights = new[] { 8.0, 18, 22, 24, 15, 8, 3, 2 };
        var rural = !v.IsCommunity;
        var houseNo = new int[k];
        for (var h = 0; h < householdCount; h++)
        {
            var g = rng.Weighted(groupWeights);
            var grp = groups[g];
            var r = rng.Next();
            var surname = grp.Lineages[^1];
            var acc = 0.0;
            var other = true;
            for (var i = 0; i < grp.Shares.Length; i++)
            {
                acc += grp.Shares[i];
                if (r < acc) { surname = grp.Lineages[i]; other = false; break; }
            }
            if (other) surname = Vocabulary.Surnames[rng.Weighted(surnameWeights)].Name;
            var male = rng.Chance(0.88);
            var birthYear = rng.Int(1940, 1995);
            var head = surname + GivenName(male, rng);
            var location = PlaceHouse(grp.Valley, centres[g], In, rng);
            var size = rng.Weighted(sizeWeights) + 1;
            var pov = rng.Next();
            var poverty = rural
                ? pov < 0.012 ? "poor" : pov < 0.04 ? "monitored" : pov < 0.21 ? "lifted_out" : "none"
                : pov < 0.005 ? "poor" : pov < 0.015 ? "monitored" : pov < 0.06 ? "lifted_out" : "none";
            var house = new House { Id = ++_householdId, Index = houses.Count, Group = g, Surname = surname, M = location, P = SampleBuilder.MetricToStorage(location), Head = head };
            houses.Add(house);
            houseNo[g]++;
            data.Households.Rows.Add(new HouseholdRow(house.Id, code, grp.Id, null, house.P, head, size, poverty,
                IdNumber(birthYear, male, rng), Phone(rng), $"{town}{v.ShortName}{grp.Name}{houseNo[g]}号", $"{h + 1:D4}"));
        }

        // Party members: about one per 7.8 households, each a person living in one of the houses.
        var memberCount = Math.Max(2, (int)Math.Round(householdCount / 7.8));
        var members = new List<Member>();
        for (var i = 0; i < memberCount && houses.Count > 0; i++)
        {
            var home = houses[rng.Int(houses.Count)];
            var s = rng.Next();
            var (status, capacity, stored) = s < 0.08 ? ("migrant", 0, (int?)0)
                : s < 0.18 ? ("elderly", 3, 3)
                : s < 0.21 ? ("sick", 1, 1)
                : rng.Chance(0.3) ? ("active", 0, rng.Int(4, LinkingSettings.DefaultDefaultCapacity)) : ("active", LinkingSettings.DefaultDefaultCapacity, null);
            if (status == "active" && stored is { } cap) capacity = cap;
            var male = rng.Chance(0.75);
            var birthYear = status == "elderly" ? rng.Int(1938, 1956) : rng.Int(1958, 2000);
            var surname = male || rng.Chance(0.4) ? home.Surname : Vocabulary.Surnames[rng.Weighted(surnameWeights)].Name;
            var name = surname + GivenName(male, rng);
            var personId = ++_personId;
            data.People.Rows.Add(new PersonRow(personId, name, male ? "male" : "female", birthYear, IdNumber(birthYear, male, rng), Phone(rng), home.Id));
            var joined = new DateOnly(Math.Min(birthYear + rng.Int(20, 45), _asOf.Year - 1), rng.Int(1, 12), 1);
            var m = new Member { Id = ++_memberId, Home = home, Status = status, Capacity = capacity, Name = name };
            members.Add(m);
            data.Members.Rows.Add(new MemberRow(m.Id, personId, branchId, code, home.P, status, stored, joined));
        }

        // The branch and its secretary (an active member of working age if there is one).
        var secretary = members.Where(m => m.Status == "active").OrderBy(m => rng.Next()).FirstOrDefault() ?? members.FirstOrDefault();
        data.Branches.Rows.Add(new BranchRow(branchId, code, v.ShortName + "党支部", secretary?.Id));

        BuildCells(v, branchId, houses, members, centres, groups.Select(g => g.Name).ToList(), rng);
        BuildTies(houses, members, rng);
        BuildLinks(houses, members, rng);
        return (houses, members);
    }

    private static int Nearest(Coordinate[] cs, Coordinate c)
    {
        var best = 0; var bd = double.MaxValue;
        for (var i = 0; i < cs.Length; i++)
            if (cs[i].Distance(c) is var d && d < bd) (best, bd) = (i, d);
        return best;
    }

    /// <summary>A wandering line through the centre: the valley or road the houses follow.</summary>
    private static Coordinate[] Valley(Coordinate centre, Func<Coordinate, bool> inside, Rng rng)
    {
        var dir = rng.Range(0, 2 * Math.PI);
        List<Coordinate> Arm(double heading)
        {
            var pts = new List<Coordinate>();
            var cur = centre;
            var steps = rng.Int(2, 4);
            for (var s = 0; s < steps; s++)
            {
                heading += rng.Range(-0.5, 0.5);
                var len = rng.Range(120, 350);
                var next = new Coordinate(cur.X + len * Math.Cos(heading), cur.Y + len * Math.Sin(heading));
                if (!inside(next)) break;
                pts.Add(next);
                cur = next;
            }
            return pts;
        }
        var a = Arm(dir);
        var b = Arm(dir + Math.PI + rng.Range(-0.4, 0.4));
        a.Reverse();
        return [.. a, centre, .. b];
    }

    private static Coordinate PlaceHouse(Coordinate[] valley, Coordinate centre, Func<Coordinate, bool> inside, Rng rng)
    {
        for (var attempt = 0; attempt < 30; attempt++)
        {
            Coordinate at;
            if (valley.Length < 2) at = centre;
            else
            {
                var seg = rng.Int(valley.Length - 1);
                var t = rng.Next();
                at = new Coordinate(valley[seg].X + t * (valley[seg + 1].X - valley[seg].X), valley[seg].Y + t * (valley[seg + 1].Y - valley[seg].Y));
            }
            var c = new Coordinate(at.X + rng.Normal(35), at.Y + rng.Normal(35));
            if (inside(c)) return c;
        }
        for (var r = 20.0; ; r *= 0.5)
        {
            var c = new Coordinate(centre.X + rng.Normal(r), centre.Y + rng.Normal(r));
            if (inside(c) || r < 0.01) return inside(c) ? c : centre;
        }
    }

    private static string GivenName(bool male, Rng rng)
    {
        var chars = male ? Vocabulary.MaleChars : Vocabulary.FemaleChars;
        return rng.Chance(0.75) ? rng.Pick(chars) + rng.Pick(chars) : rng.Pick(chars);
    }

    /// <summary>A synthetic 18-digit resident ID: 520625 + birth date + serial + ISO 7064 MOD 11-2 check digit.</summary>
    internal string IdNumber(int birthYear, bool male, Rng rng)
    {
        var birth = new DateOnly(birthYear, 1, 1).AddDays(rng.Int(0, 364));
        var key = birth.ToString("yyyyMMdd");
        _idSerial.TryGetValue(key, out var n);
        _idSerial[key] = ++n;
        var serial = (n * 2 % 1000) + (male ? 1 : 0); // odd for men, even for women
        var body = $"520625{key}{serial % 1000:D3}";
        return body + CheckDigit(body);
    }

    internal static char CheckDigit(string body17) => Domain.Import.ResidentId.CheckDigit(body17);

    private static string Phone(Rng rng) => rng.Pick(Vocabulary.PhonePrefixes) + rng.Int(0, 99_999_999).ToString("D8");
}
