namespace GridGov.Sample;

public sealed record SampleOptions
{
    public const int DefaultSeed = 20261126;
    public const int FullHouseholds = 110_000;

    public int Seed { get; init; } = DefaultSeed;
    /// <summary>Total households; members, ties, links and declarations scale with it.</summary>
    public int Households { get; init; } = FullHouseholds;
    /// <summary>
    /// "Today" for the sample: the first day of the current month. Declarations cover the three
    /// months before it. Part of the checksum, so it is fixed per month rather than per run.
    /// </summary>
    public DateOnly AsOf { get; init; } = CurrentMonth();
    /// <summary>Resolved geodata folder (see <see cref="GeodataSource.ResolveFolder"/>).</summary>
    public required string GeodataFolder { get; init; }
    /// <summary>Spacing of the jittered grid whose Voronoi faces build the townships and villages.</summary>
    public double FaceSpacingMeters { get; init; } = 420;

    public static DateOnly CurrentMonth()
    {
        var now = DateTime.UtcNow;
        return new DateOnly(now.Year, now.Month, 1);
    }
}
