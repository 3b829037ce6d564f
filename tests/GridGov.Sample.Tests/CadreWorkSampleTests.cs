using GridGov.Domain.Assessment;
using GridGov.Domain.CheckIns;
using GridGov.Domain.Geo;
using GridGov.Persistence;
using GridGov.Persistence.Assessment;
using GridGov.Persistence.Sql;
using GridGov.Testing;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace GridGov.Sample.Tests;

/// <summary>
/// Issue 13: the sample's cadres work — check-ins scored as the checkIn mutation scores them, daily work-log entries about
/// their village's households — so the last ended quarter's cadre ranking spreads over the grades.
/// </summary>
[Collection("postgis")]
public class CadreWorkSampleTests(PostgisFixture fixture)
{
    private static SampleData Data => Samples.Small;
    private static readonly DateTimeOffset Now = new DateTimeOffset(Samples.AsOf.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)).ToUniversalTime();

    [Fact]
    public async Task Every_stored_check_in_has_the_trust_the_scorer_gives_it()
    {
        var cs = await LoadedSample.GetAsync(fixture);
        await using var db = new GridGovDbContext(GridGovDb.Options(cs));
        var checkIns = await db.CheckIns.AsNoTracking().OrderBy(c => c.Id).ToListAsync();
        Assert.Equal(Data.CheckIns.Count, checkIns.Count);
        var villageOf = await db.Cadres.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.VillageCode);
        var codes = villageOf.Values.Distinct().ToList();
        var boundaries = await db.Areas.AsNoTracking().Where(a => codes.Contains(a.Code)).ToDictionaryAsync(a => a.Code, a => a.Boundary!);

        // As the mutation: inside by the stored boundary, history = the cadre's check-ins stored before, within 60 days.
        var metric = checkIns.ToDictionary(c => c.Id, c => (Point)CoordinateConverter.ToMetric(c.Location));
        var scored = new List<(double Stored, TrustResult Expected, bool Inside)>();
        foreach (var g in checkIns.GroupBy(c => c.CadreId))
        {
            var earlier = new List<CheckInPoint>();
            foreach (var c in g)
            {
                var inside = boundaries[villageOf[c.CadreId]].Covers(c.Location);
                Assert.Equal(inside, c.InsideGeofence);
                var p = new CheckInPoint(c.At, metric[c.Id].X, metric[c.Id].Y, c.AccuracyMeters);
                var expected = TrustScorer.Default.Score(p, inside, earlier.Where(h => h.At > c.At.AddDays(-60) && h.At < c.At.AddDays(60)));
                Assert.True(expected.Score == c.TrustScore, $"check-in {c.Id}: stored {c.TrustScore}, scorer {expected.Score}");
                Assert.Equal(expected.Reasons.Select(TrustScorer.Code).ToList(),
                    System.Text.Json.JsonSerializer.Deserialize<List<string>>(c.TrustReasonsJson));
                earlier.Add(p);
                scored.Add((c.TrustScore, expected, inside));
            }
        }
        // Honest, not flattering: some fixes are poor, some outside the village, some not trusted at all.
        Assert.Contains(scored, s => s.Expected.Reasons.Contains(TrustReason.LowAccuracy));
        Assert.Contains(scored, s => !s.Inside);
        Assert.Contains(scored, s => s.Stored < CheckInCompliance.TrustedScore);
        Assert.True(scored.Count(s => s.Stored >= CheckInCompliance.TrustedScore && s.Inside) > scored.Count / 2);
    }

    [Fact]
    public async Task The_last_ended_quarters_cadre_grades_spread()
    {
        var cs = await LoadedSample.GetAsync(fixture);
        await using var source = GridGovDb.CreateDataSource(cs);
        await using var db = new GridGovDbContext(GridGovDb.Options(source));
        var quarter = PopulationBuilder.CadreWorkFrom(Samples.AsOf);
        var rows = await CadreRankingQuery.LoadAsync(db, new CoverageStore(source), "520625000000", quarter, Now, CancellationToken.None);
        var grades = rows.GroupBy(r => r.Score.Grade).ToDictionary(g => g.Key, g => g.Count());
        var summary = string.Join(", ", grades.Select(g => $"{g.Key} {g.Value}")) + " | " +
            string.Join(" ", rows.Select(r => r.Score.Score.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)));
        // 第一书记 and 驻村工作队长 are ranked (CadreKinds.IsRankedQuarterly), both kinds there.
        Assert.Equal(Data.Cadres.Rows.Count(c => c.Kind is "first_secretary" or "team_leader"), rows.Count);
        Assert.Contains(rows, r => r.Kind == GridGov.Domain.Members.CadreKind.TeamLeader);
        Assert.Contains(rows, r => r.Kind == GridGov.Domain.Members.CadreKind.FirstSecretary);
        // The townships have scored their ranked cadres for the quarter (乡镇评分), all assigned before it ended.
        Assert.All(rows, r => Assert.InRange(r.ManualScore ?? -1, 0, 100));
        Assert.True(grades.Count >= 3, summary);
        Assert.True(grades.GetValueOrDefault(CadreGrade.Poor) is > 0, summary);
        Assert.True(grades.GetValueOrDefault(CadreGrade.Poor) <= rows.Count / 4, summary);
        Assert.True(grades.GetValueOrDefault(CadreGrade.Qualified) + grades.GetValueOrDefault(CadreGrade.Excellent) >= rows.Count / 3, summary);
    }

    [Fact]
    public void Work_log_names_households_of_the_cadres_village_on_days_of_the_sample()
    {
        var households = Data.Households.Rows.ToDictionary(h => h.Id, h => h.VillageCode);
        var cadres = Data.Cadres.Rows.ToDictionary(c => c.Id);
        var from = PopulationBuilder.CadreWorkFrom(Samples.AsOf);
        Assert.Equal(new DateOnly(2026, 7, 1), from);
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        Assert.NotEmpty(Data.WorkLog.Rows);
        foreach (var w in Data.WorkLog.Rows)
        {
            var cadre = cadres[w.CadreId];
            Assert.Equal(cadre.VillageCode, w.VillageCode);
            Assert.NotEmpty(w.HouseholdIds);
            Assert.All(w.HouseholdIds, h => Assert.Equal(w.VillageCode, households[h]));
            Assert.InRange(w.Day, from > cadre.AssignedFrom ? from : cadre.AssignedFrom, Samples.AsOf.AddDays(-1));
            Assert.True(w.Day <= today && w.CreatedAt <= DateTimeOffset.UtcNow);
            Assert.True(w.Text.Length is > 0 and <= GridGov.Domain.Cadres.WorkLogEntry.MaxTextLength);
        }
        // Paired households (结对帮扶) are among those named, and every cadre reports.
        var named = Data.WorkLog.Rows.SelectMany(w => w.HouseholdIds.Select(h => (w.CadreId, h))).ToHashSet();
        var pairings = Data.Pairings.Rows;
        Assert.True(pairings.Count(p => named.Contains((p.CadreId, p.HouseholdId))) > pairings.Count / 2);
        Assert.All(Data.Cadres.Rows, c => Assert.Contains(Data.WorkLog.Rows, w => w.CadreId == c.Id));
        // One entry a day at most, as a cadre writes them.
        Assert.Equal(Data.WorkLog.Count, Data.WorkLog.Rows.Select(w => (w.CadreId, w.Day)).Distinct().Count());
    }
}
