using GridGov.Sample;

namespace GridGov.Testing;

/// <summary>
/// A generated sample county in a fresh database: built and loaded once per options, source files and
/// code version (a template), then copied for each caller — loading takes far longer than copying.
/// </summary>
public static class SampleDatabases
{
    public static Task<string> CreateAsync(PostgisFixture pg, string prefix, SampleOptions options) =>
        pg.CreateSeededDatabaseAsync(prefix, $"sample {options} {TemplateDatabases.FilesKey(options.GeodataFolder)}",
            async cs => await SampleLoader.LoadAsync(cs, SampleBuilder.Build(options)));
}
