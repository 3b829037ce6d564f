using System.Text.Json;
using GridGov.Domain.CheckIns;
using GridGov.Domain.Geo;
using GridGov.Domain.Linking;
using GridGov.Domain.Members;
using NetTopologySuite.Geometries;

namespace GridGov.Sample.Tests;

/// <summary>The sample county obeys the product's own rules (issue #14): capacity, own household, ties, trust, 28 villages.</summary>
public class RulesTests
{
    private static SampleData Data => Samples.Small;

    private static IEnumerable<LinkRow> Current => Data.Links.Rows.Where(l => l.ValidTo is null);

    [Fact]
    public void No_member_carries_more_than_their_capacity_nor_more_than_the_default_8()
    {
        var load = Current.GroupBy(l => l.MemberId).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(Data.Members.Rows, m =>
        {
            var capacity = MemberCapacity.Effective(Enum.Parse<MemberStatus>(m.Status, ignoreCase: true), m.Capacity, LinkingSettings.Default);
            Assert.InRange(capacity, 0, LinkingSettings.DefaultDefaultCapacity);
            Assert.InRange(load.GetValueOrDefault(m.Id), 0, capacity);
        });
        // Not vacuous: many members are full, and some hold the full default.
        Assert.Contains(load.Values, n => n == LinkingSettings.DefaultDefaultCapacity);
    }

    [Fact]
    public void No_member_is_linked_to_their_own_household_now()
    {
        var people = Data.People.Rows.ToDictionary(p => p.Id);
        var home = Data.Members.Rows.ToDictionary(m => m.Id, m => people[m.PersonId].HouseholdId);
        Assert.DoesNotContain(Current, l => home[l.MemberId] == l.HouseholdId);
        Assert.DoesNotContain(Data.Ties.Rows, t => home[t.MemberId] == t.HouseholdId);
        // Every member has a home household in the sample, so the rule had something to refuse.
        Assert.All(home.Values, h => Assert.NotNull(h));
    }

    [Fact]
    public void Every_link_basis_comes_from_a_tie_and_no_link_is_beyond_the_distance_limit()
    {
        var ties = Data.Ties.Rows.ToLookup(t => (t.MemberId, t.HouseholdId), t => t.Kind);
        Assert.All(Current, l =>
        {
            var kinds = ties[(l.MemberId, l.HouseholdId)].ToList();
            if (l.Basis == "proximity") Assert.Empty(kinds);
            else Assert.Contains(l.Basis, kinds);
            Assert.InRange(l.DistanceMeters, 0, LinkingSettings.DefaultMaxDistanceMeters);
            Assert.EndsWith($" · {Math.Round(l.DistanceMeters):0} m", l.Explanation);
        });
        Assert.Contains(Current, l => l.Basis == "blood");
        Assert.Contains(Current, l => l.Basis == "proximity");
    }

    [Fact]
    public void Exactly_28_villages_are_deep_poverty_villages_and_each_has_a_first_secretary()
    {
        var deep = Data.Areas.Rows.Where(a => a.IsDeepPoverty).ToList();
        Assert.Equal(28, deep.Count);
        Assert.All(deep, a => Assert.Equal("village", a.Level));
        var firstSecretaries = Data.Cadres.Rows.Where(c => c.Kind == "first_secretary").Select(c => c.VillageCode).Order();
        Assert.Equal(deep.Select(a => a.Code).Order(), firstSecretaries);
    }

    // The documented penalties (docs/coverage.md), written out here rather than read from TrustScorer.
    private static readonly Dictionary<string, double> Penalty = new()
    {
        ["outside_geofence"] = 0.4, ["low_accuracy"] = 0.2, ["repeated_coordinates"] = 0.5,
        ["impossible_speed"] = 0.5, ["regular_jitter"] = 0.4,
    };

    [Fact]
    public void Check_in_trust_follows_the_documented_rule()
    {
        Assert.NotEmpty(Data.CheckIns.Rows);
        Assert.All(Data.CheckIns.Rows, c =>
        {
            var reasons = JsonSerializer.Deserialize<string[]>(c.TrustReasonsJson)!;
            Assert.Equal(!c.InsideGeofence, reasons.Contains("outside_geofence"));
            Assert.Equal(c.Accuracy > 50, reasons.Contains("low_accuracy"));
            Assert.Equal(Math.Round(Math.Clamp(1 - reasons.Sum(r => Penalty[r]), 0, 1), 3), c.TrustScore);
        });
        Assert.Contains(Data.CheckIns.Rows, c => c.TrustReasonsJson.Contains("low_accuracy") && c.InsideGeofence);
        Assert.Contains(Data.CheckIns.Rows, c => c.TrustReasonsJson == "[]" && c.TrustScore == 1);
    }

    [Fact]
    public void Check_ins_rescored_from_their_stored_rows_as_the_API_does_give_the_same_trust()
    {
        foreach (var cadre in Data.CheckIns.Rows.GroupBy(c => c.CadreId))
        {
            var rows = cadre.OrderBy(c => c.At).ToList();
            var points = rows.Select(c =>
            {
                var m = (Point)CoordinateConverter.ToMetric(c.Location);
                return new CheckInPoint(c.At, m.X, m.Y, c.Accuracy);
            }).ToList();
            for (var i = 0; i < rows.Count; i++)
            {
                var history = points.Take(i).Where(p => p.At > rows[i].At.AddDays(-60));
                var again = TrustScorer.Default.Score(points[i], rows[i].InsideGeofence, history);
                Assert.Equal(again.Score, rows[i].TrustScore);
                Assert.Equal(again.Reasons.Select(TrustScorer.Code), JsonSerializer.Deserialize<string[]>(rows[i].TrustReasonsJson)!);
            }
        }
    }
}
