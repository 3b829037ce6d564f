using NetTopologySuite.Geometries;

namespace GridGov.Sample;

internal sealed partial class PopulationBuilder
{
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
