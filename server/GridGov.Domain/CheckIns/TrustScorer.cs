namespace GridGov.Domain.CheckIns;

/// <summary>Why a check-in is trusted less. Codes are stored (snake_case) with the check-in.</summary>
public enum TrustReason { OutsideGeofence, LowAccuracy, RepeatedCoordinates, ImpossibleSpeed, RegularJitter }

/// <summary>A check-in on the metric plane (EPSG:4545 metres), as the scorer sees it.</summary>
public sealed record CheckInPoint(DateTimeOffset At, double X, double Y, double? AccuracyMeters);

public sealed record TrustResult(double Score, IReadOnlyList<TrustReason> Reasons);

/// <summary>
/// Scores one check-in in [0, 1] from 1 minus penalties, one per reason. Thresholds are
/// deliberately coarse: a phone indoors reports 20–50 m accuracy, a car on county roads does
/// not exceed ~120 km/h, and real GPS fixes never repeat to the centimetre across days.
/// </summary>
public sealed record TrustScorer
{
    public static TrustScorer Default { get; } = new();

    public double AccuracyLimitMeters { get; init; } = 50;
    public double MaxSpeedKmh { get; init; } = 120;
    /// <summary>Jumps shorter than this are GPS noise, whatever the time between them.</summary>
    public double SpeedMinDistanceMeters { get; init; } = 1000;
    /// <summary>Two fixes closer than this are "identical" (spoofing apps replay one stored point).</summary>
    public double IdenticalMeters { get; init; } = 0.05;
    /// <summary>Jitter: the last N fixes (this one included) at almost the same distance from their centre.</summary>
    public int JitterWindow { get; init; } = 5;
    public double JitterMaxVariation { get; init; } = 0.05;

    public static readonly IReadOnlyDictionary<TrustReason, double> Penalties = new Dictionary<TrustReason, double>
    {
        [TrustReason.OutsideGeofence] = 0.4,
        [TrustReason.LowAccuracy] = 0.2,
        [TrustReason.RepeatedCoordinates] = 0.5,
        [TrustReason.ImpossibleSpeed] = 0.5,
        [TrustReason.RegularJitter] = 0.4,
    };

    /// <param name="current">The new check-in.</param>
    /// <param name="inside">Whether it lies inside the village geofence.</param>
    /// <param name="history">The cadre's earlier check-ins (any order), e.g. the last 60 days.</param>
    public TrustResult Score(CheckInPoint current, bool inside, IEnumerable<CheckInPoint> history)
    {
        var reasons = new List<TrustReason>();
        var past = history.Where(h => h.At != current.At || h.X != current.X || h.Y != current.Y).OrderBy(h => h.At).ToList();
        if (!inside) reasons.Add(TrustReason.OutsideGeofence);
        if (current.AccuracyMeters is null || current.AccuracyMeters > AccuracyLimitMeters) reasons.Add(TrustReason.LowAccuracy);

        var today = current.At.ToOffset(Coverage.CoverageRules.ChinaOffset).Date;
        if (past.Any(p => p.At.ToOffset(Coverage.CoverageRules.ChinaOffset).Date != today && Dist(p, current) <= IdenticalMeters))
            reasons.Add(TrustReason.RepeatedCoordinates);

        // Speed against the nearest check-ins in time on either side (a late upload may fall in between).
        var before = past.LastOrDefault(p => p.At <= current.At);
        var after = past.FirstOrDefault(p => p.At > current.At);
        if (TooFast(before, current) || TooFast(after, current)) reasons.Add(TrustReason.ImpossibleSpeed);

        if (RegularJitter(past.Where(p => p.At <= current.At).TakeLast(JitterWindow - 1).Append(current).ToList()))
            reasons.Add(TrustReason.RegularJitter);

        var score = Math.Clamp(1 - reasons.Sum(r => Penalties[r]), 0, 1);
        return new TrustResult(Math.Round(score, 3), reasons);
    }

    private bool TooFast(CheckInPoint? other, CheckInPoint current)
    {
        if (other is null) return false;
        var d = Dist(other, current);
        if (d < SpeedMinDistanceMeters) return false;
        var hours = Math.Abs((current.At - other.At).TotalHours);
        return hours <= 0 || d / 1000 / hours > MaxSpeedKmh;
    }

