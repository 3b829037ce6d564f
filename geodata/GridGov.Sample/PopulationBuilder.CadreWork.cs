using GridGov.Domain.CheckIns;
using NetTopologySuite.Geometries;

namespace GridGov.Sample;

internal sealed partial class PopulationBuilder
{
    /// <summary>How far back the API scores a check-in against the cadre's earlier ones (CheckInMutations).</summary>
    private const int TrustHistoryDays = 60;
    private long _workLogId, _manualScoreId;

    /// <summary>
    /// The first day of the sample's cadre work: the start of the last quarter that ended before <see cref="SampleOptions.AsOf"/>,
    /// so that quarter's cadre ranking (the one /assessment opens on) has whole months of check-ins and work log.
    /// </summary>
    public static DateOnly CadreWorkFrom(DateOnly asOf)
    {
        var m = asOf.AddMonths(-3);
        return new DateOnly(m.Year, (m.Month - 1) / 3 * 3 + 1, 1);
    }

    /// <summary>
    /// Every sample cadre's days from <see cref="CadreWorkFrom"/> to the day before AsOf: 定点签到 and 工作信息, at a diligence
    /// drawn per cadre so the quarterly ranking spreads over the grades. Check-ins are scored by the product's own
    /// <see cref="TrustScorer"/> against the cadre's earlier ones, as the checkIn mutation does — some are low-accuracy,
    /// outside the village or replayed and are scored down honestly. Work-log entries name households of the village,
    /// the cadre's paired households (结对帮扶) among them; townships have scored their first secretaries for that quarter.
    /// Runs after the pairings.
    /// </summary>
    private void BuildCadreWork(List<House>[] villageHouses)
    {
        var from = CadreWorkFrom(_asOf);
        foreach (var cadre in data.Cadres.Rows)
        {
            var v = villages.First(x => x.Source.Code == cadre.VillageCode);
            var rng = Rng.For(o.Seed, "cadre-work", (int)cadre.Id);
            var diligence = Diligence(rng);
            var houses = villageHouses[v.Index];
            var paired = data.Pairings.Rows.Where(p => p.CadreId == cadre.Id).ToList();
            var centre = v.Metric.InteriorPoint.Coordinate;
            var locator = SampleBuilder.Locator(v.Metric);
            var history = new List<CheckInPoint>();
            for (var day = cadre.AssignedFrom > from ? cadre.AssignedFrom : from; day < _asOf; day = day.AddDays(1))
            {
                if (rng.Chance(Math.Min(0.95, diligence * 0.85)))
                    AddCheckIn(cadre.Id, v, centre, locator, day, history, rng);
                if (houses.Count > 0 && rng.Chance(diligence * 0.75))
                {
                    var pairedNow = paired.Where(p => CoverageDay(p.ValidFrom) <= day).Select(p => p.HouseholdId).ToList();
                    AddWorkLog(cadre, houses, pairedNow, day, diligence, rng);
                }
            }
            // The township scores those the county ranks: 第一书记 and 驻村工作队长.
            if (cadre.Kind is "first_secretary" or "team_leader" && cadre.AssignedFrom < from.AddMonths(3))
                AddManualScore(cadre, from, diligence, rng);
        }
    }

    /// <summary>Most cadres do their work, some less so, a few hardly at all: the ranking's spread comes from here.</summary>
    private static double Diligence(Rng rng)
    {
        var r = rng.Next();
        return r < 0.25 ? rng.Range(0.92, 1.0) : r < 0.6 ? rng.Range(0.72, 0.92) : r < 0.85 ? rng.Range(0.5, 0.72) : rng.Range(0.12, 0.4);
    }

    private static DateOnly CoverageDay(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(TimeSpan.FromHours(8)).DateTime);

