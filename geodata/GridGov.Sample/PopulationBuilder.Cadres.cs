using GridGov.Domain.CheckIns;
using NetTopologySuite.Geometries;

namespace GridGov.Sample;

internal sealed partial class PopulationBuilder
{
    /// <summary>How far back the API scores a check-in against the cadre's earlier ones (CheckInMutations).</summary>
    private const int TrustHistoryDays = 60;

    /// <summary>
    /// First secretaries for deep-poverty villages, resident cadres for some others, and their check-ins.
    /// Every check-in is scored by the product's own <see cref="TrustScorer"/> against the cadre's earlier
    /// ones, as the checkIn mutation does, so trust and reasons agree with docs/coverage.md.
    /// </summary>
    private void BuildCadres()
    {
        foreach (var v in villages)
        {
            var rng = Rng.For(o.Seed, "cadres", v.Index);
            var kinds = new List<string>();
            if (deep[v.Index]) kinds.Add("first_secretary");
            if (rng.Chance(0.3)) kinds.Add("resident_cadre");
            if (rng.Chance(0.05)) kinds.Add("resident_cadre");
            var centre = v.Metric.InteriorPoint.Coordinate;
            var boundary = v.Metric.Boundary;
            var locator = SampleBuilder.Locator(v.Metric);
            foreach (var kind in kinds)
            {
                var male = rng.Chance(0.7);
                var birthYear = rng.Int(1970, 1996);
                var surname = Vocabulary.Surnames[rng.Weighted(Vocabulary.Surnames.Select(s => s.Weight).ToArray())].Name;
                var personId = ++_personId;
                data.People.Rows.Add(new PersonRow(personId, surname + GivenName(male, rng), male ? "male" : "female", birthYear,
                    IdNumber(birthYear, male, rng), Phone(rng), null));
                var cadreId = ++_cadreId;
                var rank = SampleRank(kind, Rng.For(o.Seed, "cadre-rank", (int)cadreId));
                data.Cadres.Rows.Add(new CadreRow(cadreId, personId, kind, v.Source.Code, _asOf.AddDays(-rng.Int(120, 700)), rank));
                if (kind == "first_secretary")
                    data.CadreUsers.Rows.Add(new UserRow(++_userId, "cadre-" + v.Source.Code, data.People.Rows[^1].Name + "（第一书记，示例）", "cadre",
                        v.Source.Code, null, Cst(_asOf.AddDays(-30), 9, 0), cadreId));
                var history = new List<CheckInPoint>();
                for (var day = 90; day >= 1; day--)
                {
                    if (!rng.Chance(0.3)) continue;
                    var date = _asOf.AddDays(-day);
                    var far = rng.Chance(0.1);
                    var d = far ? rng.Range(500, 6000) : rng.Range(0, 400);
                    var a = rng.Range(0, 2 * Math.PI);
                    var c = new Coordinate(centre.X + d * Math.Cos(a), centre.Y + d * Math.Sin(a));
                    // Now and then a replayed fix (a spoofing app's stored point): the scorer must catch it.
                    if (history.Count > 0 && rng.Chance(0.02)) c = new Coordinate(history[^1].X, history[^1].Y);
                    var inside = locator.Locate(c) != Location.Exterior;
                    var dist = inside ? 0 : Math.Round(boundary.Distance(v.Metric.Factory.CreatePoint(c)), 1);
                    var accuracy = Math.Round(rng.Range(4, 60), 1);
                    var at = Cst(date, rng.Int(8, 17), rng.Int(0, 59));
                    var point = new CheckInPoint(at, c.X, c.Y, accuracy);
                    var trust = TrustScorer.Default.Score(point, inside, history.Where(h => h.At > at.AddDays(-TrustHistoryDays)));
                    history.Add(point);
                    data.CheckIns.Rows.Add(new CheckInRow(++_checkInId, cadreId, at,
                        SampleBuilder.MetricToStorage(c), accuracy, rng.Chance(0.6) ? "gcj02" : "wgs84", inside, dist, trust.Score,
                        "[" + string.Join(",", trust.Reasons.Select(r => $"\"{TrustScorer.Code(r)}\"")) + "]"));
                }
            }
        }
    }
}