    /// <summary>
    /// Real fixes scatter at random distances around a place; a spoofing tool that adds a fixed-radius
    /// wobble puts every fix at (almost) the same distance from the centre.
    /// </summary>
    private bool RegularJitter(List<CheckInPoint> window)
    {
        if (window.Count < JitterWindow) return false;
        var cx = window.Average(p => p.X);
        var cy = window.Average(p => p.Y);
        var r = window.Select(p => Math.Sqrt((p.X - cx) * (p.X - cx) + (p.Y - cy) * (p.Y - cy))).ToList();
        var mean = r.Average();
        if (mean < 0.5 || mean > 200) return false; // identical points are another reason; far spreads are travel
        var sd = Math.Sqrt(r.Sum(x => (x - mean) * (x - mean)) / r.Count);
        return sd / mean < JitterMaxVariation;
    }

    private static double Dist(CheckInPoint a, CheckInPoint b) => Math.Sqrt((a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y));

    public static string Code(TrustReason r) => r switch
    {
        TrustReason.OutsideGeofence => "outside_geofence",
        TrustReason.LowAccuracy => "low_accuracy",
        TrustReason.RepeatedCoordinates => "repeated_coordinates",
        TrustReason.ImpossibleSpeed => "impossible_speed",
        TrustReason.RegularJitter => "regular_jitter",
        _ => throw new ArgumentOutOfRangeException(nameof(r)),
    };

    public static TrustReason? FromCode(string code) => code switch
    {
        "outside_geofence" => TrustReason.OutsideGeofence,
        "low_accuracy" => TrustReason.LowAccuracy,
        "repeated_coordinates" => TrustReason.RepeatedCoordinates,
        "impossible_speed" => TrustReason.ImpossibleSpeed,
        "regular_jitter" => TrustReason.RegularJitter,
        _ => null,
    };

    public static (string Zh, string En) Message(TrustReason r) => r switch
    {
        TrustReason.OutsideGeofence => ("签到位置不在驻村范围内", "The check-in is outside the village geofence"),
        TrustReason.LowAccuracy => ("定位精度差（超过 50 米或未提供）", "Poor accuracy (over 50 m or not given)"),
        TrustReason.RepeatedCoordinates => ("与其他日期的签到坐标完全相同", "Identical coordinates to a check-in on another day"),
        TrustReason.ImpossibleSpeed => ("与相邻签到之间的移动速度不可能达到", "Impossible speed between consecutive check-ins"),
        TrustReason.RegularJitter => ("连续签到的偏移过于规则，疑似模拟定位", "Suspiciously regular jitter across consecutive check-ins"),
        _ => throw new ArgumentOutOfRangeException(nameof(r)),
    };
}

/// <summary>
/// Monthly compliance of a cadre: days with a trusted check-in inside the geofence against the
/// required days (驻村每月不少于 20 天), pro-rated for a partial assignment or the running month.
/// </summary>
public static class CheckInCompliance
{
    public const int RequiredDaysPerMonth = 20;
    /// <summary>A check-in counts toward compliance at or above this trust score (and inside the geofence).</summary>
    public const double TrustedScore = 0.6;

    /// <param name="perMonth">The county's required days in a whole month (its cadre setting; <see cref="RequiredDaysPerMonth"/> by default).</param>
    public static double RequiredDays(DateOnly month, DateOnly assignedFrom, DateOnly? assignedTo, DateOnly today, int perMonth = RequiredDaysPerMonth)
    {
        var first = month;
        var last = month.AddMonths(1).AddDays(-1);
        var from = assignedFrom > first ? assignedFrom : first;
        var to = assignedTo is { } t && t < last ? t : last;
        if (today < to) to = today;
        var days = to.DayNumber - from.DayNumber + 1;
        if (days <= 0) return 0;
        var monthDays = last.DayNumber - first.DayNumber + 1;
        return Math.Round(perMonth * (double)days / monthDays, 2);
    }

    /// <summary>Compliance in [0, 1]; 1 when nothing was required.</summary>
    public static double Compliance(int trustedDays, double requiredDays) =>
        requiredDays <= 0 ? 1 : Math.Min(1, trustedDays / requiredDays);
}