    private void AddCheckIn(long cadreId, VillagePlan v, Coordinate centre, NetTopologySuite.Algorithm.Locate.IPointOnGeometryLocator locator,
        DateOnly day, List<CheckInPoint> history, Rng rng)
    {
        // Mostly around the village centre; now and then from the township seat or the road (outside the geofence).
        var far = rng.Chance(0.06);
        var d = far ? rng.Range(500, 6000) : rng.Range(0, 400);
        var a = rng.Range(0, 2 * Math.PI);
        var c = new Coordinate(centre.X + d * Math.Cos(a), centre.Y + d * Math.Sin(a));
        // Now and then a replayed fix (a spoofing app's stored point): the scorer must catch it.
        if (history.Count > 0 && rng.Chance(0.02)) c = new Coordinate(history[^1].X, history[^1].Y);
        var inside = locator.Locate(c) != Location.Exterior;
        var dist = inside ? 0 : Math.Round(v.Metric.Boundary.Distance(v.Metric.Factory.CreatePoint(c)), 1);
        // Indoors or under a hill the phone reports a poor fix.
        var accuracy = Math.Round(rng.Chance(0.1) ? rng.Range(55, 150) : rng.Range(4, 45), 1);
        var at = Cst(day, rng.Int(8, 17), rng.Int(0, 59));
        var point = new CheckInPoint(at, c.X, c.Y, accuracy);
        var trust = TrustScorer.Default.Score(point, inside, history.Where(h => h.At > at.AddDays(-TrustHistoryDays)));
        history.Add(point);
        data.CheckIns.Rows.Add(new CheckInRow(++_checkInId, cadreId, at,
            SampleBuilder.MetricToStorage(c), accuracy, rng.Chance(0.6) ? "gcj02" : "wgs84", inside, dist, trust.Score,
            "[" + string.Join(",", trust.Reasons.Select(r => $"\"{TrustScorer.Code(r)}\"")) + "]"));
    }

    /// <summary>
    /// 乡镇评分: the township leader's score for a first secretary in the last ended quarter, following what the township saw
    /// of the cadre's work with some judgement of its own (the running quarter is not scored yet).
    /// </summary>
    private void AddManualScore(CadreRow cadre, DateOnly quarter, double diligence, Rng rng)
    {
        var score = Math.Clamp(Math.Round((62 + 36 * diligence + rng.Range(-4, 4)) * 2) / 2, 0, 100);
        var day = quarter.AddMonths(3).AddDays(4) < _asOf ? quarter.AddMonths(3).AddDays(4) : _asOf.AddDays(-1);
        data.ManualScores.Rows.Add(new ManualScoreRow(++_manualScoreId, cadre.Id, quarter, score,
            "town-" + GridGov.Domain.Areas.Area.TownshipCodeOf(cadre.VillageCode), Cst(day, 10, rng.Int(0, 59))));
    }

    private void AddWorkLog(CadreRow cadre, List<House> houses, List<long> paired, DateOnly day, double diligence, Rng rng)
    {
        var named = new List<long>();
        if (paired.Count > 0 && rng.Chance(0.3 + diligence * 0.5)) named.Add(rng.Pick(paired));
        for (var n = rng.Int(named.Count == 0 ? 1 : 0, 2); n > 0; n--) named.Add(rng.Pick(houses).Id);
        var heads = named.Distinct().Select(id => houses.First(h => h.Id == id).Head).ToList();
        var text = rng.Pick(WorkLogTexts).Replace("{heads}", string.Join("、", heads));
        data.WorkLog.Rows.Add(new WorkLogRow(++_workLogId, cadre.Id, cadre.VillageCode, day, text, [.. named.Distinct()],
            Cst(day, rng.Int(17, 21), rng.Int(0, 59))));
    }

    /// <summary>工作信息 as cadres write them: short, one day's work, naming the households ({heads}).</summary>
    private static readonly string[] WorkLogTexts =
    [
        "走访{heads}，了解家庭收入和务工情况，登记诉求。",
        "入户{heads}，宣讲防返贫监测政策，核对帮扶台账。",
        "到{heads}家查看危房改造进度，协调施工队加快进度。",
        "与{heads}商量今年茶叶种植和销售，联系合作社收购。",
        "陪同{heads}到镇卫生院办理慢病签约，讲解医保报销。",
        "走访{heads}，调解宅基地边界纠纷，双方达成口头协议。",
        "入户{heads}核实教育资助情况，帮助申请雨露计划。",
        "召集{heads}等户开院坝会，通报村集体经济收益分配。",
        "帮助{heads}联系县城就业岗位，填写务工登记表。",
        "查看{heads}家饮水管道，协调村委维修。",
    ];
}
