namespace GridGov.Sample.Tests;

/// <summary>Small builds shared by the tests of one run (a build takes a few seconds).</summary>
internal static class Samples
{
    public const int SmallHouseholds = 3000;
    public static readonly DateOnly AsOf = new(2026, 11, 1);

    public static SampleOptions Options(int seed = SampleOptions.DefaultSeed) => new()
    {
        GeodataFolder = GeodataSource.ResolveFolder(null),
        Households = SmallHouseholds,
        Seed = seed,
        AsOf = AsOf,
    };

    private static readonly Lazy<SampleData> SmallLazy = new(() => SampleBuilder.Build(Options()));
    public static SampleData Small => SmallLazy.Value;
}
