using System.Diagnostics;
using GridGov.Domain.Geo;
using GridGov.Domain.Linking;
using NetTopologySuite.Geometries;
using NetTopologySuite.Triangulate;

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

/// <summary>The synthetic people and their activity, village by village.</summary>
internal sealed partial class PopulationBuilder(SampleOptions o, SampleData data, List<VillagePlan> villages, GeodataSource src, bool[] deep)
{
    private readonly DateOnly _asOf = o.AsOf;
    private readonly DateTimeOffset _now = new(o.AsOf.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
    private long _groupId, _cellId, _householdId, _personId, _memberId, _tieId, _linkId, _userId, _declId, _reviewId, _ratingId, _cadreId, _checkInId;
    private readonly Dictionary<string, int> _idSerial = new();

    private sealed class House
    {
        public long Id;
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
            var house = new House { Id = ++_householdId, Group = g, Surname = surname, M = location, P = SampleBuilder.MetricToStorage(location), Head = head };
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

    /// <summary>One cell per natural village: Voronoi of the group centres clipped to the village.</summary>
    private void BuildCells(VillagePlan v, long branchId, List<House> houses, List<Member> members, Coordinate[] centres, List<string> names, Rng rng)
    {
        var cellsMetric = new List<Polygon>();
        if (centres.Length == 1) cellsMetric.Add(LargestPart(v.Metric));
        else
        {
            var vb = new VoronoiDiagramBuilder();
            vb.SetSites(centres);
            var clip = new Envelope(v.Metric.EnvelopeInternal); clip.ExpandBy(1000);
            vb.ClipEnvelope = clip;
            var diagram = vb.GetDiagram(CoordinateConverter.MetricFactory);
            // The diagram's cells come in site order only by accident; match them to the centres.
            var bySite = new Geometry[centres.Length];
            for (var i = 0; i < diagram.NumGeometries; i++)
            {
                var cell = diagram.GetGeometryN(i);
                var site = Nearest(centres, cell.InteriorPoint.Coordinate);
                for (var j = 0; j < centres.Length; j++)
                    if (cell.Covers(cell.Factory.CreatePoint(centres[j]))) { site = j; break; }
                bySite[site] = cell;
            }
            for (var i = 0; i < centres.Length; i++)
                cellsMetric.Add(bySite[i] is null ? Polygon.Empty : LargestPart(bySite[i].Intersection(v.Metric)));
        }
        // About 5% of villages have not drawn one of their cells yet: a coverage gap.
        if (cellsMetric.Count > 1 && rng.Chance(0.05)) cellsMetric[^1] = Polygon.Empty;

        var created = _now.AddDays(-rng.Int(150, 400));
        for (var i = 0; i < cellsMetric.Count; i++)
        {
            if (cellsMetric[i].IsEmpty) continue;
            var storage = (Polygon)CoordinateConverter.FromMetric(cellsMetric[i]);
            if (!storage.IsValid) continue;
            var id = ++_cellId;
            var locator = SampleBuilder.Locator(storage);
            var inCell = houses.Where(h => h.CellId is null && locator.Locate(h.P.Coordinate) == Location.Interior).ToList();
            foreach (var h in inCell) h.CellId = id;
            // Most cells have a leader living in the cell; some are still without one.
            var candidates = members.Where(m => m.Status == "active" && m.Home.CellId == id).ToList();
            long? leader = candidates.Count > 0 && rng.Chance(0.85) ? candidates[rng.Int(candidates.Count)].Id : null;
            data.Cells.Rows.Add(new CellRow(id, v.Source.Code, branchId, names[i] + "网格", storage, leader, created));
        }
        // Households were added before their cells were known: patch their rows.
        var first = data.Households.Rows.Count - houses.Count;
        for (var i = 0; i < houses.Count; i++)
            data.Households.Rows[first + i] = data.Households.Rows[first + i] with { CellId = houses[i].CellId };
    }

    private static Polygon LargestPart(Geometry g) => g switch
    {
        Polygon p => p,
        MultiPolygon mp => (Polygon)Enumerable.Range(0, mp.NumGeometries).Select(mp.GetGeometryN).OrderByDescending(x => x.Area).First(),
        GeometryCollection gc => gc.IsEmpty ? Polygon.Empty : LargestPart(CoordinateConverter.MetricFactory.BuildGeometry(
            Enumerable.Range(0, gc.NumGeometries).Select(gc.GetGeometryN).Where(x => x is Polygon or MultiPolygon).ToList())),
        _ => Polygon.Empty,
    };

    private readonly Dictionary<long, List<(Member M, long HouseId, string Kind, string Origin, string Relation)>> _tiesByHouse = new();

    private void AddTie(Member m, House h, string kind, string origin, string relation, string? note, HashSet<(long, long, string)> seen, Rng rng)
    {
        if (!seen.Add((m.Id, h.Id, kind))) return;
        data.Ties.Rows.Add(new TieRow(++_tieId, m.Id, h.Id, kind, origin, relation, note, _now.AddDays(-rng.Int(60, 1100))));
        if (!_tiesByHouse.TryGetValue(h.Id, out var l)) _tiesByHouse[h.Id] = l = [];
        l.Add((m, h.Id, kind, origin, relation));
    }

    private void BuildTies(List<House> houses, List<Member> members, Rng rng)
    {
        var seen = new HashSet<(long, long, string)>();
        var byGroupSurname = houses.GroupBy(h => (h.Group, h.Surname)).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var m in members)
        {
            // Blood: same lineage in the same natural village; most declared, some only inferred from the surname.
            var kin = byGroupSurname[(m.Home.Group, m.Home.Surname)].Where(h => h != m.Home).ToList();
            rng.Shuffle(kin);
            foreach (var h in kin.Take(rng.Int(1, 5)))
            {
                if (rng.Chance(0.8)) AddTie(m, h, "blood", "declared", rng.Pick(Vocabulary.BloodRelations), null, seen, rng);
                else AddTie(m, h, "blood", "inferred", "同姓同组", "同一自然村同姓，推断为同宗", seen, rng);
            }
            // Marriage: in-laws of another surname anywhere in the village.
            var inLaws = houses.Where(h => h.Surname != m.Home.Surname).ToList();
            for (var i = rng.Int(0, 2); i > 0 && inLaws.Count > 0; i--)
                AddTie(m, inLaws[rng.Int(inLaws.Count)], "marriage", "declared", rng.Pick(Vocabulary.MarriageRelations), null, seen, rng);
            // Social: nearest neighbours and a friend.
            foreach (var h in houses.Where(h => h != m.Home).OrderBy(h => h.M.Distance(m.Home.M)).Take(rng.Int(1, 2)))
                AddTie(m, h, "social", "declared", "邻居", null, seen, rng);
            if (rng.Chance(0.4) && houses.Count > 1 && houses[rng.Int(houses.Count)] is var friend && friend != m.Home)
                AddTie(m, friend, "social", rng.Chance(0.85) ? "declared" : "inferred", rng.Pick(Vocabulary.SocialRelations), null, seen, rng);
        }
    }

    private readonly Dictionary<long, long> _userOfMember = new();

    private void BuildUsers(List<Member>[] villageMembers, long[] secretaryUsers)
    {
        // password_hash is filled by the loader (one hash of the public demo password for all).
        var created = _now.AddDays(-365);
        data.Users.Rows.Add(new UserRow(++_userId, "county", "印江县领导（示例）", "county_leader", GeodataSource.CountyCode, null, created));
        foreach (var t in src.Townships)
            data.Users.Rows.Add(new UserRow(++_userId, "town-" + t.Code12, t.Name + "负责人（示例）", "township_leader", t.Code12, null, created));
        var members = data.Members.Rows.ToDictionary(m => m.Id);
        var people = data.People.Rows.ToDictionary(p => p.Id);
        foreach (var v in villages)
        {
            var sec = data.Branches.Rows[v.Index].SecretaryMemberId;
            var name = sec is { } s ? people[members[s].PersonId].Name : v.ShortName + "支部书记";
            secretaryUsers[v.Index] = ++_userId;
            data.Users.Rows.Add(new UserRow(_userId, "sec-" + v.Source.Code, name, "branch_secretary", v.Source.Code, sec, created));
        }
        // A few plain member accounts, for trying the member's view.
        foreach (var v in villages.Take(10))
        {
            var m = villageMembers[v.Index].FirstOrDefault(m => m.Status == "active" && m.Id != data.Branches.Rows[v.Index].SecretaryMemberId);
            if (m is null) continue;
            data.Users.Rows.Add(new UserRow(++_userId, "member-" + m.Id, m.Name, "party_member", v.Source.Code, m.Id, created));
            _userOfMember[m.Id] = _userId;
        }
    }

    /// <summary>Declarations, reviews and ratings for the three months before <see cref="SampleOptions.AsOf"/>.</summary>
    private void BuildMonths(VillagePlan v, List<House> houses, List<Member> members, long reviewer, Rng rng)
    {
        var byId = houses.ToDictionary(h => h.Id);
        for (var back = 3; back >= 1; back--)
        {
            var month = _asOf.AddMonths(-back);
            var days = DateTime.DaysInMonth(month.Year, month.Month);
            var activityDay = month.AddDays(rng.Int(24, 26)); // the branch's monthly activity day
            var activityAt = Cst(activityDay, 9, rng.Int(0, 59));
            foreach (var m in members)
            {
                var approved = 0;
                if (m.Linked.Count > 0)
                {
                    int[] choices = m.Status == "active" ? [0, 1, 1, 2, 2, 2, 3, 3, 4] : [0, 0, 1, 1, 2];
                    var n = Math.Min(choices[rng.Int(choices.Length)], m.Linked.Count + 1);
                    for (var i = 0; i < n; i++)
                    {
                        var h = byId[m.Linked[rng.Int(m.Linked.Count)]];
                        var cat = Vocabulary.DeclarationTexts[rng.Weighted(Vocabulary.DeclarationTexts.Select(c => c.Weight).ToArray())];
                        var text = rng.Pick(cat.Texts).Replace("{head}", h.Head);
                        var workDate = month.AddDays(rng.Int(0, days - 1));
                        Point? loc = null; double? acc = null;
                        if (rng.Chance(0.92))
                        {
                            var d = rng.Range(3, 60); var a = rng.Range(0, 2 * Math.PI);
                            loc = SampleBuilder.MetricToStorage(new Coordinate(h.M.X + d * Math.Cos(a), h.M.Y + d * Math.Sin(a)));
                            acc = Math.Round(rng.Range(5, 35), 1);
                        }
                        var created = Cst(workDate, rng.Int(8, 20), rng.Int(0, 59));
                        // Late entries of the latest month wait for next month's activity day.
                        var pending = back == 1 && (workDate > activityDay || rng.Chance(0.12));
                        var status = pending ? "submitted" : rng.Chance(0.92) ? "approved" : "returned";
                        if (!pending && created > activityAt) created = activityAt.AddHours(-rng.Int(1, 48));
                        var id = ++_declId;
                        var reviewedAt = activityAt.AddMinutes(rng.Int(0, 120));
                        data.Declarations.Rows.Add(new DeclarationRow(id, m.Id, h.Id, month, workDate, cat.Category, text, loc, acc, status,
                            created, pending ? created : reviewedAt));
                        if (!pending)
                        {
                            data.Reviews.Rows.Add(new ReviewRow(++_reviewId, id, reviewer, status,
                                status == "returned" ? rng.Pick(Vocabulary.ReturnReasons) : null, reviewedAt));
                            if (status == "approved") approved++;
                        }
                    }
                }
                var rating = approved >= 3 ? (rng.Chance(0.7) ? "excellent" : "qualified")
                    : approved >= 1 ? (rng.Chance(0.95) ? "qualified" : "basically_qualified")
                    : rng.Chance(0.6) ? "basically_qualified" : rng.Chance(0.75) ? "qualified" : "unqualified";
                data.Ratings.Rows.Add(new RatingRow(++_ratingId, m.Id, month, rating, reviewer, activityAt.AddHours(3)));
            }
        }
    }
}
