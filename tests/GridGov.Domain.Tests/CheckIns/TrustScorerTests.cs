using GridGov.Domain.CheckIns;

namespace GridGov.Domain.Tests.CheckIns;

/// <summary>One case per reason, each alone, plus a clean check-in (metric coordinates, EPSG:4545).</summary>
public class TrustScorerTests
{
    private static readonly DateTimeOffset Day = new(2026, 7, 10, 9, 0, 0, TimeSpan.FromHours(8));
    private static CheckInPoint P(double days, double x, double y, double? acc = 10) => new(Day.AddDays(days), x, y, acc);

    /// <summary>Earlier check-ins scattered naturally around the village office.</summary>
    private static readonly CheckInPoint[] Normal = [P(-4, 500_003, 3_100_011), P(-3, 499_990, 3_099_996), P(-2, 500_020, 3_100_002), P(-1, 500_001, 3_099_970)];

    [Fact]
    public void A_clean_check_in_is_fully_trusted()
    {
        var r = TrustScorer.Default.Score(P(0, 500_008, 3_100_005), inside: true, Normal);
        Assert.Equal(1, r.Score);
        Assert.Empty(r.Reasons);
    }

    [Fact]
    public void Outside_the_geofence()
    {
        var r = TrustScorer.Default.Score(P(0, 500_008, 3_100_005), inside: false, Normal);
        Assert.Equal([TrustReason.OutsideGeofence], r.Reasons);
        Assert.Equal(0.6, r.Score, 3);
    }

    [Theory]
    [InlineData(120.0)]
    [InlineData(null)]
    public void Poor_or_missing_accuracy(double? accuracy)
    {
        var r = TrustScorer.Default.Score(P(0, 500_008, 3_100_005, accuracy), inside: true, Normal);
        Assert.Equal([TrustReason.LowAccuracy], r.Reasons);
    }

    [Fact]
    public void Identical_coordinates_on_another_day()
    {
        var r = TrustScorer.Default.Score(P(0, 499_990, 3_099_996), inside: true, Normal);
        Assert.Equal([TrustReason.RepeatedCoordinates], r.Reasons);
        // The same spot twice on one day (the cadre did not move) is not suspicious.
        var sameDay = TrustScorer.Default.Score(P(0, 500_008, 3_100_005), inside: true, [.. Normal, P(-0.1, 500_008, 3_100_005)]);
        Assert.DoesNotContain(TrustReason.RepeatedCoordinates, sameDay.Reasons);
    }

    [Fact]
    public void Impossible_speed_between_consecutive_check_ins()
    {
        // 30 km in 10 minutes is 180 km/h on mountain roads.
        var r = TrustScorer.Default.Score(P(0, 530_000, 3_100_000), inside: true, [.. Normal, P(-10.0 / 1440, 500_000, 3_100_000)]);
        Assert.Contains(TrustReason.ImpossibleSpeed, r.Reasons);
        Assert.DoesNotContain(TrustReason.RepeatedCoordinates, r.Reasons);
        // The same jump over three hours is a drive.
        var slow = TrustScorer.Default.Score(P(0, 530_000, 3_100_000), inside: true, [.. Normal, P(-3.0 / 24, 500_000, 3_100_000)]);
        Assert.DoesNotContain(TrustReason.ImpossibleSpeed, slow.Reasons);
    }

    [Fact]
    public void Suspiciously_regular_jitter()
    {
        // Every fix exactly 10 m from one centre at different angles: a spoofing app's wobble.
        CheckInPoint At(double days, double angle) => P(days, 500_000 + 10 * Math.Cos(angle), 3_100_000 + 10 * Math.Sin(angle));
        var history = new[] { At(-4, 0), At(-3, 1.3), At(-2, 2.5), At(-1, 3.9) };
        var r = TrustScorer.Default.Score(At(0, 5.1), inside: true, history);
        Assert.Equal([TrustReason.RegularJitter], r.Reasons);
    }

    [Fact]
    public void Penalties_add_up_and_the_score_stays_in_range()
    {
        var r = TrustScorer.Default.Score(P(0, 499_990, 3_099_996, 300), inside: false, Normal);
        Assert.Equal(3, r.Reasons.Count);
        Assert.Equal(0, r.Score);
    }

    [Fact]
    public void Compliance_is_pro_rated_for_partial_months()
    {
        var july = new DateOnly(2026, 7, 1);
        Assert.Equal(20, CheckInCompliance.RequiredDays(july, new DateOnly(2025, 1, 1), null, new DateOnly(2026, 9, 1)));
        Assert.Equal(10, CheckInCompliance.RequiredDays(july, new DateOnly(2025, 1, 1), null, new DateOnly(2026, 7, 15)), 0);
        Assert.Equal(0, CheckInCompliance.RequiredDays(july, new DateOnly(2026, 8, 1), null, new DateOnly(2026, 9, 1)));
        Assert.Equal(1, CheckInCompliance.Compliance(25, 20));
        Assert.Equal(0.5, CheckInCompliance.Compliance(10, 20));
        Assert.Equal(1, CheckInCompliance.Compliance(0, 0));
    }
}
