using GridGov.Testing;

namespace GridGov.Sample.Tests;

/// <summary>The small county loaded once per run into its own PostGIS database, shared by the tests that only read it.</summary>
internal static class LoadedSample
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _loaded;

    public static async Task<string> GetAsync(PostgisFixture fixture)
    {
        await Gate.WaitAsync();
        try
        {
            if (_loaded is not null) return _loaded;
            var cs = await fixture.CreateDatabaseAsync("sample");
            var result = await SampleLoader.LoadAsync(cs, Samples.Small);
            Assert.False(result.Skipped);
            return _loaded = cs;
        }
        finally { Gate.Release(); }
    }
}
